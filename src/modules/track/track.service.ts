/**
 * The public tracking page's API: the shipment as a customer may see it, and "notify me" — sign up
 * (a confirmation mail with a link), confirm, unsubscribe. Status mails themselves are sent by the
 * tracking notifier (./track.notifier.ts) from the outbox the `events` trigger fills.
 */
import type { Database } from '../../db/client.js';
import { withTransaction } from '../../db/tx.js';
import { appError } from '../../errors.js';
import type { Jobs } from '../../jobs/queue.js';
import type { Language } from './labels.js';
import { buildPublicTracking, type PublicTrackingView } from './track.js';
import { confirmationMail } from './track.mail.js';
import * as repo from './track.repo.js';
import { CONFIRM_TTL_MS, readSubscriptionToken, subscriptionToken } from './tokens.js';

/** Sign-ups per shipment: the page cannot be used to mail many addresses about one parcel. */
export const MAX_SUBSCRIPTIONS_PER_SHIPMENT = 20;

export function createTrackService(deps: { database: Database; jobs: Jobs; publicUrl: string; key: Buffer }) {
  const { database, jobs, publicUrl, key } = deps;
  const pool = database.pool;

  const subscriptionFromToken = async (purpose: 'confirm' | 'unsubscribe', token: string) => {
    const id = readSubscriptionToken(key, purpose, token);
    const row = id === null ? undefined : await repo.findSubscription(pool, id);
    if (!row) throw appError('SUBSCRIPTION_LINK_INVALID');
    return row;
  };

  return {
    async getPublic(trackingNumber: string): Promise<PublicTrackingView> {
      const row = await repo.findPublicTracking(pool, trackingNumber);
      if (!row) throw appError('SHIPMENT_NOT_FOUND', trackingNumber);
      return buildPublicTracking(row);
    },

    /**
     * The answer is the same whether the address was new, waiting for confirmation or already
     * confirmed: the page must not tell a stranger who follows a parcel.
     */
    async subscribe(trackingNumber: string, email: string, language: Language): Promise<void> {
      const shipment = await repo.findPublicTracking(pool, trackingNumber);
      if (!shipment) throw appError('SHIPMENT_NOT_FOUND', trackingNumber);
      await withTransaction(database, async (tx) => {
        if ((await repo.countSubscriptions(tx.client, shipment.id)) >= MAX_SUBSCRIPTIONS_PER_SHIPMENT) {
          throw appError('SUBSCRIPTION_LIMIT_REACHED', MAX_SUBSCRIPTIONS_PER_SHIPMENT);
        }
        const sub = await repo.upsertSubscription(tx.client, { shipmentId: shipment.id, email, language });
        if (!sub.sendConfirmation) return;
        const confirmToken = subscriptionToken(key, 'confirm', sub.id);
        const mail = confirmationMail({ to: email, language, publicUrl, trackingNumber: shipment.tracking_number, confirmToken });
        await jobs.send('mail.send', mail, { tx });
      });
    },

    async confirm(token: string): Promise<{ trackingNumber: string }> {
      const row = await subscriptionFromToken('confirm', token);
      if (row.unsubscribed_at) throw appError('SUBSCRIPTION_LINK_INVALID');
      if (!row.confirmed_at && Date.now() - row.confirmation_sent_at.getTime() > CONFIRM_TTL_MS) throw appError('SUBSCRIPTION_LINK_EXPIRED');
      await repo.confirmSubscription(pool, row.id);
      return { trackingNumber: row.tracking_number };
    },

    async unsubscribe(token: string): Promise<{ trackingNumber: string }> {
      const row = await subscriptionFromToken('unsubscribe', token);
      await repo.unsubscribe(pool, row.id);
      return { trackingNumber: row.tracking_number };
    },
  };
}

export type TrackService = ReturnType<typeof createTrackService>;
