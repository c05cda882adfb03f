/**
 * The callback outbox relay: moves stored, accepted callbacks to the topic
 * `callback-update-status` — the pg-boss queue of that name, in the same transaction that stamps them
 * published — and, when NSQD_HTTP_ADDRESS is set, to NSQ's topic of the same name. A crash at any
 * point leaves the row unpublished (or un-NSQ'd) and the next pass sends it again: at least once.
 *
 * Timing: a pass starts when a callback is stored — woken in this process directly, and from any
 * process through the NOTIFY `ff_callbacks` that carrier_callbacks' trigger sends on commit
 * (PostgreSQL) — and the poll (`pollMs`) is only the safety net. After each published batch
 * `onPublished` lets the composition wake the queue's consumer at once too.
 */
import pg from 'pg';
import type { Logger } from 'pino';
import type { Database } from '../../db/client.js';
import { isConnectionError } from '../../db/connection-errors.js';
import { withTransaction, type Tx } from '../../db/tx.js';
import { storableText } from '../../lib/storable.js';
import { createOutboxDrainer } from '../../jobs/drainer.js';
import type { BackgroundWorker, Jobs } from '../../jobs/queue.js';
import type { CallbackUpdateMessage } from './callback-message.js';
import {
  CALLBACK_CHANNEL,
  claimNsqPending,
  claimOneUnpublished,
  claimUnpublished,
  markNsqPublished,
  markPublished,
  recordPublishFailure,
  type OutboxRow,
} from './carriers.repo.js';
import { parseJneCallback } from '../../carriers/jne/mapper.js';
import { CarrierPayloadError } from '../../carriers/model.js';
import type { NsqPublisher } from './nsq.js';

export const CALLBACK_TOPIC = 'callback-update-status';
const BATCH = 500;

/**
 * The published message. The stored body was validated before it was acknowledged; parsing it again
 * here (pure, microseconds) keeps the acknowledgement's row half the size. The AWB is the stored one
 * (normalised to upper case when accepted).
 */
export function toMessage(r: OutboxRow): CallbackUpdateMessage {
  const tracking = { ...parseJneCallback(JSON.parse(r.raw_body)), awb: r.awb };
  return { callbackId: r.id, carrier: r.carrier, awb: r.awb, receivedAt: r.received_at.toISOString(), tracking };
}

/** Failed publishes of one row before it is dead-lettered (with 1, 2, 4, 8 s between them). */
export const MAX_PUBLISH_ATTEMPTS = 5;

/**
 * Whether a failure belongs to the row (bad stored data, a statement the server refused for its values)
 * rather than to the connection or the server being away. Only the former counts against the row's
 * attempts: an outage must not dead-letter healthy callbacks.
 */
export function isRowFault(err: unknown): boolean {
  if (isConnectionError(err)) return false;
  if (err instanceof pg.DatabaseError) return true;
  return err instanceof SyntaxError || err instanceof CarrierPayloadError || err instanceof TypeError || err instanceof RangeError;
}

export function createCallbackRelay(deps: {
  database: Database;
  jobs: Jobs;
  nsq: NsqPublisher | null;
  log: Logger;
  /** Longest wait without a wake-up (default 500 ms). */
  pollMs?: number;
  /** Rows were published to the queue and committed (the caller wakes the consumer). */
  onPublished?: () => void;
  /** A row was set aside after its last attempt (the caller alerts the admins). */
  onDeadLetter?: (callbackId: number, error: string) => void;
}): BackgroundWorker & { wake(): void } {
  const { database, jobs, nsq, log } = deps;
  const pollMs = deps.pollMs ?? 500;

  /** Publishes claimed rows in the caller's transaction: to the queue, then NSQ, then the stamp. */
  async function publish(tx: Tx, rows: OutboxRow[]): Promise<boolean> {
    const messages = rows.map(toMessage);
    await jobs.sendMany(CALLBACK_TOPIC, messages, { tx });
    let nsqDone = false;
    if (nsq) {
      try {
        await nsq.publish(
          CALLBACK_TOPIC,
          messages.map((m) => JSON.stringify(m)),
        );
        nsqDone = true;
      } catch (err) {
        // The hub's own queue must not wait for NSQ: stamp it published, leave NSQ for a retry.
        log.warn({ err: (err as Error).message }, 'NSQ publish failed; will retry');
      }
    }
    await markPublished(
      tx.client,
      rows.map((r) => r.id),
      nsqDone,
    );
    return !nsq || nsqDone;
  }

  /**
   * A batch failed: each of its rows alone, so one that cannot be published (a poison row) is counted
   * and, after its attempts, set aside, while every other row goes through.
   */
  async function oneByOne(ids: number[]): Promise<void> {
    for (const id of ids) {
      try {
        await withTransaction(database, async (tx) => {
          const row = await claimOneUnpublished(tx.client, id);
          if (row) await publish(tx, [row]);
        });
      } catch (err) {
        if (!isRowFault(err)) throw err; // the database is away: the next pass retries, nothing counted
        const message = storableText(`${(err as Error).name}: ${(err as Error).message}`).slice(0, 1000);
        const status = await recordPublishFailure(database.pool, id, message, MAX_PUBLISH_ATTEMPTS);
        if (status === 'dead') {
          log.error(
            { callbackId: id, err: message },
            'carrier callback dead-lettered: it could not be published; replay it from the admin API once fixed',
          );
          deps.onDeadLetter?.(id, message);
        } else log.warn({ callbackId: id, err: message }, 'carrier callback could not be published; will retry');
      }
    }
  }

  /** One pass: publish everything pending, batch by batch. Returns when nothing is left. */
  async function drain(): Promise<void> {
    for (;;) {
      let ids: number[] = [];
      let n: number;
      let nsqOk = true;
      try {
        n = await withTransaction(database, async (tx) => {
          const rows = await claimUnpublished(tx.client, BATCH);
          ids = rows.map((r) => r.id);
          if (rows.length === 0) return 0;
          nsqOk = await publish(tx, rows);
          return rows.length;
        });
      } catch (err) {
        if (ids.length === 0 || !isRowFault(err)) throw err;
        log.warn({ err: (err as Error).message, size: ids.length }, 'callback relay: batch failed, publishing its rows one by one');
        await oneByOne(ids);
        n = ids.length;
      }
      if (n > 0) deps.onPublished?.();
      if (nsq && nsqOk) await retryNsq();
      if (n < BATCH) return;
    }
  }

  async function retryNsq(): Promise<void> {
    await withTransaction(database, async (tx) => {
      const rows = await claimNsqPending(tx.client, BATCH);
      if (rows.length === 0) return;
      await nsq!.publish(
        CALLBACK_TOPIC,
        rows.map((r) => JSON.stringify(toMessage(r))),
      );
      await markNsqPublished(
        tx.client,
        rows.map((r) => r.id),
      );
    }).catch((err: unknown) => log.warn({ err: (err as Error).message }, 'NSQ retry failed'));
  }

  return createOutboxDrainer({ name: 'callback-relay', label: 'callback relay', channel: CALLBACK_CHANNEL, database, log, pollMs, drain });
}
