/**
 * Carrier callbacks SQL: the raw store, the outbox, and the proof of delivery a callback carries. The
 * callback acknowledgement is ONE autocommit statement (callbacks are the hot path, see
 * bench:carriers); it reads `shipments` only to link the POD. Shipment rows, their tracking events and
 * events view are written by the shipments module alone (shipments/carrier-shipments.repo.ts).
 */
import type { Queryable } from '../../db/client.js';
import type { CarrierCode } from '../../carriers/carriers.js';
import type { PodValues } from '../../carriers/pod.js';

/**
 * NOTIFY channel of the callback outbox: carrier_callbacks' trigger (migration callback_outbox_notify)
 * sends it when a row becomes publishable — an accepted insert, a replay, a shipment registering the
 * AWB — and the relay of every worker process listens.
 */
export const CALLBACK_CHANNEL = 'ff_callbacks';

export interface AcceptedCallback {
  carrier: CarrierCode;
  remoteIp: string;
  rawBody: string;
  bodyHash: string;
  awb: string;
  pod: PodValues | null;
}

/**
 * Stores an authenticated, valid callback and, when it carries a POD, saves it to proof_of_delivery
 * (a non-empty value of the callback wins: the carrier pushed it; an empty one never erases a stored
 * value, docs/pod.md "Fill rules"). An exact duplicate (same body hash) changes
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
        insert into proof_of_delivery (carrier, awb, shipment_id, receiver_name, image_url, pod_code, delivered_at, relation, signature_url, source)
        select $1, $5, (select s.id from shipments s where s.carrier = $1 and s.carrier_awb = $5 order by s.id limit 1),
          nullif($6, ''), nullif($7, ''), nullif($8, ''), $9, nullif($11, ''), nullif($12, ''), 'callback'
        from cb where cb.inserted and $10::boolean
        on conflict (carrier, awb) do update set
          receiver_name = coalesce(excluded.receiver_name, nullif(proof_of_delivery.receiver_name, '')),
          image_url = coalesce(excluded.image_url, nullif(proof_of_delivery.image_url, '')),
          relation = coalesce(excluded.relation, nullif(proof_of_delivery.relation, '')),
          signature_url = coalesce(excluded.signature_url, nullif(proof_of_delivery.signature_url, '')),
          pod_code = coalesce(excluded.pod_code, nullif(proof_of_delivery.pod_code, '')),
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
      c.pod?.relation ?? null,
      c.pod?.signatureUrl ?? null,
    ],
  });
  const row = res.rows[0]!;
  return { id: Number(row.id), inserted: row.inserted };
}

/** A refused callback, kept for audit (never published, never applied). */
export async function insertRejectedCallback(
  q: Queryable,
  c: { carrier: CarrierCode; remoteIp: string; rawBody: string; rejectCode: string },
): Promise<void> {
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
  await q.query({
    name: 'carrier_callback_applied',
    text: `update carrier_callbacks set applied_at = now(), apply_note = $2 where id = $1`,
    values: [id, note],
  });
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
