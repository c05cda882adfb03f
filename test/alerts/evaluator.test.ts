import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningSecret } from '../../src/modules/webhooks/signing.js';
import { adminHeaders } from '../helpers/factories.js';
import { createTestHub, type TestHub } from '../helpers/hub.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';

/**
 * The alert evaluator end to end (docs/alerts.md): request rows queued on the hub's API log (which writes
 * them with their per-second rollups, what the rules read), an
 * evaluation opens an alert once, later ones keep it open, one past the window resolves it; every
 * opened and resolved alert reaches the receiver signed (Standard Webhooks) in a Slack-compatible body;
 * the admin API lists, filters, shows and acknowledges them.
 */

let hub: TestHub;
let rx: Receiver;
let admin: { authorization: string };
const secret = generateSigningSecret();
const NOW = new Date();
const MIN = 60_000;

const q = <T = any>(text: string, values: unknown[] = []) => hub.deps.database.pool.query(text, values).then((r) => r.rows as T[]);
/** The evaluation at `at`, with a fast probe (a loaded test machine must not add a database alert). */
const evaluate = (at: Date) => hub.services.alerts.evaluate({ now: at, dbProbeMs: 1 });
const alertRows = () =>
  q<{ id: string; kind: string; subject: string; severity: string; resolved_at: Date | null; last_seen_at: Date }>(
    `select id, kind, subject, severity, resolved_at, last_seen_at from admin_alerts where kind like 'alert.%' order by id`,
  );
const adminGet = async (url: string) => {
  const res = await hub.app.inject({ method: 'GET', url, headers: admin });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

/** `n` requests of one route at `at`, the first `errors` of them answered 500, each taking `ms`, through the hub's API log. */
async function requests(route: string, n: number, errors: number, ms: number, at: Date) {
  for (let i = 1; i <= n; i++)
    hub.app.apiLog.push({
      at,
      kind: 'request',
      ip: '192.0.2.1',
      apiKeyId: null,
      companyId: null,
      outcome: i <= errors ? 'INTERNAL_ERROR' : 'success',
      statusCode: i <= errors ? 500 : 200,
      userAgent: null,
      method: 'GET',
      route,
      durationMs: ms,
      requestId: null,
    });
  await hub.app.apiLog.flush();
  expect(hub.app.apiLog.pending).toBe(0);
}

beforeAll(async () => {
  rx = await startReceiver();
  hub = await createTestHub({
    role: 'all',
    env: {
      ALERT_WEBHOOK_URL: `${rx.url}/slack`,
      ALERT_WEBHOOK_SECRET: secret,
      ALERT_MIN_REQUESTS: '20',
      // The test evaluates by hand: the ticking evaluator of this process never gets the turn.
      ALERT_EVALUATE_SECONDS: '3600',
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      // SiCepat points at a closed port: its breaker opens after a few refused connections.
      CARRIER_SICEPAT_BASE_URL: 'http://127.0.0.1:9',
      CARRIER_SICEPAT_API_KEY: 'test-key',
      CARRIER_RETRIES: '0',
    },
  });
  await q(`insert into alert_evaluator (id, last_run_at) values (1, now()) on conflict (id) do update set last_run_at = now()`);
  admin = await adminHeaders(hub);
});
afterAll(async () => {
  await hub?.close();
  await rx?.close();
});

describe('alert evaluator', () => {
  it('opens an alert once, keeps it open while the condition holds, resolves it when the window has moved past', async () => {
    // 40 requests, 2 of them 500 (5 %: critical), slow p95 on one route; 30 healthy requests elsewhere.
    await requests('/api/partner/shipments', 40, 2, 1500, new Date(NOW.getTime() - MIN));
    await requests('/api/partner/me', 30, 0, 5, new Date(NOW.getTime() - MIN));

    const first = await evaluate(NOW);
    const mine = first.detected.filter((c) => c.kind !== 'alert.outbox_stuck' && c.kind !== 'alert.workers_down');
    expect(mine.map((c) => [c.kind, c.subject, c.severity])).toEqual([
      ['alert.error_rate', 'system', 'warning'], // 2 of 70 = 2.9 %
      ['alert.error_rate', 'route:GET /api/partner/shipments', 'critical'], // 2 of 40 = 5 %
      ['alert.slow_responses', 'system', 'warning'], // p95 of 70, 40 of them at 1500 ms
      ['alert.slow_responses', 'route:GET /api/partner/shipments', 'warning'], // p95 1500 ms
    ]);
    expect(mine.find((c) => c.subject === 'system' && c.kind === 'alert.error_rate')!.evidence).toEqual({
      requests: 70,
      errors: 2,
      errorPercent: 2.9,
      windowMinutes: 5,
      thresholdPercent: 1,
      minRequests: 20,
    });
    const opened = await alertRows();
    expect(opened).toHaveLength(first.opened);
    expect(opened.every((a) => a.resolved_at === null)).toBe(true);

    // Two more evaluations within the window: no new row, last seen moves.
    const second = await evaluate(new Date(NOW.getTime() + MIN));
    expect(second.opened).toBe(0);
    expect(second.stillOpen).toBe(first.opened);
    await evaluate(new Date(NOW.getTime() + 2 * MIN));
    const still = await alertRows();
    expect(still.map((a) => a.id)).toEqual(opened.map((a) => a.id));
    expect(still.every((a) => a.last_seen_at.getTime() === NOW.getTime() + 2 * MIN)).toBe(true);

    // 10 minutes on, the requests have left the 5-minute window: everything resolves.
    const later = await evaluate(new Date(NOW.getTime() + 10 * MIN));
    expect(later.resolved).toBe(first.opened);
    expect((await alertRows()).every((a) => a.resolved_at?.getTime() === NOW.getTime() + 10 * MIN)).toBe(true);
  });

  it('posts each opened and resolved alert, signed, in a Slack-compatible body', async () => {
    const rows = await alertRows();
    await rx.waitFor((all) => all.length >= 2 * rows.length, 20_000, 'alert posts');
    const wh = new Webhook(secret);
    const bodies = rx.received.map((r) => {
      expect(r.path).toMatch(/\/slack$/);
      expect(() => wh.verify(r.body, r.headers as Record<string, string>)).not.toThrow();
      return { id: r.id, event: r.headers['x-webhook-event'], body: JSON.parse(r.body) };
    });
    const route = rows.find((a) => a.kind === 'alert.error_rate' && a.subject === 'route:GET /api/partner/shipments')!;
    const open = bodies.find((b) => b.id === `alert_${route.id}_opened`)!;
    expect(open.event).toBe('alert.opened');
    expect(open.body.text).toBe(
      ':red_circle: Opened [critical] alert.error_rate (route:GET /api/partner/shipments): 5 % of requests answered 5xx on GET /api/partner/shipments in the last 5 min (2 of 40)',
    );
    expect(open.body.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Opened: alert.error_rate (critical)' } });
    expect(open.body.attachments).toEqual([{ color: '#d0021b', fallback: open.body.text }]);
    const resolved = bodies.find((b) => b.id === `alert_${route.id}_resolved`)!;
    expect(resolved.event).toBe('alert.resolved');
    expect(resolved.body.text.startsWith(':white_check_mark: Resolved [critical] alert.error_rate')).toBe(true);
  });

  it('reads open carrier circuits published by live processes', async () => {
    await q(`insert into carrier_circuits (process_id, carrier, state, opened_at) values ('h:1:a', 'jne', 'open', now() - interval '20 seconds')`);
    await q(
      `insert into carrier_circuits (process_id, carrier, state, opened_at, seen_at) values ('h:2:b', 'sicepat', 'open', now(), now() - interval '5 minutes')`,
    );
    // Later clocks from here on: the first test's requests have left the window.
    const r = await evaluate(new Date(NOW.getTime() + 30 * MIN));
    const circuits = r.detected.filter((c) => c.kind === 'alert.carrier_circuit_open');
    expect(circuits.map((c) => c.subject)).toEqual(['carrier:jne']); // sicepat's process stopped publishing
    await q(`delete from carrier_circuits`);
    await evaluate(new Date(NOW.getTime() + 31 * MIN));
    expect((await q(`select resolved_at from admin_alerts where kind = 'alert.carrier_circuit_open'`))[0].resolved_at).not.toBeNull();
  });

  it('records a database outage once it is back, once across processes', async () => {
    const from = new Date(Date.now() - 90_000);
    const to = new Date(Date.now() - 30_000);
    const row = await hub.services.alerts.recordOutage(from, to, 'connection refused');
    expect(row).toMatchObject({ kind: 'alert.database_unavailable', subject: 'database', severity: 'critical' });
    // Another process saw the same outage, a little later: not recorded twice.
    expect(await hub.services.alerts.recordOutage(new Date(from.getTime() + 5000), new Date(to.getTime() + 2000))).toBeNull();
    const [stored] = await q(`select created_at, resolved_at, details from admin_alerts where kind = 'alert.database_unavailable'`);
    expect(stored.created_at.getTime()).toBe(from.getTime());
    expect(stored.resolved_at.getTime()).toBe(to.getTime());
    expect(stored.details).toMatchObject({ seconds: 60, error: 'connection refused' });
    await rx.waitFor((all) => all.some((r) => r.id === `alert_${row!.id}_resolved`), 20_000, 'the outage post');
  });

  it('admin API: open first then newest, filters by kind, severity and status, one alert with its evidence, acknowledge', async () => {
    const at = new Date(NOW.getTime() + 60 * MIN);
    await requests('/api/partner/tracking', 25, 25, 5, new Date(at.getTime() - MIN));
    await evaluate(at);
    const all = await adminGet('/api/admin/alerts?kind=alert.*&limit=100');
    const open = (a: any) => a.acknowledgedAt === null && a.resolvedAt === null;
    const firstClosed = all.data.findIndex((a: any) => !open(a));
    expect(firstClosed).toBeGreaterThan(0);
    expect(all.data.slice(firstClosed).every((a: any) => !open(a))).toBe(true);
    for (const part of [all.data.slice(0, firstClosed), all.data.slice(firstClosed)]) {
      const times = part.map((a: any) => Date.parse(a.createdAt));
      expect(times).toEqual([...times].sort((a, b) => b - a)); // newest first within each part
    }

    const critical = await adminGet('/api/admin/alerts?kind=alert.error_rate&severity=critical&status=open');
    expect(critical.data.map((a: any) => a.subject).sort()).toEqual(['route:GET /api/partner/tracking', 'system']);
    const resolved = await adminGet('/api/admin/alerts?kind=alert.*&status=resolved&limit=100');
    expect(resolved.data.length).toBeGreaterThanOrEqual(5);
    expect(resolved.data.every((a: any) => a.resolvedAt !== null)).toBe(true);

    const id = critical.data.find((a: any) => a.subject === 'system').id;
    const one = await adminGet(`/api/admin/alerts/${id}`);
    expect(one.details).toMatchObject({ requests: 25, errors: 25, errorPercent: 100, thresholdPercent: 1 });
    const ack = await hub.app.inject({ method: 'POST', url: `/api/admin/alerts/${id}/acknowledge`, headers: admin });
    expect(ack.statusCode).toBe(200);
    const acked = await adminGet('/api/admin/alerts?kind=alert.error_rate&status=acknowledged');
    expect(acked.data.map((a: any) => a.id)).toEqual([id]);
    // Acknowledged, it stays unresolved while the condition holds: the next evaluation refreshes it.
    const again = await evaluate(new Date(at.getTime() + MIN));
    expect(again.opened).toBe(0);
    const missing = await hub.app.inject({ method: 'GET', url: '/api/admin/alerts/99999999', headers: admin });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('ALERT_NOT_FOUND');
  });

  it('one evaluation per interval cluster-wide: a tick evaluates only when it takes the turn', async () => {
    await q(`update alert_evaluator set last_run_at = now() - interval '2 hours'`);
    const [a, b] = await Promise.all([hub.services.alerts.tick(), hub.services.alerts.tick()]);
    expect([a, b].filter((r) => r !== null)).toHaveLength(1);
    expect(await hub.services.alerts.tick()).toBeNull();
  });

  it('a process publishes its breakers that are not closed at each tick, and removes them when they close', async () => {
    const { registry } = hub.services.carriers;
    for (let i = 0; i < 6; i++)
      await registry
        .get('sicepat')
        .track('001234567890')
        .catch(() => {});
    expect(registry.circuits().map((c) => [c.carrier, c.state])).toEqual([['sicepat', 'open']]);
    await q(`update alert_evaluator set last_run_at = now()`); // the tick only publishes
    expect(await hub.services.alerts.tick()).toBeNull();
    expect(await q(`select carrier, state from carrier_circuits`)).toEqual([{ carrier: 'sicepat', state: 'open' }]);
  });

  it("the balance engine's anomalies are posted the same way when they open", async () => {
    // A burst of failed partner logins from one address, above ANOMALY_AUTH_FAILURES_PER_IP.
    const threshold = hub.config.anomalies.authFailuresPerIp;
    // A second ago: the window ends at the JS clock's millisecond, and now() (microseconds) may lie just past it.
    await q(
      `insert into api_logs (kind, ip, outcome, status_code, created_at)
       select 'partner_auth', '198.51.100.77', 'invalid_credentials', 401, now() - interval '1 second' from generate_series(1, $1) as i`,
      [threshold],
    );
    const report = await hub.services.anomalies.detect({ dryRun: false });
    expect(report.detected.some((a) => a.kind === 'anomaly.auth_failure_burst' && a.subject === 'ip:198.51.100.77')).toBe(true);
    const [row] = await q<{ id: number }>(`select id from admin_alerts where kind = 'anomaly.auth_failure_burst' and subject = 'ip:198.51.100.77'`);
    await rx.waitFor((all) => all.some((r) => r.id === `alert_${row!.id}_opened`), 20_000, 'anomaly post');
    const post = rx.received.find((r) => r.id === `alert_${row!.id}_opened`)!;
    expect(() => new Webhook(secret).verify(post.body, post.headers as Record<string, string>)).not.toThrow();
    expect(JSON.parse(post.body).text).toContain(`${threshold} failed authentications from address 198.51.100.77`);
  });
});
