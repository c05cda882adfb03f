/**
 * The tracking notifier (worker role): turns owed status mails (`tracking_notifications`, filled by the
 * `events` trigger when a shipment with confirmed sign-ups changes status) into `mail.send` jobs, and
 * stamps them sent in the same transaction — a mail is queued once, and retried by the mail queue if
 * SMTP is away. Woken on PostgreSQL by the trigger's NOTIFY `ff_tracking`; the poll is the safety net
 * and, on the embedded engine (one process, no LISTEN), the way it learns of new rows.
 */
import type { Logger } from 'pino';
import type { Database } from '../../db/client.js';
import { withTransaction } from '../../db/tx.js';
import { createOutboxDrainer } from '../../jobs/drainer.js';
import type { BackgroundWorker, Jobs } from '../../jobs/queue.js';
import { statusMail } from './track.mail.js';
import { claimDueNotifications, markNotificationsSent } from './track.repo.js';
import { subscriptionToken } from './tokens.js';

export const TRACKING_CHANNEL = 'ff_tracking';
const BATCH = 100;

export function createTrackingNotifier(deps: {
  database: Database;
  jobs: Jobs;
  key: Buffer;
  publicUrl: string;
  log: Logger;
  /** Longest wait without a wake-up (default 1 s). */
  pollMs?: number;
}): BackgroundWorker & { wake(): void } {
  const { database, jobs, key, publicUrl, log } = deps;

  async function drain(): Promise<void> {
    for (;;) {
      let queued = 0;
      const n = await withTransaction(database, async (tx) => {
        const due = await claimDueNotifications(tx.client, BATCH);
        if (due.length === 0) return 0;
        // Rows of a sign-up unsubscribed since the change was recorded are stamped without a mail.
        const mails = due
          .filter((d) => d.active)
          .map((d) =>
            statusMail({
              to: d.email,
              language: d.language,
              publicUrl,
              trackingNumber: d.tracking_number,
              status: d.status,
              location: d.location,
              unsubscribeToken: subscriptionToken(key, 'unsubscribe', d.subscription_id),
            }),
          );
        if (mails.length > 0) await jobs.sendMany('mail.send', mails, { tx });
        queued = mails.length;
        await markNotificationsSent(
          tx.client,
          due.map((d) => d.id),
        );
        return due.length;
      });
      // Committed: this process's mail workers fetch now rather than at their next poll.
      if (queued > 0) jobs.wake('mail.send');
      if (n < BATCH) return;
    }
  }

  return createOutboxDrainer({
    name: 'tracking-notifier',
    label: 'tracking notifier',
    channel: TRACKING_CHANNEL,
    database,
    log,
    pollMs: deps.pollMs ?? 1000,
    drain,
  });
}
