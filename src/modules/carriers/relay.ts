/**
 * The callback outbox relay (issue 4 §4): moves stored, accepted callbacks to the topic
 * `callback-update-status` — the pg-boss queue of that name, in the same transaction that stamps them
 * published — and, when NSQD_HTTP_ADDRESS is set, to NSQ's topic of the same name. A crash at any
 * point leaves the row unpublished (or un-NSQ'd) and the next pass sends it again: at least once.
 */
import type { Logger } from 'pino';
import type { Database } from '../../db/client.js';
import { withTransaction } from '../../db/tx.js';
import type { BackgroundWorker, Jobs } from '../../jobs/boss.js';
import type { CallbackUpdateMessage } from './apply.js';
import { claimNsqPending, claimUnpublished, markNsqPublished, markPublished, type OutboxRow } from './carriers.repo.js';
import { parseJneCallback } from './jne/mapper.js';
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

export function createCallbackRelay(deps: { database: Database; jobs: Jobs; nsq: NsqPublisher | null; log: Logger; pollMs?: number }): BackgroundWorker & { wake(): void } {
  const { database, jobs, nsq, log } = deps;
  const pollMs = deps.pollMs ?? 500;
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let pass: Promise<void> | undefined;
  let again = false;

  /** One pass: publish everything pending, batch by batch. Returns when nothing is left. */
  async function drain(): Promise<void> {
    for (;;) {
      let nsqFailed = false;
      const n = await withTransaction(database, async (tx) => {
        const rows = await claimUnpublished(tx.client, BATCH);
        if (rows.length === 0) return 0;
        const messages = rows.map(toMessage);
        await jobs.sendMany(CALLBACK_TOPIC, messages, { tx });
        let nsqDone = false;
        if (nsq) {
          try {
            await nsq.publish(CALLBACK_TOPIC, messages.map((m) => JSON.stringify(m)));
            nsqDone = true;
          } catch (err) {
            // The hub's own queue must not wait for NSQ: stamp it published, leave NSQ for a retry.
            nsqFailed = true;
            log.warn({ err: (err as Error).message }, 'NSQ publish failed; will retry');
          }
        }
        await markPublished(tx.client, rows.map((r) => r.id), nsqDone);
        return rows.length;
      });
      if (nsq && !nsqFailed) await retryNsq();
      if (n < BATCH) return;
    }
  }

  async function retryNsq(): Promise<void> {
    await withTransaction(database, async (tx) => {
      const rows = await claimNsqPending(tx.client, BATCH);
      if (rows.length === 0) return;
      await nsq!.publish(CALLBACK_TOPIC, rows.map((r) => JSON.stringify(toMessage(r))));
      await markNsqPublished(tx.client, rows.map((r) => r.id));
    }).catch((err: unknown) => log.warn({ err: (err as Error).message }, 'NSQ retry failed'));
  }

  function run(): void {
    if (!running) return;
    if (pass) {
      again = true;
      return;
    }
    clearTimeout(timer);
    pass = drain()
      .catch((err: unknown) => log.error({ err }, 'callback relay pass failed'))
      .finally(() => {
        pass = undefined;
        if (!running) return;
        if (again) {
          again = false;
          setImmediate(run);
        } else timer = setTimeout(run, pollMs);
      });
  }

  return {
    name: 'callback-relay',
    async start() {
      running = true;
      run();
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      await pass;
    },
    wake: run,
  };
}
