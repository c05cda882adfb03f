/**
 * Carrier shipments SQL: the hub shipments that travel with a carrier AWB, their carrier events, the
 * events view rebuilt from them, the POD announcement, and the reads the carrier application needs
 * (AWB owners, refresh candidates, the CMS order). The shipments module owns these tables: other
 * modules reach them through carrier-tracking.service.ts.
 */
import type { Queryable } from '../../db/client.js';
import type { CarrierCode } from '../../carriers/carriers.js';
import type { PodValues } from '../../carriers/pod.js';
import type { CarrierEventRow } from './carrier-tracking.js';
import { EVENT_VIEW } from './shipments.repo.js';

export interface CarrierShipment {
  id: string;
  company_id: string;
  assigned_company_id: string | null;
  tracking_number: string;
  status: string;
  current_location: string | null;
  carrier: CarrierCode;
  carrier_awb: string;
}

/** Every hub shipment of this AWB (one per company that registered it), locked in id order (no deadlocks between appliers). */
export async function lockCarrierShipments(q: Queryable, carrier: CarrierCode, awb: string): Promise<CarrierShipment[]> {
  const res = await q.query<CarrierShipment>({
    name: 'carrier_shipments_lock',
    text: `select id, company_id, assigned_company_id, tracking_number, status, current_location, carrier, carrier_awb
      from shipments where carrier = $1 and carrier_awb = $2 order by id for update`,
    values: [carrier, awb],
  });
  return res.rows;
}

/** Inserts the carrier events not seen before; returns how many were new. */
export async function insertCarrierEvents(q: Queryable, shipmentId: string, companyId: string, rows: CarrierEventRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const res = await q.query({
    name: 'carrier_events_insert',
    text: `insert into tracking_events (id, shipment_id, status, location, notes, company_id, occurred_at, raw_code)
      select x.id, $1, x.status, x.location, x.notes, $2, x.at, x.raw_code
      from jsonb_to_recordset($3::jsonb) as x(id text, status text, location text, notes text, at timestamptz, raw_code text)
      on conflict (shipment_id, occurred_at, raw_code) where raw_code is not null do nothing`,
    values: [shipmentId, companyId, JSON.stringify(rows)],
  });
  return res.rowCount ?? 0;
}

/**
 * Writes the status and rebuilds the events view in time order (a carrier's late event may be older
 * than ones already shown); carrier events carry their raw code (`rawCode`). `touch` false: only the check time moves, the row's updated_at does not.
 * Reaching `delivered` stamps `delivered_at` (once).
 */
export async function updateCarrierShipment(
  q: Queryable,
  u: { id: string; status: string; location: string | null; rawStatus: string; touch: boolean },
): Promise<void> {
  await q.query({
    name: 'carrier_shipment_update',
    text: `update shipments s set status = $2, current_location = coalesce($3, s.current_location), carrier_raw_status = $4,
        carrier_checked_at = now(), updated_at = case when $5::boolean then now() else s.updated_at end,
        delivered_at = case when $2 = 'delivered' then coalesce(s.delivered_at, now()) else s.delivered_at end,
        events_view = case when $5::boolean then (
          select coalesce(jsonb_agg(${EVENT_VIEW('e.id', 'e.status', 'e.location', 'e.notes', 'e.occurred_at')}
              || case when e.raw_code is null then '{}'::jsonb else jsonb_build_object('rawCode', e.raw_code) end order by e.occurred_at, e.id), '[]'::jsonb)
          from tracking_events e where e.shipment_id = s.id) else s.events_view end
      where s.id = $1`,
    values: [u.id, u.status, u.location, u.rawStatus, u.touch],
  });
}

/**
 * Marks the POD as announced to this shipment, once per shipment: returns it when it has a receiver or
 * a photo and `pod.received` has not been recorded for this shipment yet (the caller records it in the
 * same transaction). The POD row keeps when it was first announced and its first shipment.
 */
export async function claimPodNotification(
  q: Queryable,
  carrier: CarrierCode,
  awb: string,
  shipmentId: string,
): Promise<{ receiver_name: string | null; image_url: string | null; delivered_at: Date | null } | undefined> {
  const res = await q.query<{ receiver_name: string | null; image_url: string | null; delivered_at: Date | null }>({
    name: 'pod_claim_notification',
    text: `with pod as (
        select id, receiver_name, image_url, delivered_at from proof_of_delivery
        where carrier = $1 and awb = $2 and (receiver_name is not null or image_url is not null)
      ), claimed as (
        update shipments s set pod_notified_at = now() from pod where s.id = $3 and s.pod_notified_at is null
        returning pod.id, pod.receiver_name, pod.image_url, pod.delivered_at
      ), stamped as (
        update proof_of_delivery p set notified_at = coalesce(p.notified_at, now()), shipment_id = coalesce(p.shipment_id, $3)
        from claimed where p.id = claimed.id
      )
      select receiver_name, image_url, delivered_at from claimed`,
    values: [carrier, awb, shipmentId],
  });
  return res.rows[0];
}

export interface FillPodInput extends PodValues {
  carrier: CarrierCode;
  awb: string;
  shipmentId: string | null;
}

/** The fill rules, shared by the one-row and the many-row save (docs/pod.md "Fill rules"). */
const FILL_EMPTY = `on conflict (carrier, awb) do update set
        receiver_name = coalesce(nullif(proof_of_delivery.receiver_name, ''), excluded.receiver_name),
        image_url = coalesce(nullif(proof_of_delivery.image_url, ''), excluded.image_url),
        relation = coalesce(nullif(proof_of_delivery.relation, ''), excluded.relation),
        signature_url = coalesce(nullif(proof_of_delivery.signature_url, ''), excluded.signature_url),
        pod_code = coalesce(nullif(proof_of_delivery.pod_code, ''), excluded.pod_code),
        delivered_at = coalesce(proof_of_delivery.delivered_at, excluded.delivered_at),
        shipment_id = coalesce(proof_of_delivery.shipment_id, excluded.shipment_id),
        updated_at = now()
      where (coalesce(proof_of_delivery.receiver_name, '') = '' and excluded.receiver_name is not null)
        or (coalesce(proof_of_delivery.image_url, '') = '' and excluded.image_url is not null)
        or (coalesce(proof_of_delivery.relation, '') = '' and excluded.relation is not null)
        or (coalesce(proof_of_delivery.signature_url, '') = '' and excluded.signature_url is not null)
        or (coalesce(proof_of_delivery.pod_code, '') = '' and excluded.pod_code is not null)
        or (proof_of_delivery.delivered_at is null and excluded.delivered_at is not null)
        or (proof_of_delivery.shipment_id is null and excluded.shipment_id is not null)`;

/**
 * Saves POD values into the fields the row has empty (NULL or blank) — the seed's "if no data in
 * proof_of_delivery, save", per field. A stored non-empty value is never replaced (tracking answers are
 * read, not pushed: the first name saved stays) and an empty answer never erases one. Returns the row's
 * receiver name afterwards, or undefined when nothing needed filling (the row was complete).
 */
export async function fillPod(q: Queryable, p: FillPodInput): Promise<{ receiverName: string | null } | undefined> {
  const res = await q.query<{ receiver_name: string | null }>({
    name: 'pod_fill',
    text: `insert into proof_of_delivery (carrier, awb, shipment_id, receiver_name, image_url, pod_code, delivered_at, relation, signature_url, source)
      values ($1, $2, $3, nullif($4, ''), nullif($5, ''), nullif($6, ''), $7, nullif($8, ''), nullif($9, ''), 'tracking')
      ${FILL_EMPTY}
      returning receiver_name`,
    values: [p.carrier, p.awb, p.shipmentId, p.receiverName, p.imageUrl, p.podCode, p.deliveredAt, p.relation, p.signatureUrl],
  });
  const row = res.rows[0];
  return row ? { receiverName: row.receiver_name } : undefined;
}

/** The same fill for many rows in one statement (the POD backfill); one row per (carrier, awb). */
export async function fillPods(q: Queryable, rows: FillPodInput[]): Promise<void> {
  if (rows.length === 0) return;
  await q.query({
    name: 'pod_fill_many',
    text: `insert into proof_of_delivery (carrier, awb, shipment_id, receiver_name, image_url, pod_code, delivered_at, relation, signature_url, source)
      select x.carrier, x.awb, x."shipmentId", nullif(x."receiverName", ''), nullif(x."imageUrl", ''), nullif(x."podCode", ''), x."deliveredAt",
        nullif(x.relation, ''), nullif(x."signatureUrl", ''), 'tracking'
      from jsonb_to_recordset($1::jsonb) as x(carrier text, awb text, "shipmentId" text, "receiverName" text, "imageUrl" text, "podCode" text,
        "deliveredAt" timestamptz, relation text, "signatureUrl" text)
      ${FILL_EMPTY}`,
    values: [JSON.stringify(rows)],
  });
}

export interface CmsOrder {
  id: string;
  company_id: string;
  tracking_number: string;
  status: string;
  carrier: CarrierCode | null;
  carrier_awb: string | null;
  carrier_raw_status: string | null;
  current_location: string | null;
  updated_at: Date;
  events: Array<{ id: string; status: string; location: string | null; notes: string | null; timestamp: string }>;
  pod_receiver_name: string | null;
  pod_image_url: string | null;
  pod_relation: string | null;
  pod_signature_url: string | null;
  pod_exists: boolean;
}

/** The caller's order by tracking number or carrier AWB (AWBs are stored upper case), with its POD row (one statement). */
export async function findCmsOrder(q: Queryable, trackingNumber: string, companyId: string): Promise<CmsOrder | undefined> {
  const res = await q.query<CmsOrder>({
    name: 'cms_order_find',
    text: `select s.id, s.company_id, s.tracking_number, s.status, s.carrier, s.carrier_awb, s.carrier_raw_status, s.current_location,
        s.updated_at, s.events_view as events, p.receiver_name as pod_receiver_name, p.image_url as pod_image_url,
        p.relation as pod_relation, p.signature_url as pod_signature_url, (p.id is not null) as pod_exists
      from shipments s left join proof_of_delivery p on p.carrier = s.carrier and p.awb = s.carrier_awb
      where (s.tracking_number = $1 or s.carrier_awb = upper($1)) and (s.company_id = $2 or s.assigned_company_id = $2)
      order by (s.tracking_number = $1) desc limit 1`,
    values: [trackingNumber, companyId],
  });
  return res.rows[0];
}

/** The companies that track this carrier AWB in the hub, if any (the gateway hides other tenants' AWBs). */
export async function awbOwners(q: Queryable, carrier: CarrierCode, awb: string): Promise<string[]> {
  const res = await q.query<{ company_id: string; assigned_company_id: string | null }>({
    name: 'carrier_awb_owner',
    text: `select company_id, assigned_company_id from shipments where carrier = $1 and carrier_awb = $2`,
    values: [carrier, awb],
  });
  return [...new Set(res.rows.flatMap((r) => (r.assigned_company_id ? [r.company_id, r.assigned_company_id] : [r.company_id])))];
}

/** Active shipments of a carrier not checked for `olderThanSeconds`, least recently checked first. */
export async function refreshCandidates(q: Queryable, carrier: CarrierCode, olderThanSeconds: number, limit: number): Promise<string[]> {
  const res = await q.query<{ carrier_awb: string }>({
    name: 'carrier_refresh_candidates',
    text: `select carrier_awb from shipments
      where carrier = $1 and status not in ('delivered', 'returned', 'cancelled')
        and (carrier_checked_at is null or carrier_checked_at < now() - make_interval(secs => $2))
      order by carrier_checked_at nulls first limit $3`,
    values: [carrier, olderThanSeconds, limit],
  });
  // Several companies may track one AWB: it is asked for once (the apply updates all of its shipments).
  return [...new Set(res.rows.map((r) => r.carrier_awb))];
}

/** Stamps the check time without other changes (a failed refresh must not be retried in a hot loop). */
export async function touchChecked(q: Queryable, carrier: CarrierCode, awb: string): Promise<void> {
  await q.query(`update shipments set carrier_checked_at = now() where carrier = $1 and carrier_awb = $2`, [carrier, awb]);
}
