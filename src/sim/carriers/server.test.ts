import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CARRIER_CODES, type CarrierCode } from '../../carriers/carriers.js';
import { CarrierPayloadError, type UnifiedTracking } from '../../carriers/model.js';
import { parseTracking as parseJne, parseJneCallback } from '../../carriers/jne/mapper.js';
import { parseTracking as parseSicepat } from '../../carriers/sicepat/mapper.js';
import { parseTracking as parseJnt } from '../../carriers/jnt/mapper.js';
import { parseTracking as parseIdx } from '../../carriers/idexpress/mapper.js';
import { parseTracking as parseSap } from '../../carriers/sap/mapper.js';
import { detectCarrier } from '../../carriers/awb.js';
import { loadCarriersConfig } from '../../config/carriers.js';
import {
  JNE_CALLBACK_SCENARIOS,
  jneCallbackPayload,
  scenarioFromAwb,
  SIM_CREDENTIALS,
  SIM_SCENARIOS,
  simAwb,
  simCarrierEnv,
  simCredentialsFromEnv,
  startCarrierSim,
  type CarrierSim,
  type SimStats,
} from './server.js';

const PARSE: Record<CarrierCode, (p: unknown) => UnifiedTracking> = {
  jne: parseJne,
  sicepat: parseSicepat,
  jnt: parseJnt,
  idexpress: parseIdx,
  sap: parseSap,
};

let sim: CarrierSim;
beforeAll(async () => {
  sim = await startCarrierSim({ port: 0, slowMs: 300 });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.clearScenarios();
  sim.resetStats();
});

/** One tracking call exactly as the contract in server.ts describes it. */
function track(carrier: CarrierCode, awb: string, creds: Record<string, string> = SIM_CREDENTIALS[carrier], signal?: AbortSignal): Promise<Response> {
  const base = sim.baseUrl(carrier);
  switch (carrier) {
    case 'jne':
      return fetch(`${base}/tracing/api/list/v1/cnote/${encodeURIComponent(awb)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({ username: creds.username!, api_key: creds.api_key! }).toString(),
        signal,
      });
    case 'sicepat':
      return fetch(`${base}/customer/waybill?waybill=${encodeURIComponent(awb)}`, { headers: { 'api-key': creds.api_key! }, signal });
    case 'jnt':
      return fetch(`${base}/track/trackAction!tracking.action`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString('base64')}`,
        },
        body: JSON.stringify({ awb, eccompanyid: creds.username }),
        signal,
      });
    case 'idexpress': {
      const sign = createHash('md5').update(`${awb}${creds.app_id}${creds.security_key}`).digest('hex');
      const q = new URLSearchParams({ data: awb, appId: creds.app_id!, sign });
      return fetch(`${base}/open/v1/waybill/get-tracking?${q}`, { signal });
    }
    case 'sap':
      return fetch(`${base}/shipment/tracking/awb?awb_no=${encodeURIComponent(awb)}`, { headers: { api_key: creds.api_key! }, signal });
  }
}

async function trackJson(carrier: CarrierCode, awb: string): Promise<{ status: number; body: unknown }> {
  const r = await track(carrier, awb);
  return { status: r.status, body: await r.json() };
}

describe.each(CARRIER_CODES)('%s tracking', (carrier) => {
  const parse = PARSE[carrier];

  it.each(['delivered', 'in_transit', 'failed', 'returned'] as const)('%s → 200, mapper reads that status for the AWB asked', async (scenario) => {
    const awb = simAwb(carrier, scenario);
    const { status, body } = await trackJson(carrier, awb);
    expect(status).toBe(200);
    const t = parse(body);
    expect(t).toMatchObject({ carrier, awb, status: scenario });
    if (scenario === 'delivered') {
      expect(t.podReceiverName).toBeTruthy();
      // J&T's tracking API has no POD photo at all (docs/carriers.md §3.5).
      if (carrier === 'jnt') expect(t.image_url).toBeNull();
      else expect(t.image_url).toContain(awb);
    } else expect(t).toMatchObject({ podReceiverName: null, image_url: null });
  });

  it('an AWB not ending in a digit is delivered', async () => {
    const { body } = await trackJson(carrier, 'SIM-ABC');
    expect(parse(body).status).toBe('delivered');
  });

  it('not found → 200 with the carrier body; mapper says not_found', async () => {
    const { status, body } = await trackJson(carrier, simAwb(carrier, 'not_found'));
    expect(status).toBe(200);
    expect(() => parse(body)).toThrow(expect.objectContaining({ name: 'CarrierPayloadError', code: 'not_found', carrier }));
  });

  it('pod_missing → delivered without receiver or photo', async () => {
    const { status, body } = await trackJson(carrier, simAwb(carrier, 'pod_missing'));
    expect(status).toBe(200);
    expect(parse(body)).toMatchObject({ status: 'delivered', podReceiverName: null, image_url: null });
  });

  it('error → 503 with a JSON body the mapper calls carrier_error', async () => {
    const { status, body } = await trackJson(carrier, simAwb(carrier, 'error'));
    expect(status).toBe(503);
    expect(() => parse(body)).toThrow(CarrierPayloadError);
  });

  it('garbage → 200 HTML, not JSON', async () => {
    const r = await track(carrier, simAwb(carrier, 'garbage'));
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/html');
    const text = await r.text();
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
  });

  it('flaky → 503 first, then delivered', async () => {
    const awb = simAwb(carrier, 'flaky');
    expect((await track(carrier, awb)).status).toBe(503);
    for (let i = 0; i < 2; i++) {
      const { status, body } = await trackJson(carrier, awb);
      expect(status).toBe(200);
      expect(parse(body).status).toBe('delivered');
    }
  });

  it('refuses wrong credentials with the carrier refusal', async () => {
    const bad = Object.fromEntries(Object.entries(SIM_CREDENTIALS[carrier]).map(([k, v]) => [k, k === 'username' || k === 'app_id' ? v : `${v}x`]));
    const r = await track(carrier, simAwb(carrier, 'delivered'), bad);
    const body = await r.json();
    if (carrier === 'idexpress') {
      expect(r.status).toBe(200);
      expect(body).toEqual({ code: 100001, desc: 'Invalid sign', total: null, data: null });
    } else expect(r.status).toBe(401);
    if (carrier === 'jne') expect(body).toEqual({ error: 'Invalid username or api_key', status: false });
    if (carrier === 'sicepat') expect(body).toEqual({ sicepat: { status: { code: 401, description: 'Unauthorized' } } });
    if (carrier === 'jnt') expect(body).toEqual({ error_id: '401', error_message: 'Unauthorized' });
    if (carrier === 'sap') expect(body).toEqual({ status: 'fail', msg: 'Unauthorized' });
  });
});

describe('contract details', () => {
  it('JNE takes credentials only from a form body', async () => {
    const r = await fetch(`${sim.baseUrl('jne')}/tracing/api/list/v1/cnote/${simAwb('jne', 'delivered')}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(SIM_CREDENTIALS.jne),
    });
    expect(r.status).toBe(401);
  });

  it('J&T refuses an eccompanyid other than the authenticated username', async () => {
    const c = SIM_CREDENTIALS.jnt;
    const r = await fetch(`${sim.baseUrl('jnt')}/track/trackAction!tracking.action`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}` },
      body: JSON.stringify({ awb: simAwb('jnt', 'delivered'), eccompanyid: 'OTHER' }),
    });
    expect(r.status).toBe(401);
  });

  it('ID Express refuses a wrong appId even with a sign made for it', async () => {
    const r = await track('idexpress', simAwb('idexpress', 'delivered'), { ...SIM_CREDENTIALS.idexpress, app_id: 'other' });
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ code: 100001 });
  });

  it('wrong method → 405, unknown path → 404', async () => {
    expect((await fetch(`${sim.baseUrl('sap')}/shipment/tracking/awb?awb_no=1`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${sim.url}/nowhere`)).status).toBe(404);
  });
});

describe('slow', () => {
  it('answers delivered after slowMs', async () => {
    const t0 = performance.now();
    const answers = await Promise.all(CARRIER_CODES.map((c) => trackJson(c, simAwb(c, 'slow'))));
    expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
    answers.forEach((a, i) => expect(PARSE[CARRIER_CODES[i]!](a.body).status).toBe('delivered'));
  });

  it('close() does not wait for slow answers in flight', async () => {
    const other = await startCarrierSim({ slowMs: 60_000 });
    const pending = fetch(`${other.baseUrl('sap')}/shipment/tracking/awb?awb_no=${simAwb('sap', 'slow')}`, {
      headers: { api_key: SIM_CREDENTIALS.sap.api_key! },
    }).then(
      () => 'answered',
      () => 'dropped',
    );
    await new Promise((r) => setTimeout(r, 50));
    const t0 = performance.now();
    await other.close();
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(await pending).toBe('dropped');
  });
});

describe('stats and overrides', () => {
  it('counts tracking calls per carrier and per AWB, over HTTP too', async () => {
    const awb = simAwb('sicepat', 'in_transit', 42);
    await track('sicepat', awb);
    await track('sicepat', awb);
    await track('jnt', simAwb('jnt', 'delivered'));
    const stats = (await (await fetch(`${sim.url}/_sim/stats`)).json()) as SimStats;
    expect(stats).toEqual(sim.stats());
    expect(stats.requests).toEqual({ jne: 0, sicepat: 2, jnt: 1, idexpress: 0, sap: 0 });
    expect(stats.byAwb[`sicepat:${awb}`]).toBe(2);
    expect((await fetch(`${sim.url}/_sim/stats/reset`, { method: 'POST' })).status).toBe(200);
    expect(sim.stats()).toEqual({ requests: { jne: 0, sicepat: 0, jnt: 0, idexpress: 0, sap: 0 }, byAwb: {} });
  });

  it('PUT /_sim/scenarios overrides one AWB; DELETE clears', async () => {
    const awb = simAwb('jne', 'delivered', 7);
    const put = (scenario: string) =>
      fetch(`${sim.url}/_sim/scenarios/jne/${awb}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ scenario }),
      });
    expect((await put('returned')).status).toBe(200);
    expect(parseJne((await trackJson('jne', awb)).body).status).toBe('returned');
    expect((await put('error')).status).toBe(200);
    expect((await track('jne', awb)).status).toBe(503);
    expect((await put('lost')).status).toBe(400);
    expect((await fetch(`${sim.url}/_sim/scenarios`, { method: 'DELETE' })).status).toBe(200);
    expect(parseJne((await trackJson('jne', awb)).body).status).toBe('delivered');
    sim.setScenario('jne', awb, 'not_found');
    await expect(trackJson('jne', awb).then((r) => parseJne(r.body))).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('AWBs and env', () => {
  it('simAwb gives an AWB the hub detects as that carrier, selecting the scenario', () => {
    for (const c of CARRIER_CODES)
      for (const s of SIM_SCENARIOS) {
        const awb = simAwb(c, s, 123);
        expect(detectCarrier(awb), awb).toBe(c);
        expect(scenarioFromAwb(awb)).toBe(s);
      }
    expect(() => simAwb('jnt', 'delivered', 1e9)).toThrow(RangeError);
  });

  it('simCarrierEnv configures every carrier of the hub at the sim', () => {
    const problems: string[] = [];
    const cfg = loadCarriersConfig(simCarrierEnv(`${sim.url}/`), problems);
    expect(problems).toEqual([]);
    for (const c of CARRIER_CODES) {
      expect(cfg.carriers[c].baseUrl).toBe(sim.baseUrl(c));
      expect(cfg.carriers[c].credentials).toEqual(SIM_CREDENTIALS[c]);
    }
  });

  it('simCredentialsFromEnv takes the hub variables when set', () => {
    const creds = simCredentialsFromEnv({ CARRIER_SAP_API_KEY: 'from-env', CARRIER_JNE_USERNAME: ' ' });
    expect(creds.sap.api_key).toBe('from-env');
    expect(creds.jne).toEqual(SIM_CREDENTIALS.jne);
  });
});

describe('JNE callbacks', () => {
  it.each(JNE_CALLBACK_SCENARIOS)('payload %s parses to that status', (scenario) => {
    const awb = simAwb('jne', 'delivered', 9);
    const t = parseJneCallback(jneCallbackPayload(awb, scenario));
    expect(t).toMatchObject({ awb, status: scenario === 'pod_missing' ? 'delivered' : scenario });
    if (scenario === 'delivered') expect(t.podReceiverName && t.image_url).toBeTruthy();
    else expect(t).toMatchObject({ podReceiverName: null, image_url: null });
  });

  it('pushJneCallback and POST /_sim/jne/callbacks reach the hub with the token', async () => {
    const got: Array<{ path: string; token: unknown; body: string }> = [];
    const hub = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        got.push({ path: req.url ?? '', token: req.headers['x-callback-token'], body });
        res.writeHead(202, { 'content-type': 'application/json' }).end('{"status":true}');
      });
    });
    await new Promise<void>((r) => hub.listen(0, '127.0.0.1', r));
    const hubUrl = `http://127.0.0.1:${(hub.address() as AddressInfo).port}`;
    try {
      const awb = simAwb('jne', 'delivered', 5);
      expect(await sim.pushJneCallback(awb, 'failed', { hubUrl, token: 'tok-1234567890abcdef' })).toEqual({ status: 202, body: '{"status":true}' });
      const viaHttp = await fetch(`${sim.url}/_sim/jne/callbacks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ awb, hubUrl, token: 'tok-2' }),
      });
      expect(await viaHttp.json()).toEqual({ status: 202, body: '{"status":true}' });
      expect(got.map((g) => [g.path, g.token])).toEqual([
        ['/callbacks/jne', 'tok-1234567890abcdef'],
        ['/callbacks/jne', 'tok-2'],
      ]);
      expect(parseJneCallback(JSON.parse(got[0]!.body))).toMatchObject({ awb, status: 'failed' });
      expect(parseJneCallback(JSON.parse(got[1]!.body))).toMatchObject({ awb, status: 'delivered', podReceiverName: 'SITI' });
      const bad = await fetch(`${sim.url}/_sim/jne/callbacks`, { method: 'POST', body: JSON.stringify({ awb, scenario: 'not_found' }) });
      expect(bad.status).toBe(400);
    } finally {
      await new Promise((r) => hub.close(r));
    }
  });
});
