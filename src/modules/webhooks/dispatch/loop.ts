import type { Logger } from 'pino';
import type pg from 'pg';
import { describeDbError, isConnectionError } from '../../../db/connection-errors.js';
import * as repo from '../delivery.repo.js';
import type { Wake } from './wake.js';

const CLAIM_BATCH = 100;
/** When rows are due but none could be claimed (another worker holds them), look again this soon. */
const MIN_WAIT_MS = 20;
/** Claimed messages are held beyond the busy slots only while attempts take less than this on average. */
const PREFETCH_MAX_SEND_MS = 250;

export interface DeliveryLoop {
  /** Claims due messages and starts them in free slots until the dispatcher stops. */
  run(): Promise<void>;
  /** Claimed but not started (at stop): to hand back rather than wait for their leases to run out. */
  takeUnstarted(): Array<{ id: string; attempts: number }>;
  /** Resolves when every started delivery has ended (each ends within the attempt timeout). */
  settled(): Promise<void>;
}

/**
 * The claim loop and its slots: claims due messages (SKIP LOCKED, with a lease) in batches, runs up to
 * `concurrency` deliveries at once, and sleeps exactly until the earliest `next_attempt_at` (capped by
 * `pollMs`) when nothing more is due.
 */
export function createDeliveryLoop(deps: {
  pool: pg.Pool;
  log: Logger;
  concurrency: number;
  leaseMs: number;
  timeoutMs: number;
  pollMs: number;
  wake: Wake;
  isRunning(): boolean;
  /** Runs one claimed message to its recorded outcome; never rejects. */
  deliver(m: repo.ClaimedMessage): Promise<void>;
}): DeliveryLoop {
  const { pool, log, concurrency, leaseMs, pollMs, wake } = deps;
  // While every slot is busy, claim again only once a quarter of them is free: one claim of 16 rows
  // instead of 16 claims of one.
  const refill = Math.max(1, Math.min(CLAIM_BATCH, Math.floor(concurrency / 4)));
  const inflight = new Set<Promise<void>>();

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
    if (waitingForRoom && room() >= refill) wake.kick();
  }

  function start(m: repo.ClaimedMessage): void {
    const t0 = performance.now();
    const p = deps.deliver(m).finally(() => {
      avgSendMs += (performance.now() - t0 - avgSendMs) * 0.1;
      inflight.delete(p);
      pump();
    });
    inflight.add(p);
  }

  async function run(): Promise<void> {
    while (deps.isRunning()) {
      const want = Math.min(room(), CLAIM_BATCH);
      if (want < refill && inflight.size + ready.length > 0) {
        waitingForRoom = true;
        await wake.sleep(pollMs);
        waitingForRoom = false;
        continue;
      }
      let claimed: repo.ClaimedMessage[];
      try {
        claimed = await repo.claimDue(pool, want, leaseMs, new Date());
      } catch (err) {
        if (!deps.isRunning()) break;
        // The database away: its health logs the outage once; no stack every second until it is back.
        if (isConnectionError(err)) log.debug({ db: describeDbError(err) }, 'webhook dispatcher: claim failed');
        else log.error({ err }, 'webhook dispatcher: claim failed');
        await wake.sleep(1000);
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
        if (deps.isRunning() && !isConnectionError(err)) log.warn({ err }, 'webhook dispatcher: next due time unknown');
      }
      await wake.sleep(wait);
    }
  }

  return {
    run,
    takeUnstarted: () => ready.splice(0).map(({ m }) => ({ id: m.id, attempts: m.attempts })),
    settled: async () => {
      await Promise.allSettled([...inflight]);
    },
  };
}
