import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { openHub, type Hub } from '../../src/server.js';
import { jneCallbackPayload, simAwb, startCarrierSim, type CarrierSim } from '../../src/sim/carriers/server.js';
import { carrierEnv, CALLBACK_SECRET } from '../helpers/carriers.js';
import { killChildren, startChild } from '../helpers/child.js';
import { newPartner, shipmentBody, type TestPartner } from '../helpers/factories.js';
import { freshDatabase } from '../helpers/hub.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';
import { addWebhook, until } from '../helpers/webhooks.js';

/**
 * A carrier callback reaches the partner's webhook by wake-ups, not polls: the callback stored wakes
 * the relay (NOTIFY `ff_callbacks` from another process on PostgreSQL; directly in one process), the
 * relay's publish wakes the queue's consumer, the applied update wakes the dispatcher. Every idle poll
 * is made a minute long here, so a webhook arriving within a few seconds of each callback can only be
 * the wake-ups' doing. PostgreSQL: the callback arrives in this process (role api) and the worker is
 * another process. Embedded: one process (role all), PGlite being one process's database.
 */
const POLL_MS = 60_000;
/** Far below the poll, with room for a loaded machine. */
const WITHIN_MS = 5_000;
const N = 5;

const pgMode = Boolean(process.env.DATABASE_URL);
let api: Hub;
let sim: CarrierSim;
let receiver: Receiver;
let partner: TestPartner;
let tmp: string;

describe('callback → webhook: the worker is woken, not polled', () => {
  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-wake-'));
    sim = await startCarrierSim({ port: 0 });
    receiver = await startReceiver();
    const url = await freshDatabase(tmp);
    const env: Record<string, string | undefined> = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATA_DIR: tmp,
      JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      ...carrierEnv(sim.url),
      ...(url ? { DATABASE_URL: url } : {}),
    };
    const polls = { relayMs: POLL_MS, queueSeconds: POLL_MS / 1000, dispatcherMs: POLL_MS };
    api = await openHub(loadConfig(env), { role: pgMode ? 'api' : 'all', polls });
    await api.app!.ready();
    if (pgMode) {
      await startChild('test/helpers/slow-poll-worker.ts', { ...process.env, ...env, POLL_MS: String(POLL_MS) }, /ready/);
    }
    partner = await newPartner(api.app!, { tier: 'enterprise' });
    await addWebhook(api.app!, partner, `${receiver.url}/hooks`, ['shipment.delivered']);
  });
  afterAll(async () => {
    killChildren();
    await api?.close();
    await receiver?.close();
    await sim?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it(`each callback's webhook arrives within ${WITHIN_MS / 1000} s although every poll is ${POLL_MS / 1000} s`, async () => {
    const app = api.app!;
    const shipmentOf = new Map<string, string>();
    for (let i = 0; i < N; i++) {
      const awb = simAwb('jne', 'delivered', 7_000 + i);
      const res = await app.inject({
        method: 'POST',
        url: '/api/partner/shipments',
        headers: partner.headers,
        payload: shipmentBody({ courier: { code: 'jne', awb } }),
      });
      expect(res.statusCode, res.body).toBe(201);
      shipmentOf.set(awb, res.json().id as string);
    }
    if (pgMode) {
      // The worker's relay LISTENs shortly after it started; a callback stored before that is caught up
      // by the pass each LISTEN runs, which would also be a wake-up, but the timing below is clearer
      // once it listens: wait for the database to show the listener.
      await until(
        async () =>
          (
            await api.deps.database.pool.query(
              `select 1 from pg_stat_activity where query = 'LISTEN "ff_callbacks"' and datname = current_database()`,
            )
          ).rowCount,
        'the worker LISTENs on ff_callbacks',
        20_000,
      );
    }

    const latencies: number[] = [];
    for (const [awb, shipmentId] of shipmentOf) {
      const res = await app.inject({
        method: 'POST',
        url: '/callbacks/jne',
        headers: { 'x-callback-token': CALLBACK_SECRET },
        payload: jneCallbackPayload(awb, 'delivered'),
      });
      expect(res.statusCode, res.body).toBe(200);
      const acked = Date.now();
      await receiver.waitFor((all) => all.some((r) => r.body.includes(shipmentId)), WITHIN_MS, `the webhook of ${awb}`);
      const got = receiver.received.find((r) => r.body.includes(shipmentId))!;
      expect(JSON.parse(got.body)).toMatchObject({ event: 'shipment.delivered', data: { shipmentId } });
      latencies.push(got.at - acked);
    }
    expect(latencies).toHaveLength(N);
    for (const ms of latencies) expect(ms).toBeLessThan(WITHIN_MS);
  }, 120_000);
});
