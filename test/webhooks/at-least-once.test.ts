import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killChildren, startChild } from '../helpers/child.js';
import { newPartner, shipmentBody, type TestPartner } from '../helpers/factories.js';
import { createTestHub, type TestHub } from '../helpers/hub.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';
import { addWebhook, FAST_SCHEDULE, until } from '../helpers/webhooks.js';

/**
 * The delivery guarantee: at-least-once per message id. The worker runs in a child process that is
 * SIGKILLed in the middle of a burst and started again; every event must arrive, and a repeated
 * delivery must be the same message (same webhook-id, same bytes). PGlite is one process's database,
 * so this runs on PostgreSQL only (CI runs the suite on both engines).
 */

const ENV = {
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
  WEBHOOK_RETRY_SCHEDULE: FAST_SCHEDULE,
  // The lease is the attempt timeout + 5 s: a dead worker's claims come back within ~7 s.
  WEBHOOK_TIMEOUT_SECONDS: '2',
};
const BURST = 200;

let hub: TestHub;
let rx: Receiver;
let partner: TestPartner;
// Made in beforeAll, so a skipped run (embedded) leaves no folder behind.
let tmp: string;

async function startWorker(): Promise<ChildProcess> {
  const env = {
    ...process.env,
    ...ENV,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: hub.config.db.url,
    JWT_SECRET: hub.config.auth.jwtSecret,
    DATA_DIR: tmp,
  };
  return (await startChild('test/helpers/webhook-worker.ts', env, /ready/)).child;
}

describe.skipIf(!process.env.DATABASE_URL)('at-least-once delivery (worker process killed mid-burst)', () => {
  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-alo-'));
    hub = await createTestHub({ role: 'api', env: ENV });
    partner = await newPartner(hub.app, { tier: 'enterprise' });
    // Slow enough that deliveries are in flight when the worker dies; half the first attempts fail.
    let n = 0;
    rx = await startReceiver((_r, seen) => (seen === 0 && n++ % 2 === 0 ? { status: 500, delayMs: 20 } : { status: 200, delayMs: 20 }));
  });
  afterAll(async () => {
    killChildren();
    await hub?.close();
    await rx?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('every event arrives at least once; a repeat is the same message (same webhook-id, same body)', async () => {
    const w = await addWebhook(hub.app, partner, rx.url, ['shipment.created']);
    const worker = await startWorker();

    // The burst: shipments created through the API, 10 at a time.
    const created: string[] = [];
    const burst = (async () => {
      for (let i = 0; i < BURST; i += 10) {
        const batch = await Promise.all(
          Array.from({ length: 10 }, () =>
            hub.app.inject({ method: 'POST', url: '/api/partner/shipments', headers: partner.headers, payload: shipmentBody() }),
          ),
        );
        for (const r of batch) {
          expect(r.statusCode, r.body).toBe(201);
          created.push(r.json().id);
        }
      }
    })();
    await rx.waitFor((all) => all.length >= 40, 30_000, '40 deliveries before the kill');
    const exited = new Promise((r) => worker.once('exit', (_c, signal) => r(signal)));
    worker.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const atKill = rx.received.length;
    const { pool } = hub.deps.database;
    // The dead worker left claims behind (leased, unfinished): these are what must come back.
    const leased = (
      await pool.query(
        `select count(*)::int as n from webhook_messages where endpoint_id = $1 and status = 'pending' and attempts > 0 and next_attempt_at > now() + interval '2 seconds'`,
        [w.id],
      )
    ).rows[0].n;
    expect(leased).toBeGreaterThan(0);
    await burst;
    expect(created).toHaveLength(BURST);
    // Nothing is delivered while no worker runs.
    await new Promise((r) => setTimeout(r, 300));
    expect(rx.received.length - atKill).toBeLessThanOrEqual(64); // at most the requests already on the wire

    await startWorker();
    await until(
      async () =>
        (await pool.query(`select count(*)::int as n from webhook_messages where endpoint_id = $1 and status = 'succeeded'`, [w.id])).rows[0].n ===
        BURST,
      'every message succeeded',
      45_000,
    );

    // Every event's message arrived; one message (one webhook-id) per event, never a new id for a repeat.
    const { rows } = await pool.query<{ id: string; shipment_id: string }>(
      `select m.id, e.shipment_id from webhook_messages m join events e on e.id = m.event_id where m.endpoint_id = $1`,
      [w.id],
    );
    expect(rows).toHaveLength(BURST);
    expect(new Set(rows.map((r) => r.shipment_id))).toEqual(new Set(created));
    const byId = new Map<string, string[]>();
    for (const r of rx.received) {
      expect(r.headers['x-webhook-id']).toBe(r.id);
      expect(JSON.parse(r.body).webhookId).toBe(r.id);
      byId.set(r.id, [...(byId.get(r.id) ?? []), r.body]);
    }
    expect(new Set(byId.keys())).toEqual(new Set(rows.map((r) => r.id)));
    for (const bodies of byId.values()) expect(new Set(bodies).size).toBe(1);
    // Half the first attempts failed, so at least half the messages came twice or more.
    expect([...byId.values()].filter((b) => b.length >= 2).length).toBeGreaterThanOrEqual(BURST / 2 - 1);
  }, 120_000);
});
