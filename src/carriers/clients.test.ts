/**
 * Each carrier's client against a real loopback server, through the registry: the exact request it
 * sends, how its answers map, and the error codes the gateway sees.
 */
import { createHash } from 'node:crypto';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CarrierError } from './adapter.js';
import { isValidAwb } from './awb.js';
import { json, startTestServer, type TestServer } from '../../test/helpers/http-test-server.js';
import { USER_AGENT } from './http/request.js';
import { idexpressSign } from './idexpress/client.js';
import { CARRIER_CODES, type CarrierCode } from './carriers.js';
import { createCarrierRegistry, type CarrierRegistry, type RegistryOptions } from './registry.js';
import { loadCarriersConfig } from '../config/carriers.js';
import { loadFixture } from '../../test/helpers/carrier-mappers.js';

const fx = (c: CarrierCode, name: string) => loadFixture(new URL(`./${c}/`, import.meta.url).href, name);

const CREDS: Record<string, string> = {
  CARRIER_JNE_USERNAME: 'JNEUSER',
  CARRIER_JNE_API_KEY: 'jne&key=1', // form-encoded in the body
  CARRIER_SICEPAT_API_KEY: 'sicepat-key',
  CARRIER_JNT_USERNAME: 'ECOMP',
  CARRIER_JNT_PASSWORD: 'jnt:pass',
  CARRIER_IDEXPRESS_APP_ID: 'APP01',
  CARRIER_IDEXPRESS_SECURITY_KEY: 'idx-secret',
  CARRIER_SAP_API_KEY: 'sap-key',
};

/** The fixture AWB of each carrier's delivered sample. */
const AWB: Record<CarrierCode, string> = {
  jne: '0102452400123456',
  sicepat: '000434236059',
  jnt: 'JD0012345671',
  idexpress: 'IDD955255915801',
  sap: 'CGK8056427900024',
};

let srv: TestServer;
let lines: Array<Record<string, unknown>>;
const registries: CarrierRegistry[] = [];

function registry(env: Record<string, string> = {}, opts: RegistryOptions = {}): CarrierRegistry {
  const base = Object.fromEntries(CARRIER_CODES.map((c) => [`CARRIER_${c.toUpperCase()}_BASE_URL`, srv.url]));
  const problems: string[] = [];
  const cfg = loadCarriersConfig({ ...base, ...CREDS, CARRIER_TIMEOUT_MS: '1000', CARRIER_RETRIES: '1', ...env }, problems);
  expect(problems).toEqual([]);
  const log = pino({ level: 'warn' }, { write: (s: string) => lines.push(JSON.parse(s) as Record<string, unknown>) });
  const r = createCarrierRegistry(cfg, log, { backoffBaseMs: 5, backoffCapMs: 10, ...opts });
  registries.push(r);
  return r;
}

const fail = (p: Promise<unknown>) =>
  p.then(
    () => expect.unreachable('resolved'),
    (e: unknown) => e as CarrierError,
  );

beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(() => srv.close());
afterEach(() => {
  for (const r of registries.splice(0)) r.close();
  srv.requests.length = 0;
  lines = [];
});
lines = [];

describe('each carrier sends its exact request and maps the answer', () => {
  const routes: Record<CarrierCode, RegExp> = {
    jne: /^\/tracing\//,
    sicepat: /^\/customer\//,
    jnt: /^\/track\//,
    idexpress: /^\/open\//,
    sap: /^\/shipment\//,
  };
  const answerWith = (name: string, status = 200) => {
    srv.handler = (q, r) => {
      const c = CARRIER_CODES.find((k) => routes[k].test(q.url))!;
      json(r, status, fx(c, name));
    };
  };

  it.each(CARRIER_CODES)('%s: delivered fixture → delivered', async (c) => {
    answerWith('delivered');
    const t = await registry().get(c).track(AWB[c]);
    expect(t).toMatchObject({ carrier: c, awb: AWB[c], status: 'delivered' });
    expect(srv.requests).toHaveLength(1);
    expect(srv.requests[0]!.headers['user-agent']).toBe(USER_AGENT);
  });

  it('JNE: POST form with username and api_key', async () => {
    answerWith('delivered');
    await registry().get('jne').track(AWB.jne);
    const q = srv.requests[0]!;
    expect(q).toMatchObject({ method: 'POST', url: `/tracing/api/list/v1/cnote/${AWB.jne}`, body: 'username=JNEUSER&api_key=jne%26key%3D1' });
    expect(q.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(q.headers.accept).toBe('application/json');
  });

  it('SiCepat: GET with api-key header', async () => {
    answerWith('delivered');
    await registry().get('sicepat').track(AWB.sicepat);
    const q = srv.requests[0]!;
    expect(q).toMatchObject({ method: 'GET', url: `/customer/waybill?waybill=${AWB.sicepat}`, body: '' });
    expect(q.headers['api-key']).toBe('sicepat-key');
  });

  it('J&T: POST JSON {awb, eccompanyid} with HTTP Basic', async () => {
    answerWith('delivered');
    await registry().get('jnt').track(AWB.jnt);
    const q = srv.requests[0]!;
    expect(q).toMatchObject({ method: 'POST', url: '/track/trackAction!tracking.action', body: `{"awb":"${AWB.jnt}","eccompanyid":"ECOMP"}` });
    expect(q.headers['content-type']).toBe('application/json');
    expect(q.headers.authorization).toBe(`Basic ${Buffer.from('ECOMP:jnt:pass').toString('base64')}`);
  });

  it('ID Express: GET data, appId and the md5 sign', async () => {
    answerWith('delivered');
    await registry().get('idexpress').track(AWB.idexpress);
    const q = srv.requests[0]!;
    const sign = createHash('md5').update(`${AWB.idexpress}APP01idx-secret`).digest('hex');
    expect(q).toMatchObject({ method: 'GET', url: `/open/v1/waybill/get-tracking?data=${AWB.idexpress}&appId=APP01&sign=${sign}` });
  });

  it('SAP: GET with api_key header', async () => {
    answerWith('delivered');
    await registry().get('sap').track(AWB.sap);
    const q = srv.requests[0]!;
    expect(q).toMatchObject({ method: 'GET', url: `/shipment/tracking/awb?awb_no=${AWB.sap}` });
    expect(q.headers.api_key).toBe('sap-key');
  });

  it.each(CARRIER_CODES)('%s: not-found fixture → CARRIER_AWB_NOT_FOUND, not retried', async (c) => {
    answerWith('not-found');
    expect(await fail(registry().get(c).track(AWB[c]))).toMatchObject({ code: 'CARRIER_AWB_NOT_FOUND', carrier: c });
    expect(srv.requests).toHaveLength(1);
  });

  it("a 404 carrying the carrier's not-found body is a missing AWB; a bare 404 is a bad response", async () => {
    answerWith('not-found', 404);
    expect(await fail(registry().get('jnt').track(AWB.jnt))).toMatchObject({ code: 'CARRIER_AWB_NOT_FOUND' });
    srv.handler = (_q, r) => r.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>');
    expect(await fail(registry().get('jnt').track(AWB.jnt))).toMatchObject({ code: 'CARRIER_BAD_RESPONSE' });
  });
});

describe('error mapping', () => {
  it('idexpressSign is md5(data + appId + securityKey) in lowercase hex', () => {
    expect(idexpressSign('a', 'b', 'c')).toBe('900150983cd24fb0d6963f7d28e17f72'); // md5("abc")
    expect(idexpressSign('', '', '')).toBe('d41d8cd98f00b204e9800998ecf8427e');
  });

  it('ID Express "Invalid sign" (HTTP 200) → CARRIER_AUTH_FAILED; another error code → CARRIER_BAD_RESPONSE', async () => {
    srv.handler = (_q, r) => json(r, 200, { code: 100001, desc: 'Invalid sign', total: null, data: null });
    expect(await fail(registry().get('idexpress').track(AWB.idexpress))).toMatchObject({ code: 'CARRIER_AUTH_FAILED' });
    srv.handler = (_q, r) => json(r, 200, { code: -100000, desc: 'System exception, please contact us', total: null, data: null });
    expect(await fail(registry().get('idexpress').track(AWB.idexpress))).toMatchObject({ code: 'CARRIER_BAD_RESPONSE' });
  });

  it.each([401, 403])('HTTP %i → CARRIER_AUTH_FAILED, no retry, no credential in the message', async (status) => {
    srv.handler = (_q, r) => json(r, status, { error: 'Invalid username or api_key', status: false });
    const err = await fail(registry().get('sicepat').track(AWB.sicepat));
    expect(err).toMatchObject({ code: 'CARRIER_AUTH_FAILED' });
    expect(err.message).not.toContain('sicepat-key');
    expect(srv.requests).toHaveLength(1);
  });

  it('HTTP 400 without a not-found body → CARRIER_BAD_RESPONSE, no retry', async () => {
    srv.handler = (_q, r) => json(r, 400, { error_id: '400', error_message: 'Invalid request body' });
    expect(await fail(registry().get('jnt').track(AWB.jnt))).toMatchObject({ code: 'CARRIER_BAD_RESPONSE' });
    expect(srv.requests).toHaveLength(1);
  });

  it("the carrier's own 429 → CARRIER_RATE_LIMITED with its Retry-After", async () => {
    srv.handler = (_q, r) => r.writeHead(429, { 'retry-after': '7' }).end();
    expect(await fail(registry().get('sap').track(AWB.sap))).toMatchObject({ code: 'CARRIER_RATE_LIMITED', retryAfterSeconds: 7 });
  });

  it.each([
    ['an HTML page', '<html>maintenance</html>'],
    ['truncated JSON', '{"cnote": {'],
    ['JSON of the wrong shape', '{"hello": "world"}'],
    ['an empty body', ''],
  ])('%s with HTTP 200 → CARRIER_BAD_RESPONSE, not retried', async (_name, body) => {
    srv.handler = (_q, r) => r.writeHead(200, { 'content-type': 'text/html' }).end(body);
    expect(await fail(registry().get('jne').track(AWB.jne))).toMatchObject({ code: 'CARRIER_BAD_RESPONSE' });
    expect(srv.requests).toHaveLength(1);
  });

  it('503 then 200: retried once and mapped', async () => {
    let n = 0;
    srv.handler = (_q, r) => (n++ === 0 ? json(r, 503, { error: 'busy' }) : json(r, 200, fx('sap', 'in-transit')));
    expect(await registry().get('sap').track('CGK8056427900025')).toMatchObject({ status: 'in_transit' });
    expect(srv.requests).toHaveLength(2);
  });

  it('timeout → CARRIER_TIMEOUT quickly', async () => {
    srv.handler = () => {};
    const t0 = performance.now();
    expect(await fail(registry({ CARRIER_TIMEOUT_MS: '200', CARRIER_RETRIES: '0' }).get('sicepat').track(AWB.sicepat))).toMatchObject({
      code: 'CARRIER_TIMEOUT',
    });
    expect(performance.now() - t0).toBeLessThan(800);
  });
});

describe('registry', () => {
  it('one adapter per carrier; callbacks from the settings', () => {
    const r = registry({ CARRIER_SAP_CALLBACK: 'true' });
    expect(r.all().map((a) => a.code)).toEqual([...CARRIER_CODES]);
    expect(r.all().map((a) => [a.code, a.callbacks, a.configured])).toEqual([
      ['jne', true, true],
      ['sicepat', false, true],
      ['jnt', false, true],
      ['idexpress', false, true],
      ['sap', true, true],
    ]);
  });

  it('a missing credential → configured false and CARRIER_NOT_CONFIGURED with no request', async () => {
    const r = registry({ CARRIER_JNT_PASSWORD: '' });
    expect(r.get('jnt').configured).toBe(false);
    expect(await fail(r.get('jnt').track(AWB.jnt))).toMatchObject({ code: 'CARRIER_NOT_CONFIGURED', carrier: 'jnt' });
    expect(srv.requests).toHaveLength(0);
  });

  it('an invalid AWB is refused before any request', async () => {
    expect(isValidAwb('JD0012345671')).toBe(true);
    expect(isValidAwb('AB-12')).toBe(true);
    for (const bad of ['abc', 'x'.repeat(41), 'JD00 123', '../../etc', 'JD%2F1', 'JD/1', '']) expect(isValidAwb(bad)).toBe(false);
    expect(await fail(registry().get('sicepat').track('../admin?x=1'))).toMatchObject({ code: 'CARRIER_AWB_NOT_FOUND' });
    expect(srv.requests).toHaveLength(0);
  });

  it('maxWaitMs per call; the gateway default applies otherwise', async () => {
    srv.handler = (_q, r) => json(r, 200, fx('sap', 'delivered'));
    const r = registry({ CARRIER_SAP_RATE_LIMIT: '1' }, { gatewayMaxWaitMs: 0 });
    await r.get('sap').track(AWB.sap);
    expect(await fail(r.get('sap').track(AWB.sap))).toMatchObject({ code: 'CARRIER_RATE_LIMITED', retryAfterSeconds: 1 });
    expect(await fail(r.get('sap').track(AWB.sap, { maxWaitMs: 10 }))).toMatchObject({ code: 'CARRIER_RATE_LIMITED' });
    expect(srv.requests).toHaveLength(1);
  });

  it('an abort signal stops the call', async () => {
    const ac = new AbortController();
    // Aborted once the carrier has the request (never answered): a fixed delay raced the request on a busy machine.
    srv.handler = () => ac.abort();
    const err = await fail(registry({ CARRIER_TIMEOUT_MS: '5000' }).get('jne').track(AWB.jne, { signal: ac.signal }));
    expect(err).toMatchObject({ code: 'CARRIER_TIMEOUT' });
    expect(srv.requests).toHaveLength(1);
  });

  it('unmapped event codes are logged once per (carrier, code)', async () => {
    const body = fx('jnt', 'in-transit') as { history: Array<Record<string, unknown>> };
    body.history.push({ ...body.history.at(-1)!, status_code: 999, status: 'Kode baru' });
    srv.handler = (_q, r) => json(r, 200, body);
    const r = registry();
    const t = await r.get('jnt').track('JD0012345672');
    expect(t.events.at(-1)).toMatchObject({ rawCode: '999', status: 'unknown', unmapped: true });
    await r.get('jnt').track('JD0012345672');
    const warned = lines.filter((l) => l.rawCode === '999');
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatchObject({ carrier: 'jnt', rawText: 'Kode baru' });
  });
});
