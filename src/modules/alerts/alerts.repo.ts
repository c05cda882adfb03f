/**
 * Alert SQL: the window aggregates the rules read (each bounded: one row system-wide, at most a few
 * hundred routes and the worst offenders), the evaluator's turn, the carrier circuits each process
 * publishes, and the database outage recorded after the fact (docs/alerts.md). Like the anomaly facts,
 * these are read-only aggregates over other modules' log tables.
 */
import type { Queryable } from '../../db/client.js';
import { quantileFromBuckets, REQUEST_LATENCY_BOUNDS_MS } from '../../lib/histogram.js';
import type { StoredCondition } from '../balance/anomalies.service.js';
import type { AlertFacts, RequestStats } from './rules.js';

/** The most routes and offenders one evaluation reads: the busiest and worst first. */
const MAX_ROWS = 500;

type Window = { from: Date; to: Date };

export async function loadWindowFacts(
  q: Queryable,
  w: Window,
  t: {
    minRequests: number;
    rateLimitRefusals: number;
    authFailuresPerIp: number;
    authFailuresPerKey: number;
    workerStaleSeconds: number;
    circuitStaleSeconds: number;
  },
): Promise<Omit<AlertFacts, 'outboxes' | 'dbProbeMs' | 'dbConnectionErrors'>> {
  // Request traffic from the API log's per-second rollups (a few hundred rows per route and window,
  // whatever the traffic), p95 estimated from their latency buckets. Every route is read: the
  // system-wide figures are their sum; the per-route list keeps those with enough requests.
  const traffic = await q.query<{ route: string; requests: number; errors: number; latency: number[] }>(
    `with w as (select method, route, requests, errors, latency from api_log_rollups where at > $1 and at <= $2),
          per_route as (select method, route, sum(requests)::int as requests, sum(errors)::int as errors from w group by method, route),
          buckets as (select w.method, w.route, u.i, sum(u.c)::int as n from w, unnest(w.latency) with ordinality as u(c, i) group by w.method, w.route, u.i)
     select p.method || ' ' || p.route as route, p.requests, p.errors,
            array(select b.n from buckets b where b.method = p.method and b.route = p.route order by b.i) as latency
     from per_route p order by p.requests desc, 1`,
    [w.from, w.to],
  );
  const p95 = (latency: readonly number[]) =>
    latency.length === REQUEST_LATENCY_BOUNDS_MS.length + 1 ? quantileFromBuckets(REQUEST_LATENCY_BOUNDS_MS, latency, 0.95) : null;
  const total = { requests: 0, errors: 0, latency: new Array<number>(REQUEST_LATENCY_BOUNDS_MS.length + 1).fill(0) };
  for (const r of traffic.rows) {
    total.requests += r.requests;
    total.errors += r.errors;
    r.latency.forEach((n, i) => (total.latency[i] = (total.latency[i] ?? 0) + n));
  }
  const stats = (r: { requests: number; errors: number; latency: readonly number[] }): RequestStats => ({
    requests: r.requests,
    errors: r.errors,
    p95Ms: p95(r.latency),
  });
  const webhooks = await q.query<{ attempts: number; failures: number }>(
    `select count(*)::int as attempts, count(*) filter (where not success)::int as failures
     from webhook_attempts where created_at > $1 and created_at <= $2 and trigger <> 'test'`,
    [w.from, w.to],
  );
  // 429s are counted per minute: the minutes that started within the window.
  const refusals = await q.query<{ scope: 'ip' | 'key'; value: string; company_id: string | null; refusals: number }>(
    `with r as (select ip, company_id, api_key_id, count from rate_limit_refusals where window_start > $1 and window_start <= $2)
     (select 'ip' as scope, ip as value, null::text as company_id, least(sum(count), 2147483647)::int as refusals
      from r where ip <> '' group by ip having sum(count) >= $3 order by 4 desc, 2 limit ${MAX_ROWS})
     union all
     (select 'key', api_key_id, max(nullif(company_id, '')), least(sum(count), 2147483647)::int
      from r where api_key_id <> '' group by api_key_id having sum(count) >= $3 order by 4 desc, 2 limit ${MAX_ROWS})`,
    [w.from, w.to, t.rateLimitRefusals],
  );
  // Credential checks only (partner auth, admin login…): request rows are not authentication attempts.
  const auth = await q.query<{ scope: 'ip' | 'key'; value: string; company_id: string | null; failures: number }>(
    `with f as (select ip, api_key_id, company_id from api_logs
                where created_at > $1 and created_at <= $2 and kind <> 'request' and outcome <> 'success')
     (select 'ip' as scope, ip as value, null::text as company_id, count(*)::int as failures
      from f where ip is not null group by ip having count(*) >= $3 order by 4 desc, 2 limit ${MAX_ROWS})
     union all
     (select 'key', api_key_id, max(company_id), count(*)::int
      from f where api_key_id is not null group by api_key_id having count(*) >= $4 order by 4 desc, 2 limit ${MAX_ROWS})`,
    [w.from, w.to, t.authFailuresPerIp, t.authFailuresPerKey],
  );
  // Heartbeats and circuits by the database's clock, like /readyz: hosts with skewed clocks agree.
  const workers = await q.query<{ live: number; age: number | null }>(
    `select count(*) filter (where last_seen > now() - make_interval(secs => $1))::int as live,
            extract(epoch from (now() - max(last_seen)))::float8 as age
     from worker_heartbeats`,
    [t.workerStaleSeconds],
  );
  const circuits = await q.query<{ carrier: string; processes: number; open_seconds: number }>(
    `select carrier, count(*)::int as processes, greatest(0, extract(epoch from (now() - min(opened_at))))::float8 as open_seconds
     from carrier_circuits where seen_at > now() - make_interval(secs => $1) group by carrier order by carrier`,
    [t.circuitStaleSeconds],
  );
  const wh = webhooks.rows[0]!;
  const wk = workers.rows[0]!;
  return {
    requests: stats(total),
    routes: traffic.rows
      .filter((r) => r.requests >= t.minRequests)
      .slice(0, MAX_ROWS)
      .map((r) => ({ route: r.route, ...stats(r) })),
    webhooks: { attempts: wh.attempts, failures: wh.failures },
    refusals: refusals.rows.map((r) => ({ scope: r.scope, value: r.value, companyId: r.company_id, refusals: r.refusals })),
    authFailures: auth.rows.map((r) => ({ scope: r.scope, value: r.value, companyId: r.company_id, failures: r.failures })),
    workers: { live: wk.live, newestAgeSeconds: wk.age },
    openCircuits: circuits.rows.map((r) => ({ carrier: r.carrier, processes: r.processes, openSeconds: r.open_seconds })),
  };
}

/** One round trip: what the evaluator times as its database probe. */
export async function probe(q: Queryable): Promise<void> {
  await q.query('select 1');
}

/**
 * Takes the evaluator's turn when the last evaluation (by any process) is at least `intervalSeconds`
 * old: one conditional upsert, so of several processes ticking at once exactly one wins.
 */
export async function claimTurn(q: Queryable, intervalSeconds: number): Promise<boolean> {
  const res = await q.query(
    `insert into alert_evaluator (id, last_run_at) values (1, now())
     on conflict (id) do update set last_run_at = now()
     where alert_evaluator.last_run_at <= now() - make_interval(secs => $1)
     returning id`,
    [intervalSeconds],
  );
  return (res.rowCount ?? 0) > 0;
}

/** This process's breakers that are not closed replace its previous rows; rows silent for a day go. */
export async function publishCircuits(
  q: Queryable,
  processId: string,
  circuits: ReadonlyArray<{ carrier: string; state: string; openedAt: Date }>,
): Promise<void> {
  await q.query(
    `with gone as (delete from carrier_circuits where (process_id = $1 and carrier <> all($2::text[])) or seen_at < now() - interval '1 day')
     insert into carrier_circuits (process_id, carrier, state, opened_at, seen_at)
     select $1, c, s, o, now() from unnest($2::text[], $3::text[], $4::timestamptz[]) as t(c, s, o)
     on conflict (process_id, carrier) do update set state = excluded.state, opened_at = excluded.opened_at, seen_at = now()`,
    [processId, circuits.map((c) => c.carrier), circuits.map((c) => c.state), circuits.map((c) => c.openedAt)],
  );
}

/** A process that stops cleanly removes its rows. */
export async function removeCircuits(q: Queryable, processId: string): Promise<void> {
  await q.query('delete from carrier_circuits where process_id = $1', [processId]);
}

/**
 * The database outage one process saw, recorded once it is back: an alert already resolved, unless one
 * overlapping that time is recorded (another process saw the same outage). Null: already recorded.
 */
export async function recordOutage(
  q: Queryable,
  o: { kind: string; from: Date; to: Date; message: string; details: Record<string, unknown> },
): Promise<StoredCondition | null> {
  const res = await q.query<StoredCondition>(
    `insert into admin_alerts (kind, subject, severity, message, details, created_at, last_seen_at, resolved_at)
     select $1, 'database', 'critical', $2, $3::jsonb, $4, $5, $5
     where not exists (select 1 from admin_alerts where kind = $1 and created_at <= $5 and coalesce(resolved_at, created_at) >= $4)
     returning id::float8 as id, kind, subject, severity, message, company_id as "companyId", details`,
    [o.kind, o.message, JSON.stringify(o.details), o.from, o.to],
  );
  return res.rows[0] ?? null;
}
