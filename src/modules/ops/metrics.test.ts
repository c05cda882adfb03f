/**
 * The metrics object on its own (an in-memory registry, no server): what each recording call adds,
 * in which label set, and that a disabled one records nothing. Expected values are counted by hand.
 */
import { describe, expect, it } from 'vitest';
import { AppError, appError } from '../../errors.js';
import { createMetrics } from './metrics.js';
import { bearerMatches } from './metrics.routes.js';
import { createHash } from 'node:crypto';

async function value(m: ReturnType<typeof createMetrics>, name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  const metric = m.registry.getSingleMetric(name);
  if (!metric) return undefined;
  const got = await metric.get();
  const same = (l: Record<string, unknown>) =>
    Object.keys(l).length === Object.keys(labels).length && Object.entries(labels).every(([k, v]) => l[k] === v);
  return got.values.find((v) => (v as { metricName?: string }).metricName === undefined && same(v.labels))?.value;
}

describe('HTTP', () => {
  it('counts each answer by status class, errors also by status, and times it', async () => {
    const m = createMetrics({ enabled: true });
    m.http('GET', '/api/partner/me', 200, 0.004);
    m.http('GET', '/api/partner/me', 204, 0.02);
    m.http('GET', '/api/partner/me', 429, 0.001);
    m.http('POST', 'unmatched', 404, 0.001);
    m.http('GET', '/api/partner/me', 503, 2);
    expect(await value(m, 'fastforward_http_requests_total', { method: 'GET', route: '/api/partner/me', status_class: '2xx' })).toBe(2);
    expect(await value(m, 'fastforward_http_requests_total', { method: 'GET', route: '/api/partner/me', status_class: '4xx' })).toBe(1);
    expect(await value(m, 'fastforward_http_requests_total', { method: 'GET', route: '/api/partner/me', status_class: '5xx' })).toBe(1);
    expect(await value(m, 'fastforward_http_errors_total', { method: 'GET', route: '/api/partner/me', status_class: '4xx', status: '429' })).toBe(1);
    expect(await value(m, 'fastforward_http_errors_total', { method: 'GET', route: '/api/partner/me', status_class: '5xx', status: '503' })).toBe(1);
    expect(await value(m, 'fastforward_http_errors_total', { method: 'POST', route: 'unmatched', status_class: '4xx', status: '404' })).toBe(1);
    const text = await m.scrape();
    // 0.004 and 0.02 and 0.001 are ≤ 0.025; 2 is not.
    expect(text).toContain('fastforward_http_request_duration_seconds_bucket{le="0.025",route="/api/partner/me",method="GET"} 3\n');
    expect(text).toContain('fastforward_http_request_duration_seconds_count{route="/api/partner/me",method="GET"} 4\n');
  });
});

describe('seams', () => {
  it('refusals: counted per policy, then passed on', async () => {
    const m = createMetrics({ enabled: true });
    const seen: string[] = [];
    const sink = m.refusals({ refused: (r: { policy: string; ip: string }) => seen.push(r.ip) });
    sink.refused({ policy: 'starter', ip: '10.0.0.1' });
    sink.refused({ policy: 'starter', ip: '10.0.0.2' });
    sink.refused({ policy: 'auth', ip: '10.0.0.3' });
    expect(seen).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3']);
    expect(await value(m, 'fastforward_rate_limit_rejections_total', { policy: 'starter' })).toBe(2);
    expect(await value(m, 'fastforward_rate_limit_rejections_total', { policy: 'auth' })).toBe(1);
  });

  it('callbacks: received, duplicate, rejected (4xx), error (anything else), and the error is rethrown', async () => {
    const m = createMetrics({ enabled: true });
    const answers: Array<() => Promise<{ duplicate: boolean }>> = [
      async () => ({ duplicate: false }),
      async () => ({ duplicate: true }),
      async () => Promise.reject(appError('CALLBACK_UNAUTHORIZED')),
      async () => Promise.reject(new Error('connection terminated')),
    ];
    const svc = m.callbacks('jne', { receive: (i: number) => answers[i]!(), other: 1 });
    expect(svc.other).toBe(1);
    await svc.receive(0);
    await svc.receive(1);
    await expect(svc.receive(2)).rejects.toBeInstanceOf(AppError);
    await expect(svc.receive(3)).rejects.toThrow('connection terminated');
    for (const outcome of ['received', 'duplicate', 'rejected', 'error'])
      expect(await value(m, 'fastforward_carrier_callbacks_total', { carrier: 'jne', outcome })).toBe(1);
  });

  it('balance: completed, skipped (null), conflict (run lock held) and failed; only real runs are timed', async () => {
    const m = createMetrics({ enabled: true });
    const results: Array<() => Promise<unknown>> = [
      async () => ({ ok: true }),
      async () => null,
      async () => Promise.reject(appError('BALANCE_RUN_IN_PROGRESS')),
      async () => Promise.reject(new Error('boom')),
    ];
    let i = 0;
    const svc = m.balance({ run: (_req: { action: string; trigger: string }) => results[i++]!() });
    await svc.run({ action: 'all', trigger: 'admin' });
    await svc.run({ action: 'distribute', trigger: 'schedule' });
    await expect(svc.run({ action: 'all', trigger: 'admin' })).rejects.toBeInstanceOf(AppError);
    await expect(svc.run({ action: 'pricing', trigger: 'admin' })).rejects.toThrow('boom');
    expect(await value(m, 'fastforward_balance_runs_total', { action: 'all', trigger: 'admin', outcome: 'completed' })).toBe(1);
    expect(await value(m, 'fastforward_balance_runs_total', { action: 'distribute', trigger: 'schedule', outcome: 'skipped' })).toBe(1);
    expect(await value(m, 'fastforward_balance_runs_total', { action: 'all', trigger: 'admin', outcome: 'conflict' })).toBe(1);
    expect(await value(m, 'fastforward_balance_runs_total', { action: 'pricing', trigger: 'admin', outcome: 'failed' })).toBe(1);
    const text = await m.scrape();
    expect(text).toContain('fastforward_balance_run_duration_seconds_count{action="all"} 1\n');
    expect(text).toContain('fastforward_balance_run_duration_seconds_count{action="pricing"} 1\n');
    expect(text).not.toContain('fastforward_balance_run_duration_seconds_count{action="distribute"}');
  });

  it('carriers: attempts by outcome, failures by code, circuit 0 / 1 / 2', async () => {
    const m = createMetrics({ enabled: true });
    m.carriers.attempt('jne', 0.1, '2xx');
    m.carriers.attempt('jne', 0.2, 'timeout');
    m.carriers.failure('jne', 'CARRIER_TIMEOUT');
    m.carriers.breaker('jne', 'closed');
    expect(await value(m, 'fastforward_carrier_circuit_state', { carrier: 'jne' })).toBe(0);
    m.carriers.breaker('jne', 'open');
    expect(await value(m, 'fastforward_carrier_circuit_state', { carrier: 'jne' })).toBe(2);
    m.carriers.breaker('jne', 'half_open');
    expect(await value(m, 'fastforward_carrier_circuit_state', { carrier: 'jne' })).toBe(1);
    expect(await value(m, 'fastforward_carrier_requests_total', { carrier: 'jne', outcome: '2xx' })).toBe(1);
    expect(await value(m, 'fastforward_carrier_requests_total', { carrier: 'jne', outcome: 'timeout' })).toBe(1);
    expect(await value(m, 'fastforward_carrier_errors_total', { carrier: 'jne', code: 'CARRIER_TIMEOUT' })).toBe(1);
  });

  it('webhooks: attempts by outcome; only those that reached the network are timed', async () => {
    const m = createMetrics({ enabled: true });
    m.webhookAttempt('delivered', 0.05);
    m.webhookAttempt('retrying', 1.5);
    m.webhookAttempt('skipped', null);
    expect(await value(m, 'fastforward_webhook_deliveries_total', { outcome: 'delivered' })).toBe(1);
    expect(await value(m, 'fastforward_webhook_deliveries_total', { outcome: 'skipped' })).toBe(1);
    expect(await m.scrape()).toContain('fastforward_webhook_delivery_duration_seconds_count 2\n');
  });
});

describe('queue depths', () => {
  it('read once per scrape; every pg-boss queue listed, 0 when empty; the last values kept when the read fails', async () => {
    const m = createMetrics({ enabled: true });
    let reads = 0;
    let fail = false;
    m.readQueueDepthsFrom(async () => {
      reads++;
      if (fail) throw new Error('database away');
      return {
        outboxes: [
          { name: 'webhook-messages', waiting: 7 },
          { name: 'jobs:mail.send', waiting: 2 },
        ],
      };
    }, ['mail.send', 'reports.export']);
    const text = await m.scrape();
    expect(text).toContain('fastforward_webhook_queue_depth 7\n');
    expect(text).toContain('fastforward_carrier_callback_queue_depth 0\n');
    expect(text).toContain('fastforward_job_queue_depth{queue="mail.send"} 2\n');
    expect(text).toContain('fastforward_job_queue_depth{queue="reports.export"} 0\n');
    // One read per scrape for the three families (and the outbox monitor's cache makes that one query per few seconds).
    expect(reads).toBe(1);
    fail = true;
    expect(await m.scrape()).toContain('fastforward_webhook_queue_depth 7\n');
  });
});

describe('METRICS_ENABLED=false', () => {
  it('registers and records nothing; the wrappers hand back the service itself', async () => {
    const m = createMetrics({ enabled: false });
    m.http('GET', '/x', 200, 0.1);
    m.carriers.attempt('jne', 0.1, '2xx');
    m.webhookAttempt('delivered', 0.1);
    const svc = { run: async () => null };
    expect(m.balance(svc)).toBe(svc);
    expect((await m.scrape()).trim()).toBe('');
    expect(m.registry.getMetricsAsArray()).toEqual([]);
  });
});

describe('bearerMatches', () => {
  const digest = createHash('sha256').update('the-token-0123456789').digest();
  it.each([
    ['Bearer the-token-0123456789', true],
    ['bearer the-token-0123456789', true],
    ['Bearer  the-token-0123456789 ', true],
    ['Bearer the-token-012345678', false],
    ['Bearer the-token-0123456789x', false],
    ['Basic the-token-0123456789', false],
    ['the-token-0123456789', false],
    ['Bearer ', false],
    ['', false],
  ])('%j → %s', (header, ok) => {
    expect(bearerMatches(header, digest)).toBe(ok);
  });
  it('no header → false', () => expect(bearerMatches(undefined, digest)).toBe(false));
});
