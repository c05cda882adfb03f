import type { Queryable } from '../../db/client.js';
import { iso } from '../../db/sql-fragments.js';
import type { DistanceClass } from '../balance/engine/pricing.js';
import { isNoop, type UsageDelta } from './load.js';

/**
 * Shipment SQL. The hot paths are one statement each (named prepared statements, one round trip):
 * create inserts the shipment, its packages, its first tracking event and its domain event together;
 * reads return the shipment with its packages and events aggregated as JSON.
 */

export { iso };

const VIEW_COLUMNS = `
  s.id, s.company_id, s.assigned_company_id, s.tracking_number, s.status,
  s.carrier, s.carrier_awb, s.customer_name, s.customer_email, s.customer_phone, s.pickup_address, s.dropoff_address,
  s.total_cost::float8 as total_cost, s.distance_class, s.price_quote, s.estimated_delivery, s.current_location, s.created_at, s.updated_at,
  s.packages_view as packages, s.events_view as events`;

/** The API's package object, built from a `jsonb_to_recordset` row `x` (weight rounded as the column stores it). */
const PACKAGE_VIEW = `jsonb_build_object('id', x.id, 'trackingNumber', x.tracking_number, 'weight', x.weight::numeric(10,3)::float8,
  'dimensions', x.dimensions, 'contents', x.contents)`;
export const PACKAGES_VIEW_OF = (param: string) =>
  `(select coalesce(jsonb_agg(${PACKAGE_VIEW} order by x.seq), '[]'::jsonb)
    from jsonb_to_recordset(${param}::jsonb) as x(id text, seq int, tracking_number text, weight numeric, dimensions text, contents text))`;
/** The API's tracking-event object. */
export const EVENT_VIEW = (id: string, status: string, location: string, notes: string, at: string) =>
  `jsonb_build_object('id', ${id}, 'status', ${status}, 'location', ${location}, 'notes', ${notes}, 'timestamp', ${iso(at)})`;

/** Visible to a company = it created the shipment or the shipment is assigned to it. */
const VISIBLE = `(s.company_id = $2 or s.assigned_company_id = $2)`;

export interface ShipmentRow {
  id: string;
  company_id: string;
  assigned_company_id: string | null;
  tracking_number: string;
  status: string;
  carrier: string | null;
  carrier_awb: string | null;
  customer_name: string;
  customer_email: string;
  customer_phone: string;
  pickup_address: string;
  dropoff_address: string;
  total_cost: number | null;
  distance_class: string | null;
  price_quote: PriceQuote | null;
  estimated_delivery: Date | null;
  current_location: string | null;
  created_at: Date;
  updated_at: Date;
  packages: Array<{ id: string; trackingNumber: string; weight: number; dimensions: string | null; contents: string | null }>;
  events: Array<{ id: string; status: string; location: string | null; notes: string | null; timestamp: string }>;
}

export async function findVisibleById(q: Queryable, id: string, companyId: string): Promise<ShipmentRow | undefined> {
  const res = await q.query<ShipmentRow>({
    name: 'shipment_by_id',
    text: `select ${VIEW_COLUMNS} from shipments s where s.id = $1 and ${VISIBLE}`,
    values: [id, companyId],
  });
  return res.rows[0];
}

/** What tracking shows: only the columns it needs, timestamps already as ISO strings (no Date parsing). */
export interface TrackingRow {
  tracking_number: string;
  status: string;
  estimated_delivery: string | null;
  created_at: string;
  current_location: string | null;
  customer_name: string;
  pickup_address: string;
  dropoff_address: string;
  total_cost: number | null;
  packages: ShipmentRow['packages'];
  events: ShipmentRow['events'];
}

export async function findTrackingByNumber(q: Queryable, trackingNumber: string, companyId: string): Promise<TrackingRow | undefined> {
  const res = await q.query<TrackingRow>({
    name: 'shipment_tracking_by_number',
    text: `select s.tracking_number, s.status, ${iso('s.estimated_delivery')} as estimated_delivery, ${iso('s.created_at')} as created_at,
             s.current_location, s.customer_name, s.pickup_address, s.dropoff_address, s.total_cost::float8 as total_cost,
             s.packages_view as packages, s.events_view as events
           from shipments s where s.tracking_number = $1 and ${VISIBLE}`,
    values: [trackingNumber, companyId],
  });
  return res.rows[0];
}

export async function findAnyById(q: Queryable, id: string): Promise<ShipmentRow | undefined> {
  const res = await q.query<ShipmentRow>({
    name: 'shipment_any_by_id',
    text: `select ${VIEW_COLUMNS} from shipments s where s.id = $1`,
    values: [id],
  });
  return res.rows[0];
}

export async function listVisible(
  q: Queryable,
  companyId: string,
  status: string | null,
  limit: number,
  offset: number,
): Promise<{ rows: ShipmentRow[]; total: number }> {
  // Shipments it created, then those assigned to it that it did not create: two index scans, each in
  // (created_at desc, id desc) order and cut at offset + limit, merged — PostgreSQL reads about one
  // page of rows, not every shipment of the company. The total is two uncorrelated index counts
  // (evaluated once); a `count(*) over()` would build every matching row before the LIMIT.
  // Without a status filter the statement names no status at all: `($2 is null or status = $2)` in a
  // prepared (generic) plan makes each count read every row of the company from the table to test
  // the status, where without it the counts read the (company, created_at, id) indexes only.
  const status_ = status === null ? `$2::text is null` : `s.status = $2`;
  const own = `s.company_id = $1 and ${status_}`;
  const assigned = `s.assigned_company_id = $1 and s.company_id <> $1 and ${status_}`;
  const res = await q.query<ShipmentRow & { total: number }>({
    name: status === null ? 'shipments_list' : 'shipments_list_status',
    // The own count asks for the index's order so that it reads the (company, created_at, id) index
    // only: a bare count lets the planner scan the whole table once a company owns most of it (the
    // benchmark's case), ~2× the time of the index-only count.
    text: `select p.*, (select count(*)::int from (select from shipments s where ${own} order by s.created_at desc nulls last, s.id desc nulls last) o)
             + (select count(*)::int from shipments s where ${assigned}) as total
           from (
             (select ${VIEW_COLUMNS} from shipments s where ${own} order by s.created_at desc nulls last, s.id desc nulls last limit $3::int + $4::int)
             union all
             (select ${VIEW_COLUMNS} from shipments s where ${assigned} order by s.created_at desc nulls last, s.id desc nulls last limit $3::int + $4::int)
           ) p
           order by p.created_at desc nulls last, p.id desc nulls last limit $3 offset $4`,
    values: [companyId, status, limit, offset],
  });
  if (res.rows.length > 0 || offset === 0) return { rows: res.rows, total: res.rows[0]?.total ?? 0 };
  return { rows: [], total: await countVisible(q, companyId, status) };
}

async function countVisible(q: Queryable, companyId: string, status: string | null): Promise<number> {
  const res = await q.query<{ n: number }>({
    name: 'shipments_count',
    text: `select count(*)::int as n from shipments s where ${VISIBLE.replace(/\$2/g, '$1')} and ($2::text is null or s.status = $2)`, // rare: an offset past the end
    values: [companyId, status],
  });
  return res.rows[0]!.n;
}

export async function listAll(
  q: Queryable,
  filter: { status: string | null; companyId: string | null },
  limit: number,
  offset: number,
): Promise<{ rows: ShipmentRow[]; total: number }> {
  const where = `($1::text is null or s.status = $1) and ($2::text is null or s.company_id = $2 or s.assigned_company_id = $2)`;
  const res = await q.query<ShipmentRow & { total: number }>({
    name: 'shipments_list_all',
    text: `select ${VIEW_COLUMNS}, (select count(*)::int from shipments s where ${where}) as total from shipments s where ${where}
           order by s.created_at desc nulls last, s.id desc nulls last limit $3 offset $4`,
    values: [filter.status, filter.companyId, limit, offset],
  });
  if (res.rows.length > 0 || offset === 0) return { rows: res.rows, total: res.rows[0]?.total ?? 0 };
  const c = await q.query<{ n: number }>(`select count(*)::int as n from shipments s where ${where}`, [filter.status, filter.companyId]);
  return { rows: [], total: c.rows[0]!.n };
}

/** How a total was quoted (the shipment's `price_quote`, the API's `priceQuote`); dollars. */
export interface PriceQuote {
  total: number;
  subtotal: number;
  multiplier: number;
  distanceClass: DistanceClass;
  parts: { base: number; weight: number; extraPackages: number };
}

/** A quote before the multiplier: the create statement applies the creator's and completes it into a PriceQuote. */
export type QuoteBasis = Omit<PriceQuote, 'total' | 'multiplier'> & { subtotalCents: number };

export interface NewShipment {
  id: string;
  companyId: string;
  trackingNumber: string;
  customerName: string;
  customerEmail: string;
  customerPhone: string;
  pickupAddress: string;
  dropoffAddress: string;
  totalCost: number | null;
  /** Partner shipments: the distance class (given or read from the addresses). */
  distanceClass: DistanceClass | null;
  /** Set when the hub prices the shipment (no totalCost given, not a carrier shipment). */
  quote: QuoteBasis | null;
  estimatedDelivery: Date | null;
  /** Carrier shipments only. */
  carrier: string | null;
  carrierAwb: string | null;
  packages: Array<{ id: string; seq: number; tracking_number: string; weight: number; dimensions: string | null; contents: string | null }>;
  firstEvent: { id: string; location: string; notes: string };
  domainEvent: { id: string; type: string; data: unknown };
  /**
   * Created under an Idempotency-Key: the key and the request's claim token, and the answer without its
   * timestamps (createdAt, updatedAt, trackingEvents), which the create statement adds and stores.
   */
  idempotency: { key: string; claim: string; answer: Record<string, unknown> } | null;
}

/** The company's counters and limits as committed now (this month's count is 0 in a new period). */
export async function usageOf(
  q: Queryable,
  companyId: string,
  period: string,
): Promise<{ active_shipments: number; month_shipments: number; capacity: number; monthly_quota: number | null } | undefined> {
  const res = await q.query({
    name: 'usage_of',
    text: `select u.active_shipments, case when u.period = $2 then u.month_shipments else 0 end as month_shipments, c.capacity, c.monthly_quota
           from company_usage u join companies c on c.id = u.company_id where u.company_id = $1`,
    values: [companyId, period],
  });
  return res.rows[0];
}

/**
 * Moves the counters of the company responsible for the shipment (its assignee, else its creator) by a
 * status change's difference (load.ts `usageDelta`), in one statement: the load, and — only when the
 * shipment has an assignee — the assignee's record (`delivered_on_time` when `delivered_at` is at or
 * before the estimate, or there is no estimate). Call it after the status write, with the row locked.
 */
export async function applyUsage(q: Queryable, shipmentId: string, d: UsageDelta): Promise<void> {
  if (isNoop(d)) return;
  await q.query({
    name: 'usage_apply',
    text: `update company_usage u set
        active_shipments = greatest(u.active_shipments + $2, 0),
        delivered = u.delivered + case when s.assigned_company_id is null then 0 else $3 end,
        delivered_on_time = u.delivered_on_time + case when s.assigned_company_id is null then 0
          when s.estimated_delivery is null or s.delivered_at <= s.estimated_delivery then $3 else 0 end,
        failed = u.failed + case when s.assigned_company_id is null then 0 else $4 end
      from shipments s where s.id = $1 and u.company_id = coalesce(s.assigned_company_id, s.company_id)`,
    values: [shipmentId, d.active, d.delivered, d.failed],
  });
}

export async function lockForUpdate(
  q: Queryable,
  id: string,
): Promise<
  | {
      id: string;
      company_id: string;
      assigned_company_id: string | null;
      status: string;
      tracking_number: string;
      current_location: string | null;
      carrier: string | null;
    }
  | undefined
> {
  const res = await q.query({
    name: 'shipment_lock',
    text: 'select id, company_id, assigned_company_id, status, tracking_number, current_location, carrier from shipments where id = $1 for update',
    values: [id],
  });
  return res.rows[0];
}

/**
 * One statement: the tracking event, and the shipment's status, location, delivery time and events view
 * (assignment is assign-repo.ts's).
 * Call it with the shipment row locked (lockForUpdate), so events are appended in the order applied.
 */
export async function applyStatus(
  q: Queryable,
  e: { id: string; shipmentId: string; status: string; location: string | null; notes: string | null; companyId: string | null },
): Promise<void> {
  await q.query({
    name: 'shipment_apply_status',
    text: `with e as (
        insert into tracking_events (id, shipment_id, status, location, notes, company_id)
        values ($1, $2, $3, $4, $5, $6)
        returning occurred_at
      )
      update shipments s set status = $3, current_location = coalesce($4, s.current_location),
        delivered_at = case when $3 = 'delivered' then coalesce(s.delivered_at, e.occurred_at) else s.delivered_at end, updated_at = now(),
        events_view = s.events_view || jsonb_build_array(${EVENT_VIEW('$1::text', '$3::text', '$4::text', '$5::text', 'e.occurred_at')})
      from e where s.id = $2`,
    values: [e.id, e.shipmentId, e.status, e.location, e.notes, e.companyId],
  });
}

export async function updateDetails(
  q: Queryable,
  id: string,
  fields: {
    customerName?: string;
    customerEmail?: string;
    customerPhone?: string;
    pickupAddress?: string;
    dropoffAddress?: string;
    totalCost?: number | null;
    estimatedDelivery?: Date | null;
  },
): Promise<void> {
  const cols: Record<string, unknown> = {
    customer_name: fields.customerName,
    customer_email: fields.customerEmail,
    customer_phone: fields.customerPhone,
    pickup_address: fields.pickupAddress,
    dropoff_address: fields.dropoffAddress,
    total_cost: fields.totalCost,
    // A price the creator sets replaces the hub's quote.
    price_quote: fields.totalCost === undefined ? undefined : null,
    estimated_delivery: fields.estimatedDelivery,
  };
  const sets: string[] = [];
  const values: unknown[] = [id];
  for (const [col, v] of Object.entries(cols)) {
    if (v === undefined) continue;
    values.push(v);
    sets.push(`${col} = $${values.length}`);
  }
  sets.push('updated_at = now()');
  await q.query(`update shipments set ${sets.join(', ')} where id = $1`, values);
}

export async function replacePackages(q: Queryable, shipmentId: string, packages: NewShipment['packages']): Promise<void> {
  await q.query('delete from packages where shipment_id = $1', [shipmentId]);
  await q.query(
    `with p as (
       insert into packages (id, shipment_id, seq, tracking_number, weight, dimensions, contents)
       select x.id, $1, x.seq, x.tracking_number, x.weight, x.dimensions, x.contents
       from jsonb_to_recordset($2::jsonb) as x(id text, seq int, tracking_number text, weight numeric, dimensions text, contents text)
     )
     update shipments set packages_view = ${PACKAGES_VIEW_OF('$2')} where id = $1`,
    [shipmentId, JSON.stringify(packages)],
  );
}

export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
  const code = e?.code ?? e?.cause?.code;
  const name = e?.constraint ?? e?.cause?.constraint;
  return code === '23505' && (constraint === undefined || name === constraint);
}
