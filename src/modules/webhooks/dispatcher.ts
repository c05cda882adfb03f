/**
 * The webhook delivery worker (worker role). Its queue is `webhook_messages` (see delivery.repo.ts):
 *
 *   claim due messages (SKIP LOCKED, with a lease) → POST each (up to `concurrency` at once) →
 *   buffer the outcomes → record them in batches (log rows, message state, endpoint health) →
 *   disable the endpoint and alert an admin when a message has failed for good.
 *
 * Timing: the loop sleeps exactly until the earliest `next_attempt_at` (capped by `pollMs`), so retries
 * leave within a few milliseconds of their schedule; a retry decided while it sleeps re-arms the wake-up;
 * on PostgreSQL the fan-out trigger's NOTIFY wakes it for new messages. Every time is also in the row,
 * so nothing depends on this process staying alive.
 */
import type { Logger } from 'pino';
import type { Database } from '../../db/client.js';
import { describeDbError, isConnectionError } from '../../db/connection-errors.js';
import { startListener } from '../../db/listen.js';
import { withTransaction } from '../../db/tx.js';
import type { BackgroundWorker } from '../../jobs/queue.js';
import * as repo from './delivery.repo.js';
import type { SigningKeys } from './endpoint-secrets.js';
import type { Sender } from './http-sender.js';
import { storableText } from '../../lib/storable.js';
import { messageBody } from './message-body.js';
import { decideAfterAttempt, describeOutcome, maxAttempts, type Decision } from './schedule.js';
import { buildSignedHeaders } from './signing.js';

const CLAIM_BATCH = 100;
const FLUSH_BATCH = 500;
/** When rows are due but none could be claimed (another worker holds them), look again this soon. */
const MIN_WAIT_MS = 20;
/** How soon outcomes the database did not take (it was away) are recorded again. */
const RECORD_RETRY_MS = 1000;
/** Claimed messages are held beyond the busy slots only while attempts take less than this on average. */
const PREFETCH_MAX_SEND_MS = 250;

export interface DispatcherDeps {
  database: Database;
  log: Logger;
  sender: Sender;
  keys: SigningKeys;
  schedule: readonly number[];
  timeoutMs: number;
  concurrency: number;
  /** Longest sleep without a wake-up (default: 1 s on PostgreSQL, which has NOTIFY; 200 ms embedded). */
  pollMs?: number;
  /** A message was set aside because its outcome could not be recorded (the caller alerts the admins). */
  onDeadLetter?: (messageId: string, error: string) => void;
}

export interface Dispatcher extends BackgroundWorker {
  /** Look for due messages now (another part of this process just made some). */
  kick(): void;
}

export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const { database, log, sender, keys, schedule, concurrency } = deps;
  const pool = database.pool;
  const pollMs = deps.pollMs ?? (database.kind === 'postgres' ? 1000 : 200);
  // Longer than any attempt can take, so a live worker's claim never expires under it.
  const leaseMs = deps.timeoutMs + 5000;
  const total = maxAttempts(schedule);
  // While every slot is busy, claim again only once a quarter of them is free: one claim of 16 rows
  // instead of 16 claims of one.
  const refill = Math.max(1, Math.min(CLAIM_BATCH, Math.floor(concurrency / 4)));

  let running = false;
  let loopDone: Promise<void> = Promise.resolve();
  const inflight = new Set<Promise<void>>();

  // --- waking the loop -----------------------------------------------------------------------
  let woken = false;
  let wakeNow: (() => void) | null = null;
  const kick = () => {
    woken = true;
    wakeNow?.();
  };
  const sleep = (ms: number): Promise<void> => {
    if (woken) {
      woken = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(t);
        wakeNow = null;
        woken = false;
        resolve();
      };
      const t = setTimeout(done, ms);
      wakeNow = done;
    });
  };
  let plannedAt = Infinity;
  let plannedTimer: NodeJS.Timeout | undefined;
  /** Wake at `at` (a retry just recorded), unless an earlier wake-up is already planned. */
  const wakeAt = (at: number) => {
    if (at >= plannedAt && plannedTimer) return;
    clearTimeout(plannedTimer);
    plannedAt = at;
    plannedTimer = setTimeout(() => {
      plannedTimer = undefined;
      plannedAt = Infinity;
      kick();
    }, Math.max(0, at - Date.now()));
  };

  // --- recording outcomes in batches ------------------------------------------------------------
  type Finished = repo.Completion & { decision: Decision | null };
  let buffer: Finished[] = [];
  let flushing: Promise<void> | null = null;
  const push = (c: Finished) => {
    buffer.push(c);
    flushing ??= flushAll();
  };
  async function flushAll(): Promise<void> {
    try {
      await new Promise((r) => setImmediate(r)); // let outcomes finishing together share one statement
      while (buffer.length > 0) {
        const batch = buffer.slice(0, FLUSH_BATCH);
        buffer = buffer.slice(FLUSH_BATCH);
        await flush(batch);
      }
    } finally {
      flushing = null;
    }
  }
  // Outcomes not recorded because the database was away (down, restarting, connection terminated) are
  // recorded again a moment later, never dead-lettered: dropping one would send its message again when
  // its lease ran out. Repeating is safe: an outcome applies only while its message is still at that
  // attempt (repo.complete), so a late one cannot undo a newer claim.
  const unrecorded: Finished[] = [];
  let retryTimer: NodeJS.Timeout | undefined;
  function recordLater(items: Finished[], err: unknown): void {
    database.health.failed(err);
    unrecorded.push(...items);
    if (retryTimer || !running) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      buffer = [...unrecorded.splice(0), ...buffer];
      flushing ??= flushAll();
    }, RECORD_RETRY_MS);
  }
  async function flush(batch: Finished[]): Promise<void> {
    const later = new Set<Finished>();
    try {
      await repo.complete(pool, batch);
    } catch (err) {
      if (isConnectionError(err)) return recordLater(batch, err);
      // One bad row (say its endpoint was deleted meanwhile) must not lose the others' outcomes.
      log.warn({ err, size: batch.length }, 'webhook outcomes: batch failed, recording one by one');
      for (const c of batch) {
        await repo.complete(pool, [c]).catch((e: unknown) => {
          if (!isConnectionError(e)) return deadLetter(c, e);
          later.add(c);
          recordLater([c], e);
        });
      }
    }
    let earliest = Infinity;
    for (const c of batch) {
      if (later.has(c)) continue;
      if (c.nextAttemptAt) earliest = Math.min(earliest, c.nextAttemptAt.getTime());
      if (c.decision?.action === 'fail') await afterFailure(c, c.decision).catch((err: unknown) => log.error({ err, messageId: c.messageId }, 'webhook failure follow-up failed'));
    }
    if (earliest < Infinity) wakeAt(earliest);
  }
  /**
   * An outcome that cannot be recorded (its values refused by the server) would leave the message to be
   * claimed, sent and refused again at every lease: set it aside as failed with the reason, replayable.
   */
  async function deadLetter(c: Finished, err: unknown): Promise<void> {
    const reason = storableText(`${(err as Error).name}: ${(err as Error).message}`).slice(0, 500);
    try {
      if (await repo.deadLetter(pool, c.messageId, c.attempt, reason)) {
        log.error({ messageId: c.messageId, endpointId: c.endpointId, err: reason }, 'webhook outcome could not be recorded: message dead-lettered (replayable)');
        deps.onDeadLetter?.(c.messageId, reason);
      }
    } catch (e) {
      // The database is away: the lease runs out and the message is claimed again later.
      log.warn({ messageId: c.messageId, err: (e as Error).message }, 'webhook outcome could not be recorded');
    }
  }
  async function afterFailure(c: Finished, d: Extract<Decision, { action: 'fail' }>): Promise<void> {
    const details = { messageId: c.messageId, eventType: c.eventType, attempts: c.attempt, lastStatusCode: c.statusCode, lastError: c.error, reason: d.reason };
    log.warn({ endpointId: c.endpointId, ...details, disable: d.disableEndpoint }, 'webhook message failed for good');
    if (d.disableEndpoint) {
      const reason = `${d.reason} (last: ${c.statusCode === null ? (c.error ?? 'no response') : `HTTP ${c.statusCode}`})`;
      const disabled = await withTransaction(database, (tx) => repo.disableEndpoint(tx.client, c.endpointId, reason, details));
      if (disabled) log.error({ endpointId: c.endpointId, companyId: c.companyId, reason }, 'webhook endpoint disabled; admin alert raised');
    } else {
      await repo.raiseAlert(pool, {
        kind: 'webhook.message_failed',
        message: `A message to webhook ${c.endpointId} failed and was not retried: ${d.reason}`,
        companyId: c.companyId,
        endpointId: c.endpointId,
        details,
      });
    }
  }

  // --- one delivery ------------------------------------------------------------------------------
  async function signingKeys(m: repo.ClaimedMessage, now: Date): Promise<Buffer[]> {
    let sealed = m.secret_sealed;
    if (!sealed) sealed = await repo.ensureSecret(pool, m.endpoint_id, keys.create(m.endpoint_id).sealed);
    return keys.keysFor({ id: m.endpoint_id, secretSealed: sealed, previousSecretSealed: m.previous_secret_sealed, previousSecretExpiresAt: m.previous_secret_expires_at }, now);
  }

  async function deliver(m: repo.ClaimedMessage): Promise<void> {
    const attemptedAt = new Date();
    const base = {
      messageId: m.id,
      endpointId: m.endpoint_id,
      companyId: m.company_id,
      eventType: m.event_type,
      attempt: m.attempts,
      trigger: m.trigger,
      attemptedAt,
    };
    if (!m.enabled) {
      // Switched off after this message was queued: it ends here and can be replayed after re-enabling.
      push({ ...base, attempted: false, success: false, statusCode: null, responseBody: null, error: null, durationMs: 0, finishedAt: attemptedAt, status: 'failed', nextAttemptAt: null, payload: null, lastError: 'webhook disabled before delivery', decision: null });
      return;
    }
    let payload: string | null = null;
    try {
      const body = m.payload ?? (payload = messageBody({ messageId: m.id, endpointId: m.endpoint_id, eventType: m.event_type, occurredAt: m.event_at ?? attemptedAt, data: m.event_data ?? null }));
      const headers = buildSignedHeaders({ messageId: m.id, eventType: m.event_type, timestamp: attemptedAt, body, secrets: await signingKeys(m, attemptedAt) });
      const r = await sender.send(m.url, headers, body);
      const finishedAt = new Date();
      // A crash after a claim uses up that attempt; never ask the schedule about an attempt beyond its end.
      const decision = decideAfterAttempt({ attempt: Math.min(m.attempts, total), schedule, outcome: r.outcome, now: finishedAt });
      const what = describeOutcome(r.outcome);
      push({
        ...base,
        attempted: true,
        success: decision.action === 'success',
        statusCode: r.statusCode,
        responseBody: r.responseBody,
        error: r.error,
        durationMs: r.durationMs,
        finishedAt,
        status: decision.action === 'success' ? 'succeeded' : decision.action === 'retry' ? 'pending' : 'failed',
        nextAttemptAt: decision.action === 'retry' ? decision.at : null,
        payload,
        lastError: decision.action === 'success' ? null : decision.action === 'fail' ? `${decision.reason} (last: ${what})` : what,
        decision,
      });
    } catch (err) {
      // Not the receiver's fault (bad stored data, a secret that does not open): fail loudly, no retry storm.
      log.error({ err, messageId: m.id, endpointId: m.endpoint_id }, 'webhook message could not be prepared');
      const finishedAt = new Date();
      const reason = 'the hub could not build or sign this message';
      push({ ...base, attempted: true, success: false, statusCode: null, responseBody: null, error: `internal: ${(err as Error).message}`.slice(0, 500), durationMs: 0, finishedAt, status: 'failed', nextAttemptAt: null, payload, lastError: reason, decision: { action: 'fail', disableEndpoint: false, reason } });
    }
  }

  // --- claimed messages waiting for a slot ----------------------------------------------------------
  // Claims are batched and run while deliveries go on: up to `concurrency` claimed messages wait here
  // beyond the busy slots, so a claim's round trip never leaves slots idle. Only while attempts are
  // quick, though: a claimed message must start well within its lease.
  const ready: Array<{ m: repo.ClaimedMessage; claimedAt: number }> = [];
  let avgSendMs = 0;
  let waitingForRoom = false;
  const room = () => concurrency + (avgSendMs < PREFETCH_MAX_SEND_MS ? concurrency : 0) - inflight.size - ready.length;

  function pump(): void {
    while (inflight.size < concurrency && ready.length > 0) {
      const { m, claimedAt } = ready.shift()!;
      if (Date.now() - claimedAt > leaseMs - deps.timeoutMs - 1000) {
        // It could outlive its lease mid-attempt: leave it; the lease runs out and it is claimed again.
        log.warn({ messageId: m.id }, 'webhook message waited too long for a slot; it will be claimed again');
        continue;
      }
      start(m);
    }
    if (waitingForRoom && room() >= refill) kick();
  }

  function start(m: repo.ClaimedMessage): void {
    const t0 = performance.now();
    const p = deliver(m).finally(() => {
      avgSendMs += (performance.now() - t0 - avgSendMs) * 0.1;
      inflight.delete(p);
      pump();
    });
    inflight.add(p);
  }

  // --- the loop ------------------------------------------------------------------------------------
  async function loop(): Promise<void> {
    while (running) {
      const want = Math.min(room(), CLAIM_BATCH);
      if (want < refill && inflight.size + ready.length > 0) {
        waitingForRoom = true;
        await sleep(pollMs);
        waitingForRoom = false;
        continue;
      }
      let claimed: repo.ClaimedMessage[];
      try {
        claimed = await repo.claimDue(pool, want, leaseMs, new Date());
      } catch (err) {
        if (!running) break;
        // The database away: its health logs the outage once; no stack every second until it is back.
        if (isConnectionError(err)) log.debug({ db: describeDbError(err) }, 'webhook dispatcher: claim failed');
        else log.error({ err }, 'webhook dispatcher: claim failed');
        await sleep(1000);
        continue;
      }
      const claimedAt = Date.now();
      for (const m of claimed) ready.push({ m, claimedAt });
      pump();
      if (claimed.length === want) continue; // there may be more due
      let wait = pollMs;
      try {
        const next = await repo.nextDueAt(pool);
        if (next) wait = Math.min(pollMs, Math.max(MIN_WAIT_MS, next.getTime() - Date.now()));
      } catch (err) {
        if (running && !isConnectionError(err)) log.warn({ err }, 'webhook dispatcher: next due time unknown');
      }
      await sleep(wait);
    }
  }

  // --- PostgreSQL NOTIFY from the fan-out trigger and from replays -------------------------------------
  // Reconnects and LISTENs again by itself; each (re)LISTEN kicks the loop for what was sent meanwhile.
  let listener: { close(): Promise<void> } | undefined;
  function listen(): void {
    listener = startListener({ database, channel: repo.WEBHOOK_CHANNEL, name: 'webhook dispatcher', log, onNotification: kick, onListening: kick });
  }

  return {
    name: 'webhook-dispatcher',
    kick,
    async start() {
      if (running) return;
      running = true;
      listen();
      loopDone = loop();
    },
    async stop() {
      if (!running) return;
      running = false;
      kick();
      clearTimeout(plannedTimer);
      await loopDone;
      // Claimed but not started: hand them back now rather than when their leases run out.
      const unstarted = ready.splice(0).map(({ m }) => ({ id: m.id, attempts: m.attempts }));
      await repo.release(pool, unstarted).catch((err: unknown) => log.warn({ err }, 'webhook claims not released; their leases will expire'));
      await Promise.allSettled([...inflight]); // each ends within the attempt timeout
      while (flushing) await flushing;
      // One last try for outcomes the database did not take; if it still cannot, their leases expire.
      clearTimeout(retryTimer);
      if (unrecorded.length > 0) {
        buffer = unrecorded.splice(0);
        await flushAll();
        if (unrecorded.length > 0) log.warn({ messages: unrecorded.length }, 'webhook outcomes not recorded (database unavailable); those messages are sent again when their leases expire');
      }
      await listener?.close();
      listener = undefined;
      sender.close();
    },
  };
}
