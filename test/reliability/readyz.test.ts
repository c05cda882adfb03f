import net from 'node:net';
import os from 'node:os';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerErrorHandling } from '../../src/http/error-handler.js';
import { startHeartbeat } from '../../src/modules/ops/heartbeat.js';
import { createTestHub, json, type TestHub } from '../helpers/hub.js';

/**
 * /readyz's answer on both engines: an object of named checks (database, workers), 200 `ready` with a
 * live worker heartbeat, 200 `degraded` without one (an API process can still serve), each heartbeat
 * listed with its age. And the shutdown answer in the one error envelope.
 */
let hub: TestHub;
beforeAll(async () => {
  hub = await createTestHub({ role: 'api' });
});
afterAll(() => hub?.close());

const readyz = async () => {
  const r = await hub.app.inject({ method: 'GET', url: '/readyz' });
  return { status: r.statusCode, body: json(r) };
};

describe('/readyz', () => {
  it('an API with no worker alive: 200 degraded, the database ok, the workers check says why', async () => {
    const r = await readyz();
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      status: 'degraded',
      databaseMs: expect.any(Number),
      checks: {
        database: { status: 'ok', ms: expect.any(Number) },
        workers: { status: 'degraded', staleAfterSeconds: 30, message: expect.stringMatching(/no worker/), workers: [] },
      },
    });
  });

  it('a worker heartbeat makes it ready and is listed; a clean stop removes it', async () => {
    const beat = startHeartbeat(hub.deps.database, hub.deps.log, 'worker');
    try {
      let r = await readyz();
      for (let i = 0; i < 40 && r.body.status !== 'ready'; i++) {
        await new Promise((res) => setTimeout(res, 50));
        r = await readyz();
      }
      expect(r.status).toBe(200);
      expect(r.body.status).toBe('ready');
      expect(r.body.checks.workers.status).toBe('ok');
      const [w] = r.body.checks.workers.workers;
      expect(w).toMatchObject({ role: 'worker', host: os.hostname(), pid: process.pid, status: 'ok' });
      expect(Date.parse(w.lastSeen)).toBeGreaterThan(Date.now() - 60_000);
      expect(w.ageSeconds).toBeLessThan(30);
    } finally {
      await beat.stop();
    }
    const after = await readyz();
    expect(after.body.status).toBe('degraded');
    expect(after.body.checks.workers.workers).toEqual([]);
  });

  it('a heartbeat older than 30 s is listed as stale, and the answer stays degraded (200)', async () => {
    const { pool } = hub.deps.database;
    await pool.query(
      `insert into worker_heartbeats (id, role, host, pid, started_at, last_seen) values ('gone:1', 'worker', 'gone-host', 1, now() - interval '2 minutes', now() - interval '45 seconds')`,
    );
    try {
      const r = await readyz();
      expect(r.status).toBe(200);
      expect(r.body.status).toBe('degraded');
      expect(r.body.checks.workers.message).toMatch(/stale/);
      expect(r.body.checks.workers.workers).toEqual([expect.objectContaining({ host: 'gone-host', pid: 1, status: 'stale' })]);
      expect(r.body.checks.workers.workers[0].ageSeconds).toBeGreaterThanOrEqual(44);
    } finally {
      await pool.query(`delete from worker_heartbeats where id = 'gone:1'`);
    }
  });
});

describe('answers in the one envelope', () => {
  it('a connection-level database failure in a route: 503 DATABASE_UNAVAILABLE with Retry-After', async () => {
    const app = Fastify();
    registerErrorHandling(app);
    app.get('/db', async () => {
      throw new Error('Connection terminated unexpectedly');
    });
    const r = await app.inject({ method: 'GET', url: '/db' });
    expect(r.statusCode).toBe(503);
    expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    expect(json(r)).toEqual({
      code: 'DATABASE_UNAVAILABLE',
      message: expect.stringMatching(/database is unavailable/),
      requestId: expect.any(String),
    });
    await app.close();
  });

  it('a request reaching a closing server: 503 SERVICE_UNAVAILABLE in the envelope, with Connection: close', async () => {
    const app = Fastify({ return503OnClosing: false });
    registerErrorHandling(app);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inSlow = new Promise<void>((r) => (entered = r));
    app.get('/slow', async () => {
      entered();
      await gate;
      return { ok: true };
    });
    app.get('/ping', async () => ({ pong: true }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const sock = net.connect((app.server.address() as net.AddressInfo).port, '127.0.0.1');
    let out = '';
    sock.on('data', (d) => (out += d));
    sock.on('error', () => {});
    // One kept-alive connection: a request in flight, then close, then another request on it.
    sock.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
    await inSlow;
    const closing = app.close();
    await new Promise((r) => setTimeout(r, 30));
    sock.write('GET /ping HTTP/1.1\r\nHost: x\r\n\r\n');
    await new Promise((r) => setTimeout(r, 30));
    release();
    for (let i = 0; i < 100 && !out.includes('SERVICE_UNAVAILABLE'); i++) await new Promise((r) => setTimeout(r, 20));
    sock.destroy();
    await closing;
    const second = out.slice(out.indexOf('HTTP/1.1 503'));
    expect(second).toMatch(/^HTTP\/1.1 503/);
    expect(second).toMatch(/connection: close/i);
    const body = JSON.parse(second.slice(second.indexOf('\r\n\r\n') + 4));
    expect(body).toEqual({ code: 'SERVICE_UNAVAILABLE', message: expect.any(String), requestId: expect.any(String) });
  });
});

describe('the hub while it closes', () => {
  it('a request on a kept-alive connection gets 503 SERVICE_UNAVAILABLE in the envelope, not Fastify’s own {"error":…}', async () => {
    await hub.app.listen({ port: 0, host: '127.0.0.1' });
    const sock = net.connect((hub.app.server.address() as net.AddressInfo).port, '127.0.0.1');
    let out = '';
    sock.on('data', (d) => (out += d));
    sock.on('error', () => {});
    // A request in flight (its body half sent) keeps the connection busy while the server closes.
    const body = JSON.stringify({ nothing: 'valid' });
    sock.write(
      `POST /api/partner/onboarding HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 5)}`,
    );
    await new Promise((r) => setTimeout(r, 100));
    const closing = hub.app.close();
    await new Promise((r) => setTimeout(r, 50));
    sock.write(body.slice(5));
    sock.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    for (let i = 0; i < 150 && !/HTTP\/1.1 503[\s\S]*\}$/.test(out); i++) await new Promise((r) => setTimeout(r, 20));
    sock.destroy();
    await closing;
    expect(out).toMatch(/^HTTP\/1.1 400/); // the request in flight was answered
    const second = out.slice(out.indexOf('HTTP/1.1 503'));
    expect(second).toMatch(/^HTTP\/1.1 503/);
    expect(second).toMatch(/connection: close/i);
    expect(JSON.parse(second.slice(second.indexOf('\r\n\r\n') + 4))).toEqual({
      code: 'SERVICE_UNAVAILABLE',
      message: expect.any(String),
      requestId: expect.any(String),
    });
  });
});
