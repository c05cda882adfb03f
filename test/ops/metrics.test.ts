/**
 * `GET /metrics` on a whole hub (docs/metrics.md): requests are made, the endpoint is scraped, and
 * each counter is compared with the number of things the test did, in the exact label set.
 * One API hub (with the carrier simulator and METRICS_TOKEN) counts HTTP, carrier calls, the breaker,
 * callbacks, rate limits, a balance run and queue depths; a second hub (role all) delivers webhooks;
 * a worker process serves its metrics on METRICS_PORT.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { awbFor, call, callbackBody, createCarrierTestEnv, postCallback, type CarrierTestEnv } from '../helpers/carriers.js';
import { newPartner, newShipment, testIp, type TestPartner } from '../helpers/factories.js';
import { freshDatabase, type TestHub } from '../helpers/hub.js';
import { parsePrometheus, type Scrape } from '../helpers/prometheus.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';
import { addWebhook, createWebhookHub, pickedUp, until } from '../helpers/webhooks.js';

const TOKEN = 'metrics-token-for-tests-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };

let env: CarrierTestEnv;
let hub: TestHub;
let p: TestPartner;

beforeAll(async () => {
  env = await createCarrierTestEnv({ env: { METRICS_TOKEN: TOKEN } });
  hub = env.hub;
  p = await newPartner(env.app);
});
afterAll(() => env?.close());

async function scrape(h: TestHub = hub): Promise<Scrape> {
  const res = await h.app.inject({ method: 'GET', url: '/metrics', headers: auth });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
  return parsePrometheus(res.body);
}

describe('GET /metrics on the main port', () => {
  it('refuses a missing or wrong token with 401 METRICS_UNAUTHORIZED, and counts those refusals', async () => {
    const none = await hub.app.inject({ method: 'GET', url: '/metrics' });
    expect(none.statusCode).toBe(401);
    expect(none.json().code).toBe('METRICS_UNAUTHORIZED');
    expect(none.headers['www-authenticate']).toBe('Bearer');
    const wrong = await hub.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}x` } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('METRICS_UNAUTHORIZED');
    const basic = await hub.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Basic ${TOKEN}` } });
    expect(basic.statusCode).toBe(401);

    const m = await scrape();
    expect(m.value('fastforward_http_errors_total', { method: 'GET', route: '/metrics', status_class: '4xx', status: '401' })).toBe(3);
    expect(m.value('fastforward_http_requests_total', { method: 'GET', route: '/metrics', status_class: '4xx' })).toBe(3);
    // Process metrics come with it (collectDefaultMetrics on the hub's own registry).
    expect(m.types.get('fastforward_process_cpu_user_seconds_total')).toBe('counter');
    expect(m.types.get('fastforward_nodejs_eventloop_lag_seconds')).toBe('gauge');
  });

  it('counts requests by route pattern and status class: 3 tracking requests and 1 unknown route', async () => {
    const s = await newShipment(env.app, p);
    for (let i = 0; i < 3; i++) {
      const res = await env.app.inject({ method: 'GET', url: `/api/partner/tracking/${s.trackingNumber}`, headers: p.headers });
      expect(res.statusCode, res.body).toBe(200);
    }
    const lost = await env.app.inject({ method: 'GET', url: `/api/partner/nowhere/${s.id}` });
    expect(lost.statusCode).toBe(404);

    const m = await scrape();
    const route = '/api/partner/tracking/:trackingNumber';
    expect(m.value('fastforward_http_requests_total', { method: 'GET', route, status_class: '2xx' })).toBe(3);
    expect(m.value('fastforward_http_request_duration_seconds_count', { route, method: 'GET' })).toBe(3);
    expect(m.value('fastforward_http_request_duration_seconds_bucket', { route, method: 'GET', le: '+Inf' })).toBe(3);
    expect(m.value('fastforward_http_requests_total', { method: 'POST', route: '/api/partner/shipments', status_class: '2xx' })).toBe(1);
    expect(m.find('fastforward_http_errors_total', { route })).toEqual([]);
    // No raw URL, no id: the unknown path is one "unmatched" series.
    expect(m.value('fastforward_http_requests_total', { method: 'GET', route: 'unmatched', status_class: '4xx' })).toBe(1);
    expect(m.value('fastforward_http_errors_total', { method: 'GET', route: 'unmatched', status_class: '4xx', status: '404' })).toBe(1);
    expect(m.samples.some((x) => Object.values(x.labels).some((v) => v.includes(s.id) || v.includes(s.trackingNumber)))).toBe(false);
  });

  it('answers 404 METRICS_NOT_EXPOSED on a hub without METRICS_TOKEN, a token or not', async () => {
    const config = { ...hub.config, metrics: { ...hub.config.metrics, token: undefined } };
    const bare = await buildApp({ ...hub.deps, config }, hub.services);
    try {
      for (const headers of [{}, auth]) {
        const res = await bare.inject({ method: 'GET', url: '/metrics', headers });
        expect(res.statusCode).toBe(404);
        expect(res.json().code).toBe('METRICS_NOT_EXPOSED');
      }
    } finally {
      await bare.close();
    }
  });

  it('is in the OpenAPI document: text/plain, with its own bearer scheme', async () => {
    const spec = (await hub.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const op = spec.paths['/metrics'].get;
    expect(Object.keys(op.responses['200'].content)).toEqual(['text/plain']);
    expect(op.security).toEqual([{ metricsToken: [] }]);
    expect(spec.components.securitySchemes.metricsToken).toMatchObject({ type: 'http', scheme: 'bearer' });
  });
});

describe('carrier calls', () => {
  it('count attempts, time them, count failed calls by code, and start with every circuit closed', async () => {
    const before = await scrape();
    for (const c of ['jne', 'sicepat', 'jnt', 'idexpress', 'sap']) expect(before.value('fastforward_carrier_circuit_state', { carrier: c })).toBe(0);

    expect((await call(env.app, { method: 'GET', url: `/v1/tracking/${awbFor('jnt', 'delivered')}`, headers: p.headers })).statusCode).toBe(200);
    // 503 from the carrier: the first attempt and its one retry (CARRIER_RETRIES=1), then CARRIER_UNAVAILABLE.
    const failed = await call(env.app, { method: 'GET', url: `/v1/tracking/${awbFor('idexpress', 'error')}`, headers: p.headers }, [502]);
    expect(failed.json().code).toBe('CARRIER_UNAVAILABLE');

    const m = await scrape();
    expect(m.value('fastforward_carrier_requests_total', { carrier: 'jnt', outcome: '2xx' })).toBe(1);
    expect(m.value('fastforward_carrier_request_duration_seconds_count', { carrier: 'jnt' })).toBe(1);
    expect(m.find('fastforward_carrier_errors_total', { carrier: 'jnt' })).toEqual([]);
    expect(m.value('fastforward_carrier_requests_total', { carrier: 'idexpress', outcome: '5xx' })).toBe(2);
    expect(m.value('fastforward_carrier_request_duration_seconds_count', { carrier: 'idexpress' })).toBe(2);
    expect(m.value('fastforward_carrier_errors_total', { carrier: 'idexpress', code: 'CARRIER_UNAVAILABLE' })).toBe(1);
  });

  it('the circuit gauge reads 2 once a failing carrier trips its breaker', async () => {
    let calls = 0;
    for (let open = false; !open && calls < 12; calls++) {
      const res = await call(env.app, { method: 'GET', url: `/v1/tracking/${awbFor('sap', 'error')}`, headers: p.headers }, [502, 503]);
      open = res.statusCode === 503;
    }
    const m = await scrape();
    expect(m.value('fastforward_carrier_circuit_state', { carrier: 'sap' })).toBe(2);
    expect(m.value('fastforward_carrier_errors_total', { carrier: 'sap', code: 'CARRIER_CIRCUIT_OPEN' })).toBe(1);
    expect(m.value('fastforward_carrier_errors_total', { carrier: 'sap', code: 'CARRIER_UNAVAILABLE' })).toBe(calls - 1);
    expect(m.value('fastforward_carrier_circuit_state', { carrier: 'jnt' })).toBe(0);
  });
});

describe('carrier callbacks', () => {
  it('counts received, duplicate and rejected callbacks', async () => {
    const body = callbackBody(awbFor('jne', 'delivered'));
    expect((await postCallback(env.app, body, { remoteAddress: testIp() })).statusCode).toBe(200);
    expect((await postCallback(env.app, body, { remoteAddress: testIp() })).statusCode).toBe(200);
    expect((await postCallback(env.app, body, { token: 'wrong-token-wrong-token', remoteAddress: testIp() })).statusCode).toBe(401);
    expect((await postCallback(env.app, '{"not":"jne"}', { remoteAddress: testIp() })).statusCode).toBe(400);

    const m = await scrape();
    expect(m.value('fastforward_carrier_callbacks_total', { carrier: 'jne', outcome: 'received' })).toBe(1);
    expect(m.value('fastforward_carrier_callbacks_total', { carrier: 'jne', outcome: 'duplicate' })).toBe(1);
    expect(m.value('fastforward_carrier_callbacks_total', { carrier: 'jne', outcome: 'rejected' })).toBe(2);
  });
});

describe('rate limits', () => {
  it('counts each 429 under its policy (the tier for company budgets)', async () => {
    const starter = await newPartner(env.app, { tier: 'starter' });
    let refused = 0;
    for (let i = 0; i < 62; i++) {
      const res = await env.app.inject({ method: 'GET', url: '/api/partner/me', headers: starter.headers });
      if (res.statusCode === 429) refused++;
      else expect(res.statusCode).toBe(200);
    }
    // 60 a minute: two of the 62 are refused (a minute boundary in the middle would let more through).
    expect(refused).toBeGreaterThan(0);
    const m = await scrape();
    expect(m.value('fastforward_rate_limit_rejections_total', { policy: 'starter' })).toBe(refused);
    expect(m.value('fastforward_http_errors_total', { method: 'GET', route: '/api/partner/me', status_class: '4xx', status: '429' })).toBe(refused);
  });
});

describe('balance runs', () => {
  it('counts and times a run by action, trigger and outcome', async () => {
    await hub.services.balance.run({ action: 'distribute', dryRun: true, trigger: 'admin' });
    const m = await scrape();
    expect(m.value('fastforward_balance_runs_total', { action: 'distribute', trigger: 'admin', outcome: 'completed' })).toBe(1);
    expect(m.value('fastforward_balance_run_duration_seconds_count', { action: 'distribute' })).toBe(1);
  });
});

describe('queue depths', () => {
  it('read every pg-boss queue at scrape time (0 when empty), from the cached outbox verdict', async () => {
    // No worker in an API hub: jobs stay queued.
    await hub.deps.jobs.sendMany('reports.sweep', [{}, {}, {}] as never);
    await hub.services.outboxes.check(); // refreshes the verdict the scrape reads (it is cached for 5 s)
    const m = await scrape();
    expect(m.value('fastforward_job_queue_depth', { queue: 'reports.sweep' })).toBe(3);
    expect(m.value('fastforward_job_queue_depth', { queue: 'balance.distribute' })).toBe(0);
    expect(
      m
        .find('fastforward_job_queue_depth')
        .map((s) => s.labels.queue)
        .sort(),
    ).toEqual([...hub.deps.jobs.queues].sort());
    expect(m.value('fastforward_webhook_queue_depth')).toBe(0);
  });
});

describe('webhook deliveries (a hub with workers)', () => {
  let wh: TestHub;
  let receiver: Receiver;
  beforeAll(async () => {
    // The first attempt fails with 500, the retry is delivered.
    receiver = await startReceiver((_r, seen) => (seen === 0 ? { status: 500, body: 'no' } : { status: 200, body: 'ok' }));
    wh = await createWebhookHub({ METRICS_TOKEN: TOKEN });
  });
  afterAll(async () => {
    await wh?.close();
    await receiver?.close();
  });

  it('count attempts by outcome and time those that reached the receiver', async () => {
    const [creator, carrier] = await Promise.all([newPartner(wh.app), newPartner(wh.app)]);
    await addWebhook(wh.app, creator, receiver.url);
    await pickedUp(wh, creator, carrier);
    const m = await until(async () => {
      const s = await scrape(wh);
      return s.value('fastforward_webhook_deliveries_total', { outcome: 'delivered' }) === 1 ? s : null;
    }, 'the webhook delivered');
    expect(m.value('fastforward_webhook_deliveries_total', { outcome: 'retrying' })).toBe(1);
    expect(m.value('fastforward_webhook_deliveries_total', { outcome: 'failed' })).toBeUndefined();
    expect(m.value('fastforward_webhook_delivery_duration_seconds_count')).toBe(2);
  });
});

describe('METRICS_PORT: the internal listener of a worker process', () => {
  let child: ChildProcess | undefined;
  let tmp: string;
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('serves /metrics without a token, and nothing else', async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-metrics-'));
    const url = await freshDatabase(tmp);
    const port = await freePort();
    child = spawn(process.execPath, ['--import', 'tsx', path.resolve('test/reliability/role-process.ts')], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        HUB_ROLE: 'worker',
        DATA_DIR: tmp,
        JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
        METRICS_PORT: String(port),
        ...(url ? { DATABASE_URL: url } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`worker not ready:\n${out}`)), 60_000);
      const onData = (d: Buffer) => {
        out += d;
        if (/^ready 0$/m.test(out)) {
          clearTimeout(t);
          resolve();
        }
      };
      child!.stdout!.on('data', onData);
      child!.stderr!.on('data', onData);
      child!.once('exit', (code) => reject(new Error(`worker exited (${code}):\n${out}`)));
    });
    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const m = parsePrometheus(await res.text());
    expect(m.value('fastforward_job_queue_depth', { queue: 'mail.send' })).toBe(0);
    expect(m.types.get('fastforward_http_requests_total')).toBe('counter');
    const other = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(other.status).toBe(404);
    expect(((await other.json()) as { code: string }).code).toBe('ROUTE_NOT_FOUND');
  });
});

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}
