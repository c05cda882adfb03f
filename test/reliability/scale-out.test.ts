import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simAwb, simCarrierEnv, startCarrierSim, type CarrierSim } from '../../src/sim/carriers/server.js';
import { alive, killAll, startRole, type RoleProc } from '../helpers/cluster.js';
import { newPartner, shipmentBody, type TestPartner } from '../helpers/factories.js';
import { createTestHub, type TestHub } from '../helpers/hub.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';
import { until } from '../helpers/webhooks.js';

/**
 * Scale-out: two `--role api` and two `--role worker` processes on one PostgreSQL database (created for
 * this file) and one Redis, as production runs them. PostgreSQL + Redis only: the embedded database
 * lives inside one process, and without Redis each process counts its own limits by design.
 *
 * - a partner's rate limit is one budget whichever API process answers;
 * - the balance schedule runs once per tick with both workers running pg-boss's schedule: the test
 *   points the schedule row at a tick that is due now (one second in the past) and lets both workers'
 *   real cron passes find it, then checks one `balance.distribute` job and one run record after every
 *   pass that could still send that tick has gone by;
 * - each webhook message reaches the partner once with both workers' dispatchers competing;
 * - SIGTERM lets a slow request in flight answer 2xx and a job in flight complete, then exits 0.
 */
const SLOW_MS = 3000;
let tmp: string;
let hub: TestHub;
let sim: CarrierSim;
let receiver: Receiver;
let smtp: SMTPServer;
let smtpSlowMs = 0;
const mails: Array<{ to: string[]; at: number }> = [];
const apis: RoleProc[] = [];
const workers: RoleProc[] = [];
let tickAt: Date; // the scheduled occurrence the test made due
// Every cron pass claimed since (pgboss.version.cron_on, stamped by the worker whose pass it is).
const passes = new Set<number>();
let watchPasses: NodeJS.Timeout | undefined;

async function get(url: string, headers: Record<string, string>) {
  const r = await fetch(url, { headers, signal: AbortSignal.timeout(30_000) });
  return { status: r.status, headers: r.headers, body: (await r.json()) as any };
}

async function create(url: string, p: TestPartner, trackingNumber: string) {
  const r = await fetch(`${url}/api/partner/shipments`, {
    method: 'POST',
    headers: { ...p.headers, 'content-type': 'application/json' },
    body: JSON.stringify(shipmentBody({ trackingNumber })),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: r.status, body: (await r.json()) as any };
}

const q = async <T = any>(text: string, values: unknown[] = []) => (await hub.deps.database.pool.query(text, values)).rows as T[];

describe.skipIf(!process.env.DATABASE_URL || !process.env.REDIS_URL)(
  'two API and two worker processes on one PostgreSQL and one Redis (PostgreSQL + Redis only: an embedded database lives inside one process)',
  () => {
    beforeAll(async () => {
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-scale-'));
      receiver = await startReceiver();
      sim = await startCarrierSim({ port: 0, slowMs: SLOW_MS });
      smtp = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS', 'AUTH'],
        logger: false,
        onData(stream, session, callback) {
          stream.resume();
          stream.on('end', () => {
            // Answered after smtpSlowMs: a mail.send job stays in flight that long.
            setTimeout(() => {
              mails.push({ to: session.envelope.rcptTo.map((r) => r.address), at: Date.now() });
              callback();
            }, smtpSlowMs);
          });
        },
      });
      await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
      const smtpPort = (smtp.server.address() as AddressInfo).port;
      hub = await createTestHub({ role: 'api', env: { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' } });
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        ...simCarrierEnv(sim.url),
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        PORT: '0',
        DATABASE_URL: hub.config.db.url,
        REDIS_URL: process.env.REDIS_URL,
        JWT_SECRET: hub.config.auth.jwtSecret,
        DATA_DIR: tmp,
        DB_POOL_MAX: '4',
        SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      };
      const started = await Promise.all([startRole('api', env), startRole('api', env), startRole('worker', env), startRole('worker', env)]);
      apis.push(started[0]!, started[1]!);
      workers.push(started[2]!, started[3]!);
      // Both workers have written their schedules (each calls schedule() at start). Point the balance
      // schedule at a tick one second ago (a six-field cron: second minute hour): it is due for the next
      // 59 s, so whichever worker claims the next cron passes (every 30 s) sends it.
      const now = (await q<{ now: Date }>('select now()'))[0]!.now;
      tickAt = new Date(Math.floor(now.getTime() / 1000) * 1000 - 1000);
      const cron = `${tickAt.getUTCSeconds()} ${tickAt.getUTCMinutes()} ${tickAt.getUTCHours()} * * *`;
      const updated = await q(`update pgboss.schedule set cron = $1, timezone = 'UTC' where name = 'balance.distribute' returning name`, [cron]);
      expect(updated).toHaveLength(1);
      watchPasses = setInterval(() => {
        void q<{ cron_on: Date | null }>('select cron_on from pgboss.version').then(
          ([v]) => v?.cron_on && v.cron_on > tickAt && passes.add(v.cron_on.getTime()),
          () => {},
        );
      }, 250);
    }, 200_000);

    afterAll(async () => {
      clearInterval(watchPasses);
      killAll();
      await hub?.close();
      await receiver?.close();
      await sim?.close();
      await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
      if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });

    it('a partner’s rate limit is one budget across both API processes', async () => {
      const p = await newPartner(hub.app, { tier: 'starter' });
      const seen: number[] = [];
      for (let i = 0; i < 60; i++) {
        const r = await get(`${apis[i % 2]!.url}/api/partner/me`, p.headers);
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        seen.push(Number(r.headers.get('x-ratelimit-remaining')));
      }
      // Each answer counted the other process's requests too: 59, 58, … 0 in order, alternating processes.
      expect(seen).toEqual(Array.from({ length: 60 }, (_, i) => 59 - i));
      for (const api of apis) {
        const r = await get(`${api.url}/api/partner/me`, p.headers);
        expect(r.status).toBe(429);
        expect(r.body.code).toBe('RATE_LIMITED');
      }
      const redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: 1 });
      try {
        expect(Number(await redis.get(`ff-rl-partner:${p.companyId}`))).toBe(62);
      } finally {
        redis.disconnect();
      }
    });

    it('each webhook message is delivered once with both workers dispatching', async () => {
      const p = await newPartner(hub.app, { tier: 'enterprise', webhooks: [{ url: receiver.url, events: ['shipment.created'] }] });
      const N = 120;
      const numbers = Array.from({ length: N }, (_, i) => `SCALE-${process.pid}-${i}`);
      let next = 0;
      await Promise.all(
        Array.from({ length: 8 }, async (_, lane) => {
          while (next < N) {
            const tn = numbers[next++]!;
            const r = await create(apis[lane % 2]!.url, p, tn);
            expect(r.status, JSON.stringify(r.body)).toBe(201);
          }
        }),
      );
      const mine = () => receiver.received.filter((r) => numbers.some((tn) => r.body.includes(`"${tn}"`)));
      await receiver.waitFor(() => new Set(mine().map((r) => r.id)).size === N, 30_000, 'a webhook per create');
      // Every message answered: nothing left to retry, so a duplicate would have arrived by now.
      await until(
        async () =>
          (
            await q(
              `select 1 from webhook_messages m join webhook_endpoints e on e.id = m.endpoint_id where e.company_id = $1 and m.status <> 'succeeded'`,
              [p.companyId],
            )
          ).length === 0,
        'every message delivered',
        15_000,
      );
      const perId = new Map<string, number>();
      for (const r of mine()) perId.set(r.id, (perId.get(r.id) ?? 0) + 1);
      expect(perId.size).toBe(N);
      expect([...perId].filter(([, n]) => n !== 1)).toEqual([]);
    }, 60_000);

    it('the balance schedule runs once per tick with both workers running the schedule', async () => {
      const runs = () =>
        q<{ id: string; started_at: Date }>(`select id, started_at from balance_runs where trigger = 'schedule' order by started_at`);
      await until(async () => (await runs()).length > 0, 'the scheduled run', 60_000);
      // The tick is due for 60 s and passes are 30 s apart (one per interval cluster-wide, whichever
      // worker claims it): at most two passes see it. Wait for the second (or one past the window).
      await until(() => passes.size >= 2 || [...passes].some((t) => t > tickAt.getTime() + 60_000), 'the next cron pass', 75_000);
      await until(
        async () =>
          (await q(`select 1 from pgboss.job where name in ('balance.distribute', '__pgboss__send-it') and state in ('created', 'retry', 'active')`))
            .length === 0,
        'the forwarded jobs worked',
        15_000,
      );
      const jobs = await q<{ state: string }>(`select state from pgboss.job where name = 'balance.distribute'`);
      expect(jobs).toEqual([{ state: 'completed' }]);
      expect(await runs()).toHaveLength(1);
    }, 120_000);

    it('SIGTERM: a slow request in flight answers 2xx, a job in flight completes, then each process exits 0', async () => {
      const p = await newPartner(hub.app, { tier: 'enterprise' });
      // A mail.send job in flight: the SMTP server answers the message after 4 s.
      smtpSlowMs = 4000;
      const before = mails.length;
      const onboarded = await newPartner(hub.app, { tier: 'starter', email: `sigterm-${process.pid}@example.com` });
      await until(
        async () =>
          (
            await q(`select 1 from pgboss.job where name = 'mail.send' and state = 'active' and data->>'to' = $1`, [
              `sigterm-${process.pid}@example.com`,
            ])
          ).length > 0,
        'the welcome mail job active',
        20_000,
      );
      // A request in flight on the first API process: tracking whose carrier answers after SLOW_MS.
      const awb = simAwb('jne', 'slow', 4242);
      const slow = get(`${apis[0]!.url}/v1/tracking/${awb}`, p.headers);
      await until(() => (sim.stats().byAwb[`jne:${awb}`] ?? 0) > 0, 'the slow request at the carrier', 10_000);
      const t0 = Date.now();
      for (const proc of [apis[0]!, ...workers]) proc.child.kill('SIGTERM');

      const answer = await slow;
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      expect(Date.now() - t0).toBeLessThan(SLOW_MS + 5000);
      // The other API process keeps serving meanwhile.
      expect((await get(`${apis[1]!.url}/api/partner/me`, p.headers)).status).toBe(200);

      for (const proc of [apis[0]!, ...workers]) expect(await proc.exited, proc.out).toBe(0);
      // The mail was accepted by the SMTP server and the job recorded as completed before the exit.
      expect(mails.slice(before).filter((m) => m.to.includes(`sigterm-${process.pid}@example.com`))).toHaveLength(1);
      const states = await q<{ state: string }>(`select state from pgboss.job where name = 'mail.send' and data->>'to' = $1`, [
        `sigterm-${process.pid}@example.com`,
      ]);
      expect(states).toEqual([{ state: 'completed' }]);
      expect(onboarded.companyId).toBeTruthy();
      expect(alive(apis[1]!)).toBe(true);
      apis[1]!.child.kill('SIGTERM');
      expect(await apis[1]!.exited).toBe(0);
    }, 60_000);
  },
);
