import { describe, expect, it } from 'vitest';
import { evaluateRules, type AlertFacts, type AlertThresholds } from './rules.js';

// Every expected value below is worked out by hand from the rules in docs/alerts.md.

const T: AlertThresholds = {
  windowMinutes: 5,
  errorRatePercent: 1,
  slowP95Ms: 1000,
  minRequests: 100,
  webhookFailurePercent: 5,
  webhookMinAttempts: 20,
  rateLimitRefusals: 60,
  authFailuresPerIp: 20,
  authFailuresPerKey: 10,
  dbSlowMs: 500,
};
const QUIET: AlertFacts = {
  requests: { requests: 0, errors: 0, p95Ms: null },
  routes: [],
  webhooks: { attempts: 0, failures: 0 },
  refusals: [],
  authFailures: [],
  workers: { live: 1, newestAgeSeconds: 2 },
  outboxes: [],
  openCircuits: [],
  dbProbeMs: 3,
  dbConnectionErrors: 0,
};
const run = (f: Partial<AlertFacts>, t: Partial<AlertThresholds> = {}) => evaluateRules({ ...QUIET, ...f }, { ...T, ...t });
const brief = (f: Partial<AlertFacts>, t?: Partial<AlertThresholds>) => run(f, t).map((c) => [c.kind, c.subject, c.severity]);

describe('evaluateRules', () => {
  it('says nothing for a quiet, healthy hub', () => {
    expect(run({})).toEqual([]);
  });

  it('error rate: strictly above 1 %, with at least 100 requests; critical from 5 %', () => {
    const cases: Array<[number, number, string | null]> = [
      [100, 1, null], // exactly 1 % is not above
      [100, 2, 'warning'], // 2 %
      [1000, 11, 'warning'], // 1.1 %
      [1000, 10, null], // 1.0 %
      [99, 50, null], // under the minimum sample
      [3, 1, null], // 1 error in 3 requests is not an alert
      [200, 9, 'warning'], // 4.5 %
      [200, 10, 'critical'], // 5 %
      [100, 100, 'critical'],
    ];
    for (const [requests, errors, severity] of cases) {
      const got = brief({ requests: { requests, errors, p95Ms: 10 } });
      expect(got, `${errors}/${requests}`).toEqual(severity ? [['alert.error_rate', 'system', severity]] : []);
    }
  });

  it('error rate evidence and message', () => {
    const [c] = run({ requests: { requests: 400, errors: 7, p95Ms: 10 } });
    expect(c).toEqual({
      kind: 'alert.error_rate',
      subject: 'system',
      severity: 'warning',
      companyId: null,
      message: '1.8 % of requests answered 5xx on all routes in the last 5 min (7 of 400)',
      evidence: { requests: 400, errors: 7, errorPercent: 1.8, windowMinutes: 5, thresholdPercent: 1, minRequests: 100 },
    });
  });

  it('error rate and latency per route, each with its own minimum sample', () => {
    const got = brief({
      requests: { requests: 1000, errors: 5, p95Ms: 200 }, // 0.5 %: system fine
      routes: [
        { route: 'POST /api/partner/shipments', requests: 150, errors: 3, p95Ms: 1500 }, // 2 %, slow
        { route: 'GET /v1/tracking/:awb', requests: 99, errors: 99, p95Ms: 9000 }, // under the minimum
        { route: 'GET /api/partner/me', requests: 100, errors: 1, p95Ms: 1000 }, // both exactly at the line
      ],
    });
    expect(got).toEqual([
      ['alert.error_rate', 'route:POST /api/partner/shipments', 'warning'],
      ['alert.slow_responses', 'route:POST /api/partner/shipments', 'warning'],
    ]);
  });

  it('slow responses: p95 strictly above 1 s with the minimum sample; critical from 5 s', () => {
    const cases: Array<[number, number | null, string | null]> = [
      [100, 1000, null], // exactly 1 s is not above
      [100, 1000.5, 'warning'],
      [100, 4999, 'warning'],
      [100, 5000, 'critical'],
      [99, 8000, null],
      [100, null, null],
    ];
    for (const [requests, p95Ms, severity] of cases) {
      const got = brief({ requests: { requests, errors: 0, p95Ms } });
      expect(got, `${p95Ms} ms over ${requests}`).toEqual(severity ? [['alert.slow_responses', 'system', severity]] : []);
    }
    expect(run({ requests: { requests: 120, errors: 0, p95Ms: 1234.56 } })[0]!.evidence).toEqual({
      requests: 120,
      p95Ms: 1234.6,
      windowMinutes: 5,
      thresholdMs: 1000,
      minRequests: 100,
    });
  });

  it('webhook failures: strictly above 5 % of at least 20 attempts; critical when half fail', () => {
    const cases: Array<[number, number, string | null]> = [
      [20, 1, null], // exactly 5 %
      [20, 2, 'warning'], // 10 %
      [19, 10, null], // under the minimum
      [100, 6, 'warning'],
      [40, 19, 'warning'], // 47.5 %
      [40, 20, 'critical'], // 50 %
    ];
    for (const [attempts, failures, severity] of cases) {
      expect(brief({ webhooks: { attempts, failures } }), `${failures}/${attempts}`).toEqual(
        severity ? [['alert.webhook_failure_rate', 'system', severity]] : [],
      );
    }
    expect(run({ webhooks: { attempts: 30, failures: 4 } })[0]!.message).toBe('13.3 % of webhook deliveries failed in the last 5 min (4 of 30)');
  });

  it('rate-limit abuse: at least the threshold per address or key; critical from 5 ×', () => {
    const got = run({
      refusals: [
        { scope: 'ip', value: '203.0.113.9', companyId: null, refusals: 59 },
        { scope: 'ip', value: '203.0.113.10', companyId: null, refusals: 60 },
        { scope: 'key', value: 'key_abc', companyId: 'cmp_1', refusals: 300 },
      ],
    });
    expect(got.map((c) => [c.subject, c.severity, c.companyId])).toEqual([
      ['ip:203.0.113.10', 'warning', null],
      ['key:key_abc', 'critical', 'cmp_1'],
    ]);
    expect(got[1]!.message).toBe('300 requests from API key key_abc refused by rate limits in the last 5 min');
    expect(got[1]!.evidence).toEqual({ scope: 'key', refusals: 300, windowMinutes: 5, threshold: 60 });
  });

  it('suspicious activity: failed auth bursts, 20 per address and 10 per key; critical from 5 ×', () => {
    const got = brief({
      authFailures: [
        { scope: 'ip', value: '198.51.100.1', companyId: null, failures: 19 },
        { scope: 'ip', value: '198.51.100.2', companyId: null, failures: 20 },
        { scope: 'ip', value: '198.51.100.3', companyId: null, failures: 100 },
        { scope: 'key', value: 'key_a', companyId: 'cmp_1', failures: 9 },
        { scope: 'key', value: 'key_b', companyId: 'cmp_1', failures: 10 },
        { scope: 'key', value: 'key_c', companyId: 'cmp_2', failures: 49 },
      ],
    });
    expect(got).toEqual([
      ['alert.suspicious_auth', 'ip:198.51.100.2', 'warning'],
      ['alert.suspicious_auth', 'ip:198.51.100.3', 'critical'],
      ['alert.suspicious_auth', 'key:key_b', 'warning'],
      ['alert.suspicious_auth', 'key:key_c', 'warning'],
    ]);
  });

  it('outages: no live worker, a stuck outbox, an open carrier circuit', () => {
    expect(run({ workers: { live: 0, newestAgeSeconds: 45.26 } })).toEqual([
      {
        kind: 'alert.workers_down',
        subject: 'workers',
        severity: 'critical',
        companyId: null,
        message: 'No live worker process: the last heartbeat is 45 s old; jobs, webhook deliveries and schedules wait',
        evidence: { liveWorkers: 0, newestHeartbeatAgeSeconds: 45.3 },
      },
    ]);
    expect(run({ workers: { live: 0, newestAgeSeconds: null } })[0]!.message).toBe(
      'No worker process is running: jobs, webhook deliveries and schedules wait',
    );
    expect(
      brief({
        outboxes: [
          { name: 'carrier-callbacks', waiting: 0, lagSeconds: 0, stuck: false },
          { name: 'webhook-messages', waiting: 12, lagSeconds: 300, stuck: true },
        ],
        openCircuits: [{ carrier: 'jne', processes: 2, openSeconds: 12 }],
      }),
    ).toEqual([
      ['alert.outbox_stuck', 'outbox:webhook-messages', 'warning'],
      ['alert.carrier_circuit_open', 'carrier:jne', 'warning'],
    ]);
  });

  it('database: the probe strictly slower than 500 ms (critical from 5 ×), or connection errors', () => {
    expect(brief({ dbProbeMs: 500 })).toEqual([]);
    expect(brief({ dbProbeMs: 501 })).toEqual([['alert.database_slow', 'database', 'warning']]);
    expect(brief({ dbProbeMs: 2500 })).toEqual([['alert.database_slow', 'database', 'critical']]);
    const [c] = run({ dbProbeMs: 4, dbConnectionErrors: 3 });
    expect(c!.severity).toBe('warning');
    expect(c!.message).toBe('Database trouble: 3 connection error(s) since the last evaluation');
    expect(c!.evidence).toEqual({ probeMs: 4, thresholdMs: 500, connectionErrors: 3 });
  });

  it('thresholds come from the configuration', () => {
    expect(brief({ requests: { requests: 10, errors: 1, p95Ms: 300 } }, { minRequests: 10, errorRatePercent: 5, slowP95Ms: 250 })).toEqual([
      ['alert.error_rate', 'system', 'warning'],
      ['alert.slow_responses', 'system', 'warning'],
    ]);
  });
});
