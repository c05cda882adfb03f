/**
 * Refresh for carriers without callbacks: the `carriers.refresh` job re-tracks the active
 * shipments of every carrier whose callback is off once their interval (CARRIER_<X>_REFRESH_MINUTES)
 * has passed, applies the tracking like a callback would, and survives carrier faults.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createWorkers } from '../../src/workers.js';
import type { CarrierCode } from '../../src/carriers/model.js';
import type { SimScenario } from '../../src/sim/carriers/server.js';
import {
  awbFor,
  call,
  createCarrierTestEnv,
  eventsOf,
  newCourierShipment,
  podOf,
  rows,
  shipmentRow,
  type CarrierTestEnv,
} from '../helpers/carriers.js';
import { newPartner, type TestPartner } from '../helpers/factories.js';

let env: CarrierTestEnv;
let p: TestPartner;
let refresh: () => Promise<void>;

beforeAll(async () => {
  env = await createCarrierTestEnv({
    env: { CARRIER_SICEPAT_CALLBACK: 'false', CARRIER_SICEPAT_REFRESH_MINUTES: '1', CARRIER_SAP_CALLBACK: 'true' },
  });
  p = await newPartner(env.app);
  const { handlers } = createWorkers({
    config: env.hub.config,
    database: env.hub.deps.database,
    mailer: { send: async () => ({}) } as never,
    log: env.hub.deps.log,
    services: env.hub.services,
    jobs: env.hub.deps.jobs,
  });
  refresh = () => handlers['carriers.refresh']({}, {} as never);
});
afterAll(() => env?.close());

async function make(carrier: CarrierCode, scenario: SimScenario) {
  const awb = awbFor(carrier, scenario);
  const s = await newCourierShipment(env.app, p, carrier, awb);
  return { id: s.id, awb, carrier };
}

it('re-tracks due shipments of carriers without callbacks, applies them, survives faults, and waits for the interval', async () => {
  const delivered = await make('sicepat', 'delivered');
  const transit = await make('sicepat', 'in_transit');
  const failed = await make('sicepat', 'failed');
  const down = await make('sicepat', 'error');
  const unknown = await make('sicepat', 'not_found');
  const garbage = await make('sicepat', 'garbage');
  const slow = await make('idexpress', 'slow'); // ID Express: callbacks off by default, 30 min interval
  const jne = await make('jne', 'delivered'); // JNE pushes callbacks: never polled
  const sap = await make('sap', 'delivered'); // callbacks switched on here: never polled

  // The gateway has the in-transit AWB cached; a refresh that moves it must drop that.
  const cachedFirst = await call(env.app, { method: 'GET', url: `/v1/tracking/${transit.awb}`, headers: p.headers });
  expect(cachedFirst.statusCode, cachedFirst.body).toBe(200);

  env.sim.resetStats();
  await expect(refresh()).resolves.toBeUndefined();

  expect((await shipmentRow(env.hub, delivered.id)).status).toBe('delivered');
  expect((await shipmentRow(env.hub, transit.id)).status).toBe('in_transit');
  expect((await shipmentRow(env.hub, failed.id)).status).toBe('failed');
  for (const s of [down, unknown, garbage, slow]) expect((await shipmentRow(env.hub, s.id)).status).toBe('pending');
  for (const s of [delivered, transit, failed, down, unknown, garbage, slow]) {
    expect((await shipmentRow(env.hub, s.id)).carrier_checked_at, s.awb).toBeInstanceOf(Date);
  }
  for (const s of [jne, sap]) {
    const row = await shipmentRow(env.hub, s.id);
    expect(row.status).toBe('pending');
    expect(row.carrier_checked_at).toBeNull();
  }

  // Applied like a callback: tracking events, domain events, POD.
  expect((await eventsOf(env.hub, delivered.id)).map((e) => e.type)).toEqual(['shipment.created', 'shipment.delivered', 'pod.received']);
  expect((await eventsOf(env.hub, transit.id)).map((e) => e.type)).toEqual(['shipment.created', 'shipment.updated']);
  expect(await podOf(env.hub, 'sicepat', delivered.awb)).toMatchObject({
    shipment_id: delivered.id,
    receiver_name: expect.any(String),
    image_url: expect.any(String),
  });
  const te = await rows(env.hub, 'select raw_code from tracking_events where shipment_id = $1 and raw_code is not null', [transit.id]);
  expect(te.length).toBeGreaterThan(0);

  const stats = env.sim.stats();
  expect(stats.requests.jne).toBe(0);
  expect(stats.requests.sap).toBe(0);
  expect(stats.byAwb[`sicepat:${delivered.awb}`]).toBe(1);
  expect(stats.byAwb[`sicepat:${down.awb}`]).toBe(2); // one retry
  expect(stats.byAwb[`idexpress:${slow.awb}`]).toBe(2);

  const cachedAfter = await call(env.app, { method: 'GET', url: `/v1/tracking/${transit.awb}`, headers: p.headers });
  expect(cachedAfter.json().cached).toBe(false);

  // A second pass right away: nothing is due, no carrier is called.
  env.sim.resetStats();
  await refresh();
  expect(Object.values(env.sim.stats().requests).reduce((a, b) => a + b, 0)).toBe(0);

  // Once the interval has passed (1 minute for SiCepat) the active ones are due again; final ones never.
  await rows(env.hub, `update shipments set carrier_checked_at = now() - interval '61 seconds' where carrier = 'sicepat'`);
  env.sim.setScenario('sicepat', transit.awb, 'delivered');
  env.sim.setScenario('sicepat', down.awb, 'in_transit');
  env.sim.resetStats();
  await refresh();
  const again = env.sim.stats();
  expect(again.byAwb[`sicepat:${delivered.awb}`]).toBeUndefined();
  expect(again.byAwb[`sicepat:${transit.awb}`]).toBe(1);
  expect(again.byAwb[`sicepat:${down.awb}`]).toBe(1);
  expect((await shipmentRow(env.hub, transit.id)).status).toBe('delivered');
  expect((await shipmentRow(env.hub, down.id)).status).toBe('in_transit');
  // ID Express's interval (30 min) has not passed: not asked again.
  expect(again.requests.idexpress).toBe(0);
});

it('never moves a shipment back: a carrier answering an older status later changes nothing', async () => {
  const s = await make('sicepat', 'delivered');
  await refresh();
  expect((await shipmentRow(env.hub, s.id)).status).toBe('delivered');
  // Final: no longer a candidate, even when due and the carrier now says in transit.
  await rows(env.hub, `update shipments set carrier_checked_at = now() - interval '1 hour' where id = $1`, [s.id]);
  env.sim.setScenario('sicepat', s.awb, 'in_transit');
  env.sim.resetStats();
  await refresh();
  expect(env.sim.stats().byAwb[`sicepat:${s.awb}`]).toBeUndefined();
  expect((await shipmentRow(env.hub, s.id)).status).toBe('delivered');

  // Through the applier directly (as CMS tracking does), an in-transit answer leaves it delivered.
  const t = await call(env.app, { method: 'GET', url: `/v2/public/shipment/tracking/${s.awb}`, headers: p.headers });
  expect(t.statusCode, t.body).toBe(200);
  expect(t.json()).toMatchObject({ status: 'delivered', carrierStatus: 'in_transit' });
  expect((await eventsOf(env.hub, s.id)).filter((e) => e.type.startsWith('shipment.')).map((e) => e.type)).toEqual([
    'shipment.created',
    'shipment.delivered',
  ]);
});
