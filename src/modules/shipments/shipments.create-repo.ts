import type { Queryable } from '../../db/client.js';
import { EVENT_VIEW, iso, PACKAGES_VIEW_OF, type NewShipment, type PriceQuote } from './shipments.repo.js';

/** `claim_lost`: the row's Idempotency-Key is no longer held by its request (taken over as stale). */
export type CreateResult =
  | { ok: true; created_at: Date; updated_at: Date; event_at: Date; total_cost: number | null; price_quote: PriceQuote | null }
  | { ok: false }
  | 'claim_lost';

/**
 * A quoted total in cents: subtotal × the company's multiplier, rounded half up, in integers — exactly
 * engine/pricing.ts `applyMultiplier` (a test creates shipments and compares with `quote`).
 */
const QUOTED_CENTS = `(((ok.quote->>'subtotalCents')::bigint * round(c.price_multiplier * 100)::bigint + 50) / 100)`;

/**
 * Creates shipments of ONE company in one autocommit statement, in the given order:
 *   1. lock the company's usage row and read its counters as last committed (FOR UPDATE waits for,
 *      then sees, the previous statement's result — so the limits are exact under concurrency);
 *   2. keep the rows that fit: the i-th row (0-based, among those step 4 lets through) fits when
 *      capacity allows `active + i` (`used < capacity × 0.9`, as integers: used × 10 < capacity × 9)
 *      and the monthly quota allows `month + i`. Both are monotonic in i, so the accepted rows are a
 *      prefix;
 *   3. count them on the usage row, and insert their shipments (with the read model), packages, first
 *      tracking events and `shipment.created` domain events (in order, so event seq follows it). A
 *      shipment the hub prices (`quote` set) gets its total here, from the company's multiplier as
 *      this statement reads it, with the breakdown in `price_quote`;
 *   4. rows created under an Idempotency-Key: first lock each key's row and keep the row only if its
 *      claim token is still the request's and unanswered (FOR UPDATE re-reads a row a takeover changed
 *      meanwhile, and a takeover waits for this statement and then sees the key answered); then store
 *      the 201 answer on the key in this same commit. A key therefore never has a committed shipment
 *      without its answer, nor an answer without its shipment — a crash at any point leaves either both
 *      or neither, and a retry replays or creates accordingly.
 * A duplicate tracking number aborts the whole statement: nothing is reserved or written, and the
 * caller retries the rows one by one to find the culprit. One statement for many creates is the
 * point: the per-company row lock is taken once per batch, not once per shipment.
 */
export async function createShipments(q: Queryable, companyId: string, rows: NewShipment[], period: string): Promise<CreateResult[]> {
  const input = rows.map((s, ord) => ({
    ord,
    id: s.id,
    tracking_number: s.trackingNumber,
    customer_name: s.customerName,
    customer_email: s.customerEmail,
    customer_phone: s.customerPhone,
    pickup_address: s.pickupAddress,
    dropoff_address: s.dropoffAddress,
    total_cost: s.totalCost,
    distance_class: s.distanceClass,
    quote: s.quote,
    estimated_delivery: s.estimatedDelivery?.toISOString() ?? null,
    carrier: s.carrierAwb ? s.carrier : null,
    carrier_awb: s.carrierAwb,
    location: s.firstEvent.location,
    packages: s.packages,
    event_id: s.firstEvent.id,
    notes: s.firstEvent.notes,
    domain_event_id: s.domainEvent.id,
    domain_event_type: s.domainEvent.type,
    data: s.domainEvent.data,
    idem_key: s.idempotency?.key ?? null,
    idem_claim: s.idempotency?.claim ?? null,
    answer: s.idempotency?.answer ?? null,
  }));
  const res = await q.query<{
    ord: number;
    claimed: boolean;
    created_at: Date | null;
    updated_at: Date | null;
    event_at: Date | null;
    total_cost: number | null;
    price_quote: PriceQuote | null;
  }>({
    name: 'shipments_create_batch',
    text: `with input as (
        select * from jsonb_to_recordset($2::jsonb) as x(ord int, id text, tracking_number text, customer_name text,
          customer_email text, customer_phone text, pickup_address text, dropoff_address text, total_cost numeric,
          distance_class text, quote jsonb, estimated_delivery timestamptz, carrier text, carrier_awb text, location text, packages jsonb, event_id text, notes text,
          domain_event_id text, domain_event_type text, data jsonb, idem_key text, idem_claim text, answer jsonb)
      ), c as (
        select id, capacity, monthly_quota, price_multiplier from companies where id = $1
      ), cur as (
        select u.active_shipments as active, case when u.period = $3 then u.month_shipments else 0 end as month
        from company_usage u where u.company_id = $1 for update
      ), held as (
        select k.key, k.claim from idempotency_keys k
        where k.company_id = $1 and k.response_status is null
          and (k.key, k.claim) in (select i.idem_key, i.idem_claim from input i where i.idem_key is not null)
        for update of k
      ), go as (
        select i.*, (row_number() over (order by i.ord) - 1)::int as rank from input i
        where i.idem_key is null or (i.idem_key, i.idem_claim) in (select key, claim from held)
      ), ok as (
        select g.* from go g, cur, c
        where (cur.active + g.rank) * 10 < c.capacity * 9
          and (c.monthly_quota is null or cur.month + g.rank < c.monthly_quota)
      ), u as (
        update company_usage u set
          active_shipments = u.active_shipments + n.k,
          month_shipments = (case when u.period = $3 then u.month_shipments else 0 end) + n.k,
          period = $3
        from (select count(*)::int as k from ok) n
        where u.company_id = $1 and n.k > 0
      ), s as (
        insert into shipments (id, company_id, tracking_number, status, customer_name, customer_email, customer_phone,
                               pickup_address, dropoff_address, total_cost, distance_class, price_quote, estimated_delivery,
                               current_location, carrier, carrier_awb, packages_view, events_view)
        select ok.id, $1, ok.tracking_number, 'pending', ok.customer_name, ok.customer_email, ok.customer_phone,
               ok.pickup_address, ok.dropoff_address,
               case when ok.quote is null then ok.total_cost else ${QUOTED_CENTS} / 100.0 end, ok.distance_class,
               case when ok.quote is null then null else (ok.quote - 'subtotalCents')
                 || jsonb_build_object('multiplier', c.price_multiplier::float8, 'total', (${QUOTED_CENTS} / 100.0)::float8) end,
               ok.estimated_delivery, ok.location,
               ok.carrier, ok.carrier_awb, ${PACKAGES_VIEW_OF('ok.packages')},
               jsonb_build_array(${EVENT_VIEW('ok.event_id', "'pending'", 'ok.location', 'ok.notes', 'now()')})
        from ok, c
        returning id, created_at, updated_at, total_cost::float8 as total_cost, price_quote
      ), p as (
        insert into packages (id, shipment_id, seq, tracking_number, weight, dimensions, contents)
        select x.id, ok.id, x.seq, x.tracking_number, x.weight, x.dimensions, x.contents
        from ok, jsonb_to_recordset(ok.packages) as x(id text, seq int, tracking_number text, weight numeric, dimensions text, contents text)
      ), e as (
        insert into tracking_events (id, shipment_id, status, location, notes, company_id)
        select ok.event_id, ok.id, 'pending', ok.location, ok.notes, $1 from ok
        returning shipment_id, occurred_at
      ), d as (
        insert into events (id, type, company_ids, shipment_id, data)
        select ok.domain_event_id, ok.domain_event_type, array[$1], ok.id, ok.data from ok order by ok.ord
      ), k as (
        update idempotency_keys k set response_status = 201,
          response_body = ok.answer || jsonb_build_object('totalCost', s.total_cost, 'priceQuote', s.price_quote,
            'createdAt', ${iso('s.created_at')}, 'updatedAt', ${iso('s.updated_at')},
            'trackingEvents', jsonb_build_array(${EVENT_VIEW('ok.event_id', "'pending'", 'ok.location', 'ok.notes', 'e.occurred_at')}))
        from ok join s on s.id = ok.id join e on e.shipment_id = ok.id
        where k.company_id = $1 and k.key = ok.idem_key
      )
      select i.ord, (i.idem_key is null or i.id in (select id from go)) as claimed, s.created_at, s.updated_at, e.occurred_at as event_at,
        s.total_cost, s.price_quote
      from input i left join s on s.id = i.id left join e on e.shipment_id = i.id
      order by i.ord`,
    values: [companyId, JSON.stringify(input), period],
  });
  const out: CreateResult[] = rows.map(() => ({ ok: false }));
  for (const r of res.rows) {
    if (!r.claimed) out[r.ord] = 'claim_lost';
    else if (r.created_at && r.updated_at && r.event_at)
      out[r.ord] = {
        ok: true,
        created_at: r.created_at,
        updated_at: r.updated_at,
        event_at: r.event_at,
        total_cost: r.total_cost,
        price_quote: r.price_quote,
      };
  }
  return out;
}
