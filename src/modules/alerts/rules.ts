/**
 * Operational alert rules: window aggregates in, the conditions that hold out (docs/alerts.md). Pure —
 * the evaluator (alerts.service.ts) loads the aggregates of the sliding window, passes them here and
 * keeps `admin_alerts` in step: one open row per (kind, subject) while the condition holds.
 */

export type Severity = 'info' | 'warning' | 'critical';

export const ALERT_KINDS = [
  'alert.error_rate',
  'alert.slow_responses',
  'alert.webhook_failure_rate',
  'alert.rate_limit_abuse',
  'alert.suspicious_auth',
  'alert.workers_down',
  'alert.outbox_stuck',
  'alert.carrier_circuit_open',
  'alert.database_slow',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** Not evaluated from a window: recorded after the fact, once the database answers again. */
export const DATABASE_UNAVAILABLE = 'alert.database_unavailable';

export interface Condition {
  kind: AlertKind;
  /** What it is about: `system`, `route:GET /path`, `ip:…`, `key:…`, `workers`, `outbox:…`, `carrier:…`, `database`. */
  subject: string;
  severity: Severity;
  message: string;
  companyId: string | null;
  /** The numbers that made it hold: counts, rates, the window and the threshold. */
  evidence: Record<string, unknown>;
}

export interface AlertThresholds {
  /** The sliding window every rate rule looks at, in minutes. */
  windowMinutes: number;
  /** 5xx over all requests: strictly above this percentage. */
  errorRatePercent: number;
  /** p95 of request durations: strictly above this. */
  slowP95Ms: number;
  /** Requests the window needs (system-wide, or for one route) before the error and latency rules speak. */
  minRequests: number;
  /** Webhook attempts of the window (all endpoints): failures strictly above this percentage… */
  webhookFailurePercent: number;
  /** …of at least this many attempts. */
  webhookMinAttempts: number;
  /** 429 refusals within the window from one address or against one API key: at least this many. */
  rateLimitRefusals: number;
  /** Failed credential checks within the window: at least this many from one address, or against one key. */
  authFailuresPerIp: number;
  authFailuresPerKey: number;
  /** The evaluator's own database round trip: strictly slower than this. */
  dbSlowMs: number;
}

/** Requests of the window: all of them, the 5xx among them, and the 95th percentile of their durations. */
export interface RequestStats {
  requests: number;
  errors: number;
  /** Null without requests. */
  p95Ms: number | null;
}

export interface AlertFacts {
  requests: RequestStats;
  /** Per route pattern (`GET /v2/public/orders/:id`): only routes with at least `minRequests` need be present. */
  routes: Array<RequestStats & { route: string }>;
  /** Webhook delivery attempts of the window, every endpoint together (test sends excluded). */
  webhooks: { attempts: number; failures: number };
  /** 429 refusals of the window per client address and per API key id. */
  refusals: Array<{ scope: 'ip' | 'key'; value: string; companyId: string | null; refusals: number }>;
  /** Failed credential checks of the window per client address and per API key id. */
  authFailures: Array<{ scope: 'ip' | 'key'; value: string; companyId: string | null; failures: number }>;
  /** Worker processes with a fresh heartbeat; the age of the newest heartbeat (null: none ever, or forgotten). */
  workers: { live: number; newestAgeSeconds: number | null };
  /** The outbox monitor's verdict per outbox (src/modules/ops/outbox.ts). */
  outboxes: Array<{ name: string; waiting: number; lagSeconds: number; stuck: boolean }>;
  /** Carrier circuit breakers reported open by a live process, with how long they have been open. */
  openCircuits: Array<{ carrier: string; processes: number; openSeconds: number }>;
  /** The evaluator's own round trip to the database (ms). */
  dbProbeMs: number;
  /** Connection-level failures this process saw since the previous evaluation. */
  dbConnectionErrors: number;
}

const round1 = (x: number): number => Math.round(x * 10) / 10;
const pct = (part: number, whole: number): number => round1((part / whole) * 100);

export function evaluateRules(f: AlertFacts, t: AlertThresholds): Condition[] {
  return [
    ...errorRate(f, t),
    ...slowResponses(f, t),
    ...webhookFailures(f, t),
    ...rateLimitAbuse(f, t),
    ...suspiciousAuth(f, t),
    ...workersDown(f),
    ...outboxesStuck(f),
    ...openCircuits(f),
    ...databaseSlow(f, t),
  ];
}

/** `errors / requests > p %`, in integers-and-products so 1 of 100 at 1 % is not above. */
const above = (part: number, whole: number, percent: number): boolean => part * 100 > percent * whole;

/** 5xx over all requests > threshold, with the minimum sample; critical at 5 × the threshold (5 %). */
function errorRate(f: AlertFacts, t: AlertThresholds): Condition[] {
  const scopes = [
    { subject: 'system', label: 'all routes', s: f.requests },
    ...f.routes.map((r) => ({ subject: `route:${r.route}`, label: r.route, s: r })),
  ];
  const out: Condition[] = [];
  for (const { subject, label, s } of scopes) {
    if (s.requests < t.minRequests || !above(s.errors, s.requests, t.errorRatePercent)) continue;
    out.push({
      kind: 'alert.error_rate',
      subject,
      severity: s.errors * 100 >= 5 * t.errorRatePercent * s.requests ? 'critical' : 'warning',
      companyId: null,
      message: `${pct(s.errors, s.requests)} % of requests answered 5xx on ${label} in the last ${t.windowMinutes} min (${s.errors} of ${s.requests})`,
      evidence: {
        requests: s.requests,
        errors: s.errors,
        errorPercent: pct(s.errors, s.requests),
        windowMinutes: t.windowMinutes,
        thresholdPercent: t.errorRatePercent,
        minRequests: t.minRequests,
      },
    });
  }
  return out;
}

/** p95 > threshold with the minimum sample; critical at 5 × the threshold. */
function slowResponses(f: AlertFacts, t: AlertThresholds): Condition[] {
  const scopes = [
    { subject: 'system', label: 'all routes', s: f.requests },
    ...f.routes.map((r) => ({ subject: `route:${r.route}`, label: r.route, s: r })),
  ];
  const out: Condition[] = [];
  for (const { subject, label, s } of scopes) {
    if (s.requests < t.minRequests || s.p95Ms === null || !(s.p95Ms > t.slowP95Ms)) continue;
    out.push({
      kind: 'alert.slow_responses',
      subject,
      severity: s.p95Ms >= 5 * t.slowP95Ms ? 'critical' : 'warning',
      companyId: null,
      message: `p95 response time ${Math.round(s.p95Ms)} ms on ${label} in the last ${t.windowMinutes} min (${s.requests} requests)`,
      evidence: {
        requests: s.requests,
        p95Ms: round1(s.p95Ms),
        windowMinutes: t.windowMinutes,
        thresholdMs: t.slowP95Ms,
        minRequests: t.minRequests,
      },
    });
  }
  return out;
}

/** Failed attempts over all attempts (every endpoint) > threshold; critical when half or more fail. */
function webhookFailures(f: AlertFacts, t: AlertThresholds): Condition[] {
  const { attempts, failures } = f.webhooks;
  if (attempts < t.webhookMinAttempts || !above(failures, attempts, t.webhookFailurePercent)) return [];
  return [
    {
      kind: 'alert.webhook_failure_rate',
      subject: 'system',
      severity: failures * 2 >= attempts ? 'critical' : 'warning',
      companyId: null,
      message: `${pct(failures, attempts)} % of webhook deliveries failed in the last ${t.windowMinutes} min (${failures} of ${attempts})`,
      evidence: {
        attempts,
        failures,
        failurePercent: pct(failures, attempts),
        windowMinutes: t.windowMinutes,
        thresholdPercent: t.webhookFailurePercent,
        minAttempts: t.webhookMinAttempts,
      },
    },
  ];
}

const who = (scope: 'ip' | 'key', value: string): string => (scope === 'ip' ? `address ${value}` : `API key ${value}`);

/** At least the threshold of 429s from one address or against one key; critical at 5 × the threshold. */
function rateLimitAbuse(f: AlertFacts, t: AlertThresholds): Condition[] {
  return f.refusals
    .filter((r) => r.refusals >= t.rateLimitRefusals)
    .map((r) => ({
      kind: 'alert.rate_limit_abuse' as const,
      subject: `${r.scope}:${r.value}`,
      severity: r.refusals >= 5 * t.rateLimitRefusals ? ('critical' as const) : ('warning' as const),
      companyId: r.companyId,
      message: `${r.refusals} requests from ${who(r.scope, r.value)} refused by rate limits in the last ${t.windowMinutes} min`,
      evidence: { scope: r.scope, refusals: r.refusals, windowMinutes: t.windowMinutes, threshold: t.rateLimitRefusals },
    }));
}

/** At least the threshold of failed credential checks per address or per key; critical at 5 × the threshold. */
function suspiciousAuth(f: AlertFacts, t: AlertThresholds): Condition[] {
  const out: Condition[] = [];
  for (const r of f.authFailures) {
    const threshold = r.scope === 'ip' ? t.authFailuresPerIp : t.authFailuresPerKey;
    if (r.failures < threshold) continue;
    out.push({
      kind: 'alert.suspicious_auth',
      subject: `${r.scope}:${r.value}`,
      severity: r.failures >= 5 * threshold ? 'critical' : 'warning',
      companyId: r.companyId,
      message: `${r.failures} failed authentications from ${who(r.scope, r.value)} in the last ${t.windowMinutes} min`,
      evidence: { scope: r.scope, failures: r.failures, windowMinutes: t.windowMinutes, threshold },
    });
  }
  return out;
}

/** No worker process has beaten recently: jobs, webhooks and schedules have stopped. Always critical. */
function workersDown(f: AlertFacts): Condition[] {
  if (f.workers.live > 0) return [];
  const age = f.workers.newestAgeSeconds;
  return [
    {
      kind: 'alert.workers_down',
      subject: 'workers',
      severity: 'critical',
      companyId: null,
      message:
        age === null
          ? 'No worker process is running: jobs, webhook deliveries and schedules wait'
          : `No live worker process: the last heartbeat is ${Math.round(age)} s old; jobs, webhook deliveries and schedules wait`,
      evidence: { liveWorkers: 0, newestHeartbeatAgeSeconds: age === null ? null : round1(age) },
    },
  ];
}

/** Each stuck outbox or queue on its own (OUTBOX_STUCK_SECONDS, the monitor's verdict): warning. */
function outboxesStuck(f: AlertFacts): Condition[] {
  return f.outboxes
    .filter((o) => o.stuck)
    .map((o) => ({
      kind: 'alert.outbox_stuck' as const,
      subject: `outbox:${o.name}`,
      severity: 'warning' as const,
      companyId: null,
      message: `${o.name} is not draining: ${o.waiting} waiting, the oldest for ${o.lagSeconds} s`,
      evidence: { outbox: o.name, waiting: o.waiting, lagSeconds: o.lagSeconds },
    }));
}

/** A carrier's breaker is open in a live process: tracking at that carrier is failing fast. */
function openCircuits(f: AlertFacts): Condition[] {
  return f.openCircuits.map((c) => ({
    kind: 'alert.carrier_circuit_open' as const,
    subject: `carrier:${c.carrier}`,
    severity: 'warning' as const,
    companyId: null,
    message: `Carrier ${c.carrier}: circuit breaker open in ${c.processes} process(es) for ${Math.round(c.openSeconds)} s`,
    evidence: { carrier: c.carrier, processes: c.processes, openSeconds: round1(c.openSeconds) },
  }));
}

/** The evaluator's probe slower than the threshold, or connection failures since the last evaluation. */
function databaseSlow(f: AlertFacts, t: AlertThresholds): Condition[] {
  const slow = f.dbProbeMs > t.dbSlowMs;
  if (!slow && f.dbConnectionErrors === 0) return [];
  const parts = [];
  if (slow) parts.push(`a round trip took ${Math.round(f.dbProbeMs)} ms`);
  if (f.dbConnectionErrors > 0) parts.push(`${f.dbConnectionErrors} connection error(s) since the last evaluation`);
  return [
    {
      kind: 'alert.database_slow',
      subject: 'database',
      severity: f.dbProbeMs >= 5 * t.dbSlowMs ? 'critical' : 'warning',
      companyId: null,
      message: `Database trouble: ${parts.join('; ')}`,
      evidence: { probeMs: round1(f.dbProbeMs), thresholdMs: t.dbSlowMs, connectionErrors: f.dbConnectionErrors },
    },
  ];
}
