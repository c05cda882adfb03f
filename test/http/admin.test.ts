import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assign, newPartnerFromTestIp, newShipment, testIp, type TestPartner } from '../helpers/factories.js';
import { createTestHub, type TestHub } from '../helpers/hub.js';

const ADMIN_EMAIL = 'Boss@FastForward.example';
const ADMIN_PASSWORD = 'first-admin-password-42';

let hub: TestHub;
let admin: { authorization: string };

async function login(email: string, password: string, ip = testIp()) {
  return hub.app.inject({ method: 'POST', url: '/api/admin/login', remoteAddress: ip, payload: { email, password } });
}
const get = (url: string, headers = admin) => hub.app.inject({ method: 'GET', url, headers });
const patchCompany = (id: string, payload: Record<string, unknown>) =>
  hub.app.inject({ method: 'PATCH', url: `/api/admin/companies/${id}`, headers: admin, payload });

beforeAll(async () => {
  hub = await createTestHub({ env: { ADMIN_EMAIL, ADMIN_PASSWORD } });
  const res = await login(ADMIN_EMAIL, ADMIN_PASSWORD);
  expect(res.statusCode, res.body).toBe(200);
  admin = { authorization: `Bearer ${res.json().token}` };
});
afterAll(() => hub?.close());

describe('admin bootstrap and login', () => {
  it('ADMIN_EMAIL / ADMIN_PASSWORD create the first admin, who can log in', async () => {
    const res = await login(ADMIN_EMAIL, ADMIN_PASSWORD);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      token: expect.any(String),
      expiresIn: expect.any(Number),
      admin: { id: expect.stringMatching(/^adm_[0-9a-z]{20}$/), email: ADMIN_EMAIL.toLowerCase() },
    });
    expect(res.json().expiresIn).toBeGreaterThan(0);
    // Email is matched without regard to case.
    expect((await login(ADMIN_EMAIL.toLowerCase(), ADMIN_PASSWORD)).statusCode).toBe(200);
    const { rows } = await hub.deps.database.pool.query('select email from admins');
    expect(rows).toEqual([{ email: ADMIN_EMAIL.toLowerCase() }]);
  });

  it('stores the password as an scrypt hash, never in clear', async () => {
    const { rows } = await hub.deps.database.pool.query('select * from admins');
    expect(rows).toHaveLength(1);
    const hash: string = rows[0].password_hash;
    expect(hash.startsWith('scrypt$')).toBe(true);
    expect(hash.split('$')).toHaveLength(6);
    expect(hash).not.toContain(ADMIN_PASSWORD);
    expect(JSON.stringify(rows[0])).not.toContain(ADMIN_PASSWORD);
  });

  it('bootstraps only when there is no admin yet', async () => {
    expect(await hub.services.admin.bootstrap('second@example.com', 'another-password-1')).toBe('exists');
    const { rows } = await hub.deps.database.pool.query('select count(*)::int as n from admins');
    expect(rows[0].n).toBe(1);
    expect((await login('second@example.com', 'another-password-1')).statusCode).toBe(401);
    expect((await login(ADMIN_EMAIL, ADMIN_PASSWORD)).statusCode).toBe(200);
  });

  it('a wrong password or unknown email is 401 ADMIN_INVALID_CREDENTIALS, logged without the password', async () => {
    const ip = testIp();
    const wrong = await login(ADMIN_EMAIL, 'not-the-password', ip);
    const unknown = await login('nobody@example.com', ADMIN_PASSWORD, ip);
    for (const res of [wrong, unknown]) {
      expect(res.statusCode, res.body).toBe(401);
      expect(res.json()).toEqual({ code: 'ADMIN_INVALID_CREDENTIALS', message: expect.any(String), requestId: expect.any(String) });
    }
    expect(wrong.json().message).toBe(unknown.json().message);
    const { rows } = await hub.deps.database.pool.query(
      `select kind, outcome, status_code, api_key from api_logs where ip = $1 and kind <> 'request' order by id`,
      [ip],
    );
    expect(rows).toEqual([
      { kind: 'admin_login', outcome: 'invalid_credentials', status_code: 401, api_key: ADMIN_EMAIL },
      // An email that names no admin may be a password typed into the wrong field: a preview only.
      { kind: 'admin_login', outcome: 'invalid_credentials', status_code: 401, api_key: 'no…om' },
    ]);
    expect(JSON.stringify(rows)).not.toContain('not-the-password');
    expect(JSON.stringify(rows)).not.toContain(ADMIN_PASSWORD);
  });

  it('validates the login body', async () => {
    for (const payload of [
      {},
      { email: ADMIN_EMAIL },
      { email: ADMIN_EMAIL, password: '' },
      { email: ADMIN_EMAIL, password: ADMIN_PASSWORD, role: 'root' },
    ]) {
      const res = await hub.app.inject({ method: 'POST', url: '/api/admin/login', remoteAddress: testIp(), payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
  });

  it('every /api/admin route wants an admin token: 401 without one', async () => {
    const id = 'cmp_00000000000000000000';
    const routes: Array<{ method: 'GET' | 'PATCH' | 'POST'; url: string; payload?: Record<string, unknown> }> = [
      { method: 'GET', url: '/api/admin/companies' },
      { method: 'GET', url: `/api/admin/companies/${id}` },
      { method: 'PATCH', url: `/api/admin/companies/${id}`, payload: { status: 'suspended' } },
      { method: 'GET', url: '/api/admin/shipments' },
      { method: 'POST', url: '/api/admin/shipments/shp_00000000000000000000/assign', payload: { companyId: id } },
      { method: 'GET', url: '/api/admin/api-logs' },
    ];
    for (const r of routes) {
      const none = await hub.app.inject(r);
      expect(none.statusCode, `${r.method} ${r.url}`).toBe(401);
      expect(none.json().code).toBe('TOKEN_MISSING');
      const junk = await hub.app.inject({ ...r, headers: { authorization: 'Bearer junk' } });
      expect(junk.statusCode, `${r.method} ${r.url}`).toBe(401);
      expect(junk.json().code).toBe('TOKEN_INVALID');
    }
  });
});

describe('companies', () => {
  let p: TestPartner;
  let q: TestPartner;
  beforeAll(async () => {
    p = await newPartnerFromTestIp(hub.app, { tier: 'starter', name: 'Express Delivery Co' });
    q = await newPartnerFromTestIp(hub.app, { tier: 'professional', name: 'QuickShip Logistics' });
    await newShipment(hub.app, p);
    await newShipment(hub.app, p);
  });

  it('GET /api/admin/companies lists every company with its usage', async () => {
    const res = await get('/api/admin/companies');
    expect(res.statusCode, res.body).toBe(200);
    const { data, pagination } = res.json();
    const byId = new Map(data.map((c: { id: string }) => [c.id, c]));
    const period = new Date().toISOString().slice(0, 7);
    expect(byId.get(p.companyId)).toMatchObject({
      name: 'Express Delivery Co',
      tier: 'starter',
      status: 'active',
      rateLimitPerMinute: 60,
      monthlyQuota: 1_000,
      usage: { activeShipments: 2, monthShipments: 2, period },
    });
    expect(byId.get(q.companyId)).toMatchObject({
      name: 'QuickShip Logistics',
      tier: 'professional',
      usage: { activeShipments: 0, monthShipments: 0, period },
    });
    expect(pagination).toMatchObject({ limit: 50, offset: 0 });
    expect(pagination.total).toBe(data.length);

    const starters = (await get('/api/admin/companies?tier=starter')).json().data as Array<{ id: string; tier: string }>;
    expect(starters.map((c) => c.id)).toContain(p.companyId);
    expect(starters.every((c) => c.tier === 'starter')).toBe(true);
    const page = (await get('/api/admin/companies?limit=1&offset=1')).json();
    expect(page.data).toHaveLength(1);
    expect(page.pagination).toEqual({ total: pagination.total, limit: 1, offset: 1, hasMore: pagination.total > 2 });
    expect((await get('/api/admin/companies?tier=gold')).statusCode).toBe(400);
  });

  it('GET /api/admin/companies/:id answers one company; unknown is 404, malformed 400', async () => {
    const one = await get(`/api/admin/companies/${q.companyId}`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ id: q.companyId, tier: 'professional' });
    const missing = await get('/api/admin/companies/cmp_00000000000000000000');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('COMPANY_NOT_FOUND');
    expect((await get('/api/admin/companies/nope')).statusCode).toBe(400);
  });

  it('PATCH tier: the limits follow the new tier, at once for the partner', async () => {
    const r = await newPartnerFromTestIp(hub.app, { tier: 'starter' });
    const warm = await hub.app.inject({ method: 'GET', url: '/api/partner/me', headers: r.headers });
    expect(warm.headers['x-ratelimit-limit']).toBe('60');

    const up = await patchCompany(r.companyId, { tier: 'professional' });
    expect(up.statusCode, up.body).toBe(200);
    expect(up.json()).toMatchObject({ tier: 'professional', rateLimitPerMinute: 500, monthlyQuota: 10_000, capacity: 10_000 });
    const me = await hub.app.inject({ method: 'GET', url: '/api/partner/me', headers: r.headers });
    expect(me.json()).toMatchObject({ tier: 'professional', rateLimitPerMinute: 500 });
    expect(me.headers['x-ratelimit-limit']).toBe('500');

    const ent = await patchCompany(r.companyId, { tier: 'enterprise' });
    expect(ent.json()).toMatchObject({ tier: 'enterprise', rateLimitPerMinute: null, monthlyQuota: null });
    const unlimited = await hub.app.inject({ method: 'GET', url: '/api/partner/me', headers: r.headers });
    expect(unlimited.statusCode).toBe(200);
    expect(unlimited.headers['x-ratelimit-limit']).toBe('unlimited');

    const down = await patchCompany(r.companyId, { tier: 'starter' });
    expect(down.json()).toMatchObject({ tier: 'starter', rateLimitPerMinute: 60, monthlyQuota: 1_000, capacity: 1_000 });
    // A new token names the new tier.
    const auth = await hub.app.inject({
      method: 'POST',
      url: '/api/partner/auth',
      remoteAddress: testIp(),
      payload: { apiKey: r.apiKey, secret: r.secret },
    });
    expect(auth.json().company.tier).toBe('starter');

    // An explicit limit in the same request wins over the tier's.
    const custom = await patchCompany(r.companyId, { tier: 'professional', rateLimitPerMinute: 750 });
    expect(custom.json()).toMatchObject({ tier: 'professional', rateLimitPerMinute: 750, monthlyQuota: 10_000 });

    const { rows } = await hub.deps.database.pool.query(
      `select action, subject_id from activity_logs where subject_id = $1 and action = 'company.updated'`,
      [r.companyId],
    );
    expect(rows).toHaveLength(4);
  });

  it('PATCH balance', async () => {
    const res = await patchCompany(q.companyId, { balance: 1234.5 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().balance).toBe(1234.5);
    const neg = await patchCompany(q.companyId, { balance: -20.25 });
    expect(neg.json().balance).toBe(-20.25);
    const me = await hub.app.inject({ method: 'GET', url: '/api/partner/me', headers: q.headers });
    expect(me.json().balance).toBe(-20.25);
    const bad = await patchCompany(q.companyId, { balance: 'lots' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION_FAILED');
  });

  it('PATCH status suspends and reactivates', async () => {
    const r = await newPartnerFromTestIp(hub.app);
    const off = await patchCompany(r.companyId, { status: 'suspended' });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json().status).toBe('suspended');
    const denied = await hub.app.inject({ method: 'GET', url: '/api/partner/me', headers: r.headers });
    expect(denied.statusCode).toBe(401);
    expect(denied.json().code).toBe('COMPANY_SUSPENDED');
    const suspended = (await get('/api/admin/companies?status=suspended')).json().data as Array<{ id: string }>;
    expect(suspended.map((c) => c.id)).toEqual([r.companyId]);
    const on = await patchCompany(r.companyId, { status: 'active' });
    expect(on.json().status).toBe('active');
    expect((await hub.app.inject({ method: 'GET', url: '/api/partner/me', headers: r.headers })).statusCode).toBe(200);
  });

  it('PATCH refuses unknown companies (404), empty and bad bodies (400)', async () => {
    const missing = await patchCompany('cmp_00000000000000000000', { status: 'suspended' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('COMPANY_NOT_FOUND');
    for (const payload of [{}, { tier: 'gold' }, { status: 'deleted' }, { name: 'Renamed' }]) {
      const res = await patchCompany(q.companyId, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
    expect((await get(`/api/admin/companies/${q.companyId}`)).json()).toMatchObject({ tier: 'professional', status: 'active' });
  });
});

describe('shipments across companies', () => {
  let p: TestPartner;
  let q: TestPartner;
  let s1: { id: string };
  let s2: { id: string };
  let s3: { id: string };
  beforeAll(async () => {
    p = await newPartnerFromTestIp(hub.app);
    q = await newPartnerFromTestIp(hub.app, { tier: 'starter' });
    s1 = await newShipment(hub.app, p);
    s2 = await newShipment(hub.app, p);
    s3 = await newShipment(hub.app, q);
    await assign(hub, s1.id, q);
  });

  it('GET /api/admin/shipments lists every company, newest first, filtered by status and company', async () => {
    const all = await get('/api/admin/shipments?limit=100');
    expect(all.statusCode, all.body).toBe(200);
    const ids = all.json().data.map((s: { id: string }) => s.id) as string[];
    expect(ids).toEqual(expect.arrayContaining([s1.id, s2.id, s3.id]));
    expect(ids.indexOf(s3.id)).toBeLessThan(ids.indexOf(s2.id));
    expect(ids.indexOf(s2.id)).toBeLessThan(ids.indexOf(s1.id));
    expect(all.json().pagination.total).toBe(ids.length);

    const ofP = (await get(`/api/admin/shipments?companyId=${p.companyId}`)).json();
    expect(ofP.data.map((s: { id: string }) => s.id)).toEqual([s2.id, s1.id]);
    expect(ofP.pagination).toEqual({ total: 2, limit: 50, offset: 0, hasMore: false });
    // A company's shipments include those assigned to it.
    const ofQ = (await get(`/api/admin/shipments?companyId=${q.companyId}`)).json();
    expect(ofQ.data.map((s: { id: string }) => s.id).sort()).toEqual([s1.id, s3.id].sort());

    const assigned = (await get(`/api/admin/shipments?status=assigned&companyId=${p.companyId}`)).json();
    expect(assigned.data.map((s: { id: string; status: string }) => [s.id, s.status])).toEqual([[s1.id, 'assigned']]);
    const pending = (await get(`/api/admin/shipments?status=pending&companyId=${p.companyId}`)).json();
    expect(pending.data.map((s: { id: string }) => s.id)).toEqual([s2.id]);

    expect((await get('/api/admin/shipments?status=lost')).statusCode).toBe(400);
    expect((await get('/api/admin/shipments?companyId=nope')).statusCode).toBe(400);
    // Partners cannot use it.
    expect((await get('/api/admin/shipments', p.headers)).statusCode).toBe(401);
  });

  it('POST /api/admin/shipments/:id/assign assigns a pending shipment', async () => {
    const s = await newShipment(hub.app, p);
    const res = await hub.app.inject({
      method: 'POST',
      url: `/api/admin/shipments/${s.id}/assign`,
      headers: admin,
      payload: { companyId: q.companyId },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: s.id, status: 'assigned', assignedCompanyId: q.companyId, companyId: p.companyId });
    expect(res.json().trackingEvents.map((e: { status: string }) => e.status)).toEqual(['pending', 'assigned']);
    // The assignee sees it now.
    const seen = await hub.app.inject({ method: 'GET', url: `/api/partner/shipments/${s.id}`, headers: q.headers });
    expect(seen.statusCode).toBe(200);
    const { rows } = await hub.deps.database.pool.query(`select type from events where shipment_id = $1 order by seq`, [s.id]);
    expect(rows.map((r: { type: string }) => r.type)).toEqual(['shipment.created', 'shipment.assigned']);
  });

  it('assign: unknown company 404 (shipment unchanged), unknown shipment 404, not pending 409', async () => {
    const s = await newShipment(hub.app, p);
    const noCompany = await hub.app.inject({
      method: 'POST',
      url: `/api/admin/shipments/${s.id}/assign`,
      headers: admin,
      payload: { companyId: 'cmp_00000000000000000000' },
    });
    expect(noCompany.statusCode, noCompany.body).toBe(404);
    expect(noCompany.json().code).toBe('COMPANY_NOT_FOUND');
    const after = await hub.app.inject({ method: 'GET', url: `/api/partner/shipments/${s.id}`, headers: p.headers });
    expect(after.json()).toMatchObject({ status: 'pending', assignedCompanyId: null });

    const noShipment = await hub.app.inject({
      method: 'POST',
      url: '/api/admin/shipments/shp_00000000000000000000/assign',
      headers: admin,
      payload: { companyId: q.companyId },
    });
    expect(noShipment.statusCode).toBe(404);
    expect(noShipment.json().code).toBe('SHIPMENT_NOT_FOUND');

    const twice = await hub.app.inject({
      method: 'POST',
      url: `/api/admin/shipments/${s1.id}/assign`,
      headers: admin,
      payload: { companyId: p.companyId },
    });
    expect(twice.statusCode, twice.body).toBe(409);
    expect(twice.json().code).toBe('INVALID_STATUS_TRANSITION');
    const still = await hub.app.inject({ method: 'GET', url: `/api/partner/shipments/${s1.id}`, headers: q.headers });
    expect(still.json()).toMatchObject({ status: 'assigned', assignedCompanyId: q.companyId });

    const cancelled = await newShipment(hub.app, p);
    await hub.app.inject({ method: 'POST', url: `/api/partner/shipments/${cancelled.id}/cancel`, headers: p.headers, payload: {} });
    const late = await hub.app.inject({
      method: 'POST',
      url: `/api/admin/shipments/${cancelled.id}/assign`,
      headers: admin,
      payload: { companyId: q.companyId },
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('INVALID_STATUS_TRANSITION');

    const bad = await hub.app.inject({ method: 'POST', url: `/api/admin/shipments/${s.id}/assign`, headers: admin, payload: {} });
    expect(bad.statusCode).toBe(400);
  });
});

describe('GET /api/admin/api-logs', () => {
  it('lists authentication attempts, newest first, filtered by company and outcome', async () => {
    const p = await newPartnerFromTestIp(hub.app);
    const ip = testIp();
    await hub.app.inject({ method: 'POST', url: '/api/partner/auth', remoteAddress: ip, payload: { apiKey: p.apiKey, secret: 'wrong-secret' } });
    await hub.app.inject({ method: 'POST', url: '/api/partner/auth', remoteAddress: ip, payload: { apiKey: p.apiKey, secret: p.secret } });

    const res = await get(`/api/admin/api-logs?companyId=${p.companyId}`);
    expect(res.statusCode, res.body).toBe(200);
    const { data, pagination } = res.json();
    // newPartner's own authentication, then the two above, newest first.
    expect(data.map((r: { outcome: string }) => r.outcome)).toEqual(['success', 'secret_mismatch', 'success']);
    expect(pagination).toEqual({ total: 3, limit: 50, offset: 0, hasMore: false, totalCapped: false, nextCursor: null });
    expect(data[0]).toEqual({
      id: expect.any(Number),
      at: expect.any(String),
      kind: 'partner_auth',
      ip,
      apiKey: `${p.apiKey.slice(0, 15)}…${p.apiKey.slice(-4)}`,
      apiKeyId: p.apiKeyId,
      companyId: p.companyId,
      outcome: 'success',
      statusCode: 200,
      userAgent: expect.anything(),
      method: null,
      route: null,
      durationMs: null,
      requestId: null,
    });
    expect(Date.parse(data[0].at)).toBeGreaterThanOrEqual(Date.parse(data[1].at));
    expect(res.body).not.toContain(p.secret);
    expect(res.body).not.toContain(p.apiKey);

    const failed = (await get(`/api/admin/api-logs?companyId=${p.companyId}&outcome=secret_mismatch`)).json();
    expect(failed.data).toHaveLength(1);
    expect(failed.data[0]).toMatchObject({ ip, outcome: 'secret_mismatch', statusCode: 401 });

    const logins = (await get('/api/admin/api-logs?outcome=invalid_credentials&limit=100')).json().data as Array<{ kind: string }>;
    expect(logins.length).toBeGreaterThan(0);
    expect(logins.every((r) => r.kind === 'admin_login')).toBe(true);
    expect((await get('/api/admin/api-logs?limit=0')).statusCode).toBe(400);
  });
});

// Several processes exist only with PostgreSQL (`--role api` and `--role worker` starting together).
describe.runIf(!!process.env.DATABASE_URL)('bootstrap in several processes at once', () => {
  it('exactly one admin is created and no start-up fails', async () => {
    // Start over from an empty admins table. This is the file's last test: the admin token above
    // names a deleted admin from here on, and is refused.
    await hub.deps.database.pool.query('delete from admins');
    const results = await Promise.allSettled([0, 1, 2, 3].map(() => hub.services.admin.bootstrap('twin@example.com', 'twin-password-123')));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    const values = results.map((r) => (r.status === 'fulfilled' ? r.value : 'rejected'));
    expect(values.filter((v) => v === 'created')).toHaveLength(1);
    expect(values.filter((v) => v === 'exists')).toHaveLength(3);
    const { rows } = await hub.deps.database.pool.query('select email from admins');
    expect(rows).toEqual([{ email: 'twin@example.com' }]);
    expect((await login('twin@example.com', 'twin-password-123')).statusCode).toBe(200);
  });
});
