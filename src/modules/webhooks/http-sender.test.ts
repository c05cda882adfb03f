import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSender, RESPONSE_BODY_MAX_BYTES, USER_AGENT } from './http-sender.js';

/** A loopback server whose behaviour each test sets; counts connections and requests. */
let server: http.Server;
let base: string;
let handler: (req: http.IncomingMessage, res: http.ServerResponse) => void = (_q, r) => r.end('ok');
let connections = 0;
const requests: Array<{ url: string; headers: http.IncomingHttpHeaders; body: string }> = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() });
      handler(req, res);
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const open = (o: Partial<Parameters<typeof createSender>[0]> = {}) =>
  createSender({ allowPrivate: true, timeoutMs: 2000, maxSocketsPerOrigin: 4, ...o });

describe('createSender', () => {
  it('POSTs the body with the given headers, returns status, body and duration; keeps the connection', async () => {
    handler = (_q, r) => r.writeHead(201, { 'content-type': 'text/plain' }).end('created');
    const s = open();
    requests.length = 0;
    const before = connections;
    const a = await s.send(`${base}/in?x=1`, { 'Content-Type': 'application/json', 'webhook-id': 'msg_1' }, '{"a":1}');
    const b = await s.send(`${base}/in?x=1`, { 'Content-Type': 'application/json', 'webhook-id': 'msg_2' }, '{"a":2}');
    s.close();
    expect(a).toMatchObject({ outcome: { kind: 'response', status: 201 }, statusCode: 201, responseBody: 'created', error: null });
    expect(a.durationMs).toBeGreaterThanOrEqual(0);
    expect(b.statusCode).toBe(201);
    expect(requests.map((r) => [r.url, r.body, r.headers['webhook-id'], r.headers['user-agent'], r.headers['content-length']])).toEqual([
      ['/in?x=1', '{"a":1}', 'msg_1', USER_AGENT, '7'],
      ['/in?x=1', '{"a":2}', 'msg_2', USER_AGENT, '7'],
    ]);
    expect(connections - before).toBe(1); // keep-alive
  });

  it('does not follow redirects: the 3xx is the answer', async () => {
    handler = (req, r) => (req.url === '/moved' ? r.writeHead(302, { location: `${base}/elsewhere` }).end() : r.end('should not be reached'));
    requests.length = 0;
    const s = open();
    const res = await s.send(`${base}/moved`, {}, '{}');
    s.close();
    expect(res.statusCode).toBe(302);
    expect(requests.map((r) => r.url)).toEqual(['/moved']);
  });

  it('passes Retry-After on', async () => {
    handler = (_q, r) => r.writeHead(503, { 'retry-after': '7' }).end();
    const s = open();
    const res = await s.send(`${base}/`, {}, '{}');
    s.close();
    expect(res.outcome).toEqual({ kind: 'response', status: 503, retryAfter: '7' });
  });

  it('keeps at most 4 KB of the response, cut at a character boundary', async () => {
    handler = (_q, r) => r.end('é'.repeat(10_000)); // 2 bytes each
    const s = open();
    const res = await s.send(`${base}/`, {}, '{}');
    s.close();
    expect(Buffer.byteLength(res.responseBody!)).toBe(RESPONSE_BODY_MAX_BYTES);
    expect(res.responseBody).toBe('é'.repeat(RESPONSE_BODY_MAX_BYTES / 2));
  });

  it('stops reading an endless response and still reports its status', async () => {
    handler = (_q, r) => {
      r.writeHead(200);
      const chunk = Buffer.alloc(16 * 1024, 'a');
      const pump = () => {
        while (!r.destroyed && r.write(chunk));
        if (!r.destroyed) r.once('drain', pump);
      };
      pump();
    };
    const s = open();
    const res = await s.send(`${base}/`, {}, '{}');
    s.close();
    expect(res.statusCode).toBe(200);
    expect(res.responseBody!.length).toBe(RESPONSE_BODY_MAX_BYTES);
  });

  it('gives up at the deadline (the whole attempt, not per read)', async () => {
    handler = () => {}; // never answers
    const s = open({ timeoutMs: 300 });
    const t0 = Date.now();
    const res = await s.send(`${base}/`, {}, '{}');
    s.close();
    expect(res.outcome).toEqual({ kind: 'error', code: 'ETIMEDOUT' });
    expect(res.statusCode).toBeNull();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('reports a refused connection with its code', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const s = open();
    const res = await s.send(`http://127.0.0.1:${port}/`, {}, '{}');
    s.close();
    expect(res.outcome).toEqual({ kind: 'error', code: 'ECONNREFUSED' });
    expect(res.error).toMatch(/ECONNREFUSED/);
  });

  describe('SSRF: with private networks not allowed', () => {
    it('never connects to a literal loopback address (Node skips lookup for literals: checked here)', async () => {
      const s = open({ allowPrivate: false });
      const before = connections;
      const res = await s.send(`${base}/`, {}, '{}');
      s.close();
      expect(res.outcome).toEqual({ kind: 'error', code: 'ERR_SSRF_BLOCKED' });
      expect(res.error).toMatch(/^ERR_SSRF_BLOCKED: .*127\.0\.0\.1 \(loopback\)/);
      expect(connections).toBe(before);
    });

    it('refuses a name that resolves to loopback, at connect time', async () => {
      const port = (server.address() as AddressInfo).port;
      const s = open({ allowPrivate: false });
      const before = connections;
      const res = await s.send(`http://localhost:${port}/`, {}, '{}');
      s.close();
      expect(res.outcome).toEqual({ kind: 'error', code: 'ERR_SSRF_BLOCKED' });
      expect(connections).toBe(before);
    });

    it('refuses IPv4-mapped IPv6 and metadata literals too', async () => {
      const s = open({ allowPrivate: false });
      for (const url of ['http://[::ffff:127.0.0.1]:9/', 'http://169.254.169.254/latest/meta-data', 'http://[::1]:9/']) {
        expect((await s.send(url, {}, '{}')).outcome, url).toEqual({ kind: 'error', code: 'ERR_SSRF_BLOCKED' });
      }
      s.close();
    });

    it('the setting lets a name resolving to loopback through', async () => {
      handler = (_q, r) => r.end('ok');
      const port = (server.address() as AddressInfo).port;
      const s = open({ allowPrivate: true });
      const res = await s.send(`http://localhost:${port}/`, {}, '{}');
      s.close();
      expect(res.statusCode).toBe(200);
    });
  });
});
