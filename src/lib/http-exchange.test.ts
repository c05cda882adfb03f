import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exchange, type ExchangeOptions } from './http-exchange.js';

let server: http.Server;
let port = 0;
let handler: (req: http.IncomingMessage, res: http.ServerResponse) => void = (_q, r) => r.end('ok');

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => handler(req, res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const go = (o: Partial<ExchangeOptions> = {}) =>
  exchange({
    request: { protocol: 'http:', hostname: '127.0.0.1', port, path: '/x', method: 'POST', headers: {} },
    body: 'hi',
    timeoutMs: 1000,
    readMaxBytes: 1024,
    ...o,
  });

describe('exchange', () => {
  it('answers with status, headers and body; a 3xx is an answer (no redirect)', async () => {
    handler = (_q, r) => r.writeHead(302, { location: 'http://example.invalid/', 'x-a': '1' }).end('moved');
    const r = await go();
    expect(r).toMatchObject({ ok: true, status: 302, headers: { 'x-a': '1' } });
    expect(r.ok && r.body.toString()).toBe('moved');
  });

  it('over the read cap: fails too_large, or answers with what it kept', async () => {
    handler = (_q, r) => r.end('y'.repeat(5000));
    expect(await go({ readMaxBytes: 100 })).toMatchObject({ ok: false, kind: 'too_large', midAnswer: true });
    const kept = await go({ readMaxBytes: 100, keepMaxBytes: 10, oversize: 'answer' });
    expect(kept.ok && kept.body.toString()).toBe('y'.repeat(10));
  });

  it('one deadline for the whole exchange; after the status the caller chooses fail or answer', async () => {
    handler = (_q, r) => {
      r.writeHead(200);
      r.write('part');
    };
    const t0 = Date.now();
    expect(await go({ timeoutMs: 150 })).toMatchObject({ ok: false, kind: 'timeout', code: 'ETIMEDOUT', midAnswer: true });
    expect(Date.now() - t0).toBeLessThan(1000);
    const a = await go({ timeoutMs: 150, afterStatus: 'answer' });
    expect(a).toMatchObject({ ok: true, status: 200 });
    expect(a.ok && a.body.toString()).toBe('part');
  });

  it('the abort signal ends it at once, before or during the exchange', async () => {
    expect(await go({ signal: AbortSignal.abort() })).toMatchObject({ ok: false, kind: 'aborted', detail: 'aborted before sending' });
    handler = () => {};
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    expect(await go({ signal: ac.signal, timeoutMs: 5000 })).toMatchObject({ ok: false, kind: 'aborted', midAnswer: false });
  });

  it('a refused connection is a connection failure with its code', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const p = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const r = await exchange({
      request: { protocol: 'http:', hostname: '127.0.0.1', port: p, path: '/', method: 'GET', headers: {} },
      timeoutMs: 1000,
      readMaxBytes: 10,
    });
    expect(r).toMatchObject({ ok: false, kind: 'connection', code: 'ECONNREFUSED', midAnswer: false });
  });
});
