import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { openHub, type Hub } from '../../src/server.js';
import { newPartner, shipmentBody, type TestPartner } from '../helpers/factories.js';
import { createTestHub, type TestHub } from '../helpers/hub.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { until } from '../helpers/webhooks.js';

/**
 * The hub survives PostgreSQL dropping its connections and going away. PostgreSQL only: the embedded
 * engine runs inside the hub's own process, so it can be neither terminated from outside nor stopped
 * on its own (its error classification and /readyz shape are covered by unit and HTTP tests).
 *
 * 1. Two API processes and a worker, under a burst of creates, while every backend of the hub's
 *    database is terminated three times: every process stays up, answers /readyz 200 afterwards, and
 *    every create answered 2xx is in the database, its webhook delivered once. Failed requests are
 *    503 DATABASE_UNAVAILABLE.
 * 2. A hub whose database is unreachable (a stopped server), then frozen (a SIGSTOPped one), answers
 *    503 DATABASE_UNAVAILABLE with Retry-After within a few seconds, and /readyz within its deadline.
 * 3. A worker started while the database is unreachable keeps retrying and comes up when it is back;
 *    the API's /readyz then lists its heartbeat.
 * Cutting and freezing go through a TCP proxy in front of the test's database, never the shared server.
 */

interface Proc {
  child: ChildProcess;
  out: string;
  url: string;
}

const procs: Proc[] = [];
let tmp: string; // made in beforeAll: a skipped file (embedded) must leave nothing behind
let hub: TestHub;
let partner: TestPartner;
let receiver: Receiver;

function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'test',
    // Warnings and errors only: the test reads them (retries at start-up, no error-level stack per request).
    LOG_LEVEL: 'warn',
    PORT: '0',
    DATABASE_URL: hub.config.db.url,
    JWT_SECRET: hub.config.auth.jwtSecret,
    DATA_DIR: tmp,
    DB_POOL_MAX: '4',
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
    ...extra,
  };
}

/** Spawns a hub of `role`; resolves once it prints "ready <port>", with everything it printed kept in `out`. */
function startRole(role: 'api' | 'worker', extra: Record<string, string> = {}, readyWithin = 60_000): { proc: Proc; ready: Promise<Proc> } {
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('test/reliability/role-process.ts')], {
    env: childEnv({ HUB_ROLE: role, ...extra }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const proc: Proc = { child, out: '', url: '' };
  procs.push(proc);
  const ready = new Promise<Proc>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${role} not ready within ${readyWithin} ms:\n${proc.out}`)), readyWithin);
    const onData = (d: Buffer) => {
      proc.out += d;
      const m = /^ready (\d+)$/m.exec(proc.out);
      if (m && !proc.url) {
        clearTimeout(t);
        proc.url = `http://127.0.0.1:${m[1]}`;
        resolve(proc);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(t);
      reject(new Error(`${role} exited (${code ?? signal}):\n${proc.out}`));
    });
  });
  ready.catch(() => {});
  return { proc, ready };
}

const alive = (p: Proc) => p.child.exitCode === null && p.child.signalCode === null;

/** pino's JSON lines of a child at `level` (40 warn, 50 error, 60 fatal). */
function logLines(p: Proc, level: number): Array<{ msg: string }> {
  return p.out
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { level: number; msg: string })
    .filter((l) => l.level === level);
}

async function create(
  url: string,
  headers: Record<string, string>,
  trackingNumber: string,
): Promise<{ status: number; body: any; retryAfter: string | null } | null> {
  try {
    const r = await fetch(`${url}/api/partner/shipments`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(shipmentBody({ trackingNumber })),
      signal: AbortSignal.timeout(20_000),
    });
    return { status: r.status, body: await r.json(), retryAfter: r.headers.get('retry-after') };
  } catch {
    return null; // no answer at all: not acknowledged
  }
}

async function readyz(url: string): Promise<{ status: number; body: any; ms: number }> {
  const t0 = Date.now();
  const r = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(20_000) });
  return { status: r.status, body: await r.json(), ms: Date.now() - t0 };
}

describe.skipIf(!process.env.DATABASE_URL)(
  'PostgreSQL connection loss and outages (PostgreSQL only: an embedded database lives inside the hub process)',
  () => {
    beforeAll(async () => {
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-outage-'));
      receiver = await startReceiver();
      hub = await createTestHub({ role: 'api', env: { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' } });
      partner = await newPartner(hub.app, { tier: 'enterprise', webhooks: [{ url: `${receiver.url}/hook`, events: ['shipment.created'] }] });
    });
    afterAll(async () => {
      for (const p of procs) if (alive(p)) p.child.kill('SIGKILL');
      await hub?.close();
      await receiver?.close();
      if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });

    it('two API processes and a worker survive every backend being terminated mid-burst; every acknowledged create is stored', async () => {
      const starting = [startRole('api'), startRole('api'), startRole('worker')];
      const [api1, api2, worker] = await Promise.all(starting.map((s) => s.ready));
      const apis = [api1!, api2!];

      const N = 240;
      const numbers = Array.from({ length: N }, (_, i) => `PGT-${process.pid}-${i}`);
      const acked: string[] = [];
      const failures = new Map<string, number>();
      let answered = 0;
      let next = 0;
      const burst = Promise.all(
        Array.from({ length: 12 }, async (_, lane) => {
          while (next < N) {
            const tn = numbers[next++]!;
            const r = await create(apis[lane % 2]!.url, partner.headers, tn);
            answered++;
            if (r && r.status >= 200 && r.status < 300) acked.push(tn);
            else {
              const key = r ? `${r.status} ${r.body?.code}${r.status === 503 && r.retryAfter ? ' retry-after' : ''}` : 'no answer';
              failures.set(key, (failures.get(key) ?? 0) + 1);
            }
          }
        }),
      );
      // Terminate every backend of the hub's database (the processes' pools, pg-boss's, the LISTEN
      // connections, this test hub's own) three times while creates are in flight.
      await until(async () => answered >= 30, '30 creates answered before the first termination', 20_000);
      let terminated = 0;
      for (let round = 0; round < 3; round++) {
        const { rows } = await hub.deps.database.pool.query<{ n: number }>(
          `select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
        );
        terminated += rows[0]!.n;
        await new Promise((r) => setTimeout(r, 300));
      }
      await burst;
      expect(terminated).toBeGreaterThan(10); // it really cut live connections

      // Every process is still up, and ready again.
      for (const p of [...apis, worker!]) expect(alive(p), p.out).toBe(true);
      for (const p of apis) {
        await until(async () => (await readyz(p.url)).status === 200, `${p.url} ready again`, 15_000);
      }
      // Requests that failed, failed as the database's outage: 503 DATABASE_UNAVAILABLE with Retry-After.
      for (const key of failures.keys()) expect(key).toBe('503 DATABASE_UNAVAILABLE retry-after');
      expect(acked.length).toBeGreaterThan(N / 2);

      // Every acknowledged create is in the database.
      const { rows } = await hub.deps.database.pool.query<{ tracking_number: string }>(
        `select tracking_number from shipments where tracking_number = any($1::text[])`,
        [acked],
      );
      const stored = new Set(rows.map((r) => r.tracking_number));
      expect(acked.filter((tn) => !stored.has(tn))).toEqual([]);

      // The worker delivered one shipment.created webhook per acknowledged create, none twice.
      await receiver.waitFor((all) => acked.every((tn) => all.some((r) => r.body.includes(tn))), 30_000, 'a webhook for every acknowledged create');
      const perId = new Map<string, number>();
      for (const r of receiver.received) perId.set(r.id, (perId.get(r.id) ?? 0) + 1);
      expect([...perId].filter(([, n]) => n > 1)).toEqual([]);

      // No error-level stack per failed request: an outage is logged as warnings.
      for (const p of [...apis, worker!]) {
        const errors = logLines(p, 50).concat(logLines(p, 60));
        expect(errors.map((l) => l.msg)).toEqual([]);
      }

      // The worker is alive and says so: an API's /readyz lists its heartbeat as ok.
      await until(
        async () => {
          const r = await readyz(api1!.url);
          return r.body.checks?.workers?.workers?.some((w: { pid: number; status: string }) => w.pid === worker!.child.pid && w.status === 'ok');
        },
        'the worker heartbeat in /readyz',
        15_000,
      );
      for (const p of [...apis, worker!]) p.child.kill('SIGTERM');
    }, 120_000);

    describe('through a proxy that can stop or freeze the database for one hub', () => {
      let proxy: TcpProxy;
      let cut: Hub;
      beforeAll(async () => {
        const u = new URL(hub.config.db.url!);
        proxy = await startTcpProxy({ host: u.hostname, port: Number(u.port || 5432) });
        const config = loadConfig({
          NODE_ENV: 'test',
          LOG_LEVEL: 'silent',
          DATA_DIR: tmp,
          DATABASE_URL: proxy.urlFor(hub.config.db.url!),
          JWT_SECRET: hub.config.auth.jwtSecret,
          DB_STATEMENT_TIMEOUT_MS: '1000',
          DB_CONNECT_TIMEOUT_MS: '1000',
        });
        cut = await openHub(config, { role: 'api' });
        await cut.app!.ready();
      });
      afterAll(async () => {
        await proxy?.setMode('pass');
        await cut?.close();
        await proxy?.close();
      });

      const createVia = (tn: string) =>
        cut.app!.inject({ method: 'POST', url: '/api/partner/shipments', headers: partner.headers, payload: shipmentBody({ trackingNumber: tn }) });

      it.each(['refuse', 'freeze'] as const)(
        'database %s: 503 DATABASE_UNAVAILABLE with Retry-After within seconds; /readyz within its deadline; back to 201 after',
        async (mode) => {
          expect((await createVia(`OUT-${mode}-0`)).statusCode).toBe(201);
          await proxy.setMode(mode);
          try {
            for (let i = 1; i <= 3; i++) {
              const t0 = Date.now();
              const r = await createVia(`OUT-${mode}-${i}`);
              const ms = Date.now() - t0;
              expect(r.statusCode, r.body).toBe(503);
              expect(r.json()).toMatchObject({ code: 'DATABASE_UNAVAILABLE', requestId: expect.any(String) });
              expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
              expect(ms).toBeLessThan(4000); // statement 1 s + client margin 1 s, or connect 1 s
            }
            const t0 = Date.now();
            const ready = await cut.app!.inject({ method: 'GET', url: '/readyz' });
            expect(Date.now() - t0).toBeLessThan(3000); // its own 2 s deadline
            expect(ready.statusCode).toBe(503);
            expect(ready.json()).toMatchObject({
              code: 'DATABASE_UNAVAILABLE',
              details: { status: 'unavailable', checks: { database: { status: 'down' } } },
            });
            expect(ready.headers['retry-after']).toBeDefined();
          } finally {
            await proxy.setMode('pass');
          }
          await until(async () => (await cut.app!.inject({ method: 'GET', url: '/readyz' })).statusCode === 200, 'ready after the outage', 10_000);
          expect((await createVia(`OUT-${mode}-after`)).statusCode).toBe(201);
        },
        30_000,
      );

      it('a worker started while the database is unreachable retries, then comes up when it is back', async () => {
        await proxy.setMode('refuse');
        const { proc, ready } = startRole('worker', { DATABASE_URL: proxy.urlFor(hub.config.db.url!), DB_CONNECT_TIMEOUT_MS: '1000' }, 40_000);
        try {
          await until(
            async () => logLines(proc, 40).filter((l) => /database unreachable/.test(l.msg)).length >= 2,
            'two start-up attempts logged',
            15_000,
          );
          expect(alive(proc), proc.out).toBe(true);
        } finally {
          await proxy.setMode('pass');
        }
        await ready;
        await until(
          async () => {
            const r = await hub.app.inject({ method: 'GET', url: '/readyz' });
            return r.json().checks?.workers?.workers?.some((w: { pid: number; status: string }) => w.pid === proc.child.pid && w.status === 'ok');
          },
          'the late worker in /readyz',
          10_000,
        );
        proc.child.kill('SIGTERM');
      }, 45_000);
    });
  },
);
