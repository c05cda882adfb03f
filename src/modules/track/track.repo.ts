import type { Queryable } from '../../db/client.js';
import { iso } from '../../db/sql-fragments.js';
import type { Language } from './labels.js';
import type { PublicTrackingRow } from './track.js';

/**
 * The shipment a public tracking number names: a partner shipment by its tracking number, or a carrier
 * shipment by its tracking number or AWB. An AWB several companies track is one parcel: the row last
 * updated speaks for it. One statement, with the POD row.
 */
export async function findPublicTracking(q: Queryable, trackingNumber: string): Promise<(PublicTrackingRow & { id: string }) | undefined> {
  const res = await q.query<PublicTrackingRow & { id: string }>({
    name: 'public_tracking_find',
    text: `select s.id, s.tracking_number, s.status, s.carrier, ${iso('s.estimated_delivery')} as estimated_delivery,
        ${iso('s.created_at')} as created_at, s.current_location, s.events_view as events,
        p.receiver_name as pod_receiver_name, p.image_url as pod_image_url, ${iso('p.delivered_at')} as pod_delivered_at
      from shipments s left join proof_of_delivery p on p.carrier = s.carrier and p.awb = s.carrier_awb
      where s.tracking_number = $1 or s.carrier_awb = upper($1)
      order by (s.tracking_number = $1) desc, s.updated_at desc limit 1`,
    values: [trackingNumber],
  });
  return res.rows[0];
}

export async function countSubscriptions(q: Queryable, shipmentId: string): Promise<number> {
  const res = await q.query<{ n: number }>('select count(*)::int as n from tracking_subscriptions where shipment_id = $1', [shipmentId]);
  return res.rows[0]!.n;
}

/**
 * Signs an address up (or again). `sendConfirmation` says whether a confirmation mail is owed now: a new
 * sign-up, or one not yet confirmed (or unsubscribed: it must be confirmed again) whose last
 * confirmation went out more than 5 minutes ago. A confirmed, active sign-up is left as it is.
 */
export async function upsertSubscription(
  q: Queryable,
  s: { shipmentId: string; email: string; language: Language },
): Promise<{ id: number; sendConfirmation: boolean }> {
  const res = await q.query<{ id: string; send_confirmation: boolean }>(
    `insert into tracking_subscriptions as t (shipment_id, email, language) values ($1, $2, $3)
     on conflict (shipment_id, lower(email)) do update set
       language = excluded.language,
       confirmed_at = case when t.unsubscribed_at is not null then null else t.confirmed_at end,
       unsubscribed_at = null,
       confirmation_sent_at = case
         when (t.confirmed_at is null or t.unsubscribed_at is not null) and t.confirmation_sent_at < now() - interval '5 minutes' then now()
         else t.confirmation_sent_at end
     returning id, (confirmation_sent_at = now()) as send_confirmation`,
    [s.shipmentId, s.email, s.language],
  );
  const row = res.rows[0]!;
  return { id: Number(row.id), sendConfirmation: row.send_confirmation };
}

export interface SubscriptionRow {
  id: number;
  tracking_number: string;
  email: string;
  language: Language;
  confirmation_sent_at: Date;
  confirmed_at: Date | null;
  unsubscribed_at: Date | null;
}

export async function findSubscription(q: Queryable, id: number): Promise<SubscriptionRow | undefined> {
  const res = await q.query<SubscriptionRow>(
    `select t.id::int as id, s.tracking_number, t.email, t.language, t.confirmation_sent_at, t.confirmed_at, t.unsubscribed_at
     from tracking_subscriptions t join shipments s on s.id = t.shipment_id where t.id = $1`,
    [id],
  );
  return res.rows[0];
}

/** Confirms (again: a no-op) a sign-up that is not unsubscribed. */
export async function confirmSubscription(q: Queryable, id: number): Promise<void> {
  await q.query('update tracking_subscriptions set confirmed_at = coalesce(confirmed_at, now()) where id = $1 and unsubscribed_at is null', [id]);
}

export async function unsubscribe(q: Queryable, id: number): Promise<void> {
  await q.query('update tracking_subscriptions set unsubscribed_at = coalesce(unsubscribed_at, now()) where id = $1', [id]);
}

export interface DueNotification {
  id: number;
  subscription_id: number;
  status: string;
  location: string | null;
  email: string;
  language: Language;
  tracking_number: string;
  active: boolean;
}

/** Owed status mails, oldest first, locked for this transaction (other notifiers skip them). */
export async function claimDueNotifications(q: Queryable, limit: number): Promise<DueNotification[]> {
  const res = await q.query<DueNotification>(
    `select n.id::int as id, n.subscription_id::int as subscription_id, n.status, n.location, t.email, t.language, s.tracking_number,
        (t.unsubscribed_at is null) as active
     from tracking_notifications n
     join tracking_subscriptions t on t.id = n.subscription_id
     join shipments s on s.id = t.shipment_id
     where n.sent_at is null
     order by n.id limit $1
     for update of n skip locked`,
    [limit],
  );
  return res.rows;
}

export async function markNotificationsSent(q: Queryable, ids: number[]): Promise<void> {
  await q.query('update tracking_notifications set sent_at = now() where id = any($1::bigint[])', [ids]);
}
