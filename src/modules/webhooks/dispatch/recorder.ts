import type { Logger } from 'pino';
import type { Database } from '../../../db/client.js';
import { isConnectionError } from '../../../db/connection-errors.js';
import { withTransaction, type Tx } from '../../../db/tx.js';
import { storableText } from '../../../lib/storable.js';
import * as repo from '../delivery.repo.js';
import type { RaisedAlert } from '../delivery.repo.js';
import type { Decision } from '../schedule.js';

const FLUSH_BATCH = 500;
/** How soon outcomes the database did not take (it was away) are recorded again. */
const RECORD_RETRY_MS = 1000;

/** One attempt's outcome, and what the schedule decided after it (null: no attempt was made). */
export type Finished = repo.Completion & { decision: Decision | null };

export interface OutcomeRecorder {
  /** Buffers an outcome; outcomes finishing together are recorded in one statement. */
  push(c: Finished): void;
  /**
   * At stop, once no attempt is in flight: waits for the recording under way, then tries once more for
   * outcomes the database did not take (if it still cannot, their leases expire and they are sent again).
   */
  drain(): Promise<void>;
}

/**
 * Records outcomes in batches (log rows, message state, endpoint health), then acts on the ones that
 * failed for good: disables the endpoint, or raises an admin alert.
 */
export function createOutcomeRecorder(deps: {
  database: Database;
  log: Logger;
  /** False once the dispatcher is stopping: no more retry timers. */
  isRunning(): boolean;
  /** A retry was recorded for this time (epoch ms): wake the loop then. */
  wakeAt(at: number): void;
  onDeadLetter?: ((messageId: string, error: string) => void) | undefined;
  /** An endpoint alert was raised, in `tx`: queue its notice there (ALERT_WEBHOOK_URL). */
  onAlert?: ((tx: Tx, alert: RaisedAlert & { subject: string }) => Promise<void>) | undefined;
}): OutcomeRecorder {
  const { database, log } = deps;
  const pool = database.pool;
  let buffer: Finished[] = [];
  let flushing: Promise<void> | null = null;

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
    if (retryTimer || !deps.isRunning()) return;
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
      if (c.decision?.action === 'fail')
        await afterFailure(c, c.decision).catch((err: unknown) => log.error({ err, messageId: c.messageId }, 'webhook failure follow-up failed'));
    }
    if (earliest < Infinity) deps.wakeAt(earliest);
  }

  /**
   * An outcome that cannot be recorded (its values refused by the server) would leave the message to be
   * claimed, sent and refused again at every lease: set it aside as failed with the reason, replayable.
   */
  async function deadLetter(c: Finished, err: unknown): Promise<void> {
    const reason = storableText(`${(err as Error).name}: ${(err as Error).message}`).slice(0, 500);
    try {
      if (await repo.deadLetter(pool, c.messageId, c.attempt, reason)) {
        log.error(
          { messageId: c.messageId, endpointId: c.endpointId, err: reason },
          'webhook outcome could not be recorded: message dead-lettered (replayable)',
        );
        deps.onDeadLetter?.(c.messageId, reason);
      }
    } catch (e) {
      // The database is away: the lease runs out and the message is claimed again later.
      log.warn({ messageId: c.messageId, err: (e as Error).message }, 'webhook outcome could not be recorded');
    }
  }

  async function afterFailure(c: Finished, d: Extract<Decision, { action: 'fail' }>): Promise<void> {
    const details = {
      messageId: c.messageId,
      eventType: c.eventType,
      attempts: c.attempt,
      lastStatusCode: c.statusCode,
      lastError: c.error,
      reason: d.reason,
    };
    log.warn({ endpointId: c.endpointId, ...details, disable: d.disableEndpoint }, 'webhook message failed for good');
    if (d.disableEndpoint) {
      const reason = `${d.reason} (last: ${c.statusCode === null ? (c.error ?? 'no response') : `HTTP ${c.statusCode}`})`;
      const { disabled } = await withTransaction(database, async (tx) => {
        const r = await repo.disableEndpoint(tx.client, c.endpointId, reason, details);
        if (r.alert) await deps.onAlert?.(tx, { ...r.alert, subject: `endpoint:${c.endpointId}` });
        return r;
      });
      if (disabled) log.error({ endpointId: c.endpointId, companyId: c.companyId, reason }, 'webhook endpoint disabled; admin alert raised');
    } else {
      await withTransaction(database, async (tx) => {
        const alert = await repo.raiseAlert(tx.client, {
          kind: 'webhook.message_failed',
          message: `A message to webhook ${c.endpointId} failed and was not retried: ${d.reason}`,
          companyId: c.companyId,
          endpointId: c.endpointId,
          details,
        });
        if (alert) await deps.onAlert?.(tx, { ...alert, subject: `endpoint:${c.endpointId}` });
      });
    }
  }

  return {
    push(c) {
      buffer.push(c);
      flushing ??= flushAll();
    },
    async drain() {
      while (flushing) await flushing;
      // One last try for outcomes the database did not take; if it still cannot, their leases expire.
      clearTimeout(retryTimer);
      if (unrecorded.length > 0) {
        buffer = unrecorded.splice(0);
        await flushAll();
        if (unrecorded.length > 0)
          log.warn(
            { messages: unrecorded.length },
            'webhook outcomes not recorded (database unavailable); those messages are sent again when their leases expire',
          );
      }
    },
  };
}
