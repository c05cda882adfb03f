/**
 * CMS single tracking, `GET /v2/public/shipment/tracking/:trackingNumber`, exactly the
 * seed's flow: the caller's order (by tracking number or AWB) → its POD row → the carrier's history →
 * stored POD values where the carrier has none → status updated where the carrier's callback is off →
 * POD saved where none was stored → the answer. A carrier fault answers from the database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CarrierCode } from '../../src/carriers/model.js';
import {
  awbFor,
  call,
  callbackBody,
  createCarrierTestEnv,
  eventsOf,
  newCourierShipment,
  podOf,
  postCallback,
  rows,
  shipmentRow,
  type CarrierTestEnv,
} from '../helpers/carriers.js';
import { newPartner, newShipment, type TestPartner } from '../helpers/factories.js';

let env: CarrierTestEnv;
let p: TestPartner;
let other: TestPartner;

beforeAll(async () => {
  env = await createCarrierTestEnv();
  [p, other] = await Promise.all([newPartner(env.app), newPartner(env.app)]);
});
afterAll(() => env?.close());

const cms = (trackingNumber: string, partner: TestPartner | null = p) =>
  call(env.app, { method: 'GET', url: `/v2/public/shipment/tracking/${trackingNumber}`, headers: partner ? partner.headers : {} });

async function storePod(carrier: CarrierCode, awb: string, shipmentId: string | null, receiver: string | null, image: string | null) {
  await rows(
    env.hub,
    `insert into proof_of_delivery (carrier, awb, shipment_id, receiver_name, image_url, source) values ($1, $2, $3, $4, $5, 'manual')`,
    [carrier, awb, shipmentId, receiver, image],
  );
}

describe('a carrier whose callback is off (SiCepat): the order follows the tracking', () => {
  it('by tracking number: carrier history, POD, order status updated, POD row saved', async () => {
    const awb = awbFor('sicepat', 'delivered');
    const s = await newCourierShipment(env.app, p, 'sicepat', awb);
    expect(await podOf(env.hub, 'sicepat', awb)).toBeUndefined();

    const res = await cms(s.trackingNumber);
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json();
    expect(b).toMatchObject({
      trackingNumber: s.trackingNumber,
      awb,
      courier: 'sicepat',
      status: 'delivered',
      carrierStatus: 'delivered',
      source: 'carrier',
      podReceiverName: expect.any(String),
      image_url: expect.stringMatching(/^https?:\/\//),
    });
    expect(b).not.toHaveProperty('carrierError');
    expect(b.history.length).toBeGreaterThan(0);
    expect(b.history.at(-1)).toMatchObject({ status: 'delivered', rawCode: expect.any(String) });

    expect((await shipmentRow(env.hub, s.id)).status).toBe('delivered');
    const pod = await podOf(env.hub, 'sicepat', awb);
    expect(pod).toMatchObject({ receiver_name: b.podReceiverName, image_url: b.image_url, shipment_id: s.id });
    const types = (await eventsOf(env.hub, s.id)).map((e) => e.type);
    expect(types).toEqual(['shipment.created', 'shipment.delivered', 'pod.received']);

    // Again: nothing changes, nothing is recorded twice.
    const again = await cms(s.trackingNumber);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ status: 'delivered', podReceiverName: b.podReceiverName, image_url: b.image_url });
    expect((await eventsOf(env.hub, s.id)).map((e) => e.type)).toEqual(types);
  });

  it('by AWB in any case (J&T AWBs have letters), and capacity is released on delivery', async () => {
    const q = async () =>
      (await rows(env.hub, 'select active_shipments from company_usage where company_id = $1', [p.companyId]))[0].active_shipments;
    const awb = awbFor('jnt', 'delivered');
    const s = await newCourierShipment(env.app, p, 'jnt', awb);
    const before = await q();
    const res = await cms(awb.toLowerCase());
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      trackingNumber: s.trackingNumber,
      awb,
      status: 'delivered',
      image_url: null,
      podReceiverName: expect.any(String),
    });
    expect(await q()).toBe(before - 1);
    // Asked again, nothing is released twice.
    expect((await cms(awb)).statusCode).toBe(200);
    expect(await q()).toBe(before - 1);
  });

  it('by AWB, in transit: the same order, status in_transit, no POD', async () => {
    const awb = awbFor('sicepat', 'in_transit');
    const s = await newCourierShipment(env.app, p, 'sicepat', awb);
    const res = await cms(awb);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      trackingNumber: s.trackingNumber,
      awb,
      status: 'in_transit',
      carrierStatus: 'in_transit',
      podReceiverName: null,
      image_url: null,
      source: 'carrier',
    });
    expect((await shipmentRow(env.hub, s.id)).status).toBe('in_transit');
    expect(await podOf(env.hub, 'sicepat', awb)).toBeUndefined();
  });

  it('POD missing at the carrier: the stored POD values are answered; the order is delivered', async () => {
    const awb = awbFor('sicepat', 'pod_missing');
    const s = await newCourierShipment(env.app, p, 'sicepat', awb);
    await storePod('sicepat', awb, s.id, 'BUDI STORED', 'https://pod.example.com/stored.jpg');
    const res = await cms(s.trackingNumber);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'delivered',
      carrierStatus: 'delivered',
      podReceiverName: 'BUDI STORED',
      image_url: 'https://pod.example.com/stored.jpg',
      source: 'carrier',
    });
  });

  it('a stored POD is never overwritten by the carrier, and the carrier values are what is answered', async () => {
    const awb = awbFor('sicepat', 'delivered');
    const s = await newCourierShipment(env.app, p, 'sicepat', awb);
    await storePod('sicepat', awb, s.id, 'STORED NAME', 'https://pod.example.com/kept.jpg');
    const res = await cms(s.trackingNumber);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().podReceiverName).not.toBe('STORED NAME');
    expect(await podOf(env.hub, 'sicepat', awb)).toMatchObject({ receiver_name: 'STORED NAME', image_url: 'https://pod.example.com/kept.jpg' });
  });

  it('only a photo stored, the carrier has none: the stored photo fills the gap', async () => {
    const awb = awbFor('sicepat', 'pod_missing');
    const s = await newCourierShipment(env.app, p, 'sicepat', awb);
    await storePod('sicepat', awb, s.id, null, 'https://pod.example.com/only-photo.jpg');
    const res = await cms(awb);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ podReceiverName: null, image_url: 'https://pod.example.com/only-photo.jpg' });
  });
});

describe('a carrier with callbacks (JNE)', () => {
  it('the order status is left to the callbacks; a missing POD row is saved from the tracking', async () => {
    const awb = awbFor('jne', 'delivered');
    const s = await newCourierShipment(env.app, p, 'jne', awb);
    const res = await cms(s.trackingNumber);
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json();
    expect(b).toMatchObject({
      status: 'pending',
      carrierStatus: 'delivered',
      source: 'carrier',
      podReceiverName: expect.any(String),
      image_url: expect.stringContaining(awb),
    });
    expect((await shipmentRow(env.hub, s.id)).status).toBe('pending');
    expect(await podOf(env.hub, 'jne', awb)).toMatchObject({
      receiver_name: b.podReceiverName,
      image_url: b.image_url,
      shipment_id: s.id,
      source: 'tracking',
    });
  });

  it('POD missing at the carrier (AWB ending 7): the POD of an earlier JNE callback is answered', async () => {
    const awb = awbFor('jne', 'pod_missing');
    const s = await newCourierShipment(env.app, p, 'jne', awb);
    const cb = await postCallback(env.app, callbackBody(awb, 'delivered'));
    expect(cb.statusCode, cb.body).toBe(200);
    const res = await cms(s.trackingNumber);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      carrierStatus: 'delivered',
      podReceiverName: 'SITI',
      image_url: expect.stringContaining(`${awb}.jpeg`),
      source: 'carrier',
    });
  });
});

describe('isolation and input', () => {
  it("another company's order is 404 TRACKING_NOT_FOUND, by tracking number and by AWB", async () => {
    const awb = awbFor('sicepat', 'delivered');
    const s = await newCourierShipment(env.app, other, 'sicepat', awb);
    for (const key of [s.trackingNumber, awb]) {
      const res = await cms(key, p);
      expect(res.statusCode, res.body).toBe(404);
      expect(res.json().code).toBe('TRACKING_NOT_FOUND');
    }
    // Nothing was asked of the carrier or changed for the owner.
    expect((await shipmentRow(env.hub, s.id)).status).toBe('pending');
    const unknown = await cms('NO-SUCH-ORDER-1');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('TRACKING_NOT_FOUND');
  });

  it('needs a bearer token; refuses malformed tracking numbers with 400', async () => {
    const none = await cms('ANY-1', null);
    expect(none.statusCode).toBe(401);
    for (const bad of ['a%20b', 'x'.repeat(65), 'a%2Fb', 'abc%24']) {
      const res = await cms(bad);
      expect([400, 404], `${bad}: ${res.body}`).toContain(res.statusCode);
      if (res.statusCode === 404) expect(res.json().code).not.toBe('TRACKING_NOT_FOUND');
    }
  });

  it('an order without a carrier answers from the database', async () => {
    const s = await newShipment(env.app, p);
    const res = await cms(s.trackingNumber);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      trackingNumber: s.trackingNumber,
      awb: null,
      courier: null,
      status: 'pending',
      carrierStatus: null,
      source: 'database',
    });
    expect(res.json()).not.toHaveProperty('carrierError');
    expect(res.json().history).toEqual([expect.objectContaining({ status: 'pending', rawCode: null })]);
  });
});

describe('carrier faults: answered from the database with the stored POD', () => {
  it.each([
    ['sicepat', 'error', 'CARRIER_UNAVAILABLE'],
    ['jnt', 'slow', 'CARRIER_TIMEOUT'],
    ['sap', 'garbage', 'CARRIER_BAD_RESPONSE'],
    ['idexpress', 'not_found', 'CARRIER_AWB_NOT_FOUND'],
  ] as const)('%s %s → 200, source database, carrierError %s', async (carrier, scenario, code) => {
    const awb = awbFor(carrier, scenario);
    const s = await newCourierShipment(env.app, p, carrier, awb);
    await storePod(carrier, awb, s.id, 'STORED RECEIVER', 'https://pod.example.com/stored.png');
    const res = await cms(s.trackingNumber);
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json();
    expect(b).toMatchObject({
      trackingNumber: s.trackingNumber,
      awb,
      courier: carrier,
      status: 'pending',
      carrierStatus: null,
      source: 'database',
      podReceiverName: 'STORED RECEIVER',
      image_url: 'https://pod.example.com/stored.png',
      carrierError: { code, message: expect.any(String) },
    });
    expect(b.history).toEqual([expect.objectContaining({ status: 'pending', description: 'Shipment created' })]);
    expect((await shipmentRow(env.hub, s.id)).status).toBe('pending');
  });

  it('a carrier fault without a stored POD: nulls, still 200', async () => {
    const awb = awbFor('sap', 'error');
    const s = await newCourierShipment(env.app, p, 'sap', awb);
    const res = await cms(awb);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ source: 'database', podReceiverName: null, image_url: null, carrierError: { code: 'CARRIER_UNAVAILABLE' } });
    expect(res.json().trackingNumber).toBe(s.trackingNumber);
  });
});
