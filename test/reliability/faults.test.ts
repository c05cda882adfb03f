import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { openHub, type Hub } from '../../src/server.js';
import { jneCallbackPayload, simAwb, simCarrierEnv, startCarrierSim, type CarrierSim } from '../../src/sim/carriers/server.js';
import { alive, freePort, hasRedisServer, killAll, logLines, startRedis, startRole, stopRedis, type RoleProc } from '../helpers/cluster.js';
import { newPartner, shipmentBody, type TestPartner } from '../helpers/factories.js';
import { findPgBin, startPgCluster, type PgCluster } from '../helpers/pg-cluster.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';
import { until } from '../helpers/webhooks.js';

/**
 * Faults under load: two API and two worker processes on the test's OWN PostgreSQL cluster (initdb on
 * a free port, really stopped and started with pg_ctl) and its own redis-server, while the test keeps
 * a steady stream of creates, tracking reads and JNE callbacks going. Redis stopped and restarted,
 * PostgreSQL restarted, then an API process and a worker SIGKILLed. After each: every create answered
 * 2xx is in the database, every acknowledged callback is stored, every `shipment.created` webhook
 * arrives, the processes recovered without a restart, and /readyz told the truth meanwhile.
 * Runs in the PostgreSQL pass only (the embedded engine lives inside one process, and the embedded
 * pass must not run these a second time); skipped where PostgreSQL or Redis binaries are absent.
 */
const PG_BIN = findPgBin();
const CALLBACK_SECRET = 'faults-test-callback-secret-0123456789';
const enabled = Boolean(process.env.DATABASE_URL && PG_BIN && hasRedisServer);

let tmp: string;
let pg: PgCluster;
let redisPort: number;
let redis: ChildProcess | undefined;
let sim: CarrierSim;
let receiver: Receiver;
let hub: Hub;
let partner: TestPartner;
const apis: RoleProc[] = [];
const workers: RoleProc[] = [];
const awbs = Array.from({ length: 40 }, (_, i) => simAwb('jne', 'delivered', 7000 + i));

const q = async <T = any>(text: string, values: unknown[] = []) => (await hub.deps.database.pool.query(text, values)).rows as T[];

async function call(url: string, init: RequestInit & { json?: unknown } = {}): Promise<{ status: number; body: any } | null> {
  try {
    const r = await fetch(url, {
      ...init,
      headers: { ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}), ...(init.headers as Record<string, string>) },
      body: init.json !== undefined ? JSON.stringify(init.json) : undefined,
      signal: AbortSignal.timeout(15_000),
    });
    const text = await r.text();
    return { status: r.status, body: text.startsWith('{') ? JSON.parse(text) : text };
  } catch {
    return null; // no answer: not acknowledged
  }
}

const readyz = (api: RoleProc) => call(`${api.url}/readyz`);

/** A steady stream of creates, tracking reads and callbacks over the live API processes. */
class Load {
  readonly acked: string[] = [];
  readonly callbacks = new Set<string>();
  readonly failures = new Map<string, number>();
  #stop = false;
  #done: Promise<void> = Promise.resolve();
  #seq = 0;

  start(tag: string): void {
    this.#stop = false;
    this.#done = Promise.all(
      Array.from({ length: 4 }, async (_, lane) => {
        while (!this.#stop) {
          const live = apis.filter(alive);
          const api = live[this.#seq % live.length]!;
          const n = this.#seq++;
          let r: { status: number; body: any } | null;
          let kind: string;
          if (n % 3 === 0 && this.acked.length > 0) {
            kind = 'tracking';
            const tn = this.acked[n % this.acked.length]!;
            r = await call(`${api.url}/api/partner/tracking/${tn}`, { headers: partner.headers });
          } else if (n % 3 === 1) {
            kind = 'callback';
            const awb = awbs[n % awbs.length]!;
            r = await call(`${api.url}/callbacks/jne`, {
              method: 'POST',
              headers: { 'x-callback-token': CALLBACK_SECRET },
              json: jneCallbackPayload(awb, 'in_transit'),
            });
            if (r?.status === 200) this.callbacks.add(awb);
          } else {
            kind = 'create';
            const tn = `FLT-${tag}-${process.pid}-${lane}-${n}`;
            r = await call(`${api.url}/api/partner/shipments`, {
              method: 'POST',
              headers: partner.headers,
              json: shipmentBody({ trackingNumber: tn }),
            });
            if (r?.status === 201) this.acked.push(tn);
          }
          if (!r || r.status >= 300) {
            const key = `${kind} ${r ? `${r.status} ${r.body?.code}` : 'no answer'}`;
            this.failures.set(key, (this.failures.get(key) ?? 0) + 1);
            await new Promise((res) => setTimeout(res, 100)); // a client backing off, not a tight loop
          }
        }
      }),
    ).then(() => {});
  }

  async stop(): Promise<void> {
    this.#stop = true;
    await this.#done;
  }

  /** Waits until `n` more creates have been acknowledged. */
  async more(n: number, what: string, timeoutMs = 30_000): Promise<void> {
    const target = this.acked.length + n;
    await until(() => this.acked.length >= target, what, timeoutMs);
  }
}

/** No acknowledged create or callback lost; every create's webhook arrives (eventually). */
async function expectNothingLost(load: Load): Promise<void> {
  const stored = new Set(
    (await q<{ t: string }>('select tracking_number as t from shipments where tracking_number = any($1::text[])', [load.acked])).map((r) => r.t),
  );
  expect(load.acked.filter((tn) => !stored.has(tn))).toEqual([]);
  const cbs = new Set(
    (await q<{ awb: string }>('select distinct awb from carrier_callbacks where awb = any($1::text[])', [[...load.callbacks]])).map((r) => r.awb),
  );
  expect([...load.callbacks].filter((a) => !cbs.has(a))).toEqual([]);
  await receiver.waitFor(
    (all) => {
      const got = new Set<string>();
      for (const r of all) {
        const m = /"trackingNumber":"([^"]+)"/.exec(r.body);
        if (m) got.add(m[1]!);
      }
      return load.acked.every((tn) => got.has(tn));
    },
    60_000,
    'a shipment.created webhook for every acknowledged create',
  );
}

/** Only the outage's own answers: 503 DATABASE_UNAVAILABLE / SERVICE_UNAVAILABLE, or no answer. */
function expectOnlyOutageFailures(load: Load): void {
  for (const key of load.failures.keys()) expect(key).toMatch(/ (503 (DATABASE_UNAVAILABLE|SERVICE_UNAVAILABLE)|no answer)$/);
}

describe.skipIf(!enabled)(
  'faults under load: Redis and PostgreSQL restarted, processes SIGKILLed (PostgreSQL pass only — the embedded database lives inside one process — and only where /usr/lib/postgresql/*/bin and redis-server exist)',
  () => {
    beforeAll(async () => {
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-faults-'));
      pg = await startPgCluster(PG_BIN!);
      redisPort = await freePort();
      redis = await startRedis(redisPort);
      receiver = await startReceiver();
      sim = await startCarrierSim({ port: 0 });
      const env: Record<string, string> = {
        ...simCarrierEnv(sim.url),
        NODE_ENV: 'test',
        DATABASE_URL: pg.url,
        REDIS_URL: `redis://127.0.0.1:${redisPort}`,
        JWT_SECRET: 'faults-test-jwt-secret-0123456789-abcdef',
        CARRIER_JNE_CALLBACK_SECRET: CALLBACK_SECRET,
        WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
        WEBHOOK_RETRY_SCHEDULE: '200ms,500ms,1s,2s,2s,2s,2s,2s',
        // A delivery in flight in a killed worker is retried by the other after its lease (3 + 5 s).
        WEBHOOK_TIMEOUT_SECONDS: '3',
        DB_CONNECT_TIMEOUT_MS: '1000',
        DB_POOL_MAX: '4',
      };
      // The test's own hub (API role, no workers): migrates the new cluster, onboards, reads the database.
      hub = await openHub(loadConfig({ ...env, LOG_LEVEL: 'silent', DATA_DIR: path.join(tmp, 'hub') }), { role: 'api' });
      await hub.app!.ready();
      partner = await newPartner(hub.app!, { tier: 'enterprise', webhooks: [{ url: receiver.url, events: ['shipment.created'] }] });
      // The carrier shipments the callbacks are about.
      for (const awb of awbs) {
        const r = await hub.app!.inject({
          method: 'POST',
          url: '/api/partner/shipments',
          headers: partner.headers,
          payload: shipmentBody({ courier: { code: 'jne', awb } }),
        });
        expect(r.statusCode, r.body).toBe(201);
      }
      const childEnv = { ...process.env, ...env, LOG_LEVEL: 'warn', PORT: '0', DATA_DIR: tmp };
      const started = await Promise.all([
        startRole('api', childEnv),
        startRole('api', childEnv),
        startRole('worker', childEnv),
        startRole('worker', childEnv),
      ]);
      apis.push(started[0]!, started[1]!);
      workers.push(started[2]!, started[3]!);
    }, 240_000);

    afterAll(async () => {
      killAll();
      await hub?.close();
      await receiver?.close();
      await sim?.close();
      await stopRedis(redis);
      pg?.destroy();
      if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });

    it('Redis stopped and restarted: /readyz degraded meanwhile, limits counted per process, shared again once it is back', async () => {
      const load = new Load();
      load.start('redis');
      const starter = await newPartner(hub.app!, { tier: 'starter' });
      const remaining = async (api: RoleProc) => {
        const r = await fetch(`${api.url}/api/partner/me`, { headers: starter.headers });
        expect(r.status).toBe(200);
        return Number(r.headers.get('x-ratelimit-remaining'));
      };
      try {
        await load.more(20, 'creates before the stop');
        await stopRedis(redis);
        for (const api of apis) {
          await until(async () => {
            const r = await readyz(api);
            return r?.status === 200 && r.body.checks?.redis?.status === 'degraded';
          }, `${api.url} /readyz redis degraded`);
        }
        // Each process counts alone from a fresh window: the same partner has a budget in each.
        expect([await remaining(apis[0]!), await remaining(apis[0]!), await remaining(apis[1]!), await remaining(apis[1]!)]).toEqual([
          59, 58, 59, 58,
        ]);
        for (const api of apis) expect(logLines(api, 40).some((l) => /Redis is unreachable/.test(l.msg))).toBe(true);
        await load.more(20, 'creates while Redis is away');

        redis = await startRedis(redisPort);
        for (const api of apis) {
          await until(async () => (await readyz(api))?.body.checks?.redis?.status === 'ok', `${api.url} /readyz redis ok again`, 20_000);
        }
        // One budget again, in the new (empty) Redis: the processes count together.
        expect([await remaining(apis[0]!), await remaining(apis[1]!), await remaining(apis[0]!)]).toEqual([59, 58, 57]);
        await load.more(20, 'creates after Redis is back');
      } finally {
        await load.stop();
      }
      expectOnlyOutageFailures(load);
      expect([...load.failures.keys()]).toEqual([]); // Redis away never fails a request
      await expectNothingLost(load);
      for (const p of [...apis, ...workers]) expect(alive(p), p.out).toBe(true);
    }, 110_000);

    it('PostgreSQL restarted (pg_ctl stop, start): 503 meanwhile, /readyz 503 then 200 without restarting anything', async () => {
      const load = new Load();
      load.start('pg');
      try {
        await load.more(20, 'creates before the stop');
        pg.stop();
        for (const api of apis) {
          const r = await until(async () => {
            const x = await readyz(api);
            return x?.status === 503 ? x : undefined;
          }, `${api.url} /readyz 503`);
          expect(r.body).toMatchObject({ code: 'DATABASE_UNAVAILABLE', details: { checks: { database: { status: 'down' } } } });
        }
        await until(() => [...load.failures.keys()].some((k) => k.startsWith('create 503')), 'a create refused with 503 while PostgreSQL is down');
        pg.start();
        for (const api of apis) await until(async () => (await readyz(api))?.status === 200, `${api.url} /readyz 200 again`, 30_000);
        await load.more(30, 'creates after PostgreSQL is back', 45_000);
      } finally {
        await load.stop();
      }
      expectOnlyOutageFailures(load);
      await expectNothingLost(load);
      for (const p of [...apis, ...workers]) expect(alive(p), p.out).toBe(true);
      // The workers work again: a worker heartbeat is fresh in /readyz.
      await until(async () => (await readyz(apis[0]!))?.body.checks?.workers?.status === 'ok', 'a live worker in /readyz', 30_000);
    }, 110_000);

    it('an API process and a worker SIGKILLed under load: the others carry on, nothing acknowledged is lost', async () => {
      const load = new Load();
      load.start('kill');
      try {
        await load.more(20, 'creates before the kill');
        apis[0]!.child.kill('SIGKILL');
        workers[0]!.child.kill('SIGKILL');
        expect(await apis[0]!.exited).toBe('SIGKILL');
        expect(await workers[0]!.exited).toBe('SIGKILL');
        await load.more(40, 'creates after the kill');
      } finally {
        await load.stop();
      }
      expectOnlyOutageFailures(load);
      await expectNothingLost(load);
      expect(alive(apis[1]!) && alive(workers[1]!)).toBe(true);
      expect((await readyz(apis[1]!))?.status).toBe(200);
    }, 110_000);
  },
);
