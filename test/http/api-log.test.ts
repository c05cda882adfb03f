/**
 * The API log's writing side: every request of the partner API, the gateway (/v1, /v2), carrier
 * callbacks and the admin API is one `api_logs` row of kind `request` with its route pattern, status,
 * outcome, company and key; probes, docs and unmatched URLs are not kept; rows go in one insert per
 * batch; closing the app writes everything still queued. Against the carrier simulator (gateway, CMS).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiLogWriter } from '../../src/modules/auth/api-log.hooks.js';
import { awbFor, CALLBACK_SECRET, callbackBody, createCarrierTestEnv, newCourierShipment, type CarrierTestEnv } from '../helpers/carriers.js';
import { adminHeaders, newPartner, newShipment, shipmentBody, type TestPartner } from '../helpers/factories.js';
import { createTestHub } from '../helpers/hub.js';

let env: CarrierTestEnv;
let p: TestPartner;
let admin: { authorization: string };
const uid = () => randomBytes(5).toString('hex');

beforeAll(async () => {
  env = await createCarrierTestEnv();
  p = await newPartner(env.app);
  admin = await adminHeaders(env.hub);
});
afterAll(() => env?.close());

interface LogRow {
  kind: string;
  method: string | null;
  route: string | null;
  status_code: number;
  outcome: string;
  company_id: string | null;
  api_key_id: string | null;
  ip: string | null;
  user_agent: string | null;
  duration_ms: number | null;
  request_id: string | null;
  api_key: string | null;
  created_at: Date;
}

/** Writes what the app's log holds, then reads the rows of these request ids. */
async function logged(...requestIds: string[]): Promise<LogRow[]> {
  await env.app.apiLog.flush();
  const { rows } = await env.hub.deps.database.pool.query<LogRow>('select * from api_logs where request_id = any($1) order by id', [requestIds]);
  return rows;
}

/** One request with its own request id; returns the id and the answer's status. */
async function request(opts: { method?: 'GET' | 'POST'; url: string; headers?: Record<string, string>; payload?: unknown }) {
  const id = `t-${uid()}`;
  const res = await env.app.inject({
    method: opts.method ?? 'GET',
    url: opts.url,
    headers: { 'x-request-id': id, 'user-agent': 'api-log-test/1.0', ...opts.headers },
    ...(opts.payload === undefined ? {} : { payload: opts.payload as Record<string, unknown> }),
  });
  return { id, status: res.statusCode, body: res.body };
}

describe('one row per request, of every family', () => {
  it('partner API, /v1 gateway, /v2 CMS tracking, carrier callback and admin API: route pattern, status, company and key', async () => {
    const shipment = await newShipment(env.app, p);
    const awb = awbFor('sicepat', 'in_transit');
    const courier = await newCourierShipment(env.app, p, 'sicepat', awb);
    const calls = {
      partner: await request({ url: `/api/partner/shipments/${shipment.id}`, headers: p.headers }),
      gateway: await request({ url: `/v1/tracking/${awbFor('jne', 'delivered')}`, headers: p.headers }),
      cms: await request({ url: `/v2/public/shipment/tracking/${courier.trackingNumber}`, headers: p.headers }),
      admin: await request({ url: `/api/admin/companies/${p.companyId}`, headers: admin }),
    };
    const cb = `t-${uid()}`;
    const callback = await env.app.inject({
      method: 'POST',
      url: '/callbacks/jne',
      headers: { 'content-type': 'application/json', 'x-callback-token': CALLBACK_SECRET, 'x-request-id': cb },
      payload: JSON.stringify(callbackBody(awbFor('jne', 'delivered'))),
    });
    expect(callback.statusCode, callback.body).toBe(200);
    for (const [name, c] of Object.entries(calls)) expect(c.status, `${name}: ${c.body}`).toBe(200);

    const byId = new Map((await logged(...Object.values(calls).map((c) => c.id), cb)).map((r) => [r.request_id, r]));
    expect(byId.size).toBe(5);
    const partnerKey = { company_id: p.companyId, api_key_id: p.apiKeyId };
    const none = { company_id: null, api_key_id: null };
    const expected: Array<[string, string, string, object]> = [
      [calls.partner.id, 'GET', '/api/partner/shipments/:id', partnerKey],
      [calls.gateway.id, 'GET', '/v1/tracking/:awb', partnerKey],
      [calls.cms.id, 'GET', '/v2/public/shipment/tracking/:trackingNumber', partnerKey],
      // An admin is no company: the admin's requests carry neither company nor key.
      [calls.admin.id, 'GET', '/api/admin/companies/:id', none],
      [cb, 'POST', '/callbacks/jne', none],
    ];
    for (const [id, method, route, who] of expected) {
      const row = byId.get(id)!;
      expect(row, route).toMatchObject({
        kind: 'request',
        method,
        route,
        status_code: 200,
        outcome: 'success',
        ip: '127.0.0.1',
        api_key: null,
        ...who,
      });
      expect(row.duration_ms).toBeGreaterThan(0);
      expect(row.duration_ms).toBeLessThan(60_000);
      expect(Date.now() - row.created_at.getTime()).toBeLessThan(60_000);
    }
    // The raw URL (the shipment id, the AWB) is never stored: only the pattern.
    expect(JSON.stringify([...byId.values()])).not.toContain(shipment.id);
    expect(JSON.stringify([...byId.values()])).not.toContain(awb);
    expect(byId.get(calls.partner.id)!.user_agent).toBe('api-log-test/1.0');
  });

  it('unauthenticated doors (onboarding, credential exchanges) are kept too, without a company', async () => {
    const auth = await request({ method: 'POST', url: '/api/partner/auth', payload: { apiKey: p.apiKey, secret: p.secret } });
    const onboarding = await request({
      method: 'POST',
      url: '/api/partner/onboarding',
      payload: { company: { name: `Co ${uid()}`, email: `ops-${uid()}@example.com`, industry: 'Courier' }, tier: 'starter' },
    });
    expect([auth.status, onboarding.status]).toEqual([200, 201]);
    const rows = await logged(auth.id, onboarding.id);
    expect(rows.map((r) => [r.route, r.status_code, r.outcome, r.company_id])).toEqual([
      ['/api/partner/auth', 200, 'success', null],
      ['/api/partner/onboarding', 201, 'success', null],
    ]);
  });

  it('errors: the outcome is the error code; the company is known once the token was', async () => {
    const badToken = await request({ url: '/api/partner/me', headers: { authorization: 'Bearer not-a-token' } });
    const invalid = await request({
      method: 'POST',
      url: '/api/partner/shipments',
      headers: p.headers,
      payload: { ...shipmentBody(), packages: [] },
    });
    const missing = await request({ url: `/api/partner/shipments/shp_${'0'.repeat(20)}`, headers: p.headers });
    expect([badToken.status, invalid.status, missing.status]).toEqual([401, 400, 404]);
    const rows = await logged(badToken.id, invalid.id, missing.id);
    expect(rows.map((r) => [r.method, r.route, r.status_code, r.outcome, r.company_id, r.api_key_id])).toEqual([
      ['GET', '/api/partner/me', 401, 'TOKEN_INVALID', null, null],
      ['POST', '/api/partner/shipments', 400, 'VALIDATION_FAILED', p.companyId, p.apiKeyId],
      ['GET', '/api/partner/shipments/:id', 404, 'SHIPMENT_NOT_FOUND', p.companyId, p.apiKeyId],
    ]);
  });

  it('keeps no row for probes, metrics, the docs, the OpenAPI document or an unmatched URL', async () => {
    const ids = [];
    for (const url of ['/healthz', '/readyz', '/metrics', '/openapi.json', '/docs', '/docs/static/index.html', '/api/partner/no-such-route', '/nope'])
      ids.push((await request({ url })).id);
    expect(await logged(...ids)).toEqual([]);
  });

  it('truncates the user agent to 256 characters', async () => {
    const r = await request({ url: '/api/partner/me', headers: { ...p.headers, 'user-agent': `ua/${'x'.repeat(400)}` } });
    const [row] = await logged(r.id);
    expect(row!.user_agent).toBe(`ua/${'x'.repeat(253)}`);
  });
});

describe('batches', () => {
  it('150 requests are 150 rows (besides the login row), written in a few inserts', async () => {
    const q = await newPartner(env.app);
    const answers = await Promise.all(
      Array.from({ length: 150 }, () => env.app.inject({ method: 'GET', url: '/api/partner/shipments?limit=1', headers: q.headers })),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(Array<number>(150).fill(200));
    await env.app.apiLog.flush();
    const { rows } = await env.hub.deps.database.pool.query<{ kind: string; n: number; inserts: number }>(
      // Rows written by one statement share its transaction id (xmin): distinct xmin = inserts.
      `select kind, count(*)::int as n, count(distinct xmin::text)::int as inserts from api_logs where company_id = $1 group by kind order by kind`,
      [q.companyId],
    );
    expect(rows.map((r) => [r.kind, r.n])).toEqual([
      ['partner_auth', 1],
      ['request', 150],
    ]);
    // One insert per flush (every second) or per 500 rows: a handful at most, never one per request.
    expect(rows[1]!.inserts).toBeLessThanOrEqual(10);
  });

  it('one statement per batch of 500: 1,234 rows are three, and their per-second rollups are written with them', async () => {
    const writer = createApiLogWriter({ database: { kind: env.hub.deps.database.kind, pool: env.hub.deps.database.pool }, log: env.hub.deps.log });
    const tag = `bt-${uid()}`;
    for (let i = 0; i < 1_234; i++)
      writer.push({
        at: new Date(),
        kind: 'request',
        ip: '10.1.2.3',
        apiKeyId: null,
        companyId: null,
        outcome: 'success',
        userAgent: null,
        method: 'GET',
        route: `/batch-test/${tag}`,
        statusCode: i < 10 ? 503 : 200,
        durationMs: 1.25,
        requestId: `${tag}-${i}`,
      });
    await writer.close();
    expect(writer.written).toBe(1_234);
    const { rows } = await env.hub.deps.database.pool.query<{ n: number; inserts: number; d: number }>(
      `select count(*)::int as n, count(distinct xmin::text)::int as inserts, min(duration_ms) as d from api_logs where request_id like $1`,
      [`${tag}-%`],
    );
    expect(rows[0]).toEqual({ n: 1_234, inserts: 3, d: 1.25 });
    const rollups = await env.hub.deps.database.pool.query<{ requests: number; errors: number; latency: number[] }>(
      `select sum(requests)::int as requests, sum(errors)::int as errors,
              array(select sum(c)::int from api_log_rollups r2, unnest(r2.latency) with ordinality as u(c, i) where r2.route = $1 group by i order by i) as latency
         from api_log_rollups where route = $1`,
      [`/batch-test/${tag}`],
    );
    // 1.25 ms is in the first bucket (≤ 5 ms); ten of the rows answered 503.
    expect(rollups.rows[0]).toEqual({ requests: 1_234, errors: 10, latency: [1_234, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] });
  });

  it('a row the database refuses does not hold back its batch: the others are written, it is dropped and counted', async () => {
    const writer = createApiLogWriter({ database: { kind: env.hub.deps.database.kind, pool: env.hub.deps.database.pool }, log: env.hub.deps.log });
    const tag = `bad-${uid()}`;
    const row = (i: number, statusCode: number) => ({
      at: new Date(),
      kind: 'request',
      ip: null,
      apiKeyId: null,
      companyId: null,
      outcome: 'success',
      statusCode,
      userAgent: null,
      method: 'GET',
      route: '/batch-test',
      durationMs: null,
      requestId: `${tag}-${i}`,
    });
    // 2^40 is out of range for the integer column: PostgreSQL refuses that row, and so the batch.
    [row(0, 200), row(1, 2 ** 40), row(2, 201)].forEach((r) => writer.push(r));
    await writer.close();
    expect([writer.written, writer.dropped, writer.pending]).toEqual([2, 1, 0]);
    const { rows } = await env.hub.deps.database.pool.query<{ request_id: string }>(
      'select request_id from api_logs where request_id like $1 order by request_id',
      [`${tag}-%`],
    );
    expect(rows.map((r) => r.request_id)).toEqual([`${tag}-0`, `${tag}-2`]);
  });
  it('text of any kind is written as it came: tabs, newlines, backslashes, quotes, emoji', async () => {
    const db = env.hub.deps.database;
    const writer = createApiLogWriter({ database: { kind: db.kind, pool: db.pool }, log: env.hub.deps.log });
    const tag = `txt-${uid()}`;
    const agents = ['tab\there', 'line\nbreak\r\n', 'back\\slash \\N \\.', `quote's "double"`, 'Mawar №5 😀', ''];
    agents.forEach((userAgent, i) =>
      writer.push({
        at: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678)),
        kind: 'request',
        ip: '2001:db8::1',
        apiKeyId: null,
        companyId: null,
        outcome: 'success',
        statusCode: 200,
        userAgent,
        method: 'GET',
        route: '/text-test/:id',
        durationMs: 0.5,
        requestId: `${tag}-${i}`,
      }),
    );
    await writer.close();
    const { rows } = await db.pool.query<{ user_agent: string; ip: string; at: string; duration_ms: number }>(
      `select user_agent, ip, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS') as at, duration_ms
         from api_logs where request_id like $1 order by request_id`,
      [`${tag}-%`],
    );
    expect(rows.map((r) => r.user_agent)).toEqual(agents);
    expect(new Set(rows.map((r) => `${r.ip} ${r.at} ${r.duration_ms}`))).toEqual(new Set(['2001:db8::1 2026-01-02 03:04:05.678 0.5']));
  });

  it.runIf(!!process.env.DATABASE_URL)('a COPY the server does not finish in time is abandoned, its rows kept and written later', async () => {
    const db = env.hub.deps.database;
    const writer = createApiLogWriter({ database: { kind: db.kind, pool: db.pool }, log: env.hub.deps.log, copyTimeoutMs: 300 });
    const tag = `slow-${uid()}`;
    // A lock held by another session makes the COPY wait, as a server that stopped answering would.
    const locker = await db.pool.connect();
    try {
      await locker.query('begin; lock table api_logs in access exclusive mode');
      for (let i = 0; i < 3; i++)
        writer.push({
          at: new Date(),
          kind: 'request',
          ip: null,
          apiKeyId: null,
          companyId: null,
          outcome: 'success',
          statusCode: 200,
          userAgent: null,
          method: 'GET',
          route: '/slow-test',
          durationMs: null,
          requestId: `${tag}-${i}`,
        });
      const started = Date.now();
      await writer.flush();
      expect(Date.now() - started).toBeLessThan(5_000);
      expect([writer.written, writer.pending, writer.failedWrites]).toEqual([0, 3, 1]);
    } finally {
      await locker.query('rollback');
      locker.release();
    }
    await writer.close();
    expect([writer.written, writer.pending, writer.dropped]).toEqual([3, 0, 0]);
    // The abandoned COPY never received its rows (it had not started when its connection closed): each is there once.
    const { rows } = await db.pool.query<{ n: number }>('select count(*)::int as n from api_logs where request_id like $1', [`${tag}-%`]);
    expect(rows[0]!.n).toBe(3);
  });
});

describe('graceful shutdown', () => {
  it('closing the app writes every queued row: requests over real HTTP, counted after close', async () => {
    const hub = await createTestHub();
    try {
      const q = await newPartner(hub.app);
      const base = await hub.app.listen({ port: 0, host: '127.0.0.1' });
      const answers = await Promise.all(
        Array.from({ length: 120 }, () => fetch(`${base}/api/partner/me`, { headers: q.headers }).then((r) => r.status)),
      );
      expect(answers).toEqual(Array<number>(120).fill(200));
      // No flush: the app's close (the first step of the hub's) must write what the queue holds.
      await hub.app.close();
      expect(hub.app.apiLog.pending).toBe(0);
      expect(hub.app.apiLog.dropped).toBe(0);
      const { rows } = await hub.deps.database.pool.query<{ n: number }>(
        `select count(*)::int as n from api_logs where company_id = $1 and kind = 'request' and route = '/api/partner/me'`,
        [q.companyId],
      );
      expect(rows[0]!.n).toBe(120);
    } finally {
      await hub.close();
    }
  });

  it('API_LOG_ENABLED=false keeps no request rows (logins are still recorded)', async () => {
    const hub = await createTestHub({ env: { API_LOG_ENABLED: 'false' } });
    try {
      const q = await newPartner(hub.app);
      expect((await hub.app.inject({ method: 'GET', url: '/api/partner/me', headers: q.headers })).statusCode).toBe(200);
      await hub.app.close();
      const { rows } = await hub.deps.database.pool.query<{ kind: string }>('select kind from api_logs where company_id = $1', [q.companyId]);
      expect(rows.map((r) => r.kind)).toEqual(['partner_auth']);
      expect(hub.app.apiLog.written).toBe(0);
    } finally {
      await hub.close();
    }
  });
});

it('a partner never reads the log: the admin route refuses partner tokens', async () => {
  const res = await env.app.inject({ method: 'GET', url: '/api/admin/api-logs', headers: p.headers });
  expect(res.statusCode).toBe(401);
});
