/**
 * Bulk assignment SQL: any number of pending shipments handed to companies in two set-based statements,
 * in the caller's transaction (the balance engine's run assigns thousands at once; an admin's assign is
 * the one-item case of the same path).
 */
import type { Queryable } from '../../db/client.js';
import { ID_PREFIXES } from '../../lib/ids.js';
import type { CompanyFacts } from '../balance/engine/types.js';
import { EVENT_VIEW } from './shipments.repo.js';

export interface Assignable {
  id: string;
  company_id: string;
  tracking_number: string;
  current_location: string | null;
}

/**
 * Locks, among `ids`, the shipments that can still be assigned — pending, unassigned, not travelling
 * with a carrier — skipping rows another transaction holds (a shipment being cancelled or assigned by
 * hand right now is simply left out).
 */
export async function lockAssignable(q: Queryable, ids: string[]): Promise<Assignable[]> {
  const res = await q.query<Assignable>({
    name: 'shipments_lock_assignable',
    text: `select id, company_id, tracking_number, current_location from shipments
      where id = any($1::text[]) and status = 'pending' and assigned_company_id is null and carrier is null
      for update skip locked`,
    values: [ids],
  });
  return res.rows;
}

export interface LockedUsage {
  company_id: string;
  status: string;
  capacity: number;
  active_shipments: number;
}

/**
 * Locks the `company_usage` rows of these companies in company id order (ORDER BY under FOR UPDATE locks
 * in the sorted order) and returns them with the company's status and capacity. Every path that locks
 * several usage rows takes them in this order, so two assignments never wait on each other in a cycle.
 */
export async function lockUsage(q: Queryable, companyIds: string[]): Promise<LockedUsage[]> {
  const res = await q.query<LockedUsage>({
    name: 'usage_lock_many',
    text: `select u.company_id, c.status, c.capacity, u.active_shipments from company_usage u join companies c on c.id = u.company_id
      where u.company_id = any($1::text[]) order by u.company_id for update of u`,
    values: [[...new Set(companyIds)]],
  });
  return res.rows;
}

/** Every company's facts as the balance engine scores them (an admin's assignment records its scores). */
export async function companyFacts(q: Queryable): Promise<CompanyFacts[]> {
  const res = await q.query<CompanyFacts>({
    name: 'assign_company_facts',
    text: `select c.id, c.tier, c.status, c.capacity, u.active_shipments as load, c.balance::float8 as balance, u.delivered,
        u.delivered_on_time as "deliveredOnTime", u.failed, c.price_multiplier::float8 as "priceMultiplier"
      from company_usage u join companies c on c.id = u.company_id order by u.company_id`,
  });
  return res.rows;
}

export interface AssignRow {
  shipmentId: string;
  companyId: string;
  activity: Record<string, unknown>;
}

/**
 * Two new ids made by the database for each row (the lib/ids.ts format: prefix, `_`, 20 of [0-9a-z]; here hex
 * from one random UUID's SHA-256, as the webhook fan-out trigger makes its ids): generating 20,000 ids in
 * Node for a 10,000-row assignment costs more than the statement's inserts. `digest` is a row's 64-hex
 * digest; the two ids take disjoint parts of it, so they are as independent as two digests would be, at
 * half the cost of drawing them (the random source, not the hash, is the expensive part).
 */
const DIGEST = `encode(sha256(uuid_send(gen_random_uuid())), 'hex')`;
const ID_FROM = (kind: keyof typeof ID_PREFIXES, digest: string, part: 0 | 1) => `'${ID_PREFIXES[kind]}_' || substr(${digest}, ${1 + part * 20}, 20)`;

/**
 * Assigns shipments locked by `lockAssignable`, in one statement: status `assigned`, assignee, assigned_at
 * and the events view; a tracking event each; the load moved from each creator to its assignee (summed
 * per company: one update of each company's row); one `activity_logs` row each (`details` = the item's
 * activity); one `shipment.assigned` event each, to the creator and the assignee (the events trigger
 * fans it out to their webhooks), in `rows` order. Returns the assigned ids in `rows` order.
 */
export async function assignLocked(q: Queryable, rows: AssignRow[], actor: { type: 'admin' | 'system'; id: string | null }): Promise<string[]> {
  if (rows.length === 0) return [];
  const notes = `'Assigned to ' || s.assignee`;
  const res = await q.query<{ id: string }>({
    name: 'shipments_assign_many',
    text: `with input as (
        select x.shipment_id, x.company_id, x.activity, x.ord,
          ${ID_FROM('trackingEvent', 'x.digest', 0)} as event_id, ${ID_FROM('event', 'x.digest', 1)} as domain_event_id
        from (select y.*, ${DIGEST} as digest
          from rows from (unnest($1::text[]), unnest($2::text[]), json_array_elements($3::json)) with ordinality as y(shipment_id, company_id, activity, ord)) x
      ), s as (
        update shipments s set status = 'assigned', assigned_company_id = i.company_id, assigned_at = now(), updated_at = now(),
          events_view = s.events_view || jsonb_build_array(${EVENT_VIEW('i.event_id', "'assigned'", 'null::text', `'Assigned to ' || i.company_id`, 'now()')})
        from input i where s.id = i.shipment_id
        returning s.id, s.company_id as creator, i.company_id as assignee, s.tracking_number, s.current_location,
          i.ord, i.event_id, i.domain_event_id, i.activity
      ), e as (
        insert into tracking_events (id, shipment_id, status, location, notes, company_id, occurred_at)
        select s.event_id, s.id, 'assigned', null, ${notes}, null, now() from s
      ), d as (
        select company_id, sum(delta)::int as delta
        from (select assignee as company_id, 1 as delta from s union all select creator, -1 from s) m
        group by company_id
      ), u as (
        update company_usage u set active_shipments = greatest(u.active_shipments + d.delta, 0)
        from d where u.company_id = d.company_id and d.delta <> 0
      ), a as (
        insert into activity_logs (actor_type, actor_id, action, subject_id, details)
        select $4, $5, 'shipment.assigned', s.id, s.activity from s order by s.ord
      ), ev as (
        insert into events (id, type, company_ids, shipment_id, data)
        select s.domain_event_id, 'shipment.assigned',
          case when s.creator = s.assignee then array[s.creator] else array[s.creator, s.assignee] end, s.id,
          jsonb_build_object('shipmentId', s.id, 'trackingNumber', s.tracking_number, 'previousStatus', 'pending',
            'currentStatus', 'assigned', 'location', s.current_location, 'notes', ${notes}, 'assignedCompanyId', s.assignee)
        from s order by s.ord
      )
      select id from s order by ord`,
    values: [rows.map((r) => r.shipmentId), rows.map((r) => r.companyId), JSON.stringify(rows.map((r) => r.activity)), actor.type, actor.id],
  });
  return res.rows.map((r) => r.id);
}
