/**
 * Anomaly SQL: the facts the rules read (one set-based query per rule, each result bounded by companies,
 * endpoints or offenders, never by shipments) and the store on `admin_alerts`, one open row per (kind,
 * subject) while the condition lasts (docs/balance.md "Anomalies").
 */
import type { Queryable } from '../../db/client.js';
import type { AnomalyFacts, AnomalyThresholds, ShipmentGroup } from './engine/anomalies.js';

/** A condition to keep open: an anomaly, or an operational alert (src/modules/alerts). */
export interface ConditionRow {
  kind: string;
  subject: string;
  severity: string;
  message: string;
  companyId: string | null;
  evidence: Record<string, unknown>;
}

/** An alert row as opened or resolved by the store (what notifications are made of). */
export interface StoredCondition {
  id: number;
  kind: string;
  subject: string;
  severity: string;
  message: string;
  companyId: string | null;
  details: unknown;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const FINAL = `('delivered', 'failed', 'returned', 'cancelled')`;
const MOVING = `('picked_up', 'in_transit', 'out_for_delivery')`;
/** The most offenders (addresses, keys) one evaluation reads: the worst first. */
const MAX_OFFENDERS = 1000;

/** Serialises evaluations that write, so one run's "not seen any more" never resolves what another just opened. */
const ANOMALIES_LOCK = 724_151_011;

/**
 * Per responsible company (the assignee, else the creator): how many shipments match, and the `perCompany`
 * oldest of them. One scan of a partial index (moving by updated_at; open by estimated delivery).
 */
async function shipmentGroups(q: Queryable, where: string, at: string, cutoff: Date, perCompany: number): Promise<ShipmentGroup[]> {
  const res = await q.query<{ company_id: string; id: string; status: string; at: Date; n: number }>(
    `select company_id, id, status, at, n from (
       select coalesce(s.assigned_company_id, s.company_id) as company_id, s.id, s.status, ${at} as at,
         row_number() over (partition by coalesce(s.assigned_company_id, s.company_id) order by ${at}, s.id) as rn,
         count(*) over (partition by coalesce(s.assigned_company_id, s.company_id))::int as n
       from shipments s where ${where} and ${at} < $1
     ) x where rn <= $2 order by company_id, rn`,
    [cutoff, perCompany],
  );
  const groups = new Map<string, ShipmentGroup>();
  for (const r of res.rows) {
    let g = groups.get(r.company_id);
    if (!g) groups.set(r.company_id, (g = { companyId: r.company_id, count: r.n, shipments: [] }));
    g.shipments.push({ id: r.id, status: r.status, at: r.at.getTime() });
  }
  return [...groups.values()];
}

export async function loadFacts(q: Queryable, t: AnomalyThresholds, now: Date): Promise<AnomalyFacts> {
  const ms = now.getTime();
  const perCompany = Math.max(t.rollupAbove, t.rollupSample);
  const stuck = await shipmentGroups(q, `s.status in ${MOVING}`, 's.updated_at', new Date(ms - t.stuckHours * HOUR), perCompany);
  const overdue = await shipmentGroups(q, `s.status not in ${FINAL}`, 's.estimated_delivery', now, perCompany);

  const companies = await q.query<{ id: string; capacity: number; load: number }>(
    `select c.id, c.capacity, u.active_shipments as load from companies c join company_usage u on u.company_id = c.id
     where c.status = 'active' and u.active_shipments * 10 >= c.capacity * 9`,
  );

  // On time as the assignee counters count it: delivered at or before the estimate, or without one.
  const recentFrom = new Date(ms - t.onTimeRecentDays * DAY);
  const onTime = await q.query<{
    company_id: string;
    recent_delivered: number;
    recent_on_time: number;
    baseline_delivered: number;
    baseline_on_time: number;
  }>(
    `select company_id,
       count(*) filter (where recent)::int as recent_delivered,
       count(*) filter (where recent and on_time)::int as recent_on_time,
       count(*) filter (where not recent)::int as baseline_delivered,
       count(*) filter (where not recent and on_time)::int as baseline_on_time
     from (select s.assigned_company_id as company_id, s.delivered_at >= $2 as recent,
             (s.estimated_delivery is null or s.delivered_at <= s.estimated_delivery) as on_time
           from shipments s
           where s.delivered_at is not null and s.delivered_at >= $1 and s.delivered_at <= $3
             and s.status = 'delivered' and s.assigned_company_id is not null) d
     group by company_id
     having count(*) filter (where recent) >= $4 and count(*) filter (where not recent) >= $4`,
    [new Date(recentFrom.getTime() - t.onTimeBaselineDays * DAY), recentFrom, now, t.onTimeMinDeliveries],
  );

  const webhooks = await q.query<{ endpoint_id: string; company_id: string; attempts: number; failures: number }>(
    `select endpoint_id, company_id, count(*)::int as attempts, count(*) filter (where not success)::int as failures
     from webhook_attempts where created_at > $1 and created_at <= $2 and trigger <> 'test'
     group by endpoint_id, company_id having count(*) >= $3`,
    [new Date(ms - HOUR), now, t.webhookMinAttempts],
  );

  // Credential checks are api_logs' rows of the kinds partner_auth and admin_login (the others, kind
  // request, are every API request: not credential checks); every outcome but success is a failure.
  const authFrom = new Date(ms - t.authWindowMinutes * 60_000);
  const byIp = await q.query<{ value: string; failures: number; n_distinct: number }>(
    `select ip as value, count(*)::int as failures, count(distinct coalesce(api_key_id, api_key))::int as n_distinct
     from api_logs where created_at > $1 and created_at <= $2 and kind <> 'request' and outcome <> 'success' and ip is not null
     group by ip having count(*) >= $3 order by failures desc, ip limit ${MAX_OFFENDERS}`,
    [authFrom, now, t.authFailuresPerIp],
  );
  const byKey = await q.query<{ value: string; company_id: string | null; failures: number; n_distinct: number }>(
    `select api_key_id as value, max(company_id) as company_id, count(*)::int as failures, count(distinct ip)::int as n_distinct
     from api_logs where created_at > $1 and created_at <= $2 and kind <> 'request' and outcome <> 'success' and api_key_id is not null
     group by api_key_id having count(*) >= $3 order by failures desc, api_key_id limit ${MAX_OFFENDERS}`,
    [authFrom, now, t.authFailuresPerKey],
  );

  // 429 refusals, counted per minute: the minutes that started within the window, through the window_start
  // index. Per address, per API key, and per company for what was refused without a key; each scope's
  // worst offenders first, at most MAX_OFFENDERS of each.
  const refusals = await q.query<{
    scope: 'ip' | 'key' | 'company';
    value: string;
    company_id: string | null;
    refusals: number;
    policies: string[];
    n_addresses: number;
    n_companies: number;
    n_keys: number;
  }>(
    `with w as (
       select policy, ip, company_id, api_key_id, count from rate_limit_refusals where window_start > $1 and window_start <= $2
     ), per as (
       (select 'ip' as scope, ip as value, null::text as company_id, sum(count) as refusals, array_agg(distinct policy order by policy) as policies,
               count(distinct ip) as n_addresses, count(distinct nullif(company_id, '')) as n_companies, count(distinct nullif(api_key_id, '')) as n_keys
        from w where ip <> '' group by ip having sum(count) >= $3 order by refusals desc, value limit ${MAX_OFFENDERS})
       union all
       (select 'key', api_key_id, max(nullif(company_id, '')), sum(count), array_agg(distinct policy order by policy),
               count(distinct nullif(ip, '')), count(distinct nullif(company_id, '')), 1
        from w where api_key_id <> '' group by api_key_id having sum(count) >= $3 order by 4 desc, 2 limit ${MAX_OFFENDERS})
       union all
       (select 'company', company_id, company_id, sum(count), array_agg(distinct policy order by policy),
               count(distinct nullif(ip, '')), 1, 0
        from w where api_key_id = '' and company_id <> '' group by company_id having sum(count) >= $3 order by 4 desc, 2 limit ${MAX_OFFENDERS})
     )
     select scope, value, company_id, least(refusals, 2147483647)::int as refusals, policies,
            n_addresses::int as n_addresses, n_companies::int as n_companies, n_keys::int as n_keys
     from per`,
    [new Date(ms - t.rateLimitWindowMinutes * 60_000), now, t.rateLimitRefusals],
  );

  // Hour buckets by age: 0 = (now − 1 h, now], k = (now − (k+1) h, now − k h]; 25 of them. Per company
  // through its (company_id, created_at) index: no index serves a time range across all companies.
  const volume = await q.query<{ company_id: string; h: number; n: number }>(
    `select c.id as company_id, v.h, v.n from companies c cross join lateral (
       select floor(extract(epoch from ($1::timestamptz - s.created_at)) / 3600)::int as h, count(*)::int as n
       from shipments s
       where s.company_id = c.id and s.created_at > $1::timestamptz - interval '25 hours' and s.created_at <= $1::timestamptz
       group by 1) v`,
    [now],
  );
  const hourly = new Map<string, number[]>();
  for (const r of volume.rows) {
    if (r.h < 0 || r.h > 24) continue;
    let series = hourly.get(r.company_id);
    if (!series) hourly.set(r.company_id, (series = Array<number>(25).fill(0)));
    series[r.h] = (series[r.h] ?? 0) + r.n;
  }

  return {
    stuck,
    overdue,
    companies: companies.rows,
    onTime: onTime.rows.map((r) => ({
      companyId: r.company_id,
      recentDelivered: r.recent_delivered,
      recentOnTime: r.recent_on_time,
      baselineDelivered: r.baseline_delivered,
      baselineOnTime: r.baseline_on_time,
    })),
    webhooks: webhooks.rows.map((r) => ({ endpointId: r.endpoint_id, companyId: r.company_id, attempts: r.attempts, failures: r.failures })),
    authFailures: [
      ...byIp.rows.map((r) => ({ scope: 'ip' as const, value: r.value, companyId: null, failures: r.failures, distinct: r.n_distinct })),
      ...byKey.rows.map((r) => ({ scope: 'key' as const, value: r.value, companyId: r.company_id, failures: r.failures, distinct: r.n_distinct })),
    ],
    rateLimitRefusals: refusals.rows.map((r) => ({
      scope: r.scope,
      value: r.value,
      companyId: r.company_id,
      refusals: r.refusals,
      policies: r.policies,
      distinctAddresses: r.n_addresses,
      distinctCompanies: r.n_companies,
      distinctKeys: r.n_keys,
    })),
    volume: [...hourly].map(([companyId, series]) => ({ companyId, hourly: series })),
  };
}

/** The open anomaly rows of these kinds: `kind subject` keys. */
export async function openAnomalyKeys(q: Queryable, kinds: readonly string[]): Promise<Set<string>> {
  const res = await q.query<{ kind: string; subject: string }>(
    `select kind, subject from admin_alerts where kind = any($1::text[]) and subject is not null and resolved_at is null`,
    [kinds],
  );
  return new Set(res.rows.map((r) => `${r.kind} ${r.subject}`));
}

export async function lockAnomalies(q: Queryable): Promise<void> {
  await q.query('select pg_advisory_xact_lock($1)', [ANOMALIES_LOCK]);
}

/**
 * Opens a row for each anomaly not open yet; refreshes the open one otherwise (last seen, message,
 * severity, details; its acknowledgement is kept). One statement; (kind, subject) must be unique in `rows`.
 */
export async function upsertAnomalies(
  q: Queryable,
  rows: readonly ConditionRow[],
  now: Date,
): Promise<{ opened: number; refreshed: number; openedRows: StoredCondition[] }> {
  if (rows.length === 0) return { opened: 0, refreshed: 0, openedRows: [] };
  const res = await q.query<StoredCondition & { inserted: boolean }>(
    `insert into admin_alerts (kind, subject, severity, message, company_id, details, created_at, last_seen_at)
     select kind, subject, severity, message, company_id, details::jsonb, $7, $7
     from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) as t(kind, subject, severity, message, company_id, details)
     on conflict (kind, subject) where subject is not null and resolved_at is null
     do update set last_seen_at = excluded.last_seen_at, severity = excluded.severity, message = excluded.message,
       details = excluded.details, company_id = excluded.company_id
     returning (xmax = 0) as inserted, id::float8 as id, kind, subject, severity, message, company_id as "companyId", details`,
    [
      rows.map((a) => a.kind),
      rows.map((a) => a.subject),
      rows.map((a) => a.severity),
      rows.map((a) => a.message),
      rows.map((a) => a.companyId),
      rows.map((a) => JSON.stringify(a.evidence)),
      now,
    ],
  );
  const openedRows = res.rows.filter((r) => r.inserted).map(({ inserted: _, ...row }) => row);
  return { opened: openedRows.length, refreshed: res.rows.length - openedRows.length, openedRows };
}

/** Resolves the open rows of these kinds whose (kind, subject) is not among `seen`: their condition cleared. */
export async function resolveCleared(q: Queryable, kinds: readonly string[], seen: readonly ConditionRow[], now: Date): Promise<StoredCondition[]> {
  const res = await q.query<StoredCondition>(
    `update admin_alerts a set resolved_at = $4
     where a.kind = any($1::text[]) and a.subject is not null and a.resolved_at is null
       and not exists (select 1 from unnest($2::text[], $3::text[]) as d(kind, subject) where d.kind = a.kind and d.subject = a.subject)
     returning a.id::float8 as id, a.kind, a.subject, a.severity, a.message, a.company_id as "companyId", a.details`,
    [kinds, seen.map((a) => a.kind), seen.map((a) => a.subject), now],
  );
  return res.rows;
}
