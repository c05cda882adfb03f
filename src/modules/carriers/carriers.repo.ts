/**
 * Carrier SQL: callbacks (raw store, outbox), proof of delivery, and carrier shipments. The callback
 * acknowledgement is ONE autocommit statement (callbacks are the hot path, see bench:carriers).
 */
import type { Queryable } from '../../db/client.js';
import { EVENT_VIEW } from '../shipments/shipments.repo.js';
import type { CarrierEventRow } from './apply.js';
import type { CarrierCode } from '../../carriers/model.js';

export interface AcceptedCallback {
  carrier: CarrierCode;
  remoteIp: string;
  rawBody: string;
  bodyHash: string;
  awb: string;
  pod: { receiverName: string | null; imageUrl: string | null; podCode: string | null; deliveredAt: string | null } | null;
}

/**
 * Stores an authenticated, valid callback and, when it carries a POD, saves it to proof_of_delivery
 * (the callback's values win: the carrier pushed them). An exact duplicate (same body hash) changes
 * nothing but its counter. Returns the row id and whether it is new.
 */
export async function insertAcceptedCallback(q: Queryable, c: AcceptedCallback): Promise<{ id: number; inserted: boolean }> {
  const res = await q.query<{ id: string; inserted: boolean }>({
    name: 'carrier_callback_accept',
    text: `with cb as (
        insert into carrier_callbacks (carrier, status, remote_ip, body_hash, raw_body, awb)
        values ($1, 'accepted', $2, $3, $4, $5)
        on conflict (carrier, body_hash) do update set duplicates = carrier_callbacks.duplicates + 1
        returning id, (xmax = 0) as inserted
      ), pod as (
        insert into proof_of_delivery (carrier, awb, shipment_id, receiver_name, image_url, pod_code, delivered_at, source)
        select $1, $5, (select s.id from shipments s where s.carrier = $1 and s.carrier_awb = $5 order by s.id limit 1), $6, $7, $8, $9, 'callback'
        from cb where cb.inserted and $10::boolean
        on conflict (carrier, awb) do update set
          receiver_name = coalesce(excluded.receiver_name, proof_of_delivery.receiver_name),
          image_url = coalesce(excluded.image_url, proof_of_delivery.image_url),
          pod_code = coalesce(excluded.pod_code, proof_of_delivery.pod_code),
          delivered_at = coalesce(excluded.delivered_at, proof_of_delivery.delivered_at),
          shipment_id = coalesce(proof_of_delivery.shipment_id, excluded.shipment_id),
          updated_at = now()
      )
      select id, inserted from cb`,
    values: [
      c.carrier,
      c.remoteIp,
      c.bodyHash,
      c.rawBody,
      c.awb,
      c.pod?.receiverName ?? null,
      c.pod?.imageUrl ?? null,
      c.pod?.podCode ?? null,
      c.pod?.deliveredAt ?? null,
      c.pod !== null,
    ],
  });
  const row = res.rows[0]!;
  return { id: Number(row.id), inserted: row.inserted };
}

/** A refused callback, kept for audit (never published, never applied). */
export async function insertRejectedCallback(q: Queryable, c: { carrier: CarrierCode; remoteIp: string; rawBody: string; rejectCode: string }): Promise<void> {
  await q.query({
    name: 'carrier_callback_reject',
    text: `insert into carrier_callbacks (carrier, status, reject_code, remote_ip, raw_body) values ($1, 'rejected', $2, $3, $4)`,
    values: [c.carrier, c.rejectCode, c.remoteIp, c.rawBody],
  });
}

export interface OutboxRow {
  id: number;
  carrier: CarrierCode;
  awb: string;
  /** The validated body; the relay parses it again (pure and cheap) rather than storing it twice. */
  raw_body: string;
  received_at: Date;
}

/** Accepted callbacks not yet published, oldest first, locked for this transaction (other relays skip them). */
export async function claimUnpublished(q: Queryable, limit: number): Promise<OutboxRow[]> {
  const res = await q.query<OutboxRow & { id: string }>({
    name: 'carrier_callback_claim',
    text: `select id, carrier, awb, raw_body, received_at from carrier_callbacks
      where status = 'accepted' and published_at is null and (retry_at is null or retry_at <= now())
      order by id limit $1 for update skip locked`,
    values: [limit],
  });
  return res.rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** One unpublished row, locked (the row-by-row retry of a batch that failed); undefined if another relay has it or it is done. */
export async function claimOneUnpublished(q: Queryable, id: number): Promise<OutboxRow | undefined> {
  const res = await q.query<OutboxRow & { id: string }>(
    `select id, carrier, awb, raw_body, received_at from carrier_callbacks
      where id = $1 and status = 'accepted' and published_at is null for update skip locked`,
    [id],
  );
  const r = res.rows[0];
  return r ? { ...r, id: Number(r.id) } : undefined;
}

/**
 * Counts a failed publish of an unpublished row: it waits 2^attempts seconds (at most a minute) before
 * the next try, and after `maxAttempts` failures it is dead-lettered (status `dead`), so it can never
 * hold back the rows behind it. Returns the row's status afterwards (undefined: no longer unpublished).
 */
export async function recordPublishFailure(q: Queryable, id: number, error: string, maxAttempts: number): Promise<'accepted' | 'dead' | undefined> {
  const res = await q.query<{ status: 'accepted' | 'dead' }>(
    `update carrier_callbacks set attempts = attempts + 1, last_error = $2,
        retry_at = now() + make_interval(secs => least(60, power(2, attempts))),
        status = case when attempts + 1 >= $3 then 'dead' else status end,
        dead_at = case when attempts + 1 >= $3 then now() end
      where id = $1 and status = 'accepted' and published_at is null returning status`,
    [id, error, maxAttempts],
  );
  return res.rows[0]?.status;
}

/** An accepted callback whose update could not be applied after all its retries: set aside, replayable. */
export async function markCallbackDead(q: Queryable, id: number, error: string): Promise<boolean> {
  const res = await q.query(
    `update carrier_callbacks set status = 'dead', dead_at = now(), last_error = $2 where id = $1 and status = 'accepted' and applied_at is null`,
    [id, error],
  );
  return (res.rowCount ?? 0) > 0;
}

export async function markPublished(q: Queryable, ids: number[], nsq: boolean): Promise<void> {
  await q.query({
    name: 'carrier_callback_published',
    text: `update carrier_callbacks set published_at = now(), nsq_published_at = case when $2::boolean then now() end where id = any($1::bigint[])`,
    values: [ids, nsq],
  });
}

/** Published to the queue but not yet to NSQ (NSQ was down): retried by the relay. */
export async function claimNsqPending(q: Queryable, limit: number): Promise<OutboxRow[]> {
  const res = await q.query<OutboxRow & { id: string }>(
    `select id, carrier, awb, raw_body, received_at from carrier_callbacks
      where status = 'accepted' and published_at is not null and nsq_published_at is null
      order by id limit $1 for update skip locked`,
    [limit],
  );
  return res.rows.map((r) => ({ ...r, id: Number(r.id) }));
}

export async function markNsqPublished(q: Queryable, ids: number[]): Promise<void> {
  await q.query(`update carrier_callbacks set nsq_published_at = now() where id = any($1::bigint[])`, [ids]);
}

export async function markApplied(q: Queryable, id: number, note: string): Promise<void> {
  await q.query({ name: 'carrier_callback_applied', text: `update carrier_callbacks set applied_at = now(), apply_note = $2 where id = $1`, values: [id, note] });
}

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
 */
export async function updateCarrierShipment(
  q: Queryable,
  u: { id: string; status: string; location: string | null; rawStatus: string; touch: boolean },
): Promise<void> {
  await q.query({
    name: 'carrier_shipment_update',
    text: `update shipments s set status = $2, current_location = coalesce($3, s.current_location), carrier_raw_status = $4,
        carrier_checked_at = now(), updated_at = case when $5::boolean then now() else s.updated_at end,
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

/** Saves POD values where the row has none yet (the seed: "if no data in proof_of_delivery, save"). Never overwrites. */
export async function fillPod(
  q: Queryable,
  p: { carrier: CarrierCode; awb: string; shipmentId: string | null; receiverName: string | null; imageUrl: string | null; podCode: string | null; deliveredAt: string | null },
): Promise<void> {
  await q.query({
    name: 'pod_fill',
    text: `insert into proof_of_delivery (carrier, awb, shipment_id, receiver_name, image_url, pod_code, delivered_at, source)
      values ($1, $2, $3, $4, $5, $6, $7, 'tracking')
      on conflict (carrier, awb) do update set
        receiver_name = coalesce(proof_of_delivery.receiver_name, excluded.receiver_name),
        image_url = coalesce(proof_of_delivery.image_url, excluded.image_url),
        pod_code = coalesce(proof_of_delivery.pod_code, excluded.pod_code),
        delivered_at = coalesce(proof_of_delivery.delivered_at, excluded.delivered_at),
        shipment_id = coalesce(proof_of_delivery.shipment_id, excluded.shipment_id),
        updated_at = now()
      where proof_of_delivery.receiver_name is null or proof_of_delivery.image_url is null or proof_of_delivery.shipment_id is null`,
    values: [p.carrier, p.awb, p.shipmentId, p.receiverName, p.imageUrl, p.podCode, p.deliveredAt],
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
  pod_exists: boolean;
}

/** The caller's order by tracking number or carrier AWB (AWBs are stored upper case), with its POD row (one statement). */
export async function findCmsOrder(q: Queryable, trackingNumber: string, companyId: string): Promise<CmsOrder | undefined> {
  const res = await q.query<CmsOrder>({
    name: 'cms_order_find',
    text: `select s.id, s.company_id, s.tracking_number, s.status, s.carrier, s.carrier_awb, s.carrier_raw_status, s.current_location,
        s.updated_at, s.events_view as events, p.receiver_name as pod_receiver_name, p.image_url as pod_image_url, (p.id is not null) as pod_exists
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

export interface CallbackRow {
  id: number;
  carrier: string;
  status: string;
  reject_code: string | null;
  remote_ip: string | null;
  awb: string | null;
  duplicates: number;
  received_at: Date;
  published_at: Date | null;
  applied_at: Date | null;
  apply_note: string | null;
  attempts: number;
  last_error: string | null;
  dead_at: Date | null;
  raw_body: string;
}

/** Stored callbacks, newest first, for the admin's audit view. */
export async function listCallbacks(
  q: Queryable,
  f: { status: string | null; awb: string | null; limit: number; offset: number },
): Promise<{ rows: CallbackRow[]; total: number }> {
  const where = `($1::text is null or status = $1) and ($2::text is null or awb = upper($2))`;
  const res = await q.query<CallbackRow & { id: string }>(
    `select id, carrier, status, reject_code, remote_ip, awb, duplicates, received_at, published_at, applied_at, apply_note,
        attempts, last_error, dead_at, raw_body
      from carrier_callbacks where ${where} order by id desc limit $3 offset $4`,
    [f.status, f.awb, f.limit, f.offset],
  );
  const total = await q.query<{ n: number }>(`select count(*)::int as n from carrier_callbacks where ${where}`, [f.status, f.awb]);
  return { rows: res.rows.map((r) => ({ ...r, id: Number(r.id) })), total: total.rows[0]!.n };
}

/**
 * Replay: an accepted or dead-lettered callback goes back to the outbox with a fresh attempt budget;
 * the relay publishes it again and the consumer re-applies it (idempotently). Rejected ones were never
 * trusted and are never applied.
 */
export async function requeueCallback(q: Queryable, id: number, note: string): Promise<'requeued' | 'rejected' | 'missing'> {
  const res = await q.query<{ status: string }>(
    `with prior as (select id, status from carrier_callbacks where id = $1 for update)
      update carrier_callbacks c set published_at = null, applied_at = null, apply_note = $2,
        status = 'accepted', attempts = 0, retry_at = null, dead_at = null
      from prior where c.id = prior.id and prior.status in ('accepted', 'dead')
      returning prior.status`,
    [id, note],
  );
  if (res.rows[0]) return 'requeued';
  const exists = await q.query<{ status: string }>(`select status from carrier_callbacks where id = $1`, [id]);
  return exists.rows[0] ? 'rejected' : 'missing';
}
