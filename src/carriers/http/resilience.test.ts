import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CarrierError } from '../adapter.js';
import { backoffMs, isTransient, ResilientCaller, ServerError, type ResilienceOptions } from './resilience.js';
import { TransportError, USER_AGENT, type OutboundRequest } from './request.js';
import { json, startTestServer, type TestServer } from '../../../test/helpers/http-test-server.js';

let srv: TestServer;
const callers: ResilientCaller[] = [];

beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(() => srv.close());
afterEach(() => {
  for (const c of callers.splice(0)) c.close();
  srv.requests.length = 0;
});

function caller(o: Partial<ResilienceOptions> = {}): ResilientCaller {
  const c = new ResilientCaller({
    carrier: 'sap',
    baseUrl: srv.url,
    timeoutMs: 1000,
    retries: 2,
    ratePerSecond: 1000,
    breakerResetMs: 60_000,
    backoffBaseMs: 5,
    backoffCapMs: 20,
    ...o,
  });
  callers.push(c);
  return c;
}

const GET: OutboundRequest = { method: 'GET', path: '/t?awb_no=X&secret=s3cr3t', headers: { api_key: 'k' } };
const wait = { maxWaitMs: 1000 };
const reject = (p: Promise<unknown>) =>
  p.then(
    () => expect.unreachable('resolved'),
    (e: unknown) => e as CarrierError,
  );

describe('backoff and classification', () => {
  it('full jitter: uniform in [0, min(cap, base·2^n)]', () => {
    expect(backoffMs(0, 200, 2000, () => 0.999)).toBe(199);
    expect(backoffMs(3, 200, 2000, () => 0.5)).toBe(800);
    expect(backoffMs(10, 200, 2000, () => 0.999)).toBe(1998);
    expect(backoffMs(2, 200, 2000, () => 0)).toBe(0);
  });

  it('only timeouts, connection errors and 5xx are transient', () => {
    expect(isTransient(new ServerError(503, 'GET /'))).toBe(true);
    expect(isTransient(new TransportError('timeout', 'x'))).toBe(true);
    expect(isTransient(new TransportError('connection', 'x'))).toBe(true);
    expect(isTransient(new TransportError('aborted', 'x'))).toBe(false);
    expect(isTransient(new TransportError('too_large', 'x'))).toBe(false);
    expect(isTransient(new Error('x'))).toBe(false);
  });
});

describe('ResilientCaller', () => {
  it('sends the request with the User-Agent and returns the answer', async () => {
    srv.handler = (_q, r) => json(r, 200, { ok: 1 });
    const a = await caller().send({ method: 'POST', path: '/p', headers: { 'Content-Type': 'application/json' }, body: '{"a":1}' }, wait);
    expect(a.status).toBe(200);
    expect(JSON.parse(a.body.toString())).toEqual({ ok: 1 });
    expect(srv.requests[0]).toMatchObject({ method: 'POST', url: '/p', body: '{"a":1}' });
    expect(srv.requests[0]!.headers['user-agent']).toBe(USER_AGENT);
    expect(srv.requests[0]!.headers['content-length']).toBe('7');
  });

  it('retries a 503 and succeeds', async () => {
    let n = 0;
    srv.handler = (_q, r) => (++n < 3 ? json(r, 503, { busy: true }) : json(r, 200, { ok: 1 }));
    const a = await caller().send(GET, wait);
    expect(a.status).toBe(200);
    expect(srv.requests).toHaveLength(3);
  });

  it('gives up after `retries` with CARRIER_UNAVAILABLE, without leaking the query', async () => {
    srv.handler = (_q, r) => json(r, 502, {});
    const err = await reject(caller({ retries: 1 }).send(GET, wait));
    expect(err).toBeInstanceOf(CarrierError);
    expect(err).toMatchObject({ code: 'CARRIER_UNAVAILABLE', carrier: 'sap' });
    expect(err.message).not.toContain('s3cr3t');
    expect(srv.requests).toHaveLength(2);
  });

  it.each([400, 401, 404, 429])('never retries a %i: the answer is returned as is', async (status) => {
    srv.handler = (_q, r) => json(r, status, {});
    const a = await caller().send(GET, wait);
    expect(a.status).toBe(status);
    expect(srv.requests).toHaveLength(1);
  });

  it('times out quickly with CARRIER_TIMEOUT', async () => {
    srv.handler = () => {}; // never answers
    const t0 = performance.now();
    const err = await reject(caller({ timeoutMs: 200, retries: 1 }).send(GET, wait));
    expect(err).toMatchObject({ code: 'CARRIER_TIMEOUT' });
    expect(srv.requests).toHaveLength(2);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('connection refused → CARRIER_UNAVAILABLE after retries', async () => {
    const dead = await startTestServer();
    const url = dead.url;
    await dead.close();
    const err = await reject(caller({ baseUrl: url, retries: 1 }).send(GET, wait));
    expect(err).toMatchObject({ code: 'CARRIER_UNAVAILABLE' });
    expect(err.message).toContain('ECONNREFUSED');
  });

  it('an answer above the size cap → CARRIER_BAD_RESPONSE, not retried', async () => {
    srv.handler = (_q, r) => json(r, 200, 'x'.repeat(5000));
    const err = await reject(caller({ maxBodyBytes: 1024 }).send(GET, wait));
    expect(err).toMatchObject({ code: 'CARRIER_BAD_RESPONSE' });
    expect(srv.requests).toHaveLength(1);
  });

  it('an abort stops the exchange and the retries', async () => {
    srv.handler = () => {};
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const t0 = performance.now();
    const err = await reject(caller({ timeoutMs: 5000 }).send(GET, { ...wait, signal: ac.signal }));
    expect(err).toMatchObject({ code: 'CARRIER_TIMEOUT' });
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(srv.requests).toHaveLength(1);
    // Already aborted: nothing is sent.
    await expect(caller().send(GET, { ...wait, signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'CARRIER_TIMEOUT' });
    expect(srv.requests).toHaveLength(1);
  });

  it('the breaker opens after failures, answers CIRCUIT_OPEN without calling, half-opens after reset and closes on success', async () => {
    srv.handler = (_q, r) => json(r, 503, {});
    const c = caller({ retries: 0, breakerResetMs: 300 });
    for (let i = 0; i < 5; i++) await expect(c.send(GET, wait)).rejects.toMatchObject({ code: 'CARRIER_UNAVAILABLE' });
    expect(c.breakerState).toBe('open');
    const err = await reject(c.send(GET, wait));
    expect(err).toMatchObject({ code: 'CARRIER_CIRCUIT_OPEN' });
    expect(err.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(srv.requests).toHaveLength(5);

    await new Promise((r) => setTimeout(r, 350));
    expect(c.breakerState).toBe('half_open');
    srv.handler = (_q, r) => json(r, 200, {});
    expect((await c.send(GET, wait)).status).toBe(200);
    expect(c.breakerState).toBe('closed');
    expect(srv.requests).toHaveLength(6);
  });

  it('a failed half-open trial re-opens the breaker; a 4xx answer does not count as a failure', async () => {
    srv.handler = (_q, r) => json(r, 404, {});
    const c = caller({ retries: 0, breakerResetMs: 200 });
    for (let i = 0; i < 8; i++) expect((await c.send(GET, wait)).status).toBe(404);
    expect(c.breakerState).toBe('closed');
    srv.handler = (_q, r) => json(r, 500, {});
    // 8 answers + 8 failures: 50 % failing opens it.
    for (let i = 0; i < 8; i++) await c.send(GET, wait).catch(() => {});
    expect(c.breakerState).toBe('open');
    await new Promise((r) => setTimeout(r, 250));
    await expect(c.send(GET, wait)).rejects.toMatchObject({ code: 'CARRIER_UNAVAILABLE' });
    expect(c.breakerState).toBe('open');
    await expect(c.send(GET, wait)).rejects.toMatchObject({ code: 'CARRIER_CIRCUIT_OPEN' });
  });

  it('half-open lets exactly one trial through; concurrent callers get CIRCUIT_OPEN', async () => {
    srv.handler = (_q, r) => json(r, 503, {});
    const c = caller({ retries: 0, breakerResetMs: 200 });
    for (let i = 0; i < 5; i++) await c.send(GET, wait).catch(() => {});
    await new Promise((r) => setTimeout(r, 250));
    srv.handler = (_q, r) => setTimeout(() => json(r, 200, {}), 50);
    const results = await Promise.allSettled([c.send(GET, wait), c.send(GET, wait), c.send(GET, wait)]);
    expect(results.map((x) => (x.status === 'fulfilled' ? 'ok' : (x.reason as CarrierError).code))).toEqual([
      'ok',
      'CARRIER_CIRCUIT_OPEN',
      'CARRIER_CIRCUIT_OPEN',
    ]);
    expect(srv.requests).toHaveLength(6);
    expect(c.breakerState).toBe('closed');
  });

  it('an aborted half-open trial re-opens the breaker rather than closing it', async () => {
    srv.handler = (_q, r) => json(r, 503, {});
    const c = caller({ retries: 0, breakerResetMs: 200 });
    for (let i = 0; i < 5; i++) await c.send(GET, wait).catch(() => {});
    await new Promise((r) => setTimeout(r, 250));
    srv.handler = () => {};
    await expect(c.send(GET, { ...wait, signal: AbortSignal.timeout(30) })).rejects.toMatchObject({ code: 'CARRIER_TIMEOUT' });
    expect(c.breakerState).toBe('open');
  });

  it('a retry that meets an open breaker reports the real failure', async () => {
    srv.handler = (_q, r) => json(r, 503, {});
    const c = caller({ retries: 10, breakerResetMs: 60_000 });
    const err = await reject(c.send(GET, wait));
    expect(err).toMatchObject({ code: 'CARRIER_UNAVAILABLE' });
    expect(srv.requests).toHaveLength(5); // the breaker stopped the retries at its threshold
  });

  it('paces calls at the rate limit and rejects with CARRIER_RATE_LIMITED when the wait is too short', async () => {
    srv.handler = (_q, r) => json(r, 200, {});
    const c = caller({ ratePerSecond: 5 });
    const t0 = performance.now();
    await Promise.all(Array.from({ length: 10 }, () => c.send(GET, { maxWaitMs: 2000 })));
    const took = performance.now() - t0;
    expect(took).toBeGreaterThanOrEqual(950); // 5 at once, then one per 200 ms
    expect(srv.requests).toHaveLength(10);
    const err = await reject(c.send(GET, { maxWaitMs: 10 }));
    expect(err).toMatchObject({ code: 'CARRIER_RATE_LIMITED' });
    expect(err.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(srv.requests).toHaveLength(10);
  });
});
