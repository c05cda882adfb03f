import { createHmac } from 'node:crypto';
import { createSigner } from 'fast-jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHub } from '../../src/server.js';
import { adminHeaders, newPartnerFromTestIp, testIp, type TestPartner } from '../helpers/factories.js';
import { createTestHub, type TestHub } from '../helpers/hub.js';

const JWT_SECRET = 'test-secret-that-is-long-enough-0123456789';
const DAY = 86_400;

const b64url = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
function decodePart(token: string, i: 0 | 1): Record<string, any> {
  const part = token.split('.')[i];
  if (part === undefined) throw new Error('not a JWT');
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, any>;
}
/** HS256 by hand, so a test can sign any header and payload it likes. */
function hs256(header: unknown, payload: unknown, secret = JWT_SECRET): string {
  const head = `${b64url(header)}.${b64url(payload)}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}
function claimsOf(p: TestPartner) {
  return { companyId: p.companyId, apiKeyId: p.apiKeyId, tier: p.tier, type: 'partner_api' };
}
const nowSec = () => Math.floor(Date.now() / 1000);

let hub: TestHub;
let admin: { authorization: string };
let a: TestPartner;
let b: TestPartner;

async function authenticate(body: unknown, ip = testIp()) {
  return hub.app.inject({
    method: 'POST',
    url: '/api/partner/auth',
    remoteAddress: ip,
    headers: { 'user-agent': 'auth-test/1.0' },
    payload: body as Record<string, unknown>,
  });
}
async function me(authorization?: string) {
  return hub.app.inject({ method: 'GET', url: '/api/partner/me', headers: authorization === undefined ? {} : { authorization } });
}
async function logRows(ip: string) {
  // Credential checks only: the requests themselves are rows of kind `request` too (test/http/api-log.test.ts).
  const { rows } = await hub.deps.database.pool.query(`select * from api_logs where ip = $1 and kind <> 'request' order by id`, [ip]);
  return rows as Array<Record<string, any>>;
}
function expect401(res: Awaited<ReturnType<typeof me>>, code: string) {
  expect(res.statusCode, res.body).toBe(401);
  expect(res.json()).toEqual({ code, message: expect.any(String), requestId: expect.any(String) });
}

beforeAll(async () => {
  hub = await createTestHub();
  admin = await adminHeaders(hub);
  a = await newPartnerFromTestIp(hub.app, { tier: 'professional' });
  b = await newPartnerFromTestIp(hub.app, { tier: 'starter' });
});
afterAll(() => hub?.close());

describe('POST /api/partner/auth', () => {
  it("answers the seed's {token, expiresIn: 86400, company: {id, name, tier}}", async () => {
    const res = await authenticate({ apiKey: a.apiKey, secret: a.secret });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ token: expect.any(String), expiresIn: 86_400, company: { id: a.companyId, name: a.name, tier: 'professional' } });
  });

  it('issues an HS256 JWT with the seed payload, valid for 24 h', async () => {
    const before = nowSec();
    const { token } = (await authenticate({ apiKey: b.apiKey, secret: b.secret })).json();
    expect(token.split('.')).toHaveLength(3);
    expect(decodePart(token, 0)).toMatchObject({ alg: 'HS256', typ: 'JWT' });
    const payload = decodePart(token, 1);
    expect(payload).toMatchObject({ companyId: b.companyId, apiKeyId: b.apiKeyId, tier: 'starter', type: 'partner_api' });
    expect(payload.exp - payload.iat).toBe(DAY);
    expect(payload.iat).toBeGreaterThanOrEqual(before - 1);
    expect(payload.iat).toBeLessThanOrEqual(nowSec() + 1);
    expect(JSON.stringify(payload)).not.toContain(b.secret);
    // The signature is HMAC-SHA256 with the hub's secret over header.payload.
    const [h, p, sig] = token.split('.') as [string, string, string];
    expect(createHmac('sha256', JWT_SECRET).update(`${h}.${p}`).digest('base64url')).toBe(sig);
    // And the token opens partner routes.
    expect((await me(`Bearer ${token}`)).statusCode).toBe(200);
  });

  it('refuses a wrong secret and an unknown key alike: 401 INVALID_CREDENTIALS', async () => {
    const wrong = await authenticate({ apiKey: a.apiKey, secret: `${a.secret.slice(0, -1)}${a.secret.endsWith('x') ? 'y' : 'x'}` });
    const unknown = await authenticate({ apiKey: 'ff_sk_live_00000000000000000000000000000000', secret: a.secret });
    const otherSecret = await authenticate({ apiKey: a.apiKey, secret: b.secret });
    for (const res of [wrong, unknown, otherSecret]) expect401(res, 'INVALID_CREDENTIALS');
    // The same answer either way: nothing tells whether the key exists.
    expect(wrong.json().message).toBe(unknown.json().message);
  });

  it('validates the body: 400 VALIDATION_FAILED', async () => {
    for (const body of [
      {},
      { apiKey: a.apiKey },
      { secret: a.secret },
      { apiKey: a.apiKey, secret: '' },
      { apiKey: a.apiKey, secret: a.secret, tier: 'enterprise' },
      { apiKey: a.apiKey, secret: 'x'.repeat(257) },
      { apiKey: [a.apiKey, a.apiKey], secret: a.secret },
    ]) {
      const res = await authenticate(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
  });

  it('writes every attempt, success or failure, to api_logs with time, IP, a preview of the key and outcome', async () => {
    const ip = testIp();
    const started = Date.now();
    expect((await authenticate({ apiKey: a.apiKey, secret: a.secret }, ip)).statusCode).toBe(200);
    expect((await authenticate({ apiKey: a.apiKey, secret: 'not-the-secret' }, ip)).statusCode).toBe(401);
    expect((await authenticate({ apiKey: 'ff_sk_live_doesnotexist', secret: 'whatever' }, ip)).statusCode).toBe(401);
    // The secret pasted into the key field (a real mistake): the log must not become a place to read it.
    expect((await authenticate({ apiKey: a.secret, secret: a.secret }, ip)).statusCode).toBe(401);
    const rows = await logRows(ip);
    // A key as the key lists show it; anything else at most an eighth from each end, 4 characters at most.
    const keyPreview = `${a.apiKey.slice(0, 15)}…${a.apiKey.slice(-4)}`;
    expect(
      rows.map((r) => ({
        kind: r.kind,
        ip: r.ip,
        api_key: r.api_key,
        api_key_id: r.api_key_id,
        company_id: r.company_id,
        outcome: r.outcome,
        status_code: r.status_code,
      })),
    ).toEqual([
      { kind: 'partner_auth', ip, api_key: keyPreview, api_key_id: a.apiKeyId, company_id: a.companyId, outcome: 'success', status_code: 200 },
      {
        kind: 'partner_auth',
        ip,
        api_key: keyPreview,
        api_key_id: a.apiKeyId,
        company_id: a.companyId,
        outcome: 'secret_mismatch',
        status_code: 401,
      },
      { kind: 'partner_auth', ip, api_key: 'ff…st', api_key_id: null, company_id: null, outcome: 'unknown_key', status_code: 401 },
      {
        kind: 'partner_auth',
        ip,
        api_key: `${a.secret.slice(0, 4)}…${a.secret.slice(-4)}`,
        api_key_id: null,
        company_id: null,
        outcome: 'unknown_key',
        status_code: 401,
      },
    ]);
    // Neither the whole key nor any 9 consecutive characters of the secret are anywhere in the rows.
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain(a.apiKey);
    for (let i = 0; i + 9 <= a.secret.length; i++) expect(stored).not.toContain(a.secret.slice(i, i + 9));
    for (const r of rows) {
      expect(r.user_agent).toBe('auth-test/1.0');
      const at = new Date(r.created_at).getTime();
      expect(at).toBeGreaterThanOrEqual(started - 5_000);
      expect(at).toBeLessThanOrEqual(Date.now() + 5_000);
      // The presented secret is never logged.
      expect(JSON.stringify(r)).not.toContain(a.secret);
      expect(JSON.stringify(r)).not.toContain('not-the-secret');
    }
  });

  it('marks the key as used', async () => {
    await hub.deps.database.pool.query('update api_keys set last_used_at = null where id = $1', [b.apiKeyId]);
    expect((await authenticate({ apiKey: b.apiKey, secret: b.secret })).statusCode).toBe(200);
    const { rows } = await hub.deps.database.pool.query('select last_used_at from api_keys where id = $1', [b.apiKeyId]);
    expect(rows[0].last_used_at).not.toBeNull();
  });
});

describe('revoked keys', () => {
  it('a token issued before the revoke is refused on the very next request (401 API_KEY_REVOKED)', async () => {
    const p = await newPartnerFromTestIp(hub.app);
    const second = (await hub.app.inject({ method: 'POST', url: '/api/partner/keys', headers: p.headers, payload: { name: 'second' } })).json();
    const auth2 = await authenticate({ apiKey: second.key, secret: second.secret });
    expect(auth2.statusCode, auth2.body).toBe(200);
    const token2 = `Bearer ${auth2.json().token}`;
    // Warm whatever caches the hub keeps for this key.
    for (let i = 0; i < 3; i++) expect((await me(token2)).statusCode).toBe(200);

    const revoke = await hub.app.inject({ method: 'DELETE', url: `/api/partner/keys/${second.id}`, headers: p.headers });
    expect(revoke.statusCode, revoke.body).toBe(200);

    expect401(await me(token2), 'API_KEY_REVOKED');
    expect401(await hub.app.inject({ method: 'GET', url: '/api/partner/shipments', headers: { authorization: token2 } }), 'API_KEY_REVOKED');
    // The key cannot get a new token either, and the attempt is logged.
    const ip = testIp();
    const again = await authenticate({ apiKey: second.key, secret: second.secret }, ip);
    expect(again.statusCode).toBe(401);
    expect(['API_KEY_REVOKED', 'INVALID_CREDENTIALS']).toContain(again.json().code);
    expect((await logRows(ip)).map((r) => [r.api_key_id, r.outcome, r.status_code])).toEqual([[second.id, 'key_revoked', 401]]);
    // The company's other key is unaffected.
    expect((await me(p.headers.authorization)).statusCode).toBe(200);
  });

  it.runIf(!!process.env.DATABASE_URL)(
    'a revoke or suspension in one process reaches another process sharing the database within moments',
    async () => {
      const p = await newPartnerFromTestIp(hub.app);
      const second = (await hub.app.inject({ method: 'POST', url: '/api/partner/keys', headers: p.headers, payload: { name: 'elsewhere' } })).json();
      const token2 = `Bearer ${(await authenticate({ apiKey: second.key, secret: second.secret })).json().token}`;
      const other = await openHub(hub.config, { role: 'api' });
      try {
        const app2 = other.app!;
        await app2.ready();
        const me2 = () => app2.inject({ method: 'GET', url: '/api/partner/me', headers: { authorization: token2 } });
        expect((await me2()).statusCode).toBe(200); // cached in the other process now
        await new Promise((r) => setTimeout(r, 300)); // let its LISTEN connection settle
        expect((await me2()).statusCode).toBe(200);
        const revoke = await hub.app.inject({ method: 'DELETE', url: `/api/partner/keys/${second.id}`, headers: p.headers });
        expect(revoke.statusCode, revoke.body).toBe(200);
        const until = Date.now() + 3_000;
        let res = await me2();
        while (res.statusCode === 200 && Date.now() < until) {
          await new Promise((r) => setTimeout(r, 25));
          res = await me2();
        }
        expect401(res, 'API_KEY_REVOKED');

        // Suspending the company reaches it the same way.
        const me1 = () => app2.inject({ method: 'GET', url: '/api/partner/me', headers: p.headers });
        expect((await me1()).statusCode).toBe(200);
        const suspend = await hub.app.inject({
          method: 'PATCH',
          url: `/api/admin/companies/${p.companyId}`,
          headers: admin,
          payload: { status: 'suspended' },
        });
        expect(suspend.statusCode, suspend.body).toBe(200);
        const until2 = Date.now() + 3_000;
        let res1 = await me1();
        while (res1.statusCode === 200 && Date.now() < until2) {
          await new Promise((r) => setTimeout(r, 25));
          res1 = await me1();
        }
        expect401(res1, 'COMPANY_SUSPENDED');
      } finally {
        await other.close();
      }
    },
  );
});

describe('active API keys per company', () => {
  const LIMIT = 20; // README and docs/errors.md
  const createKey = (p: TestPartner, name = 'k') =>
    hub.app.inject({ method: 'POST', url: '/api/partner/keys', headers: p.headers, payload: { name } });
  const activeKeys = async (companyId: string) =>
    (await hub.deps.database.pool.query('select count(*)::int as n from api_keys where company_id = $1 and revoked_at is null', [companyId])).rows[0]
      .n as number;

  it(`at most ${LIMIT} at once: the next is 409 API_KEY_LIMIT_REACHED; revoking one makes room`, async () => {
    const p = await newPartnerFromTestIp(hub.app);
    for (let i = 2; i <= LIMIT; i++) expect((await createKey(p, `key ${i}`)).statusCode).toBe(201);
    expect(await activeKeys(p.companyId)).toBe(LIMIT);
    const over = await createKey(p, 'one too many');
    expect(over.statusCode, over.body).toBe(409);
    expect(over.json()).toEqual({ code: 'API_KEY_LIMIT_REACHED', message: expect.stringContaining(String(LIMIT)), requestId: expect.any(String) });
    expect(await activeKeys(p.companyId)).toBe(LIMIT);
    // Revoked keys do not count.
    const list = (await hub.app.inject({ method: 'GET', url: '/api/partner/keys', headers: p.headers })).json().data as Array<{
      id: string;
      name: string;
    }>;
    const victim = list.find((k) => k.name === 'key 2')!;
    expect((await hub.app.inject({ method: 'DELETE', url: `/api/partner/keys/${victim.id}`, headers: p.headers })).statusCode).toBe(200);
    expect((await createKey(p, 'replacement')).statusCode).toBe(201);
    expect((await createKey(p, 'again too many')).statusCode).toBe(409);
    // Another company is not affected.
    expect((await createKey(b)).statusCode).toBe(201);
  });

  it('holds under concurrent creates', async () => {
    const p = await newPartnerFromTestIp(hub.app);
    for (let i = 2; i <= LIMIT - 2; i++) expect((await createKey(p)).statusCode).toBe(201);
    const results = await Promise.all(Array.from({ length: 6 }, () => createKey(p)));
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 201, 409, 409, 409, 409]);
    expect(await activeKeys(p.companyId)).toBe(LIMIT);
  });
});

describe('suspended companies', () => {
  it('a suspended company is refused at once (401 COMPANY_SUSPENDED); reactivating restores access', async () => {
    const p = await newPartnerFromTestIp(hub.app, { tier: 'starter' });
    expect((await me(p.headers.authorization)).statusCode).toBe(200);

    const suspend = await hub.app.inject({
      method: 'PATCH',
      url: `/api/admin/companies/${p.companyId}`,
      headers: admin,
      payload: { status: 'suspended' },
    });
    expect(suspend.statusCode, suspend.body).toBe(200);
    expect(suspend.json().status).toBe('suspended');

    expect401(await me(p.headers.authorization), 'COMPANY_SUSPENDED');
    expect401(await hub.app.inject({ method: 'POST', url: '/api/partner/keys', headers: p.headers, payload: {} }), 'COMPANY_SUSPENDED');
    const ip = testIp();
    expect401(await authenticate({ apiKey: p.apiKey, secret: p.secret }, ip), 'COMPANY_SUSPENDED');
    expect((await logRows(ip)).map((r) => [r.company_id, r.outcome, r.status_code])).toEqual([[p.companyId, 'company_suspended', 401]]);
    // Other companies are untouched.
    expect((await me(a.headers.authorization)).statusCode).toBe(200);

    const reactivate = await hub.app.inject({
      method: 'PATCH',
      url: `/api/admin/companies/${p.companyId}`,
      headers: admin,
      payload: { status: 'active' },
    });
    expect(reactivate.statusCode, reactivate.body).toBe(200);
    const back = await me(p.headers.authorization);
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json().status).toBe('active');
    expect((await authenticate({ apiKey: p.apiKey, secret: p.secret })).statusCode).toBe(200);
  });
});

describe('bearer tokens', () => {
  it('a missing Authorization header is 401 TOKEN_MISSING', async () => {
    expect401(await me(), 'TOKEN_MISSING');
    expect401(await hub.app.inject({ method: 'GET', url: '/api/partner/shipments' }), 'TOKEN_MISSING');
    expect401(await hub.app.inject({ method: 'GET', url: '/api/partner/tracking/QUICK-2025-001' }), 'TOKEN_MISSING');
  });

  it.each([
    ['another scheme', () => `Basic ${Buffer.from('a:b').toString('base64')}`],
    ['a bare "Bearer"', () => 'Bearer'],
    ['a token that is not a JWT', () => 'Bearer not-a-jwt'],
    ['three dots of nothing', () => 'Bearer ..'],
    ['the token without the scheme', () => a.token],
    ['two tokens', () => `Bearer ${a.token} ${a.token}`],
    ['garbage base64 parts', () => 'Bearer eyJhbGciOiJIUzI1NiJ9.!!!.???'],
  ])('a malformed header (%s) is 401 TOKEN_INVALID', async (_name, header) => {
    expect401(await me(header()), 'TOKEN_INVALID');
  });

  it('a tampered payload is 401 TOKEN_INVALID (signature no longer matches)', async () => {
    const [h, , sig] = a.token.split('.') as [string, string, string];
    const payload = { ...decodePart(a.token, 1), companyId: b.companyId };
    expect401(await me(`Bearer ${h}.${b64url(payload)}.${sig}`), 'TOKEN_INVALID');
    const upgraded = { ...decodePart(a.token, 1), tier: 'enterprise' };
    expect401(await me(`Bearer ${h}.${b64url(upgraded)}.${sig}`), 'TOKEN_INVALID');
  });

  it('a tampered signature is 401 TOKEN_INVALID', async () => {
    const [h, p, sig] = a.token.split('.') as [string, string, string];
    const flipped = `${sig.slice(0, 10)}${sig[10] === 'A' ? 'B' : 'A'}${sig.slice(11)}`;
    expect401(await me(`Bearer ${h}.${p}.${flipped}`), 'TOKEN_INVALID');
    expect401(await me(`Bearer ${h}.${p}.`), 'TOKEN_INVALID');
  });

  it('a token signed with another secret is 401 TOKEN_INVALID', async () => {
    const sign = createSigner({
      key: 'some-other-secret-that-is-long-enough-99',
      algorithm: 'HS256',
      iss: 'fastforward',
      aud: 'partner_api',
      expiresIn: 3_600_000,
    });
    expect401(await me(`Bearer ${sign(claimsOf(a))}`), 'TOKEN_INVALID');
  });

  it('an expired token is 401 TOKEN_EXPIRED', async () => {
    const sign = createSigner({
      key: JWT_SECRET,
      algorithm: 'HS256',
      iss: 'fastforward',
      aud: 'partner_api',
      expiresIn: DAY * 1000,
      clockTimestamp: Date.now() - (DAY + 60) * 1000,
    });
    const token = sign(claimsOf(a));
    expect(decodePart(token, 1).exp).toBeLessThan(nowSec());
    expect401(await me(`Bearer ${token}`), 'TOKEN_EXPIRED');
    // The same claims, not expired, are accepted: the expiry alone made the difference.
    const fresh = createSigner({ key: JWT_SECRET, algorithm: 'HS256', iss: 'fastforward', aud: 'partner_api', expiresIn: DAY * 1000 });
    expect((await me(`Bearer ${fresh(claimsOf(a))}`)).statusCode).toBe(200);
  });

  it('an "alg: none" token is rejected', async () => {
    const payload = { ...claimsOf(a), iss: 'fastforward', aud: 'partner_api', iat: nowSec(), exp: nowSec() + 3600 };
    for (const alg of ['none', 'None', 'NONE']) {
      expect401(await me(`Bearer ${b64url({ alg, typ: 'JWT' })}.${b64url(payload)}.`), 'TOKEN_INVALID');
    }
  });

  it('tokens with the right secret but wrong claims are 401 TOKEN_INVALID', async () => {
    const iat = nowSec();
    const base = { iss: 'fastforward', aud: 'partner_api', iat, exp: iat + 3600 };
    const header = { alg: 'HS256', typ: 'JWT' };
    // Sanity: the hand-signed form is accepted when the claims are right.
    expect((await me(`Bearer ${hs256(header, { ...claimsOf(a), ...base })}`)).statusCode).toBe(200);
    const bad: Array<[string, Record<string, unknown>]> = [
      ['another issuer', { ...claimsOf(a), ...base, iss: 'evil' }],
      ['the admin audience', { ...claimsOf(a), ...base, aud: 'admin' }],
      ['no audience', { ...claimsOf(a), iss: 'fastforward', iat, exp: iat + 3600 }],
      ['another type', { ...claimsOf(a), ...base, type: 'admin' }],
      ['no apiKeyId', { companyId: a.companyId, tier: a.tier, type: 'partner_api', ...base }],
      ['an unknown apiKeyId', { ...claimsOf(a), ...base, apiKeyId: 'key_00000000000000000000' }],
      ["another company's key", { ...claimsOf(a), ...base, apiKeyId: b.apiKeyId }],
    ];
    for (const [name, payload] of bad) {
      const res = await me(`Bearer ${hs256(header, payload)}`);
      expect(res.statusCode, name).toBe(401);
      expect(res.json().code, name).toBe('TOKEN_INVALID');
    }
  });

  it('an admin token does not open partner routes', async () => {
    expect401(await me(admin.authorization), 'TOKEN_INVALID');
    expect401(await hub.app.inject({ method: 'GET', url: '/api/partner/shipments', headers: admin }), 'TOKEN_INVALID');
  });

  it('a partner token does not open admin routes', async () => {
    expect401(await hub.app.inject({ method: 'GET', url: '/api/admin/companies', headers: a.headers }), 'TOKEN_INVALID');
    expect401(
      await hub.app.inject({ method: 'PATCH', url: `/api/admin/companies/${a.companyId}`, headers: a.headers, payload: { tier: 'enterprise' } }),
      'TOKEN_INVALID',
    );
    const meNow = (await me(a.headers.authorization)).json();
    expect(meNow.tier).toBe('professional');
    // Nor does a partner-shaped token forged for the admin audience.
    const forged = hs256(
      { alg: 'HS256', typ: 'JWT' },
      {
        adminId: 'adm_00000000000000000000',
        email: 'x@example.com',
        type: 'partner_api',
        iss: 'fastforward',
        aud: 'admin',
        iat: nowSec(),
        exp: nowSec() + 60,
      },
    );
    expect401(await hub.app.inject({ method: 'GET', url: '/api/admin/companies', headers: { authorization: `Bearer ${forged}` } }), 'TOKEN_INVALID');
  });
});
