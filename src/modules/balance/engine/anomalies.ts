/**
 * Anomaly rules: facts in, anomalies out (docs/balance.md "Anomalies"). Pure — the caller loads the facts
 * (anomalies.repo.ts), passes `now`, and stores what comes back as admin alerts, one per (kind, subject)
 * while the condition lasts.
 */

export type Severity = 'info' | 'warning' | 'critical';

export const ANOMALY_KINDS = [
  'anomaly.shipment_stuck',
  'anomaly.shipment_overdue',
  'anomaly.company_over_capacity',
  'anomaly.on_time_drop',
  'anomaly.webhook_failure_rate',
  'anomaly.auth_failure_burst',
  'anomaly.rate_limit_burst',
  'anomaly.volume_change',
] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

export interface Anomaly {
  kind: AnomalyKind;
  /** What it is about: `shipment:…`, `company:…`, `endpoint:…`, `ip:…`, `key:…` or `system`. */
  subject: string;
  severity: Severity;
  message: string;
  /** The company concerned, if any (the alert list filters on it). */
  companyId: string | null;
  /** The numbers that triggered it: counts, rates, window, threshold. */
  evidence: Record<string, unknown>;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface AnomalyThresholds {
  /** A moving shipment (picked_up, in_transit, out_for_delivery) without a change for longer is stuck. */
  stuckHours: number;
  /** More stuck (or overdue) shipments than this for one company: one roll-up anomaly for the company. */
  rollupAbove: number;
  /** How many shipment ids a roll-up lists. */
  rollupSample: number;
  /** On-time rate: the recent window and the baseline window that precedes it, in days. */
  onTimeRecentDays: number;
  onTimeBaselineDays: number;
  /** Percentage points the recent rate must be below the baseline. */
  onTimeDropPoints: number;
  /** Deliveries each window needs before the rates are compared. */
  onTimeMinDeliveries: number;
  /** Webhook attempts of the last hour: failure percentage above this, with at least `webhookMinAttempts`. */
  webhookFailurePercent: number;
  webhookMinAttempts: number;
  /** Failed authentications within the window, per client address and per API key. */
  authWindowMinutes: number;
  authFailuresPerIp: number;
  authFailuresPerKey: number;
  /** Requests refused with 429 within the window, per client address, per API key, per company without a key. */
  rateLimitWindowMinutes: number;
  rateLimitRefusals: number;
  /** Shipment creations: |z| of the last hour against the 24 hours before it, and the volume below which nothing is said. */
  volumeZ: number;
  volumeMin: number;
}

/** Moving or open shipments of one responsible company past a threshold, oldest first. */
export interface ShipmentGroup {
  companyId: string;
  /** How many there are in all. */
  count: number;
  /** The oldest ones (at least min(count, rollupAbove) of them), oldest first. */
  shipments: Array<{ id: string; status: string; at: number }>;
}

export interface AnomalyFacts {
  /** Shipments in picked_up/in_transit/out_for_delivery whose `updated_at` (`at`) is before now − stuckHours. */
  stuck: ShipmentGroup[];
  /** Non-final shipments whose estimated delivery (`at`) has passed. */
  overdue: ShipmentGroup[];
  /** Active companies at or above 90 % of capacity (the rule is checked again here). */
  companies: Array<{ id: string; capacity: number; load: number }>;
  /** Deliveries as assignee in the recent window and in the baseline window before it. */
  onTime: Array<{ companyId: string; recentDelivered: number; recentOnTime: number; baselineDelivered: number; baselineOnTime: number }>;
  /** Webhook attempts of the last hour per endpoint (test sends excluded). */
  webhooks: Array<{ endpointId: string; companyId: string; attempts: number; failures: number }>;
  /**
   * Failed authentications within the auth window, per client address (`ip`: `distinct` = keys or emails
   * tried) and per known API key (`key`, its id: `distinct` = addresses it was tried from).
   */
  authFailures: Array<{ scope: 'ip' | 'key'; value: string; companyId: string | null; failures: number; distinct: number }>;
  /**
   * Requests refused with 429 within the rate-limit window (whole minutes that started in it), per client
   * address (`ip`), per API key (`key`, its id) and per company for refusals without a key (`company`):
   * the sum, the policies that refused, and how many distinct addresses, companies and keys took part.
   */
  rateLimitRefusals: Array<{
    scope: 'ip' | 'key' | 'company';
    value: string;
    companyId: string | null;
    refusals: number;
    policies: string[];
    distinctAddresses: number;
    distinctCompanies: number;
    distinctKeys: number;
  }>;
  /**
   * Shipment creations per creating company by hour: `hourly[0]` is the last hour (now − 1 h, now],
   * `hourly[k]` the hour k hours before it; 25 entries. Companies without creations may be absent.
   */
  volume: Array<{ companyId: string; hourly: number[] }>;
}

export function detectAnomalies(facts: AnomalyFacts, t: AnomalyThresholds, now: number): Anomaly[] {
  return [
    ...shipmentGroups('anomaly.shipment_stuck', facts.stuck, t, now),
    ...shipmentGroups('anomaly.shipment_overdue', facts.overdue, t, now),
    ...overCapacity(facts.companies),
    ...onTimeDrops(facts.onTime, t),
    ...webhookFailures(facts.webhooks, t),
    ...authBursts(facts.authFailures, t),
    ...rateLimitBursts(facts.rateLimitRefusals, t),
    ...volumeChanges(facts.volume, t),
  ];
}

const round1 = (x: number): number => Math.round(x * 10) / 10;
const hours = (ms: number): number => round1(ms / HOUR);

/**
 * Stuck: idle ≥ 3 × stuckHours is critical, else warning. Overdue: late by < 24 h info, < 72 h
 * warning, else critical. A roll-up takes the severity of its oldest shipment.
 */
function groupSeverity(kind: 'anomaly.shipment_stuck' | 'anomaly.shipment_overdue', ageMs: number, t: AnomalyThresholds): Severity {
  if (kind === 'anomaly.shipment_stuck') return ageMs >= 3 * t.stuckHours * HOUR ? 'critical' : 'warning';
  if (ageMs < DAY) return 'info';
  return ageMs < 3 * DAY ? 'warning' : 'critical';
}

function shipmentGroups(kind: 'anomaly.shipment_stuck' | 'anomaly.shipment_overdue', groups: ShipmentGroup[], t: AnomalyThresholds, now: number) {
  const out: Anomaly[] = [];
  const stuck = kind === 'anomaly.shipment_stuck';
  const threshold = stuck ? { stuckHours: t.stuckHours } : {};
  for (const g of groups) {
    if (g.count === 0 || g.shipments.length === 0) continue;
    if (g.count > t.rollupAbove) {
      const oldest = g.shipments[0]!;
      const age = now - oldest.at;
      out.push({
        kind,
        subject: `company:${g.companyId}`,
        severity: groupSeverity(kind, age, t),
        companyId: g.companyId,
        message: stuck
          ? `${g.count} shipments of company ${g.companyId} have not moved for more than ${t.stuckHours} h (oldest ${hours(age)} h)`
          : `${g.count} open shipments of company ${g.companyId} are past their estimated delivery (oldest by ${hours(age)} h)`,
        evidence: {
          count: g.count,
          [stuck ? 'oldestIdleHours' : 'oldestOverdueHours']: hours(age),
          sample: g.shipments.slice(0, t.rollupSample).map((s) => s.id),
          rollupAbove: t.rollupAbove,
          ...threshold,
        },
      });
      continue;
    }
    for (const s of g.shipments.slice(0, g.count)) {
      const age = now - s.at;
      out.push({
        kind,
        subject: `shipment:${s.id}`,
        severity: groupSeverity(kind, age, t),
        companyId: g.companyId,
        message: stuck
          ? `Shipment ${s.id} has been ${s.status} for ${hours(age)} h without news`
          : `Shipment ${s.id} (${s.status}) is ${hours(age)} h past its estimated delivery`,
        evidence: stuck
          ? { status: s.status, lastChangeAt: new Date(s.at).toISOString(), idleHours: hours(age), ...threshold }
          : { status: s.status, estimatedDelivery: new Date(s.at).toISOString(), overdueHours: hours(age) },
      });
    }
  }
  return out;
}

/** At the 90 % rule (load × 10 ≥ capacity × 9) warning; at or over capacity critical. */
function overCapacity(companies: AnomalyFacts['companies']): Anomaly[] {
  return companies
    .filter((c) => c.load * 10 >= c.capacity * 9)
    .map((c) => ({
      kind: 'anomaly.company_over_capacity' as const,
      subject: `company:${c.id}`,
      severity: c.load >= c.capacity ? ('critical' as const) : ('warning' as const),
      companyId: c.id,
      message: `Company ${c.id} carries ${c.load} active shipments of its capacity ${c.capacity} (${round1((c.load / c.capacity) * 100)} %)`,
      evidence: { load: c.load, capacity: c.capacity, utilization: round1((c.load / c.capacity) * 100), thresholdPercent: 90 },
    }));
}

/** Both windows need the minimum of deliveries; a drop of twice the threshold or more is critical. */
function onTimeDrops(rows: AnomalyFacts['onTime'], t: AnomalyThresholds): Anomaly[] {
  const out: Anomaly[] = [];
  for (const r of rows) {
    if (r.recentDelivered < t.onTimeMinDeliveries || r.baselineDelivered < t.onTimeMinDeliveries) continue;
    const recent = (r.recentOnTime / r.recentDelivered) * 100;
    const baseline = (r.baselineOnTime / r.baselineDelivered) * 100;
    const drop = baseline - recent;
    // Compared on the rates rounded to 0.1 point, so a drop of exactly the threshold is not lost to float noise.
    if (round1(drop) < t.onTimeDropPoints) continue;
    out.push({
      kind: 'anomaly.on_time_drop',
      subject: `company:${r.companyId}`,
      severity: round1(drop) >= 2 * t.onTimeDropPoints ? 'critical' : 'warning',
      companyId: r.companyId,
      message: `On-time rate of company ${r.companyId} fell to ${round1(recent)} % over ${t.onTimeRecentDays} days from ${round1(baseline)} % (${round1(drop)} points)`,
      evidence: {
        recent: { days: t.onTimeRecentDays, delivered: r.recentDelivered, onTime: r.recentOnTime, rate: round1(recent) },
        baseline: { days: t.onTimeBaselineDays, delivered: r.baselineDelivered, onTime: r.baselineOnTime, rate: round1(baseline) },
        dropPoints: round1(drop),
        thresholdPoints: t.onTimeDropPoints,
        minDeliveries: t.onTimeMinDeliveries,
      },
    });
  }
  return out;
}

/** Failure rate strictly above the threshold; half or more of the attempts failing is critical. */
function webhookFailures(rows: AnomalyFacts['webhooks'], t: AnomalyThresholds): Anomaly[] {
  const out: Anomaly[] = [];
  for (const r of rows) {
    // failures / attempts > p / 100, in integers
    if (r.attempts < t.webhookMinAttempts || r.failures * 100 <= t.webhookFailurePercent * r.attempts) continue;
    const rate = round1((r.failures / r.attempts) * 100);
    out.push({
      kind: 'anomaly.webhook_failure_rate',
      subject: `endpoint:${r.endpointId}`,
      severity: r.failures * 2 >= r.attempts ? 'critical' : 'warning',
      companyId: r.companyId,
      message: `Webhook ${r.endpointId} of company ${r.companyId}: ${r.failures} of ${r.attempts} attempts failed in the last hour (${rate} %)`,
      evidence: {
        endpointId: r.endpointId,
        attempts: r.attempts,
        failures: r.failures,
        failurePercent: rate,
        windowMinutes: 60,
        thresholdPercent: t.webhookFailurePercent,
        minAttempts: t.webhookMinAttempts,
      },
    });
  }
  return out;
}

/** At least the threshold within the window; five times the threshold or more is critical. */
function authBursts(rows: AnomalyFacts['authFailures'], t: AnomalyThresholds): Anomaly[] {
  const out: Anomaly[] = [];
  for (const r of rows) {
    const threshold = r.scope === 'ip' ? t.authFailuresPerIp : t.authFailuresPerKey;
    if (r.failures < threshold) continue;
    const who = r.scope === 'ip' ? `address ${r.value}` : `API key ${r.value}`;
    out.push({
      kind: 'anomaly.auth_failure_burst',
      subject: `${r.scope}:${r.value}`,
      severity: r.failures >= 5 * threshold ? 'critical' : 'warning',
      companyId: r.companyId,
      message: `${r.failures} failed authentications from ${who} in ${t.authWindowMinutes} minutes`,
      evidence: {
        scope: r.scope,
        failures: r.failures,
        [r.scope === 'ip' ? 'distinctKeys' : 'distinctAddresses']: r.distinct,
        windowMinutes: t.authWindowMinutes,
        threshold,
      },
    });
  }
  return out;
}

/**
 * At least the threshold of 429s within the window from one address, one API key, or one company without a
 * key; five times the threshold or more is critical. The evidence tells a shared address (many companies or
 * keys behind it: a proxy, a NAT) from one client hammering alone.
 */
function rateLimitBursts(rows: AnomalyFacts['rateLimitRefusals'], t: AnomalyThresholds): Anomaly[] {
  const out: Anomaly[] = [];
  for (const r of rows) {
    if (r.refusals < t.rateLimitRefusals) continue;
    const who = r.scope === 'ip' ? `address ${r.value}` : r.scope === 'key' ? `API key ${r.value}` : `company ${r.value}`;
    out.push({
      kind: 'anomaly.rate_limit_burst',
      subject: `${r.scope}:${r.value}`,
      severity: r.refusals >= 5 * t.rateLimitRefusals ? 'critical' : 'warning',
      companyId: r.companyId,
      message: `${r.refusals} requests from ${who} refused by rate limits in ${t.rateLimitWindowMinutes} minutes (${r.policies.join(', ')})`,
      evidence: {
        scope: r.scope,
        refusals: r.refusals,
        policies: r.policies,
        ...(r.scope === 'ip' ? { distinctCompanies: r.distinctCompanies, distinctKeys: r.distinctKeys } : { distinctAddresses: r.distinctAddresses }),
        windowMinutes: t.rateLimitWindowMinutes,
        threshold: t.rateLimitRefusals,
      },
    });
  }
  return out;
}

/**
 * The last hour against the 24 hours before it: z = (last − mean) / max(stddev, √mean, 1). The √mean
 * floor is the Poisson spread of counts, so a perfectly flat baseline does not turn a small wobble into
 * a huge z. Nothing is said while both the last hour and the mean are below `volumeMin`. |z| ≥ 2 ×
 * threshold is critical.
 */
export function volumeScore(hourly: readonly number[]): { last: number; mean: number; stddev: number; z: number } {
  const last = hourly[0] ?? 0;
  const base = Array.from({ length: 24 }, (_, i) => hourly[i + 1] ?? 0);
  const mean = base.reduce((a, b) => a + b, 0) / base.length;
  const stddev = Math.sqrt(base.reduce((a, b) => a + (b - mean) ** 2, 0) / base.length);
  const z = (last - mean) / Math.max(stddev, Math.sqrt(mean), 1);
  return { last, mean, stddev, z };
}

function volumeChanges(rows: AnomalyFacts['volume'], t: AnomalyThresholds): Anomaly[] {
  const system = Array.from({ length: 25 }, (_, i) => rows.reduce((a, r) => a + (r.hourly[i] ?? 0), 0));
  const scopes: Array<{ companyId: string | null; hourly: readonly number[] }> = [{ companyId: null, hourly: system }, ...rows];
  const out: Anomaly[] = [];
  for (const s of scopes) {
    const v = volumeScore(s.hourly);
    if (Math.max(v.last, v.mean) < t.volumeMin || Math.abs(v.z) < t.volumeZ) continue;
    const direction = v.z > 0 ? 'rise' : 'fall';
    const scope = s.companyId === null ? 'system-wide' : `for company ${s.companyId}`;
    out.push({
      kind: 'anomaly.volume_change',
      subject: s.companyId === null ? 'system' : `company:${s.companyId}`,
      severity: Math.abs(v.z) >= 2 * t.volumeZ ? 'critical' : 'warning',
      companyId: s.companyId,
      message: `Shipment creations ${scope}: ${v.last} in the last hour against a mean of ${round1(v.mean)} per hour over the 24 h before (a ${direction}, z = ${round1(v.z)})`,
      evidence: {
        direction,
        lastHour: v.last,
        baselineMean: round1(v.mean),
        baselineStddev: round1(v.stddev),
        z: round1(v.z),
        baselineHours: 24,
        thresholdZ: t.volumeZ,
        minVolume: t.volumeMin,
      },
    });
  }
  return out;
}
