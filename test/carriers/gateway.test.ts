/**
 * The 3PL gateway: `POST /v1/authentication` (client credentials → bearer token, the
 * partner credential store) and `GET /v1/tracking/:awb` against the carrier simulator — every
 * carrier's answer shape, carrier detection, faults mapped to 4xx/5xx codes, the cache and tenant
 * isolation. No answer is ever a 500.
 */
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CarrierCode } from '../../src/carriers/model.js';
import { awbFor, call, createCarrierTestEnv, newCourierShipment, SIM_SLOW_MS, type CarrierTestEnv } from '../helpers/carriers.js';
import { newPartner, testIp, type TestPartner } from '../helpers/factories.js';

let env: CarrierTestEnv;
let p: TestPartner;
let other: TestPartner;

beforeAll(async () => {
  env = await createCarrierTestEnv();
  [p, other] = await Promise.all([newPartner(env.app), newPartner(env.app)]);
});
afterAll(() => env?.close());

const CARRIERS: CarrierCode[] = ['jne', 'sicepat', 'jnt', 'idexpress', 'sap'];

const track = (awb: string, headers: Record<string, string> | undefined = p.headers, query = '') =>
  call(env.app, { method: 'GET', url: `/v1/tracking/${awb}${query}`, headers: headers ?? {} }, [502, 503, 504]);

describe('POST /v1/authentication', () => {
  const auth = (opts: { payload?: InjectOptions['payload']; headers?: Record<string, string> }) =>
    call(env.app, { method: 'POST', url: '/v1/authentication', remoteAddress: testIp(), ...opts });

  const expectToken = (res: { statusCode: number; body: string; json(): any }) => {
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json();
    expect(Object.keys(b).sort()).toEqual(['access_token', 'expires_in', 'token_type']);
    expect(b.token_type).toBe('Bearer');
    expect(typeof b.access_token).toBe('string');
    expect(b.access_token.length).toBeGreaterThan(20);
    expect(Number.isInteger(b.expires_in) && b.expires_in > 0).toBe(true);
    return b.access_token as string;
  };

  it('takes JSON {client_id, client_secret}', async () => {
    expectToken(await auth({ payload: { client_id: p.apiKey, client_secret: p.secret } }));
  });

  it('takes JSON {clientId, clientSecret}', async () => {
    expectToken(await auth({ payload: { clientId: p.apiKey, clientSecret: p.secret } }));
  });

  it('takes an OAuth 2.0 form (grant_type=client_credentials)', async () => {
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: p.apiKey, client_secret: p.secret }).toString();
    expectToken(await auth({ payload: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
  });

  it('takes an OAuth 2.0 form with a scope (accepted, ignored), and Basic with a grant_type-only form', async () => {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: p.apiKey,
      client_secret: p.secret,
      scope: 'tracking',
    }).toString();
    expectToken(await auth({ payload: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
    const basic = Buffer.from(`${p.apiKey}:${p.secret}`).toString('base64');
    expectToken(
      await auth({
        payload: 'grant_type=client_credentials',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}` },
      }),
    );
  });

  it('takes HTTP Basic (no body)', async () => {
    const basic = Buffer.from(`${encodeURIComponent(p.apiKey)}:${encodeURIComponent(p.secret)}`).toString('base64');
    expectToken(await auth({ headers: { authorization: `Basic ${basic}` } }));
  });

  it('refuses a wrong secret, an unknown client and missing credentials with 401 INVALID_CREDENTIALS', async () => {
    for (const payload of [
      { client_id: p.apiKey, client_secret: `${p.secret}x` },
      { client_id: 'ff_nobody', client_secret: 'whatever-secret' },
      { client_id: p.apiKey },
      {},
    ]) {
      const res = await auth({ payload });
      expect(res.statusCode, res.body).toBe(401);
      expect(res.json().code).toBe('INVALID_CREDENTIALS');
    }
    const wrongBasic = Buffer.from(`${p.apiKey}:not-the-secret`).toString('base64');
    const res = await auth({ headers: { authorization: `Basic ${wrongBasic}` } });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('INVALID_CREDENTIALS');
  });

  it('never answers 500 to malformed credentials (bad percent-encoding in Basic, junk bodies)', async () => {
    const basics = [`${p.apiKey}:%zz`, '%E0%A4%A:secret', 'no-colon-at-all', ':', ''];
    for (const pair of basics) {
      const res = await auth({ headers: { authorization: `Basic ${Buffer.from(pair).toString('base64')}` } });
      expect(res.statusCode, `${pair}: ${res.body}`).toBe(401);
    }
    const bad = [
      { payload: 'not json', headers: { 'content-type': 'application/json' } },
      { payload: '[1,2]', headers: { 'content-type': 'application/json' } },
      { payload: 'grant_type=password&client_id=a&client_secret=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      { payload: { client_id: 42, client_secret: true } },
      { payload: { client_id: 'x'.repeat(500), client_secret: 'y' } },
    ];
    for (const b of bad) {
      const res = await auth(b);
      expect([400, 401, 415], res.body).toContain(res.statusCode);
    }
  });

  it('its token works on /v1/tracking and on /api/partner', async () => {
    const token = expectToken(await auth({ payload: { client_id: p.apiKey, client_secret: p.secret } }));
    const headers = { authorization: `Bearer ${token}` };
    const t = await track(awbFor('jne', 'in_transit'), headers);
    expect(t.statusCode, t.body).toBe(200);
    const list = await call(env.app, { method: 'GET', url: '/api/partner/shipments', headers });
    expect(list.statusCode, list.body).toBe(200);
  });
});

describe('GET /v1/tracking/:awb', () => {
  it.each(CARRIERS)('%s delivered: unified history with podReceiverName and image_url under exactly those names', async (carrier) => {
    const awb = awbFor(carrier, 'delivered');
    const res = await track(awb);
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json();
    expect(b).toMatchObject({ awb, courier: carrier, status: 'delivered', cached: false });
    expect(Object.keys(b)).toEqual(expect.arrayContaining(['podReceiverName', 'image_url', 'history', 'rawStatus', 'fetchedAt']));
    expect(b).not.toHaveProperty('imageUrl');
    expect(b).not.toHaveProperty('pod_receiver_name');
    expect(typeof b.podReceiverName).toBe('string');
    expect(b.podReceiverName.length).toBeGreaterThan(0);
    if (carrier === 'jnt')
      expect(b.image_url).toBeNull(); // J&T's public tracking has no photo
    else expect(b.image_url).toMatch(/^https?:\/\//);
    expect(b.history.length).toBeGreaterThan(0);
    for (const h of b.history) {
      expect(new Date(h.time).toISOString()).toBe(h.time);
      expect(typeof h.rawCode).toBe('string');
      expect(typeof h.description).toBe('string');
      expect(h).toHaveProperty('location');
    }
    expect(b.history.at(-1).status).toBe('delivered');
  });

  it.each(CARRIERS.flatMap((c) => (['in_transit', 'failed', 'returned'] as const).map((s) => [c, s] as const)))(
    '%s %s',
    async (carrier, scenario) => {
      const res = await track(awbFor(carrier, scenario));
      expect(res.statusCode, res.body).toBe(200);
      const b = res.json();
      expect(b.status).toBe(scenario);
      expect(b.courier).toBe(carrier);
      expect(b.podReceiverName).toBeNull();
      expect(b.image_url).toBeNull();
      expect(b.history.length).toBeGreaterThan(0);
    },
  );

  it('accepts the AWB in lower case (carrier AWBs are upper case)', async () => {
    const awb = awbFor('jnt', 'in_transit');
    const res = await track(awb.toLowerCase());
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ awb, courier: 'jnt' });
  });

  it('detects the courier from the AWB pattern, and ?courier= overrides it', async () => {
    const awb = awbFor('sicepat', 'in_transit');
    env.sim.resetStats();
    const detected = await track(awb);
    expect(detected.statusCode, detected.body).toBe(200);
    expect(detected.json().courier).toBe('sicepat');
    // The same digits asked of SAP explicitly go to SAP, not SiCepat.
    const asked = await track(awb, p.headers, '?courier=sap');
    expect(asked.statusCode, asked.body).toBe(200);
    expect(asked.json().courier).toBe('sap');
    const s = env.sim.stats();
    expect(s.requests.sicepat).toBe(1);
    expect(s.requests.sap).toBe(1);
  });

  it('an AWB no pattern recognises needs ?courier= (400 COURIER_REQUIRED), and works with it', async () => {
    const awb = 'XYZ-000123450';
    const res = await track(awb);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().code).toBe('COURIER_REQUIRED');
    const ok = await track(awb, p.headers, '?courier=jne');
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ courier: 'jne', status: 'delivered' });
  });

  it('refuses invalid AWBs and couriers with 400 before calling any carrier', async () => {
    env.sim.resetStats();
    for (const url of [
      '/v1/tracking/AB1',
      `/v1/tracking/${'9'.repeat(41)}`,
      '/v1/tracking/abc%24def',
      '/v1/tracking/abc%20def',
      '/v1/tracking/..%2F..%2Fetc',
    ]) {
      const res = await call(env.app, { method: 'GET', url, headers: p.headers });
      expect([400, 404], `${url}: ${res.body}`).toContain(res.statusCode);
      if (res.statusCode === 404) expect(res.json().code).toBe('ROUTE_NOT_FOUND');
    }
    for (const q of ['?courier=dhl', '?courier=JNE', '?courier=', '?foo=1']) {
      const res = await track(awbFor('jne', 'delivered'), p.headers, q);
      expect(res.statusCode, `${q}: ${res.body}`).toBe(400);
    }
    expect(Object.values(env.sim.stats().requests).reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('needs a valid bearer token (401)', async () => {
    const awb = awbFor('jne', 'delivered');
    const none = await track(awb, {});
    expect(none.statusCode).toBe(401);
    expect(none.json().code).toBe('TOKEN_MISSING');
    const bad = await track(awb, { authorization: 'Bearer not.a.token' });
    expect(bad.statusCode).toBe(401);
    const basic = await track(awb, { authorization: `Basic ${Buffer.from(`${p.apiKey}:${p.secret}`).toString('base64')}` });
    expect(basic.statusCode).toBe(401);
  });

  it.each(CARRIERS)('%s: an AWB the carrier does not know → 404 CARRIER_AWB_NOT_FOUND', async (carrier) => {
    const res = await track(awbFor(carrier, 'not_found'));
    expect(res.statusCode, res.body).toBe(404);
    expect(res.json().code).toBe('CARRIER_AWB_NOT_FOUND');
  });

  // Faults are spread over carriers: each carrier has its own circuit breaker, and two failing calls
  // (four failed attempts with the retry) on one carrier stay under its opening threshold.
  it.each(['jne', 'sap'] as const)('%s too slow → 504 CARRIER_TIMEOUT', async (carrier) => {
    const started = Date.now();
    const res = await track(awbFor(carrier, 'slow'));
    expect(res.statusCode, res.body).toBe(504);
    expect(res.json().code).toBe('CARRIER_TIMEOUT');
    // Two attempts of CARRIER_TIMEOUT_MS and a short backoff: well before the sim would answer.
    expect(Date.now() - started).toBeLessThan(SIM_SLOW_MS - 500);
  });

  it.each(['sicepat', 'idexpress'] as const)('%s answering 503 → 502 CARRIER_UNAVAILABLE (after one retry)', async (carrier) => {
    const awb = awbFor(carrier, 'error');
    env.sim.resetStats();
    const res = await track(awb);
    expect(res.statusCode, res.body).toBe(502);
    expect(res.json().code).toBe('CARRIER_UNAVAILABLE');
    expect(env.sim.stats().byAwb[`${carrier}:${awb}`]).toBe(2);
  });

  it.each(CARRIERS)('%s answering garbage (an HTML page) → 502 CARRIER_BAD_RESPONSE', async (carrier) => {
    const res = await track(awbFor(carrier, 'garbage'));
    expect(res.statusCode, res.body).toBe(502);
    expect(res.json().code).toBe('CARRIER_BAD_RESPONSE');
  });

  it.each(['jnt', 'jne'] as const)('%s flaky (503 then 200) → 200 thanks to the retry', async (carrier) => {
    const awb = awbFor(carrier, 'flaky');
    env.sim.resetStats();
    const res = await track(awb);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('delivered');
    expect(env.sim.stats().byAwb[`${carrier}:${awb}`]).toBe(2);
  });

  it('caches answers: the second call is `cached: true` and the carrier is asked once', async () => {
    const awb = awbFor('idexpress', 'in_transit');
    env.sim.resetStats();
    const first = await track(awb);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().cached).toBe(false);
    const second = await track(awb);
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json().cached).toBe(true);
    expect(second.json().fetchedAt).toBe(first.json().fetchedAt);
    expect({ ...second.json(), cached: false }).toEqual(first.json());
    expect(env.sim.stats().requests.idexpress).toBe(1);
    expect(env.sim.stats().byAwb[`idexpress:${awb}`]).toBe(1);
  });

  it('concurrent misses for one AWB share one carrier call', async () => {
    const awb = awbFor('sap', 'delivered');
    env.sim.resetStats();
    const all = await Promise.all(Array.from({ length: 8 }, () => track(awb)));
    for (const r of all) expect(r.statusCode, r.body).toBe(200);
    expect(env.sim.stats().byAwb[`sap:${awb}`]).toBe(1);
  });

  it('faults are not cached: the next call asks the carrier again', async () => {
    const awb = awbFor('jnt', 'garbage');
    env.sim.resetStats();
    expect((await track(awb)).statusCode).toBe(502);
    env.sim.setScenario('jnt', awb, 'in_transit');
    const res = await track(awb);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'in_transit', cached: false });
  });

  it("tenant isolation: another company's carrier shipment is not found; its own company tracks it", async () => {
    const awb = awbFor('jne', 'delivered');
    await newCourierShipment(env.app, other, 'jne', awb);
    const mine = await track(awb, other.headers);
    expect(mine.statusCode, mine.body).toBe(200);
    const theirs = await track(awb, p.headers);
    expect(theirs.statusCode, theirs.body).toBe(404);
    expect(theirs.json().code).toBe('CARRIER_AWB_NOT_FOUND');
    // A cache hit does not change that.
    const again = await track(awb, p.headers);
    expect(again.statusCode).toBe(404);
  });

  it('tenant isolation holds for an AWB tracked (and cached) before it became a hub shipment', async () => {
    const awb = awbFor('sicepat', 'delivered');
    expect((await track(awb, p.headers)).statusCode).toBe(200);
    await newCourierShipment(env.app, other, 'sicepat', awb);
    // A cached "nobody's AWB" is looked up again after at most a second (not on every hit).
    await new Promise((r) => setTimeout(r, 1100));
    const res = await track(awb, p.headers);
    expect(res.statusCode, res.body).toBe(404);
    expect(res.json().code).toBe('CARRIER_AWB_NOT_FOUND');
    const own = await track(awb, other.headers);
    expect(own.statusCode, own.body).toBe(200);
  });

  it('the OpenAPI document lists the gateway routes', async () => {
    const res = await call(env.app, { method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = res.json().paths;
    expect(paths).toHaveProperty(['/v1/authentication']);
    expect(paths).toHaveProperty(['/v1/tracking/{awb}']);
  });
});

// Last in the file: it leaves SAP's breaker open.
describe('circuit breaker', () => {
  it('a failing carrier trips its breaker: 503 CARRIER_CIRCUIT_OPEN with Retry-After, the carrier is left alone, CMS answers from the database', async () => {
    let open: Awaited<ReturnType<typeof track>> | undefined;
    for (let i = 0; i < 12 && !open; i++) {
      const res = await track(awbFor('sap', 'error'));
      if (res.statusCode === 503) open = res;
      else expect(res.json().code).toBe('CARRIER_UNAVAILABLE');
    }
    expect(open, 'the breaker never opened').toBeDefined();
    expect(open!.json().code).toBe('CARRIER_CIRCUIT_OPEN');
    expect(Number(open!.headers['retry-after'])).toBeGreaterThanOrEqual(1);

    env.sim.resetStats();
    const healthy = await track(awbFor('sap', 'delivered'));
    expect(healthy.statusCode).toBe(503);
    expect(env.sim.stats().requests.sap).toBe(0);
    // Other carriers are not affected.
    expect((await track(awbFor('jnt', 'delivered'))).statusCode).toBe(200);

    const awb = awbFor('sap', 'delivered');
    const s = await newCourierShipment(env.app, p, 'sap', awb);
    const cms = await call(env.app, { method: 'GET', url: `/v2/public/shipment/tracking/${s.trackingNumber}`, headers: p.headers });
    expect(cms.statusCode, cms.body).toBe(200);
    expect(cms.json()).toMatchObject({ source: 'database', carrierError: { code: 'CARRIER_CIRCUIT_OPEN' }, status: 'pending' });
  });
});
