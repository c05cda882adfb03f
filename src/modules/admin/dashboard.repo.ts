/**
 * The admin dashboard's figures: counts for the overview cards, a company's analytics (volume per day,
 * on-time rate, webhook success), and the carriers' traffic. Read-only; each is a few indexed queries.
 */
import type { Queryable } from '../../db/client.js';

const FINAL = `('delivered', 'failed', 'returned', 'cancelled')`;

export async function companyExists(q: Queryable, id: string): Promise<boolean> {
  return ((await q.query('select 1 from companies where id = $1', [id])).rowCount ?? 0) > 0;
}

export interface OverviewCounts {
  connected_companies: number;
  companies: number;
  active_shipments: number;
  pending_unassigned: number;
  open_alerts: number;
}

export async function overviewCounts(q: Queryable): Promise<OverviewCounts> {
  const res = await q.query<OverviewCounts>(
    `select (select count(*)::int from companies where status = 'active') as connected_companies,
            (select count(*)::int from companies) as companies,
            (select count(*)::int from shipments where status not in ${FINAL}) as active_shipments,
            (select count(*)::int from shipments where assigned_company_id is null and status = 'pending' and carrier is null) as pending_unassigned,
            (select count(*)::int from admin_alerts where resolved_at is null and acknowledged_at is null) as open_alerts`,
  );
  return res.rows[0]!;
}

export interface AnalyticsDay {
  date: string;
  created: number;
  delivered: number;
}

/** Shipments the company created or was assigned, and those it delivered, per UTC day of the last `days`. */
export async function volumeByDay(q: Queryable, companyId: string, days: number): Promise<AnalyticsDay[]> {
  const res = await q.query<AnalyticsDay>(
    `with d as (
       select day::date as day from generate_series((now() at time zone 'UTC')::date - ($2::int - 1), (now() at time zone 'UTC')::date, interval '1 day') as day
     )
     select to_char(d.day, 'YYYY-MM-DD') as date,
       (select count(*)::int from shipments s
         where (s.company_id = $1 or s.assigned_company_id = $1)
           and s.created_at >= (d.day::timestamp at time zone 'UTC') and s.created_at < ((d.day + 1)::timestamp at time zone 'UTC')) as created,
       (select count(*)::int from shipments s
         where s.assigned_company_id = $1
           and s.delivered_at >= (d.day::timestamp at time zone 'UTC') and s.delivered_at < ((d.day + 1)::timestamp at time zone 'UTC')) as delivered
     from d order by d.day`,
    [companyId, days],
  );
  return res.rows;
}

export interface Rates {
  delivered: number;
  on_time: number;
  attempts: number;
  successful_attempts: number;
}

/** Deliveries with an estimate in the window (and how many came by it), and webhook attempts (and how many succeeded). */
export async function rates(q: Queryable, companyId: string, days: number): Promise<Rates> {
  const res = await q.query<Rates>(
    `select
       (select count(*)::int from shipments where assigned_company_id = $1 and estimated_delivery is not null
          and delivered_at >= now() - make_interval(days => $2)) as delivered,
       (select count(*)::int from shipments where assigned_company_id = $1 and estimated_delivery is not null
          and delivered_at >= now() - make_interval(days => $2) and delivered_at <= estimated_delivery) as on_time,
       (select count(*)::int from webhook_attempts where company_id = $1 and created_at >= now() - make_interval(days => $2)) as attempts,
       (select count(*)::int from webhook_attempts where company_id = $1 and created_at >= now() - make_interval(days => $2) and success) as successful_attempts`,
    [companyId, days],
  );
  return res.rows[0]!;
}

export interface CarrierRow {
  carrier: string;
  accepted: number;
  rejected: number;
  dead: number;
  duplicates: number;
  active_shipments: number;
  open_processes: number;
}

/** Per carrier over the last 24 hours: callbacks by outcome, its shipments still moving, and processes whose circuit is open. */
export async function carrierActivity(q: Queryable, circuitStaleSeconds: number): Promise<CarrierRow[]> {
  const res = await q.query<CarrierRow>(
    `with cb as (
       select carrier, count(*) filter (where status = 'accepted')::int as accepted, count(*) filter (where status = 'rejected')::int as rejected,
              count(*) filter (where status = 'dead')::int as dead, coalesce(sum(duplicates), 0)::int as duplicates
       from carrier_callbacks where received_at > now() - interval '24 hours' group by carrier
     ), sh as (
       select carrier, count(*)::int as active_shipments from shipments where carrier is not null and status not in ${FINAL} group by carrier
     ), ci as (
       select carrier, count(*)::int as open_processes from carrier_circuits where seen_at > now() - make_interval(secs => $1) group by carrier
     )
     select c.carrier, coalesce(cb.accepted, 0) as accepted, coalesce(cb.rejected, 0) as rejected, coalesce(cb.dead, 0) as dead,
            coalesce(cb.duplicates, 0) as duplicates, coalesce(sh.active_shipments, 0) as active_shipments, coalesce(ci.open_processes, 0) as open_processes
     from (select carrier from cb union select carrier from sh union select carrier from ci) c
     left join cb using (carrier) left join sh using (carrier) left join ci using (carrier)`,
    [circuitStaleSeconds],
  );
  return res.rows;
}

export interface RouteTraffic {
  route: string;
  requests: number;
  errors: number;
}

/** Requests and 5xx answers per route over the last 24 hours, from the API log's per-second rollups. */
export async function routeTraffic(q: Queryable, routes: readonly string[]): Promise<RouteTraffic[]> {
  const res = await q.query<RouteTraffic>(
    `select route, coalesce(sum(requests), 0)::int as requests, coalesce(sum(errors), 0)::int as errors
     from api_log_rollups where at > now() - interval '24 hours' and route = any($1::text[]) group by route order by route`,
    [routes],
  );
  return res.rows;
}
