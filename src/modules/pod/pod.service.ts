/**
 * The POD backfill (docs/pod.md "Backfill"): candidates of each carrier in AWB order, tracked through
 * the carrier adapters (their own rate limit, timeout, retries and circuit breaker) under a per-carrier
 * token bucket and bounded concurrency, saved with the same fill-empty function as callbacks and
 * tracking, each row's values, outcome and the carrier's cursor written together (one transaction per
 * flush, a few times a second: one statement per row would cost the embedded engine most of the rate). Carriers run side by side: one that
 * keeps failing is given up for the run without stopping the others.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Database, Queryable } from '../../db/client.js';
import { withTransaction, type Tx } from '../../db/tx.js';
import { appError } from '../../errors.js';
import { CarrierError } from '../../carriers/adapter.js';
import type { CarrierCode } from '../../carriers/carriers.js';
import { podOf } from '../../carriers/pod.js';
import { RateLimiter } from '../../carriers/http/token-bucket.js';
import type { CarrierRegistry } from '../../carriers/registry.js';
import { fillPods, type FillPodInput } from '../shipments/carrier-tracking.service.js';
import {
  backoffMs,
  buildReport,
  carriersOf,
  isRetryable,
  RETRY_POLICY,
  Watermark,
  type BackfillOptions,
  type BackfillReport,
  type RetryPolicy,
} from './backfill.logic.js';
import * as repo from './pod.repo.js';

/** A running run whose process has not said anything for this long is taken to be dead (resumable). */
export const STALE_SECONDS = 30;
const HEARTBEAT_MS = 5000;
const FLUSH_MS = 250;
const FLUSH_ROWS = 200;
const BATCH = 200;

export interface Progress {
  total: number;
  done: number;
  counters: Record<'filled' | 'stillEmpty' | 'failed', number>;
}

export interface RunHandle {
  /** Stop taking rows; in-flight rows finish and are recorded; the run is left paused (resumable). */
  stop(): void;
  done: Promise<{ status: 'finished' | 'paused' | 'failed'; report: BackfillReport }>;
}

type Registry = Pick<CarrierRegistry, 'get'>;

export function createPodBackfill(deps: {
  database: Database;
  registry: Registry;
  defaults: { rate: number; concurrency: number };
  log: Logger;
  retry?: RetryPolicy;
}) {
  const { database, registry, log } = deps;
  const policy = deps.retry ?? RETRY_POLICY;
  const db = database.pool;
  /** Runs this process is running as the worker's job (stopped, paused, when the worker stops). */
  const jobs = new Set<RunHandle>();
  let shuttingDown = false;

  async function report(runId: number, gaveUp: Partial<Record<CarrierCode, string>> = {}): Promise<BackfillReport> {
    const [counts, failures] = await Promise.all([repo.countOutcomes(db, runId), repo.failedItems(db, runId, 50)]);
    return buildReport(counts, gaveUp, failures);
  }

  /** Tracks one row with retries; returns its outcome and what to save (never throws for a carrier's fault). */
  async function trackOne(
    c: repo.Candidate,
    limiter: RateLimiter,
    signal: AbortSignal,
  ): Promise<{ item: repo.ItemOutcome; fill: FillPodInput | null } | null> {
    const adapter = registry.get(c.carrier);
    for (let attempt = 1; ; attempt++) {
      try {
        await limiter.acquire(120_000, signal);
        const t = await adapter.track(c.awb, { maxWaitMs: 120_000 });
        const pod = podOf(t);
        // A candidate's receiver is empty: the carrier's name fills it (the fill rules never replace one).
        const outcome = pod?.receiverName?.trim() ? 'filled' : 'still_empty';
        return {
          item: { carrier: c.carrier, awb: c.awb, outcome, attempts: attempt, error: null },
          fill: pod ? { carrier: c.carrier, awb: c.awb, shipmentId: c.shipment_id, ...pod } : null,
        };
      } catch (err) {
        if (signal.aborted) return null; // stopped while waiting: no outcome, the row stays before the cursor
        if (!(err instanceof CarrierError)) throw err;
        if (!isRetryable(err.code) || attempt >= policy.attempts) {
          const error = `${err.code}: ${err.message}`.slice(0, 300);
          return { item: { carrier: c.carrier, awb: c.awb, outcome: 'failed', attempts: attempt, error }, fill: null };
        }
        try {
          await sleep(backoffMs(policy, attempt, Math.random(), (err.retryAfterSeconds ?? 0) * 1000), undefined, { signal });
        } catch {
          return null;
        }
      }
    }
  }

  function execute(run: repo.RunRow, onProgress?: (p: Progress) => void): RunHandle {
    const opts = run.options as BackfillOptions;
    const stopper = new AbortController();
    const carriers = carriersOf(opts);
    const marks = new Map(carriers.map((c) => [c, new Watermark(run.cursor[c] ?? null)]));
    const gaveUp: Partial<Record<CarrierCode, string>> = {};
    let buffer: repo.ItemOutcome[] = [];
    let fills: FillPodInput[] = [];
    let dirty = new Set<CarrierCode>();
    const progress: Progress = { total: 0, done: 0, counters: { filled: 0, stillEmpty: 0, failed: 0 } };
    let taken = 0;
    let flushing: Promise<void> = Promise.resolve();
    let fatal: Error | undefined;

    /** Outcomes and cursors of the same moment, in one statement, one flush at a time. */
    const flush = (): Promise<void> => {
      if (buffer.length === 0) return flushing;
      const items = buffer;
      const rows = fills;
      const cursor = Object.fromEntries([...dirty].map((c) => [c, marks.get(c)!.cursor]));
      buffer = [];
      fills = [];
      dirty = new Set();
      flushing = flushing.then(() =>
        withTransaction(database, async (tx) => {
          await fillPods(tx, rows);
          await repo.recordOutcomes(tx.client, run.id, items, cursor);
        }),
      );
      // A lost write stops the run (rows not recorded stay before the cursor: the resume tracks them again).
      flushing.catch((err: unknown) => {
        fatal ??= err as Error;
        stopper.abort();
      });
      return flushing;
    };

    async function carrierLoop(carrier: CarrierCode): Promise<void> {
      const limiter = new RateLimiter(opts.rate);
      const mark = marks.get(carrier)!;
      let after = mark.cursor;
      let failedInRow = 0;
      const base = { carrier, since: opts.since, until: opts.until, runId: run.id, recheckHours: opts.recheckHours };
      while (!stopper.signal.aborted && gaveUp[carrier] === undefined) {
        const room = opts.limit === null ? BATCH : Math.min(BATCH, opts.limit - taken);
        if (room <= 0) return;
        const batch = await repo.nextCandidates(db, { ...base, after, limit: room });
        if (batch.length === 0) return;
        after = batch.at(-1)!.awb;
        let next = 0;
        const worker = async () => {
          while (!stopper.signal.aborted && gaveUp[carrier] === undefined && next < batch.length) {
            if (opts.limit !== null && taken >= opts.limit) return;
            const c = batch[next++]!;
            taken++;
            mark.take(c.awb);
            const tracked = await trackOne(c, limiter, stopper.signal);
            if (!tracked) continue;
            const out = tracked.item;
            if (tracked.fill) fills.push(tracked.fill);
            failedInRow = out.outcome === 'failed' && out.error && !out.error.startsWith('CARRIER_AWB_NOT_FOUND') ? failedInRow + 1 : 0;
            if (failedInRow >= policy.giveUpAfter && gaveUp[carrier] === undefined) {
              gaveUp[carrier] = out.error ?? 'failed';
              log.warn({ carrier, error: out.error }, 'POD backfill: carrier given up for this run');
            }
            buffer.push(out);
            mark.finish(c.awb);
            dirty.add(carrier);
            progress.done++;
            progress.counters[out.outcome === 'filled' ? 'filled' : out.outcome === 'failed' ? 'failed' : 'stillEmpty']++;
            if (buffer.length >= FLUSH_ROWS) await flush();
          }
        };
        await Promise.all(Array.from({ length: Math.min(opts.concurrency, batch.length) }, worker));
      }
    }

    const done = (async () => {
      const timers = [
        setInterval(() => void flush().catch(() => {}), FLUSH_MS),
        setInterval(() => void repo.heartbeat(db, run.id).catch(() => {}), HEARTBEAT_MS),
        setInterval(() => onProgress?.(progress), 200),
      ];
      try {
        const base = { since: opts.since, until: opts.until, runId: run.id, recheckHours: opts.recheckHours };
        const counts = await Promise.all(carriers.map((c) => repo.countCandidates(db, { ...base, carrier: c, after: run.cursor[c] ?? null })));
        const all = counts.reduce((a, b) => a + b, 0);
        progress.total = opts.limit === null ? all : Math.min(all, opts.limit);
        onProgress?.(progress);
        await Promise.all(carriers.map(carrierLoop));
        await flush();
        if (fatal) throw fatal;
        const status = stopper.signal.aborted ? ('paused' as const) : ('finished' as const);
        const r = await report(run.id, gaveUp);
        await repo.endRun(db, run.id, status, r, null);
        onProgress?.(progress);
        return { status, report: r };
      } catch (err) {
        log.error({ err, runId: run.id }, 'POD backfill failed');
        await flush().catch(() => {});
        const r = await report(run.id, gaveUp).catch(() => buildReport([], gaveUp));
        await repo.endRun(db, run.id, 'failed', r, (err as Error).message.slice(0, 500)).catch(() => {});
        return { status: 'failed' as const, report: r };
      } finally {
        for (const t of timers) clearInterval(t);
      }
    })();
    return { stop: () => stopper.abort(), done };
  }

  return {
    defaults: deps.defaults,

    /** What a run with these options would track now (no carrier called, nothing written). */
    async preview(opts: BackfillOptions): Promise<repo.Candidate[]> {
      const out: repo.Candidate[] = [];
      for (const carrier of carriersOf(opts)) {
        const room = opts.limit === null ? 100_000 : opts.limit - out.length;
        if (room <= 0) break;
        out.push(
          ...(await repo.nextCandidates(db, {
            carrier,
            after: null,
            since: opts.since,
            until: opts.until,
            runId: null,
            recheckHours: opts.recheckHours,
            limit: room,
          })),
        );
      }
      return out;
    },

    /**
     * Opens a run, or takes over the open one when it is paused or its process died (its own options
     * then apply); `restart` cancels that one first. A run alive in another process → POD_BACKFILL_RUNNING.
     * `claim`: this process runs it now (CLI); otherwise a worker's job claims it (admin).
     */
    async open(
      trigger: 'cli' | 'admin',
      opts: BackfillOptions,
      o: { restart?: boolean; claim: boolean; enqueue?: (tx: Tx, runId: number) => Promise<void> },
    ): Promise<{ run: repo.RunRow; resumed: boolean }> {
      if (o.enqueue) {
        const enqueue = o.enqueue;
        // The run and its job commit together: no open run without a job to run it.
        return withTransaction(database, async (tx) => {
          const r = await openIn(tx.client, trigger, opts, o);
          await enqueue(tx, r.run.id);
          return r;
        });
      }
      return openIn(db, trigger, opts, o);
    },

    /** Runs a run this process has claimed (CLI). */
    execute,

    /** The worker's job: claim the run (unless another process has it) and run it to its end. */
    async runJob(runId: number): Promise<void> {
      const run = await repo.claimRun(db, runId, STALE_SECONDS);
      if (!run) return; // finished, cancelled, or alive elsewhere
      const handle = execute(run);
      jobs.add(handle);
      const r = await handle.done.finally(() => jobs.delete(handle));
      log.info({ runId, status: r.status, totals: r.report.totals }, 'POD backfill run ended');
      // Paused by the worker's stop: fail the job so pg-boss retries it, and the retry resumes the run.
      if (r.status === 'paused' && shuttingDown) throw new Error(`POD backfill run ${runId} paused: the worker stopped`);
    },

    /** The worker stops: every run it is running stops taking rows, records the ones in flight, pauses. */
    async stopAll(): Promise<void> {
      shuttingDown = true;
      for (const h of jobs) h.stop();
      await Promise.allSettled([...jobs].map((h) => h.done));
    },

    async get(id: number): Promise<{ run: repo.RunRow; report: BackfillReport } | undefined> {
      const run = await repo.getRun(db, id);
      if (!run) return undefined;
      // Live counters while it runs; the stored report (with given-up carriers) once it has ended.
      return { run, report: run.report ? (run.report as BackfillReport) : await report(id) };
    },

    list(limit: number, offset: number) {
      return repo.listRuns(db, limit, offset);
    },
  };

  async function openIn(
    q: Queryable,
    trigger: 'cli' | 'admin',
    opts: BackfillOptions,
    o: { restart?: boolean; claim: boolean },
  ): Promise<{ run: repo.RunRow; resumed: boolean }> {
    {
      const open = await repo.openRun(q);
      if (open) {
        const fresh = open.heartbeat_at !== null && Date.now() - open.heartbeat_at.getTime() < STALE_SECONDS * 1000;
        // Queued for a worker (no heartbeat yet) counts as alive for the admin API, not for the CLI.
        const alive = open.status === 'running' && (fresh || (open.heartbeat_at === null && trigger === 'admin'));
        if (alive) throw appError('POD_BACKFILL_RUNNING', open.id);
        if (!o.restart) {
          if (!o.claim) return { run: open, resumed: true };
          const claimed = await repo.claimRun(q, open.id, 0);
          if (!claimed) throw appError('POD_BACKFILL_RUNNING', open.id);
          return { run: claimed, resumed: true };
        }
        await repo.endRun(q, open.id, 'cancelled', open.report, 'restarted');
      }
      const run = await repo.insertRun(q, { trigger, options: opts, claim: o.claim });
      if (!run) throw appError('POD_BACKFILL_RUNNING', 'another');
      return { run, resumed: false };
    }
  }
}

export type PodBackfill = ReturnType<typeof createPodBackfill>;
