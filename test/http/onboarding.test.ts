import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPartnerFromTestIp, testIp, type TestPartner } from '../helpers/factories.js';
import { createTestHub, type TestHub } from '../helpers/hub.js';
import { decodeMessage, startSmtpSink, waitFor } from '../helpers/smtp.js';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const uid = () => Math.random().toString(36).slice(2, 10);

function onboardingBody(overrides: Record<string, unknown> = {}) {
  return {
    company: { name: `QuickShip ${uid()}`, email: `ops-${uid()}@quickship.example`, industry: 'Courier' },
    tier: 'professional',
    ...overrides,
  };
}

async function onboard(app: TestHub['app'], payload: unknown) {
  return app.inject({ method: 'POST', url: '/api/partner/onboarding', remoteAddress: testIp(), payload: payload as Record<string, unknown> });
}

/** The text of a message as a reader sees it: headers as sent, body decoded from quoted-printable or base64. */
let hub: TestHub;

beforeAll(async () => {
  hub = await createTestHub();
});
afterAll(() => hub?.close());

describe('POST /api/partner/onboarding', () => {
  it('creates the company, its first key with a one-time secret, webhooks and limits (201)', async () => {
    const body = onboardingBody({
      tier: 'professional',
      webhooks: [
        { url: 'https://hooks.quickship.example/ff', events: ['shipment.created', 'shipment.updated'] },
        { url: 'https://hooks.partner.example:8443/in', events: ['shipment.delivered'] },
      ],
    });
    const res = await onboard(hub.app, body);
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json();
    expect(Object.keys(r).sort()).toEqual(['apiKey', 'company', 'limits', 'webhooks']);
    expect(r.company).toEqual({
      id: expect.stringMatching(/^cmp_[0-9a-z]{20}$/),
      name: body.company.name,
      email: body.company.email,
      industry: 'Courier',
      tier: 'professional',
      status: 'active',
      capacity: 10_000,
      monthlyQuota: 10_000,
      rateLimitPerMinute: 500,
      balance: 0,
      createdAt: expect.any(String),
    });
    expect(Math.abs(Date.parse(r.company.createdAt) - Date.now())).toBeLessThan(60_000);
    expect(r.apiKey).toEqual({
      id: expect.stringMatching(/^key_[0-9a-z]{20}$/),
      name: 'Default key',
      key: expect.stringMatching(/^ff_sk_live_[0-9A-Za-z]{32}$/),
      secret: expect.stringMatching(/^[0-9A-Za-z]{48}$/),
      keyPreview: expect.any(String),
      status: 'active',
      createdAt: expect.any(String),
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(r.apiKey.keyPreview).toBe(`${r.apiKey.key.slice(0, 15)}…${r.apiKey.key.slice(-4)}`);
    // The same objects as POST /webhooks, each with its signing secret, shown only here.
    const webhook = (url: string, events: string[]) =>
      expect.objectContaining({
        id: expect.stringMatching(/^whe_[0-9a-z]{20}$/),
        url,
        events,
        enabled: true,
        status: 'healthy',
        createdAt: expect.any(String),
        secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
      });
    expect(r.webhooks).toEqual([
      webhook('https://hooks.quickship.example/ff', ['shipment.created', 'shipment.updated']),
      webhook('https://hooks.partner.example:8443/in', ['shipment.delivered']),
    ]);
    expect(r.limits).toEqual({ requestsPerMinute: 500, monthlyShipments: 10_000, capacity: 10_000 });

    // The webhooks are stored for the company.
    const { rows } = await hub.deps.database.pool.query(
      'select id, url, events, enabled from webhook_endpoints where company_id = $1 order by url desc',
      [r.company.id],
    );
    expect(rows).toEqual([
      { id: r.webhooks[0].id, url: 'https://hooks.quickship.example/ff', events: ['shipment.created', 'shipment.updated'], enabled: true },
      { id: r.webhooks[1].id, url: 'https://hooks.partner.example:8443/in', events: ['shipment.delivered'], enabled: true },
    ]);

    // The key and secret work straight away.
    const auth = await hub.app.inject({
      method: 'POST',
      url: '/api/partner/auth',
      remoteAddress: testIp(),
      payload: { apiKey: r.apiKey.key, secret: r.apiKey.secret },
    });
    expect(auth.statusCode, auth.body).toBe(200);
    expect(auth.json().company).toEqual({ id: r.company.id, name: body.company.name, tier: 'professional' });
  });

  it('works without webhooks and without industry', async () => {
    const res = await onboard(hub.app, { company: { name: 'Bare Co', email: `bare-${uid()}@example.com` }, tier: 'starter' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().webhooks).toEqual([]);
    expect(res.json().company.industry).toBeNull();
  });

  it.each([
    ['starter', { requestsPerMinute: 60, monthlyShipments: 1_000 }],
    ['professional', { requestsPerMinute: 500, monthlyShipments: 10_000 }],
    ['enterprise', { requestsPerMinute: null, monthlyShipments: null }],
  ] as const)('sets the %s tier limits on the company', async (tier, expected) => {
    const res = await onboard(hub.app, onboardingBody({ tier }));
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json();
    expect(r.company.tier).toBe(tier);
    expect(r.limits).toMatchObject(expected);
    expect(r.company.rateLimitPerMinute).toBe(expected.requestsPerMinute);
    expect(r.company.monthlyQuota).toBe(expected.monthlyShipments);
    const { rows } = await hub.deps.database.pool.query('select tier, rate_limit_per_minute, monthly_quota from companies where id = $1', [
      r.company.id,
    ]);
    expect(rows).toEqual([{ tier, rate_limit_per_minute: expected.requestsPerMinute, monthly_quota: expected.monthlyShipments }]);
  });

  it('stores the secret only as its SHA-256 hash, nowhere in clear', async () => {
    const res = await onboard(hub.app, onboardingBody());
    expect(res.statusCode, res.body).toBe(201);
    const { apiKey, company } = res.json();
    const { rows } = await hub.deps.database.pool.query('select * from api_keys where id = $1', [apiKey.id]);
    expect(rows).toHaveLength(1);
    const row = rows[0];
    expect(row.company_id).toBe(company.id);
    expect(row.key).toBe(apiKey.key);
    expect(row.secret_hash).toBe(sha256(apiKey.secret));
    expect(row.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(apiKey.secret);
    // Not in the company row, not in the queued welcome email either.
    const c = await hub.deps.database.pool.query('select * from companies where id = $1', [company.id]);
    expect(JSON.stringify(c.rows)).not.toContain(apiKey.secret);
    const jobs = await hub.deps.database.pool.query(`select data::text as data from pgboss.job where name = 'mail.send'`);
    const welcome = jobs.rows.filter((j: { data: string }) => j.data.includes(company.id));
    expect(welcome).toHaveLength(1);
    expect(welcome[0].data).toContain(apiKey.key);
    expect(welcome[0].data).not.toContain(apiKey.secret);
  });

  it('refuses a second company with the same email, whatever its case (409 COMPANY_EMAIL_TAKEN)', async () => {
    const email = `Dispatch-${uid()}@Example.com`;
    const first = await onboard(hub.app, onboardingBody({ company: { name: 'First', email } }));
    expect(first.statusCode, first.body).toBe(201);
    for (const again of [email, email.toLowerCase(), email.toUpperCase()]) {
      const res = await onboard(hub.app, onboardingBody({ company: { name: 'Second', email: again } }));
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json()).toMatchObject({ code: 'COMPANY_EMAIL_TAKEN', requestId: expect.any(String) });
    }
    const { rows } = await hub.deps.database.pool.query('select count(*)::int as n from companies where lower(email) = lower($1)', [email]);
    expect(rows[0].n).toBe(1);
  });

  it('answers 409, not 500, when the same email is onboarded twice at the same moment', async () => {
    for (let round = 0; round < 3; round++) {
      const email = `race-${uid()}@example.com`;
      const results = await Promise.all([...Array(8).keys()].map(() => onboard(hub.app, onboardingBody({ company: { name: 'Racer', email } }))));
      expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
      for (const r of results.filter((x) => x.statusCode === 409)) expect(r.json().code).toBe('COMPANY_EMAIL_TAKEN');
      const { rows } = await hub.deps.database.pool.query('select count(*)::int as n from companies where lower(email) = lower($1)', [email]);
      expect(rows[0].n).toBe(1);
    }
  });

  const good = onboardingBody();
  it.each([
    ['an unknown tier', { ...good, tier: 'platinum' }],
    ['a missing tier', { company: good.company }],
    ['a bad email', { ...good, company: { ...good.company, email: 'not-an-email' } }],
    ['a missing company name', { ...good, company: { email: good.company.email } }],
    ['an empty company name', { ...good, company: { ...good.company, name: '' } }],
    ['an over-long company name', { ...good, company: { ...good.company, name: 'x'.repeat(201) } }],
    ['a webhook url that is not http(s)', { ...good, webhooks: [{ url: 'ftp://hooks.example.com/in', events: ['shipment.created'] }] }],
    ['a javascript: webhook url', { ...good, webhooks: [{ url: 'javascript:alert(1)', events: ['shipment.created'] }] }],
    ['a webhook url without a host', { ...good, webhooks: [{ url: 'https://', events: ['shipment.created'] }] }],
    ['a webhook url with an empty host', { ...good, webhooks: [{ url: 'https:///hooks', events: ['shipment.created'] }] }],
    ['a webhook url with only a port', { ...good, webhooks: [{ url: 'http://:8080/in', events: ['shipment.created'] }] }],
    ['a webhook url with a NUL character', { ...good, webhooks: [{ url: 'https://hooks.example.com/in\u0000x', events: ['shipment.created'] }] }],
    ['a webhook url with spaces', { ...good, webhooks: [{ url: 'https://hooks example.com/in', events: ['shipment.created'] }] }],
    ['an unknown webhook event', { ...good, webhooks: [{ url: 'https://hooks.example.com/in', events: ['shipment.exploded'] }] }],
    ['a webhook without events', { ...good, webhooks: [{ url: 'https://hooks.example.com/in', events: [] }] }],
    ['an extra top-level field', { ...good, admin: true }],
    ['an extra company field', { ...good, company: { ...good.company, status: 'active' } }],
    ['an extra webhook field', { ...good, webhooks: [{ url: 'https://hooks.example.com/in', events: ['shipment.created'], secret: 'x' }] }],
    ['a body that is not an object', ['company']],
  ])('rejects %s with 400 VALIDATION_FAILED and creates nothing', async (_name, payload) => {
    const before = await hub.deps.database.pool.query('select count(*)::int as n from companies');
    const res = await onboard(hub.app, payload);
    expect(res.statusCode, res.body).toBe(400);
    const err = res.json();
    expect(err).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.any(String), requestId: expect.any(String) });
    expect(Array.isArray(err.details) && err.details.length > 0).toBe(true);
    expect(res.body).not.toMatch(/\bat .*\.(ts|js):\d+/); // no stack trace
    const after = await hub.deps.database.pool.query('select count(*)::int as n from companies');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });
});

describe('API keys', () => {
  let p: TestPartner;
  beforeAll(async () => {
    p = await newPartnerFromTestIp(hub.app);
  });

  it('GET /api/partner/me answers the own company', async () => {
    const res = await hub.app.inject({ method: 'GET', url: '/api/partner/me', headers: p.headers });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      id: p.companyId,
      name: p.name,
      tier: 'professional',
      status: 'active',
      rateLimitPerMinute: 500,
      monthlyQuota: 10_000,
    });
    const none = await hub.app.inject({ method: 'GET', url: '/api/partner/me' });
    expect(none.statusCode).toBe(401);
    expect(none.json().code).toBe('TOKEN_MISSING');
  });

  it('GET /api/partner/keys lists previews, never a secret or a whole key', async () => {
    const res = await hub.app.inject({ method: 'GET', url: '/api/partner/keys', headers: p.headers });
    expect(res.statusCode, res.body).toBe(200);
    const { data } = res.json();
    expect(data).toHaveLength(1);
    expect(data[0]).toEqual({
      id: p.apiKeyId,
      name: 'Default key',
      keyPreview: `${p.apiKey.slice(0, 15)}…${p.apiKey.slice(-4)}`,
      status: 'active',
      createdAt: expect.any(String),
      lastUsedAt: expect.any(String), // set by the authentication in newPartner
      revokedAt: null,
    });
    expect(res.body).not.toContain(p.secret);
    expect(res.body).not.toContain(p.apiKey);
  });

  it('POST /api/partner/keys returns a new key with its secret once; the list never shows it again', async () => {
    const res = await hub.app.inject({ method: 'POST', url: '/api/partner/keys', headers: p.headers, payload: { name: 'CI pipeline' } });
    expect(res.statusCode, res.body).toBe(201);
    const k = res.json();
    expect(k).toEqual({
      id: expect.stringMatching(/^key_[0-9a-z]{20}$/),
      name: 'CI pipeline',
      key: expect.stringMatching(/^ff_sk_live_[0-9A-Za-z]{32}$/),
      secret: expect.stringMatching(/^[0-9A-Za-z]{48}$/),
      keyPreview: `${k.key.slice(0, 15)}…${k.key.slice(-4)}`,
      status: 'active',
      createdAt: expect.any(String),
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(k.key).not.toBe(p.apiKey);
    const { rows } = await hub.deps.database.pool.query('select company_id, secret_hash from api_keys where id = $1', [k.id]);
    expect(rows).toEqual([{ company_id: p.companyId, secret_hash: sha256(k.secret) }]);

    const auth = await hub.app.inject({
      method: 'POST',
      url: '/api/partner/auth',
      remoteAddress: testIp(),
      payload: { apiKey: k.key, secret: k.secret },
    });
    expect(auth.statusCode, auth.body).toBe(200);
    expect(auth.json().company.id).toBe(p.companyId);

    const list = await hub.app.inject({ method: 'GET', url: '/api/partner/keys', headers: p.headers });
    expect(list.json().data.map((x: { id: string }) => x.id)).toEqual([p.apiKeyId, k.id]);
    expect(list.body).not.toContain(k.secret);
  });

  it('POST /api/partner/keys without a body names the key "API key"; bad bodies are 400', async () => {
    const res = await hub.app.inject({ method: 'POST', url: '/api/partner/keys', headers: p.headers });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().name).toBe('API key');
    const empty = await hub.app.inject({ method: 'POST', url: '/api/partner/keys', headers: p.headers, payload: {} });
    expect(empty.statusCode, empty.body).toBe(201);
    expect(empty.json().name).toBe('API key');
    for (const payload of [{ name: '' }, { name: 'x'.repeat(101) }, { name: 'ok', secret: 'mine' }]) {
      const bad = await hub.app.inject({ method: 'POST', url: '/api/partner/keys', headers: p.headers, payload });
      expect(bad.statusCode, JSON.stringify(payload)).toBe(400);
      expect(bad.json().code).toBe('VALIDATION_FAILED');
    }
  });

  it('DELETE /api/partner/keys/:id revokes: the key shows revoked and can no longer authenticate', async () => {
    const created = (await hub.app.inject({ method: 'POST', url: '/api/partner/keys', headers: p.headers, payload: { name: 'to revoke' } })).json();
    const res = await hub.app.inject({ method: 'DELETE', url: `/api/partner/keys/${created.id}`, headers: p.headers });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: created.id, name: 'to revoke', status: 'revoked', revokedAt: expect.any(String) });
    expect(res.json()).not.toHaveProperty('secret');
    expect(res.json()).not.toHaveProperty('key');

    const list = await hub.app.inject({ method: 'GET', url: '/api/partner/keys', headers: p.headers });
    expect(list.json().data.find((x: { id: string }) => x.id === created.id)).toMatchObject({ status: 'revoked' });

    const auth = await hub.app.inject({
      method: 'POST',
      url: '/api/partner/auth',
      remoteAddress: testIp(),
      payload: { apiKey: created.key, secret: created.secret },
    });
    expect(auth.statusCode).toBe(401);

    // Revoking again changes nothing (same revokedAt).
    const again = await hub.app.inject({ method: 'DELETE', url: `/api/partner/keys/${created.id}`, headers: p.headers });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().revokedAt).toBe(res.json().revokedAt);
  });

  it('DELETE of an unknown key is 404 API_KEY_NOT_FOUND; a malformed id is 400', async () => {
    const res = await hub.app.inject({ method: 'DELETE', url: '/api/partner/keys/key_00000000000000000000', headers: p.headers });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('API_KEY_NOT_FOUND');
    const bad = await hub.app.inject({ method: 'DELETE', url: '/api/partner/keys/not-a-key-id', headers: p.headers });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION_FAILED');
  });

  it('refuses to revoke the last active key (409 LAST_ACTIVE_KEY), which stays usable', async () => {
    const q = await newPartnerFromTestIp(hub.app, { tier: 'starter' });
    const res = await hub.app.inject({ method: 'DELETE', url: `/api/partner/keys/${q.apiKeyId}`, headers: q.headers });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().code).toBe('LAST_ACTIVE_KEY');
    const me = await hub.app.inject({ method: 'GET', url: '/api/partner/keys', headers: q.headers });
    expect(me.statusCode).toBe(200);
    expect(me.json().data).toMatchObject([{ id: q.apiKeyId, status: 'active', revokedAt: null }]);
  });

  it('of two keys revoked at the same moment, exactly one goes: never zero active keys', async () => {
    const q = await newPartnerFromTestIp(hub.app, { tier: 'starter' });
    const second = (await hub.app.inject({ method: 'POST', url: '/api/partner/keys', headers: q.headers, payload: { name: 'second' } })).json();
    const results = await Promise.all(
      [q.apiKeyId, second.id].map((id) => hub.app.inject({ method: 'DELETE', url: `/api/partner/keys/${id}`, headers: q.headers })),
    );
    const codes = results.map((r) => r.statusCode);
    // The request revoking the caller's own key may itself be refused as revoked once the other won.
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    const { rows } = await hub.deps.database.pool.query('select count(*)::int as n from api_keys where company_id = $1 and revoked_at is null', [
      q.companyId,
    ]);
    expect(rows[0].n).toBe(1);
  });
});

describe('welcome email', () => {
  it('is sent over SMTP when SMTP_URL is set: names the key, never the secret', async () => {
    const smtp = await startSmtpSink();
    const received = smtp.received;
    const mailHub = await createTestHub({ role: 'all', env: { SMTP_URL: smtp.url } });
    try {
      const body = onboardingBody({ tier: 'starter' });
      const res = await onboard(mailHub.app, body);
      expect(res.statusCode, res.body).toBe(201);
      const { apiKey, company } = res.json();
      const msg = await waitFor(() => received.find((m) => m.to.includes(body.company.email)));
      const text = decodeMessage(msg.raw);
      expect(text).toMatch(/^subject: .*Welcome to FastForward/im);
      expect(text).toContain(apiKey.key);
      expect(text).toContain(company.id);
      expect(msg.raw).not.toContain(apiKey.secret);
      expect(text).not.toContain(apiKey.secret);
      expect(received.filter((m) => m.to.includes(body.company.email))).toHaveLength(1);
    } finally {
      await mailHub.close();
      await smtp.close();
    }
  });

  it('is written as .eml under <DATA_DIR>/mail without SMTP_URL: names the key, never the secret', async () => {
    const mailHub = await createTestHub({ role: 'all' });
    try {
      const body = onboardingBody({ tier: 'enterprise' });
      const res = await onboard(mailHub.app, body);
      expect(res.statusCode, res.body).toBe(201);
      const { apiKey, company } = res.json();
      const dir = path.join(mailHub.dataDir, 'mail');
      const file = await waitFor(() => {
        if (!fs.existsSync(dir)) return undefined;
        return fs.readdirSync(dir).find((f) => f.endsWith('.eml') && f.includes(company.id));
      });
      const raw = fs.readFileSync(path.join(dir, file), 'utf8');
      const text = decodeMessage(raw);
      expect(text).toMatch(new RegExp(`^to: ${body.company.email.replace(/[.]/g, '\\.')}`, 'im'));
      expect(text).toContain(apiKey.key);
      expect(raw).not.toContain(apiKey.secret);
      expect(text).not.toContain(apiKey.secret);
    } finally {
      await mailHub.close();
    }
  });
});
