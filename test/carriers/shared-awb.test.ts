/**
 * One AWB, several companies; and callbacks that arrive before any shipment has the AWB.
 * - Every company that registers an AWB tracks it on its own shipment: a callback applies to all of
 *   them, each sees only its own shipment, and `pod.received` is recorded once per shipment. Nobody
 *   can squat an AWB to receive another company's callbacks and proof of delivery.
 * - A JNE callback (status and POD) stored before its shipment exists is applied when a company
 *   registers the AWB — to that shipment and to any later one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  awbFor,
  call,
  callbackBody,
  createCarrierTestEnv,
  eventsOf,
  newCourierShipment,
  postCallback,
  rows,
  shipmentRow,
  until,
  type CarrierTestEnv,
} from '../helpers/carriers.js';
import { newPartner, type TestPartner } from '../helpers/factories.js';

let env: CarrierTestEnv;
let a: TestPartner;
let b: TestPartner;
let c: TestPartner;

beforeAll(async () => {
  env = await createCarrierTestEnv({ role: 'all' });
  [a, b, c] = [await newPartner(env.app), await newPartner(env.app), await newPartner(env.app)];
});
afterAll(async () => {
  await env?.close();
});

const delivered = (id: string) => until(async () => (await shipmentRow(env.hub, id)).status === 'delivered', `shipment ${id} delivered`);
const podEvents = async (id: string) => (await eventsOf(env.hub, id)).filter((e) => e.type === 'pod.received');

describe('an AWB registered by several companies', () => {
  it('a callback applies to every registration; each company sees only its own shipment', async () => {
    const awb = awbFor('jne', 'delivered');
    const sa = await newCourierShipment(env.app, a, 'jne', awb);
    const sb = await newCourierShipment(env.app, b, 'jne', awb);
    expect(sb.id).not.toBe(sa.id);
    expect((await postCallback(env.app, callbackBody(awb))).statusCode).toBe(200);
    await delivered(sa.id);
    await delivered(sb.id);
    const pa = await podEvents(sa.id);
    const pb = await podEvents(sb.id);
    expect(pa).toHaveLength(1);
    expect(pb).toHaveLength(1);
    expect(pa[0]!.data.podReceiverName).toBe(pb[0]!.data.podReceiverName);

    // Each company's CMS tracking by AWB answers its own order, never the other's.
    for (const [partner, own] of [
      [a, sa],
      [b, sb],
    ] as const) {
      const res = await call(env.app, { method: 'GET', url: `/v2/public/shipment/tracking/${awb}`, headers: partner.headers });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().trackingNumber).toBe(own.trackingNumber);
      const other = await call(env.app, { method: 'GET', url: `/api/partner/shipments/${own === sa ? sb.id : sa.id}`, headers: partner.headers });
      expect(other.statusCode).toBe(404);
    }
    // A company that did not register it still cannot track it through the gateway.
    const gateway = await call(env.app, { method: 'GET', url: `/v1/tracking/${awb}?courier=jne`, headers: c.headers }, [502, 503, 504]);
    expect(gateway.statusCode).toBe(404);
    for (const p of [a, b])
      expect((await call(env.app, { method: 'GET', url: `/v1/tracking/${awb}?courier=jne`, headers: p.headers }, [502, 503, 504])).statusCode).toBe(
        200,
      );

    // The same callback again changes nothing and announces nothing twice.
    const again = callbackBody(awb, 'delivered', { order_id: 'resent' });
    expect((await postCallback(env.app, again)).statusCode).toBe(200);
    await until(
      async () => (await rows(env.hub, `select 1 from carrier_callbacks where awb = $1 and applied_at is not null`, [awb])).length === 2,
      'second callback applied',
    );
    expect(await podEvents(sa.id)).toHaveLength(1);
    expect(await podEvents(sb.id)).toHaveLength(1);
  });
});

describe('a callback before its shipment', () => {
  it('is applied — status and POD — when a company registers the AWB, and again for a later registration', async () => {
    const awb = awbFor('jne', 'delivered');
    const ack = await postCallback(env.app, callbackBody(awb));
    expect(ack.statusCode).toBe(200);
    const id = ack.json().callbackId;
    await until(
      async () => (await rows(env.hub, 'select applied_at from carrier_callbacks where id = $1', [id]))[0]?.applied_at,
      'applied with no shipment',
    );

    const sa = await newCourierShipment(env.app, a, 'jne', awb);
    await delivered(sa.id);
    const pod = await podEvents(sa.id);
    expect(pod).toHaveLength(1);
    expect(pod[0]!.data.podReceiverName).toEqual(expect.any(String));
    const [link] = await rows(env.hub, 'select shipment_id from proof_of_delivery where carrier = $1 and awb = $2', ['jne', awb]);
    expect(link.shipment_id).toBe(sa.id);

    const sb = await newCourierShipment(env.app, b, 'jne', awb);
    await delivered(sb.id);
    expect(await podEvents(sb.id)).toHaveLength(1);
    expect(await podEvents(sa.id)).toHaveLength(1); // re-applied to the first one too: nothing new, nothing twice
    const deliveredEvents = (await eventsOf(env.hub, sa.id)).filter((e) => e.type === 'shipment.delivered');
    expect(deliveredEvents).toHaveLength(1);
  });
});
