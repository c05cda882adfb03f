import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jneCallbackPayload, simAwb, simCarrierEnv, startCarrierSim, type CarrierSim } from '../../src/sim/carriers/server.js';
import { killChildren, startChild } from '../helpers/child.js';
import { newPartner, shipmentBody, type TestPartner } from '../helpers/factories.js';
import { createTestHub, type TestHub } from '../helpers/hub.js';
import { until } from '../helpers/webhooks.js';

/**
 * Issue 4: "No acknowledged callback is ever lost (test with a kill during a burst)". The hub (API and
 * workers) runs in a child process that is SIGKILLed in the middle of a burst of JNE callbacks. Every
 * callback it answered 200 must be stored; after a restart (and JNE resending what got no answer),
 * every update is applied exactly once. PostgreSQL only: PGlite is one process's database.
 */
const SECRET = 'kill-test-callback-secret-0123';
const N = 150;

let hub: TestHub;
let sim: CarrierSim;
let partner: TestPartner;
// Made in beforeAll, so a skipped run (embedded) leaves no folder behind.
let tmp: string;

async function startHub(): Promise<{ child: ChildProcess; url: string }> {
  const env = {
    ...process.env,
    ...simCarrierEnv(sim.url),
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PORT: '0',
    DATABASE_URL: hub.config.db.url,
    JWT_SECRET: hub.config.auth.jwtSecret,
    DATA_DIR: tmp,
    CARRIER_JNE_CALLBACK_SECRET: SECRET,
  };
  const { child, match } = await startChild('test/helpers/hub-process.ts', env, /ready (\d+)/);
  return { child, url: `http://127.0.0.1:${match[1]}` };
}

async function post(url: string, awb: string): Promise<{ status: number; body: any } | null> {
  try {
    const r = await fetch(`${url}/callbacks/jne`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-callback-token': SECRET },
      body: JSON.stringify(jneCallbackPayload(awb, 'delivered')),
    });
    return { status: r.status, body: await r.json() };
  } catch {
    return null; // connection refused or reset: not acknowledged, JNE will resend
  }
}

describe.skipIf(!process.env.DATABASE_URL)('JNE callbacks survive a hub killed mid-burst', () => {
  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-kill-'));
    sim = await startCarrierSim({ port: 0 });
    hub = await createTestHub({ role: 'api', env: { ...simCarrierEnv(sim.url), CARRIER_JNE_CALLBACK_SECRET: SECRET } });
    partner = await newPartner(hub.app, { tier: 'enterprise' });
  });
  afterAll(async () => {
    killChildren();
    await hub?.close();
    await sim?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('every 200-acknowledged callback is stored, and every update is applied once after a restart', async () => {
    const awbs = Array.from({ length: N }, (_, i) => simAwb('jne', 'delivered', i + 1));
    for (let i = 0; i < N; i += 25) {
      const batch = await Promise.all(
        awbs.slice(i, i + 25).map((awb) =>
          hub.app.inject({
            method: 'POST',
            url: '/api/partner/shipments',
            headers: partner.headers,
            payload: shipmentBody({ courier: { code: 'jne', awb } }),
          }),
        ),
      );
      for (const r of batch) expect(r.statusCode, r.body).toBe(201);
    }

    const first = await startHub();
    const acked = new Set<string>();
    let sent = 0;
    const burst = (async () => {
      for (let i = 0; i < N; i += 10) {
        const res = await Promise.all(awbs.slice(i, i + 10).map(async (awb) => [awb, await post(first.url, awb)] as const));
        sent += res.length;
        for (const [awb, r] of res) if (r?.status === 200) acked.add(awb);
      }
    })();
    await until(async () => acked.size >= 40, '40 callbacks acknowledged before the kill', 30_000);
    const exited = new Promise((r) => first.child.once('exit', (_c, signal) => r(signal)));
    first.child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    await burst;
    expect(sent).toBe(N);
    expect(acked.size).toBeLessThan(N); // the kill really cut the burst

    // Every acknowledged callback was committed before its 200.
    const { pool } = hub.deps.database;
    const stored = await pool.query<{ awb: string }>(`select awb from carrier_callbacks where status = 'accepted'`);
    const storedAwbs = new Set(stored.rows.map((r) => r.awb));
    for (const awb of acked) expect(storedAwbs.has(awb), `acknowledged ${awb} is stored`).toBe(true);

    // JNE resends what got no 200; an update stored just before the kill comes back as a duplicate.
    const second = await startHub();
    for (const awb of awbs.filter((a) => !acked.has(a))) {
      const r = await post(second.url, awb);
      expect(r?.status).toBe(200);
      expect(['accepted', 'duplicate']).toContain(r!.body.message);
    }
    await until(
      async () =>
        (await pool.query(`select count(*)::int as n from carrier_callbacks where status = 'accepted' and applied_at is not null`)).rows[0].n === N,
      'every callback applied',
      // A job the killed process held comes back when it expires (60 s) and the supervisor next looks
      // (pg-boss checks every 60 s): up to two minutes in the worst case.
      150_000,
    );
    const shipments = await pool.query<{ status: string; n: number }>(
      `select status, count(*)::int as n from shipments where company_id = $1 group by status`,
      [partner.companyId],
    );
    expect(shipments.rows).toEqual([{ status: 'delivered', n: N }]);
    // Once each: one accepted row per AWB, one pod.received and one delivered event per shipment.
    const perAwb = await pool.query(`select awb from carrier_callbacks where status = 'accepted' group by awb having count(*) > 1`);
    expect(perAwb.rows).toEqual([]);
    const events = await pool.query<{ type: string; n: number }>(
      `select type, count(*)::int as n from events where $1 = any(company_ids) and type in ('shipment.delivered', 'pod.received') group by type order by type`,
      [partner.companyId],
    );
    expect(events.rows).toEqual([
      { type: 'pod.received', n: N },
      { type: 'shipment.delivered', n: N },
    ]);
    const pods = await pool.query(
      `select count(*)::int as n from proof_of_delivery where shipment_id is not null and receiver_name is not null and image_url is not null`,
    );
    expect(pods.rows[0].n).toBe(N);
  }, 240_000);
});
