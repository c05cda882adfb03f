/**
 * The admin routes the dashboard needs: the cookie session (HttpOnly, SameSite=Strict, CSRF token on
 * changes), the overview and its live stream, a company's keys and analytics, the carriers' traffic.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, assign, newPartner, newShipment, testIp, uid, type TestPartner } from '../helpers/factories.js';
import { createTestHub, type TestHub } from '../helpers/hub.js';

let hub: TestHub;
let admin: { authorization: string };
const password = 'correct horse battery';

beforeAll(async () => {
  hub = await createTestHub({ role: 'all' });
  admin = await adminHeaders(hub);
});
afterAll(() => hub?.close());

async function session(): Promise<{ cookie: string; csrf: string; setCookie: string }> {
  const email = `dash-${uid()}@example.com`;
  await hub.services.admin.createAdmin(email, password);
  const res = await hub.app.inject({ method: 'POST', url: '/api/admin/session', payload: { email, password }, remoteAddress: testIp() });
  expect(res.statusCode, res.body).toBe(200);
  const setCookie = String(res.headers['set-cookie']);
  const cookie = /^(ff_admin_session=[^;]+)/.exec(setCookie)![1]!;
  return { cookie, csrf: res.json().csrfToken, setCookie };
}

describe('admin session cookie', () => {
  it('is HttpOnly, SameSite=Strict and scoped to /api/admin; the answer never holds the token itself', async () => {
    const s = await session();
    expect(s.setCookie).toMatch(/HttpOnly/i);
    expect(s.setCookie).toMatch(/SameSite=Strict/i);
    expect(s.setCookie).toMatch(/Path=\/api\/admin/);
    expect(s.setCookie).toMatch(/Max-Age=43200/);
    // Not Secure here (PUBLIC_URL is http in tests); production sets it (see docs).
    expect(s.csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const who = await hub.app.inject({ method: 'GET', url: '/api/admin/session', headers: { cookie: s.cookie } });
    expect(who.statusCode).toBe(200);
    expect(who.json()).toMatchObject({ admin: { email: expect.stringMatching(/^dash-/) }, csrfToken: s.csrf });
  });

  it('reads with the cookie alone, and changes only with the matching X-CSRF-Token', async () => {
    const s = await session();
    const other = await session();
    const p = await newPartner(hub.app);
    const url = `/api/admin/companies/${p.companyId}`;
    expect((await hub.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } })).statusCode).toBe(200);
    for (const csrf of [undefined, '', other.csrf, `${s.csrf}x`]) {
      const headers: Record<string, string> = { cookie: s.cookie };
      if (csrf !== undefined) headers['x-csrf-token'] = csrf;
      const res = await hub.app.inject({ method: 'PATCH', url, headers, payload: { balance: 12.5 } });
      expect(res.statusCode, `csrf ${csrf}`).toBe(403);
      expect(res.json().code).toBe('CSRF_TOKEN_INVALID');
    }
    const ok = await hub.app.inject({ method: 'PATCH', url, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf }, payload: { balance: 12.5 } });
    expect(ok.statusCode, ok.body).toBe(200);
    // A bearer token needs no CSRF token (no browser sends one by itself).
    expect((await hub.app.inject({ method: 'PATCH', url, headers: admin, payload: { balance: 13 } })).statusCode).toBe(200);
  });

  it('logs out: the cookie is cleared; a forged cookie is refused', async () => {
    const s = await session();
    const out = await hub.app.inject({ method: 'DELETE', url: '/api/admin/session', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/ff_admin_session=;.*Max-Age=0/);
    const forged = await hub.app.inject({
      method: 'GET',
      url: '/api/admin/overview',
      headers: { cookie: 'ff_admin_session=eyJhbGciOiJIUzI1NiJ9.e30.x' },
    });
    expect(forged.statusCode).toBe(401);
    expect(forged.json().code).toBe('TOKEN_INVALID');
  });

  it('refuses a wrong password with 401 and no cookie', async () => {
    const res = await hub.app.inject({
      method: 'POST',
      url: '/api/admin/session',
      payload: { email: 'nobody@example.com', password: 'wrong-password' },
      remoteAddress: testIp(),
    });
    expect(res.statusCode).toBe(401);
    expect(res.headers['set-cookie']).toBeUndefined();
  });
});

describe('GET /api/admin/overview', () => {
  it('counts active companies and shipments still moving, with health and revenue', async () => {
    const before = (await hub.app.inject({ method: 'GET', url: '/api/admin/overview', headers: admin })).json();
    await new Promise((r) => setTimeout(r, 2100)); // past the overview's 2-second cache
    const p = await newPartner(hub.app);
    await newShipment(hub.app, p);
    const s2 = await newShipment(hub.app, p);
    await hub.app.inject({ method: 'POST', url: `/api/partner/shipments/${s2.id}/cancel`, headers: p.headers, payload: { reason: 'x' } });
    const res = await hub.app.inject({ method: 'GET', url: '/api/admin/overview', headers: admin });
    expect(res.statusCode).toBe(200);
    const after = res.json();
    expect(after.connectedCompanies - before.connectedCompanies).toBe(1);
    expect(after.activeShipments - before.activeShipments).toBe(1); // the cancelled one is not active
    expect(after.pendingShipments - before.pendingShipments).toBe(1);
    expect(after.systemHealth).toMatchObject({ label: expect.any(String), score: expect.any(Number) });
    expect(typeof after.revenue).toBe('number');
  });

  it('is admin only', async () => {
    const p = await newPartner(hub.app);
    expect((await hub.app.inject({ method: 'GET', url: '/api/admin/overview', headers: p.headers })).statusCode).toBe(401);
    expect((await hub.app.inject({ method: 'GET', url: '/api/admin/overview' })).statusCode).toBe(401);
  });
});

describe('GET /api/admin/stream', () => {
  it('sends an overview event at once, as server-sent events', async () => {
    await hub.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = hub.app.server.address() as { port: number };
    const controller = new AbortController();
    const res = await fetch(`http://127.0.0.1:${port}/api/admin/stream`, { headers: admin, signal: controller.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    const [event, data] = text.split('\n');
    expect(event).toBe('event: overview');
    expect(JSON.parse(data!.slice('data: '.length))).toMatchObject({ connectedCompanies: expect.any(Number), activeShipments: expect.any(Number) });
  });
});

describe("a company's keys", () => {
  let p: TestPartner;
  beforeAll(async () => {
    p = await newPartner(hub.app);
  });

  it('lists, issues (secret shown once) and revokes; a revoked key stops working at once, the last one included', async () => {
    const list = await hub.app.inject({ method: 'GET', url: `/api/admin/companies/${p.companyId}/keys`, headers: admin });
    expect(list.statusCode).toBe(200);
    expect(list.json().data.map((k: any) => k.id)).toEqual([p.apiKeyId]);
    expect(list.body).not.toContain(p.secret);

    const issued = await hub.app.inject({
      method: 'POST',
      url: `/api/admin/companies/${p.companyId}/keys`,
      headers: admin,
      payload: { name: 'ops' },
    });
    expect(issued.statusCode, issued.body).toBe(201);
    expect(issued.json()).toMatchObject({ name: 'ops', key: expect.stringMatching(/^ff_/), secret: expect.any(String) });

    for (const id of [p.apiKeyId, issued.json().id]) {
      const revoked = await hub.app.inject({ method: 'DELETE', url: `/api/admin/companies/${p.companyId}/keys/${id}`, headers: admin });
      expect(revoked.statusCode, revoked.body).toBe(200);
      expect(revoked.json().revokedAt).toEqual(expect.any(String));
    }
    const call = await hub.app.inject({ method: 'GET', url: '/api/partner/me', headers: p.headers });
    expect(call.statusCode).toBe(401);
    expect(call.json().code).toBe('API_KEY_REVOKED');
  });

  it("answers 404 for an unknown company, and for another company's key", async () => {
    const other = await newPartner(hub.app);
    expect((await hub.app.inject({ method: 'GET', url: '/api/admin/companies/cmp_00000000000000000000/keys', headers: admin })).statusCode).toBe(404);
    const res = await hub.app.inject({ method: 'DELETE', url: `/api/admin/companies/${p.companyId}/keys/${other.apiKeyId}`, headers: admin });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('API_KEY_NOT_FOUND');
  });
});

describe('GET /api/admin/companies/:id/analytics', () => {
  it("counts today's created and delivered shipments, the on-time rate and webhook success", async () => {
    const p = await newPartner(hub.app);
    const s = await newShipment(hub.app, p, { estimatedDelivery: '2099-01-01T00:00:00.000Z' });
    await newShipment(hub.app, p);
    await assign(hub, s.id, p);
    for (const status of ['picked_up', 'in_transit', 'out_for_delivery', 'delivered']) {
      const r = await hub.app.inject({ method: 'POST', url: `/api/partner/shipments/${s.id}/events`, headers: p.headers, payload: { status } });
      expect(r.statusCode, r.body).toBe(200);
    }
    const res = await hub.app.inject({ method: 'GET', url: `/api/admin/companies/${p.companyId}/analytics?days=7`, headers: admin });
    expect(res.statusCode, res.body).toBe(200);
    const a = res.json();
    expect(a.volume).toHaveLength(7);
    expect(a.volume.at(-1)).toEqual({ date: new Date().toISOString().slice(0, 10), created: 2, delivered: 1 });
    expect(a.volume.slice(0, 6).every((d: any) => d.created === 0 && d.delivered === 0)).toBe(true);
    expect(a.onTime).toEqual({ delivered: 1, onTime: 1, rate: 100 });
    expect(a.webhooks).toEqual({ attempts: 0, succeeded: 0, rate: null });
  });

  it.each(['0', '91', 'x'])('refuses days=%s with 400', async (days) => {
    const p = await newPartner(hub.app);
    const res = await hub.app.inject({ method: 'GET', url: `/api/admin/companies/${p.companyId}/analytics?days=${days}`, headers: admin });
    expect(res.statusCode).toBe(400);
  });
});

describe('GET /api/admin/carriers', () => {
  it('lists the five carriers with circuit state and callback counts', async () => {
    const res = await hub.app.inject({ method: 'GET', url: '/api/admin/carriers', headers: admin });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.carriers.map((c: any) => c.code).sort()).toEqual(['idexpress', 'jne', 'jnt', 'sap', 'sicepat']);
    for (const c of body.carriers) expect(c.circuit).toBe('closed');
    expect(body.traffic).toEqual({
      gateway: expect.objectContaining({ requests: expect.any(Number) }),
      cms: expect.objectContaining({ requests: expect.any(Number) }),
      callbacks: expect.objectContaining({ requests: expect.any(Number) }),
    });
  });
});
