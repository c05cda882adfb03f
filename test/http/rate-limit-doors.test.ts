/**
 * One budget whichever door spends it: a company's API calls on /api/partner/*, the 3PL gateway
 * (/v1) and CMS tracking (/v2); an address's and an API key's credential checks on
 * /api/partner/auth and /v1/authentication; failed JNE callback authentications per address.
 * Runs on both engines (in memory, or in Redis with REDIS_URL).
 */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPartner, testIp, type TestPartner } from '../helpers/factories.js';
import { createTestHub, type TestHub } from '../helpers/hub.js';
import { expectLimitHeaders, expectRateLimited } from '../helpers/rate-limit.js';

const CALLBACK_SECRET = 'callback-secret-for-rate-limit-tests-0123';

let hub: TestHub;

beforeAll(async () => {
  hub = await createTestHub({ env: { CARRIER_JNE_CALLBACK_SECRET: CALLBACK_SECRET } });
});
afterAll(() => hub?.close());

const inject = (opts: InjectOptions) => hub.app.inject(opts);

/**
 * Cheap calls through each door with a partner token. The gateway call is refused by validation (an
 * unknown courier) and the CMS one finds no order: neither reaches a carrier, and both are counted
 * (the limit comes before validation).
 */
const doors = {
  partner: (p: TestPartner) => inject({ method: 'GET', url: '/api/partner/me', headers: p.headers }),
  gateway: (p: TestPartner) => inject({ method: 'GET', url: '/v1/tracking/JNE0123456789?courier=nobody', headers: p.headers }),
  cms: (p: TestPartner) => inject({ method: 'GET', url: '/v2/public/shipment/tracking/NO-SUCH-ORDER', headers: p.headers }),
};

describe('one budget per company across /api/partner, /v1 and /v2', () => {
  it('a starter company has 60 calls a minute in all: the 61st is 429 whichever door it uses', async () => {
    const p = await newPartner(hub.app, { tier: 'starter' });
    const order = [doors.partner, doors.gateway, doors.cms];
    const expected = { partner: 200, gateway: 400, cms: 404 };
    const names = ['partner', 'gateway', 'cms'] as const;
    for (let i = 1; i <= 60; i++) {
      const res = await order[i % 3]!(p);
      expect(res.statusCode, res.body).toBe(expected[names[i % 3]!]);
      expectLimitHeaders(res, 'starter', 60, 60 - i);
    }
    for (const door of order) {
      const res = await door(p);
      expectRateLimited(res);
      expectLimitHeaders(res, 'starter', 60, 0);
    }
  });

  it('is exact under concurrency: 70 parallel calls over the three doors → 60 answered (59 … 0 left, each once), 10 × 429', async () => {
    const p = await newPartner(hub.app, { tier: 'starter' });
    const order = [doors.partner, doors.gateway, doors.cms];
    const answers = await Promise.all(Array.from({ length: 70 }, (_, i) => order[i % 3]!(p)));
    const limited = answers.filter((r) => r.statusCode === 429);
    expect(limited).toHaveLength(10);
    for (const r of limited) expect(r.headers['x-ratelimit-remaining']).toBe('0');
    const left = answers.filter((r) => r.statusCode !== 429).map((r) => Number(r.headers['x-ratelimit-remaining']));
    expect(left.sort((a, b) => b - a)).toEqual(Array.from({ length: 60 }, (_, i) => 59 - i));
  });

  it('another company of the same tier keeps its own budget', async () => {
    const a = await newPartner(hub.app, { tier: 'starter' });
    const b = await newPartner(hub.app, { tier: 'starter' });
    for (let i = 0; i < 30; i++) expect((await doors.cms(a)).statusCode).toBe(404);
    for (let i = 0; i < 30; i++) expect((await doors.partner(a)).statusCode).toBe(200);
    expect((await doors.gateway(a)).statusCode).toBe(429);
    const res = await doors.gateway(b);
    expect(res.statusCode).toBe(400);
    expectLimitHeaders(res, 'starter', 60, 59);
  });
});

/** A credential check through either door, from `ip`. */
function partnerAuth(ip: string, apiKey: string, secret: string) {
  return inject({ method: 'POST', url: '/api/partner/auth', remoteAddress: ip, payload: { apiKey, secret } });
}
function gatewayAuth(ip: string, clientId: string, secret: string, as: 'json' | 'form' | 'basic' = 'json') {
  const url = '/v1/authentication';
  if (as === 'form') {
    const payload = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }).toString();
    return inject({ method: 'POST', url, remoteAddress: ip, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload });
  }
  if (as === 'basic') {
    const authorization = `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`;
    return inject({ method: 'POST', url, remoteAddress: ip, headers: { authorization } });
  }
  return inject({ method: 'POST', url, remoteAddress: ip, payload: { client_id: clientId, client_secret: secret } });
}

describe('one credential budget per address and per API key across /api/partner/auth and /v1/authentication', () => {
  it('an address gets 60 checks a minute in all: 30 on each door, then 429 on both, the right secret too', async () => {
    const p = await newPartner(hub.app, { tier: 'starter' });
    const ip = testIp();
    for (let i = 1; i <= 60; i++) {
      const res = i % 2 ? await partnerAuth(ip, p.apiKey, 'wrong-secret') : await gatewayAuth(ip, p.apiKey, 'wrong-secret', i % 4 ? 'form' : 'json');
      expect(res.statusCode, res.body).toBe(401);
      expectLimitHeaders(res, 'auth', 60, 60 - i);
    }
    for (const res of [await partnerAuth(ip, p.apiKey, p.secret), await gatewayAuth(ip, p.apiKey, p.secret, 'basic')]) {
      expectRateLimited(res);
      expectLimitHeaders(res, 'auth', 60, 0);
    }
    // Another address is not affected (the key's own budget is larger than one address's).
    const elsewhere = await gatewayAuth(testIp(), p.apiKey, p.secret);
    expect(elsewhere.statusCode, elsewhere.body).toBe(200);
    expect(elsewhere.json().access_token).toEqual(expect.any(String));
  });

  it('an API key gets 300 checks a minute from all addresses together, whichever door; other keys are not affected', async () => {
    const p = await newPartner(hub.app, { tier: 'starter' });
    const other = await newPartner(hub.app, { tier: 'starter' });
    // newPartner authenticated once already: 299 left on p's key. Ten addresses, one request each per
    // round (in parallel), so each address stays far below its own 60.
    const ips = Array.from({ length: 10 }, () => testIp());
    const keyLeft: number[] = [];
    for (let round = 1, sent = 0; sent < 299; round++) {
      const batch = ips.slice(0, Math.min(ips.length, 299 - sent));
      const answers = await Promise.all(
        batch.map((ip, j) =>
          (sent + j) % 2 ? partnerAuth(ip, p.apiKey, 'wrong-secret') : gatewayAuth(ip, p.apiKey, 'wrong-secret', j % 4 ? 'basic' : 'json'),
        ),
      );
      sent += batch.length;
      for (const res of answers) {
        expect(res.statusCode, res.body).toBe(401);
        // The headers describe whichever budget is closer to running out: the address's until the key's is.
        const ipLeft = 60 - round;
        if (res.headers['ratelimit-policy'] === '"auth"' + ';q=60;w=60') expectLimitHeaders(res, 'auth', 60, ipLeft);
        else {
          const left = Number(res.headers['x-ratelimit-remaining']);
          expectLimitHeaders(res, 'auth-key', 300, left);
          expect(left).toBeLessThan(ipLeft);
          keyLeft.push(left);
        }
      }
    }
    // Every check was counted once on the key: check n (1…299, in round ⌈n/10⌉) left 299 − n, shown
    // when below the address's 60 − round.
    const shownKey = Array.from({ length: 299 }, (_, i) => i + 1)
      .filter((n) => 299 - n < 60 - Math.ceil(n / 10))
      .map((n) => 299 - n);
    expect(keyLeft.sort((a, b) => b - a)).toEqual(shownKey);
    for (const res of [await partnerAuth(testIp(), p.apiKey, p.secret), await gatewayAuth(testIp(), p.apiKey, p.secret, 'form')]) {
      expectRateLimited(res);
      expectLimitHeaders(res, 'auth-key', 300, 0);
    }
    const fine = await partnerAuth(testIp(), other.apiKey, other.secret);
    expect(fine.statusCode, fine.body).toBe(200);
  });
});

describe('failed JNE callback authentications per address', () => {
  const callback = (ip: string, token: string | undefined): Promise<LightMyRequestResponse> =>
    inject({
      method: 'POST',
      url: '/callbacks/jne',
      remoteAddress: ip,
      headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { 'x-callback-token': token }) },
      payload: '{"not":"a callback"}',
    });

  it('20 wrong tokens a minute are answered 401, then every request from that address is 429, the right token too', async () => {
    const ip = testIp();
    for (let i = 1; i <= 20; i++) {
      const res = await callback(ip, i % 2 ? `wrong-token-${i}` : undefined);
      expect(res.statusCode, res.body).toBe(401);
      expect(res.json().code).toBe('CALLBACK_UNAUTHORIZED');
      expectLimitHeaders(res, 'callback-auth', 20, 20 - i);
    }
    const wrong = await callback(ip, 'wrong-token-21');
    expectRateLimited(wrong);
    expectLimitHeaders(wrong, 'callback-auth', 20, 0);
    // Otherwise 429 would mean "wrong" and anything else "right", and guessing would go on.
    const right = await callback(ip, CALLBACK_SECRET);
    expectRateLimited(right);

    // Another address is not affected, and the right token is neither counted nor given headers.
    const elsewhere = testIp();
    for (let i = 0; i < 25; i++) {
      const res = await callback(elsewhere, CALLBACK_SECRET);
      expect(res.statusCode, res.body).toBe(400); // authenticated, then refused: not a JNE body
      expect(res.json().code).toBe('CALLBACK_INVALID');
      expect(res.headers['x-ratelimit-limit']).toBeUndefined();
    }
    expect((await callback(elsewhere, 'wrong')).headers['x-ratelimit-remaining']).toBe('19');
  });
});
