/**
 * Rate limits while Redis is away: the hub talks to a private redis-server this file starts on a free
 * port (never the run's shared one), stops and starts again. While it is away requests stay fast,
 * every limit still holds and the headers tell the truth (counted in memory); once it is back,
 * counting goes to Redis again. One warning and one info line in the log, not one per request.
 * Runs on both engines; skipped where no redis-server binary is installed.
 */
import type { ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, hasRedisServer, startRedis, stopRedis } from '../helpers/cluster.js';
import { newPartner, testIp } from '../helpers/factories.js';
import { createTestHub, type TestHub } from '../helpers/hub.js';
import { expectLimitHeaders, expectRateLimited } from '../helpers/rate-limit.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe.skipIf(!hasRedisServer)('rate limits while Redis is away', () => {
  let port: number;
  let server: ChildProcess | undefined;
  let hub: TestHub;
  let client: Redis | undefined;
  const logs: Array<{ level: number; msg: string }> = [];
  const redisLines = () => logs.filter((l) => /redis/i.test(l.msg));

  beforeAll(async () => {
    port = await freePort();
    server = await startRedis(port);
    // The hub's own log, read back: the state changes must be logged once each.
    const log = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line)) });
    hub = await createTestHub({ env: { REDIS_URL: `redis://127.0.0.1:${port}` }, log });
  });
  afterAll(async () => {
    await hub?.close();
    client?.disconnect();
    await stopRedis(server);
  });

  it('stays fast and keeps every limit (true headers) while Redis is down, and counts in Redis again when it is back', async () => {
    const p = await newPartner(hub.app, { tier: 'starter' });
    const me = () => hub.app.inject({ method: 'GET', url: '/api/partner/me', headers: p.headers });
    const counterKey = `ff-rl-partner:${p.companyId}`;

    // Up: counted in Redis (read with a client of the test's own).
    client = new Redis(`redis://127.0.0.1:${port}`, { lazyConnect: true, maxRetriesPerRequest: 0 });
    await client.connect();
    for (let i = 1; i <= 5; i++) expectLimitHeaders(await me(), 'starter', 60, 60 - i);
    expect(await client.get(counterKey)).toBe('5');
    client.disconnect();
    const readyz = async () => {
      const r = await hub.app.inject({ method: 'GET', url: '/readyz' });
      expect(r.statusCode, r.body).toBe(200); // Redis away is never a 503: the API still serves
      return r.json().checks.redis as { status: string; message?: string; reason?: string };
    };
    expect(await readyz()).toEqual({ status: 'ok' });

    // Down: /readyz tells it before any request fails over.
    await stopRedis(server);
    expect(await readyz()).toMatchObject({
      status: 'degraded',
      message: expect.stringMatching(/counted in each process/),
      reason: expect.any(String),
    });
    const took: number[] = [];
    for (let i = 1; i <= 60; i++) {
      const t = performance.now();
      const res = await me();
      took.push(performance.now() - t);
      expect(res.statusCode, res.body).toBe(200);
      // Counted in this process from a fresh window: the headers say what is enforced.
      expectLimitHeaders(res, 'starter', 60, 60 - i);
    }
    const t = performance.now();
    const limited = await me();
    took.push(performance.now() - t);
    expectRateLimited(limited);
    expectLimitHeaders(limited, 'starter', 60, 0);
    expect(median(took), took.map((ms) => ms.toFixed(0)).join(' ')).toBeLessThan(200);

    // The per-address guards hold too. Empty bodies (400) are counted like any attempt, and skip
    // the deliberately slow password check.
    for (const [url, policy, max] of [
      ['/api/admin/login', 'admin-login', 20],
      ['/api/partner/auth', 'auth', 60],
    ] as const) {
      const ip = testIp();
      for (let i = 1; i <= max; i++) {
        const res = await hub.app.inject({ method: 'POST', url, remoteAddress: ip, payload: {} });
        expect(res.statusCode).toBe(400);
        expectLimitHeaders(res, policy, max, max - i);
      }
      expectRateLimited(await hub.app.inject({ method: 'POST', url, remoteAddress: ip, payload: {} }));
    }

    // One warning for ~140 requests, and nothing else about Redis yet.
    expect(redisLines().map((l) => [l.level, l.msg])).toEqual([[40, expect.stringMatching(/Redis is unreachable/)]]);

    // Back (an empty server: nothing was saved). The hub reconnects on its own.
    server = await startRedis(port);
    const deadline = Date.now() + 10_000;
    while (!redisLines().some((l) => l.level === 30) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(redisLines().map((l) => l.level)).toEqual([40, 30]);
    expect(redisLines()[1]!.msg).toMatch(/Redis is back/);
    expect(await readyz()).toEqual({ status: 'ok' });

    // Counting resumes in Redis, from Redis's own (new) window.
    client = new Redis(`redis://127.0.0.1:${port}`, { lazyConnect: true, maxRetriesPerRequest: 0 });
    await client.connect();
    for (let i = 1; i <= 2; i++) {
      const res = await me();
      expect(res.statusCode).toBe(200);
      expectLimitHeaders(res, 'starter', 60, 60 - i);
    }
    expect(await client.get(counterKey)).toBe('2');
    expect(redisLines()).toHaveLength(2);
  });
});
