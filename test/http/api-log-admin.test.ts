/**
 * The API log's reading side: `GET /api/admin/api-logs` filters (company, key, route pattern, status
 * class, kind, outcome, time range), newest first, offset and keyset-cursor pages that agree, bad
 * filters as 400 VALIDATION_FAILED; and the retention job, which deletes only rows past
 * API_LOG_RETENTION_DAYS, in bounded chunks.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkers } from '../../src/workers.js';
import { adminHeaders, newPartner, type TestPartner } from '../helpers/factories.js';
import { createTestHub, type TestHub } from '../helpers/hub.js';

let hub: TestHub;
let admin: { authorization: string };
let p: TestPartner;
const rnd = (n: number) => {
  const b = randomBytes(n);
  return Array.from(b, (x) => '0123456789abcdefghijklmnopqrstuvwxyz'[x % 36]).join('');
};
const companyId = () => `cmp_${rnd(20)}`;
const keyId = () => `key_${rnd(20)}`;

/** A fixed hour yesterday: inside the retention, away from the rows the requests of this file add. */
const BASE = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 86_400_000);
const at = (seconds: number) => new Date(BASE.getTime() + seconds * 1000).toISOString();

interface Fixture {
  name: string;
  /** Microseconds after BASE. */
  us: number;
  kind?: string;
  route: string;
  method?: string;
  status: number;
  outcome: string;
  key: string;
}

/** Inserts rows as the log holds them, in this order (ids ascending), for one made-up company. */
async function insert(company: string, rows: Fixture[]): Promise<Record<string, number>> {
  const ids: Record<string, number> = {};
  for (const r of rows) {
    const res = await hub.deps.database.pool.query<{ id: string }>(
      `insert into api_logs (created_at, kind, ip, api_key_id, company_id, outcome, status_code, method, route, duration_ms, request_id)
       values ($1::timestamptz + $2::bigint * interval '1 microsecond', $3, '10.9.9.9', $4, $5, $6, $7, $8, $9, 3.5, $10) returning id`,
      [BASE, r.us, r.kind ?? 'request', r.key, company, r.outcome, r.status, r.method ?? 'GET', r.route, `fx-${r.name}`],
    );
    ids[r.name] = Number(res.rows[0]!.id);
  }
  return ids;
}

const get = (query: string, headers: Record<string, string> = admin) =>
  hub.app.inject({ method: 'GET', url: `/api/admin/api-logs?${query}`, headers });
/** The fixture names of a page, in the order answered. */
const names = (body: { data: Array<{ requestId: string | null }> }): string[] => body.data.map((r) => (r.requestId ?? '').replace(/^fx-/, ''));

let C: string;
let K1: string;
let K2: string;

beforeAll(async () => {
  hub = await createTestHub();
  admin = await adminHeaders(hub);
  p = await newPartner(hub.app);
  C = companyId();
  K1 = keyId();
  K2 = keyId();
  const list = '/api/partner/shipments';
  const one = '/api/partner/shipments/:id';
  await insert(C, [
    // r1 and r2 in the same microsecond: ties are ordered by id, newest (highest) first.
    { name: 'r1', us: 1, route: list, status: 200, outcome: 'success', key: K1 },
    { name: 'r2', us: 1, route: one, status: 404, outcome: 'SHIPMENT_NOT_FOUND', key: K1 },
    // 1 µs later than r1/r2: a cursor that kept milliseconds only would skip them.
    { name: 'r3', us: 2, route: list, method: 'POST', status: 201, outcome: 'success', key: K2 },
    { name: 'r4', us: 2_000_000, route: list, method: 'POST', status: 429, outcome: 'RATE_LIMITED', key: K2 },
    { name: 'r5', us: 3_000_000, route: one, status: 503, outcome: 'DATABASE_UNAVAILABLE', key: K1 },
    { name: 'r6', us: 4_000_000, route: one, status: 304, outcome: 'success', key: K1 },
    { name: 'r7', us: 5_000_000, kind: 'partner_auth', route: '/api/partner/auth', method: 'POST', status: 401, outcome: 'secret_mismatch', key: K1 },
  ]);
});
afterAll(() => hub?.close());

describe('GET /api/admin/api-logs: filters', () => {
  it.each([
    ['', ['r7', 'r6', 'r5', 'r4', 'r3', 'r2', 'r1']],
    ['apiKeyId=K2', ['r4', 'r3']],
    ['route=/api/partner/shipments', ['r4', 'r3', 'r1']],
    ['route=/api/partner/shipments/:id', ['r6', 'r5', 'r2']],
    ['statusClass=2xx', ['r3', 'r1']],
    ['statusClass=3xx', ['r6']],
    ['statusClass=4xx', ['r7', 'r4', 'r2']],
    ['statusClass=5xx', ['r5']],
    ['kind=partner_auth', ['r7']],
    ['kind=request&statusClass=4xx', ['r4', 'r2']],
    ['outcome=RATE_LIMITED', ['r4']],
    [`from=${at(2)}&to=${at(4)}`, ['r5', 'r4']],
    [`from=${at(4)}`, ['r7', 'r6']],
    [`to=${at(2)}`, ['r3', 'r2', 'r1']],
    ['apiKeyId=K1&statusClass=4xx&kind=request', ['r2']],
    ['outcome=nothing-like-this', []],
  ])('companyId=C&%s', async (filter, expected) => {
    const q = filter.replace('K1', K1).replace('K2', K2);
    const res = await get(`companyId=${C}&${q}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(names(body)).toEqual(expected);
    expect(body.pagination).toEqual({ total: expected.length, limit: 50, offset: 0, hasMore: false, totalCapped: false, nextCursor: null });
  });

  it('answers every column of a request row', async () => {
    const body = (await get(`companyId=${C}&outcome=RATE_LIMITED`)).json();
    expect(body.data).toEqual([
      {
        id: expect.any(Number),
        at: new Date(BASE.getTime() + 2_000).toISOString(),
        kind: 'request',
        ip: '10.9.9.9',
        apiKey: null,
        apiKeyId: K2,
        companyId: C,
        outcome: 'RATE_LIMITED',
        statusCode: 429,
        userAgent: null,
        method: 'POST',
        route: '/api/partner/shipments',
        durationMs: 3.5,
        requestId: 'fx-r4',
      },
    ]);
  });

  it("finds this app's own requests by company and route pattern once written", async () => {
    expect((await hub.app.inject({ method: 'GET', url: '/api/partner/me', headers: p.headers })).statusCode).toBe(200);
    await hub.app.apiLog.flush();
    const body = (await get(`companyId=${p.companyId}&route=/api/partner/me`)).json();
    expect(body.data).toHaveLength(1);
    expect(body.data[0]).toMatchObject({ kind: 'request', method: 'GET', statusCode: 200, outcome: 'success', apiKeyId: p.apiKeyId });
  });
});

describe('GET /api/admin/api-logs: pages', () => {
  it('a cursor walk and an offset walk give the same rows, newest first, none twice; ties and microseconds survive the cursor', async () => {
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const res = await get(`companyId=${C}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      pages.push(names(body));
      expect(body.pagination.total).toBe(7);
      expect(body.pagination.hasMore).toBe(body.pagination.nextCursor !== null);
      cursor = body.pagination.nextCursor;
    } while (cursor);
    expect(pages).toEqual([['r7', 'r6'], ['r5', 'r4'], ['r3', 'r2'], ['r1']]);

    const byOffset: string[][] = [];
    for (const offset of [0, 2, 4, 6]) byOffset.push(names((await get(`companyId=${C}&limit=2&offset=${offset}`)).json()));
    expect(byOffset).toEqual(pages);
    expect((await get(`companyId=${C}&limit=2&offset=4`)).json().pagination).toMatchObject({ total: 7, offset: 4, hasMore: true });
    expect((await get(`companyId=${C}&limit=2&offset=6`)).json().pagination).toMatchObject({ hasMore: false, nextCursor: null });
  });

  it('a page by cursor does not move when newer rows arrive', async () => {
    const D = companyId();
    await insert(D, [
      { name: 'd1', us: 10, route: '/x', status: 200, outcome: 'success', key: K1 },
      { name: 'd2', us: 20, route: '/x', status: 200, outcome: 'success', key: K1 },
      { name: 'd3', us: 30, route: '/x', status: 200, outcome: 'success', key: K1 },
    ]);
    const first = (await get(`companyId=${D}&limit=1`)).json();
    expect(names(first)).toEqual(['d3']);
    await insert(D, [{ name: 'd4', us: 40, route: '/x', status: 200, outcome: 'success', key: K1 }]);
    expect(names((await get(`companyId=${D}&limit=2&cursor=${first.pagination.nextCursor}`)).json())).toEqual(['d2', 'd1']);
  });

  it('counts matching rows up to 10,000, then says the total is capped', async () => {
    const E = companyId();
    await hub.deps.database.pool.query(
      `insert into api_logs (created_at, kind, company_id, outcome, status_code, route)
       select $1::timestamptz + g * interval '1 millisecond', 'request', $2, 'success', 200, '/bulk' from generate_series(1, 10005) g`,
      [BASE, E],
    );
    const body = (await get(`companyId=${E}&limit=1`)).json();
    expect(body.pagination).toMatchObject({ total: 10_000, totalCapped: true, hasMore: true });
    expect(body.data[0].at).toBe(new Date(BASE.getTime() + 10_005).toISOString());
  });
});

describe('GET /api/admin/api-logs: refusals', () => {
  it.each([
    ['statusClass=6xx', 'querystring.statusClass'],
    ['statusClass=4XX', 'querystring.statusClass'],
    ['kind=login', 'querystring.kind'],
    ['companyId=acme', 'querystring.companyId'],
    ['apiKeyId=ff_sk_live_abc', 'querystring.apiKeyId'],
    ['from=yesterday', 'querystring.from'],
    ['to=2026-13-01T00:00:00Z', 'querystring.to'],
    ['cursor=abc', 'querystring.cursor'],
    ['cursor=1-2-3', 'querystring.cursor'],
    ['route=', 'querystring.route'],
    ['limit=101', 'querystring.limit'],
    ['method=GET', 'querystring'],
  ])('%s → 400 VALIDATION_FAILED naming %s', async (query, field) => {
    const res = await get(query);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(JSON.stringify(res.json().details ?? res.json().message)).toContain(field);
  });

  it('a time range that ends before it starts, or a cursor with an offset → 400 VALIDATION_FAILED', async () => {
    for (const query of [`from=${at(4)}&to=${at(4)}`, `from=${at(5)}&to=${at(4)}`, 'cursor=1764547200000000-5&offset=10']) {
      const res = await get(query);
      expect(res.statusCode, `${query}: ${res.body}`).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
  });

  it('admins only: no token, or a partner token, is 401', async () => {
    expect((await get(`companyId=${p.companyId}`, {})).statusCode).toBe(401);
    expect((await get(`companyId=${p.companyId}`, p.headers)).statusCode).toBe(401);
  });
});

describe('retention', () => {
  const old = (days: number) => `now() - interval '${days} days'`;

  it('the api-log.prune job deletes rows and rollups older than API_LOG_RETENTION_DAYS (30), of every kind, and nothing newer', async () => {
    const R = companyId();
    await hub.deps.database.pool.query(
      `insert into api_logs (created_at, kind, company_id, outcome, status_code, request_id) values
         (${old(31)}, 'request', $1, 'success', 200, 'old-request'),
         (${old(45)}, 'partner_auth', $1, 'secret_mismatch', 401, 'old-login'),
         (${old(29)}, 'request', $1, 'success', 200, 'recent-request'),
         (now(), 'partner_auth', $1, 'success', 200, 'new-login')`,
      [R],
    );
    const route = `/retention/${R}`;
    await hub.deps.database.pool.query(
      `insert into api_log_rollups (at, method, route, requests, errors, latency) values
         (${old(31)}, 'GET', $1, 1, 0, '{1,0,0,0,0,0,0,0,0,0,0,0}'), (${old(29)}, 'GET', $1, 2, 0, '{2,0,0,0,0,0,0,0,0,0,0,0}')`,
      [route],
    );
    const { handlers } = createWorkers({
      config: hub.config,
      database: hub.deps.database,
      mailer: { send: async () => ({}) } as never,
      log: hub.deps.log,
      services: hub.services,
      jobs: hub.deps.jobs,
    });
    await handlers['api-log.prune']({}, {} as never);
    const { rows } = await hub.deps.database.pool.query<{ request_id: string }>('select request_id from api_logs where company_id = $1 order by id', [
      R,
    ]);
    expect(rows.map((r) => r.request_id)).toEqual(['recent-request', 'new-login']);
    const rollups = await hub.deps.database.pool.query<{ requests: number }>('select requests from api_log_rollups where route = $1', [route]);
    expect(rollups.rows).toEqual([{ requests: 2 }]);
    // The fixtures of the search tests (yesterday) are untouched.
    expect((await get(`companyId=${C}`)).json().pagination.total).toBe(7);
  });

  it('deletes in chunks, oldest first: a run past its time budget stops after a chunk, the next run goes on', async () => {
    const R = companyId();
    await hub.deps.database.pool.query(
      `insert into api_logs (created_at, kind, company_id, outcome, status_code, request_id)
       select now() - interval '40 days' + g * interval '1 minute', 'request', $1, 'success', 200, 'old-' || g from generate_series(1, 7) g`,
      [R],
    );
    const left = async () =>
      (
        await hub.deps.database.pool.query<{ request_id: string }>('select request_id from api_logs where company_id = $1 order by created_at', [R])
      ).rows.map((r) => r.request_id);
    const cutoff = new Date(Date.now() - 30 * 86_400_000);
    expect(await hub.services.auth.pruneLogs(cutoff, { chunk: 3, budgetMs: 0 })).toBe(3);
    expect(await left()).toEqual(['old-4', 'old-5', 'old-6', 'old-7']);
    expect(await hub.services.auth.pruneLogs(cutoff, { chunk: 3 })).toBe(4);
    expect(await left()).toEqual([]);
  });
});
