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
 *
 * The parts, each in dispatch/: the wake-ups (wake.ts), the NOTIFY listener (listener.ts), one attempt
 * (attempt.ts), the claim loop and its slots (loop.ts), the outcome recorder (recorder.ts). This file
 * joins them and starts and stops them in order.
 */
import type { Logger } from 'pino';
import type { Database } from '../../db/client.js';
import type { Tx } from '../../db/tx.js';
import type { BackgroundWorker } from '../../jobs/queue.js';
import * as repo from './delivery.repo.js';
import type { RaisedAlert } from './delivery.repo.js';
import { createAttempt } from './dispatch/attempt.js';
import { listenForMessages } from './dispatch/listener.js';
import { createDeliveryLoop } from './dispatch/loop.js';
import { createOutcomeRecorder, type Finished } from './dispatch/recorder.js';
import { createWake } from './dispatch/wake.js';
import type { SigningKeys } from './endpoint-secrets.js';
import type { Sender } from './http-sender.js';

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
  /** An endpoint alert (disabled endpoint, failed message) was raised in `tx`: queue its notice there. */
  onAlert?: (tx: Tx, alert: RaisedAlert & { subject: string }) => Promise<void>;
  /** Every attempt's outcome and, when it reached the network, its duration in seconds (metrics). */
  onAttempt?: (outcome: AttemptOutcome, seconds: number | null) => void;
}

/** delivered (2xx), retrying (failed, another attempt scheduled), failed (for good), skipped (webhook disabled). */
export type AttemptOutcome = 'delivered' | 'retrying' | 'failed' | 'skipped';

function outcomeOf(f: Finished): AttemptOutcome {
  if (!f.attempted) return 'skipped';
  return f.status === 'succeeded' ? 'delivered' : f.status === 'pending' ? 'retrying' : 'failed';
}

export interface Dispatcher extends BackgroundWorker {
  /** Look for due messages now (another part of this process just made some). */
  kick(): void;
}

export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const { database, log, sender, concurrency } = deps;
  const pool = database.pool;
  const pollMs = deps.pollMs ?? (database.kind === 'postgres' ? 1000 : 200);
  // Longer than any attempt can take, so a live worker's claim never expires under it.
  const leaseMs = deps.timeoutMs + 5000;

  let running = false;
  const isRunning = () => running;
  const wake = createWake();
  const recorder = createOutcomeRecorder({ database, log, isRunning, wakeAt: wake.at, onDeadLetter: deps.onDeadLetter, onAlert: deps.onAlert });
  const attempt = createAttempt({ pool, log, sender, keys: deps.keys, schedule: deps.schedule });
  const loop = createDeliveryLoop({
    pool,
    log,
    concurrency,
    leaseMs,
    timeoutMs: deps.timeoutMs,
    pollMs,
    wake,
    isRunning,
    deliver: async (m) => {
      const f = await attempt(m);
      deps.onAttempt?.(outcomeOf(f), f.attempted ? f.durationMs / 1000 : null);
      recorder.push(f);
    },
  });
  let loopDone: Promise<void> = Promise.resolve();
  let listener: { close(): Promise<void> } | undefined;

  return {
    name: 'webhook-dispatcher',
    kick: wake.kick,
    async start() {
      if (running) return;
      running = true;
      listener = listenForMessages(database, log, wake.kick);
      loopDone = loop.run();
    },
    async stop() {
      if (!running) return;
      running = false;
      wake.kick();
      wake.cancel();
      await loopDone;
      // Claimed but not started: hand them back now rather than when their leases run out.
      await repo
        .release(pool, loop.takeUnstarted())
        .catch((err: unknown) => log.warn({ err }, 'webhook claims not released; their leases will expire'));
      await loop.settled(); // each ends within the attempt timeout
      await recorder.drain();
      await listener?.close();
      listener = undefined;
      sender.close();
    },
  };
}
