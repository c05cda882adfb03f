import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assign, newPartnerFromTestIp, newShipment, type TestPartner } from '../helpers/factories.js';
import { createTestHub, type TestHub } from '../helpers/hub.js';

let hub: TestHub;
let sender: TestPartner;
let carrier: TestPartner;
let stranger: TestPartner;

beforeAll(async () => {
  hub = await createTestHub();
  sender = await newPartnerFromTestIp(hub.app, { tier: 'enterprise' });
  carrier = await newPartnerFromTestIp(hub.app, { tier: 'enterprise' });
  stranger = await newPartnerFromTestIp(hub.app, { tier: 'enterprise' });
});
afterAll(() => hub?.close());

const track = (tn: string, p: TestPartner = sender) =>
  hub.app.inject({ method: 'GET', url: `/api/partner/tracking/${encodeURIComponent(tn)}`, headers: p.headers });

async function post(id: string, status: string, location?: string, notes?: string) {
  const res = await hub.app.inject({
    method: 'POST',
    url: `/api/partner/shipments/${id}/events`,
    headers: carrier.headers,
    payload: { status, ...(location ? { location } : {}), ...(notes ? { notes } : {}) },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** The seed's phase-4 body with the seed's phase-7 values. */
const seedShipment = (tn: string) => ({
  trackingNumber: tn,
  customer: { name: 'Jane Smith', email: 'jane@customer.com', phone: '+1555555555' },
  pickupLocation: { address: '123 Warehouse St, NY' },
  dropoffLocation: { address: '456 Home Ave, LA' },
  packages: [{ weight: 2.5, dimensions: '12x8x6', contents: 'Electronics' }],
  totalCost: 45.99,
});

const uniqueTn = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`.toUpperCase();

describe('GET /api/partner/tracking/:trackingNumber', () => {
  it('answers the seed’s phase-7 shape, field for field', async () => {
    const tn = uniqueTn('QUICK');
    const s = await newShipment(hub.app, sender, seedShipment(tn));
    await assign(hub, s.id, carrier);
    await post(s.id, 'picked_up', 'Local Pickup');
    await post(s.id, 'in_transit', 'Distribution Center - Denver');

    const res = await track(tn);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(['events', 'packages', 'tracking']);
    expect(Object.keys(body.tracking).sort()).toEqual(
      [
        'currentLocation',
        'customerName',
        'dropoffAddress',
        'estimatedDelivery',
        'pickupAddress',
        'progressPercentage',
        'status',
        'totalCost',
        'trackingNumber',
      ].sort(),
    );
    expect(body.tracking).toEqual({
      trackingNumber: tn,
      status: 'in_transit',
      progressPercentage: 60,
      estimatedDelivery: expect.any(String),
      currentLocation: 'Distribution Center - Denver',
      customerName: 'Jane Smith',
      pickupAddress: '123 Warehouse St, NY',
      dropoffAddress: '456 Home Ave, LA',
      totalCost: 45.99,
    });
    expect(body.packages).toEqual([{ trackingNumber: `${tn}-001`, weight: 2.5, contents: 'Electronics' }]);

    // The seed's events carry status, location and timestamp; the hub adds the event's notes.
    expect(body.events.map((e: { status: string; location: string | null }) => [e.status, e.location])).toEqual([
      ['pending', 'Warehouse'],
      ['assigned', null],
      ['picked_up', 'Local Pickup'],
      ['in_transit', 'Distribution Center - Denver'],
    ]);
    for (const e of body.events) {
      expect(
        Object.keys(e)
          .filter((k) => k !== 'notes')
          .sort(),
      ).toEqual(['location', 'status', 'timestamp']);
      expect(e.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/);
    }
    const times = body.events.map((e: { timestamp: string }) => Date.parse(e.timestamp));
    expect([...times].sort((x, y) => x - y)).toEqual(times);
  });

  it('gives each package its own tracking number <tn>-001, -002, …', async () => {
    const tn = uniqueTn('MULTI');
    await newShipment(hub.app, sender, {
      ...seedShipment(tn),
      packages: [{ weight: 1 }, { weight: 2.25, contents: 'Books' }, { weight: 3, contents: 'Shoes', dimensions: '1x2x3' }],
    });
    const res = await track(tn);
    expect(res.json().packages).toEqual([
      { trackingNumber: `${tn}-001`, weight: 1, contents: null },
      { trackingNumber: `${tn}-002`, weight: 2.25, contents: 'Books' },
      { trackingNumber: `${tn}-003`, weight: 3, contents: 'Shoes' },
    ]);
  });

  it('reports progress (index + 1) / 5 × 100 over the five stages; assigned still counts as pending', async () => {
    const tn = uniqueTn('PROG');
    const s = await newShipment(hub.app, sender, seedShipment(tn));
    const seen: Array<[string, number]> = [];
    const look = async () => {
      const t = (await track(tn)).json().tracking;
      seen.push([t.status, t.progressPercentage]);
    };
    await look();
    await assign(hub, s.id, carrier);
    await look();
    for (const status of ['picked_up', 'in_transit', 'out_for_delivery', 'delivered']) {
      await post(s.id, status, `at ${status}`);
      await look();
    }
    expect(seen).toEqual([
      ['pending', 20],
      ['assigned', 20],
      ['picked_up', 40],
      ['in_transit', 60],
      ['out_for_delivery', 80],
      ['delivered', 100],
    ]);
  });

  it('keeps the furthest stage reached for a shipment that left the happy path', async () => {
    const tn = uniqueTn('FAIL');
    const s = await newShipment(hub.app, sender, seedShipment(tn));
    await assign(hub, s.id, carrier);
    await post(s.id, 'picked_up', 'Local Pickup');
    await post(s.id, 'in_transit', 'Hub');
    await post(s.id, 'failed', 'Hub', 'Address not found');
    const t = (await track(tn)).json();
    expect(t.tracking).toMatchObject({ status: 'failed', progressPercentage: 60 });
    expect(t.events.at(-1)).toMatchObject({ status: 'failed', location: 'Hub', notes: 'Address not found' });
  });

  it('estimates delivery two days after creation at 17:00 UTC when none was given', async () => {
    const tn = uniqueTn('ETA');
    const s = await newShipment(hub.app, sender, seedShipment(tn));
    const created = new Date(s.createdAt);
    const expected = new Date(Date.UTC(created.getUTCFullYear(), created.getUTCMonth(), created.getUTCDate() + 2, 17, 0, 0));
    const eta = (await track(tn)).json().tracking.estimatedDelivery;
    expect(eta).toBe(expected.toISOString());
    expect(eta).toMatch(/T17:00:00(\.000)?Z$/);
  });

  it('uses the estimate the creator gave, and the delivery time once delivered', async () => {
    const tn = uniqueTn('ETA');
    const s = await newShipment(hub.app, sender, { ...seedShipment(tn), estimatedDelivery: '2031-03-04T12:30:00Z' });
    expect((await track(tn)).json().tracking.estimatedDelivery).toBe('2031-03-04T12:30:00.000Z');
    await assign(hub, s.id, carrier);
    for (const status of ['picked_up', 'in_transit', 'out_for_delivery']) await post(s.id, status, 'Somewhere');
    const done = await post(s.id, 'delivered', 'Front door');
    const t = (await track(tn)).json();
    const deliveredAt = done.trackingEvents.at(-1).timestamp;
    expect(t.tracking.estimatedDelivery).toBe(deliveredAt);
    expect(t.events.at(-1).timestamp).toBe(deliveredAt);
  });

  it('follows the last located event for the current location', async () => {
    const tn = uniqueTn('LOC');
    const s = await newShipment(hub.app, sender, { ...seedShipment(tn), pickupLocation: { address: '1 Dock Rd', name: 'North Dock' } });
    expect((await track(tn)).json().tracking.currentLocation).toBe('North Dock');
    await assign(hub, s.id, carrier);
    // Assignment has no place: the shipment is still where it was.
    expect((await track(tn)).json().tracking.currentLocation).toBe('North Dock');
    await post(s.id, 'picked_up', 'Local Pickup');
    expect((await track(tn)).json().tracking.currentLocation).toBe('Local Pickup');
    await post(s.id, 'in_transit', 'Distribution Center - Denver');
    expect((await track(tn)).json().tracking.currentLocation).toBe('Distribution Center - Denver');
    // An event without a location leaves the last known one.
    await post(s.id, 'out_for_delivery');
    const t = (await track(tn)).json();
    expect(t.tracking.currentLocation).toBe('Distribution Center - Denver');
    expect(t.events.at(-1)).toMatchObject({ status: 'out_for_delivery', location: null });
  });

  it('shows the changes made while pending (totalCost cleared with null)', async () => {
    const tn = uniqueTn('EDIT');
    const s = await newShipment(hub.app, sender, seedShipment(tn));
    const res = await hub.app.inject({
      method: 'PATCH',
      url: `/api/partner/shipments/${s.id}`,
      headers: sender.headers,
      payload: {
        totalCost: null,
        dropoffLocation: { address: '9 New Rd' },
        customer: { name: 'J. Smith', email: 'j@example.com', phone: '+44 20 7946 0000' },
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((await track(tn)).json().tracking).toMatchObject({ totalCost: null, dropoffAddress: '9 New Rd', customerName: 'J. Smith' });
  });

  it('shows no estimate for a cancelled shipment', async () => {
    const tn = uniqueTn('CXL');
    const s = await newShipment(hub.app, sender, seedShipment(tn));
    const res = await hub.app.inject({ method: 'POST', url: `/api/partner/shipments/${s.id}/cancel`, headers: sender.headers, payload: {} });
    expect(res.statusCode).toBe(200);
    expect((await track(tn)).json().tracking).toMatchObject({ status: 'cancelled', estimatedDelivery: null, progressPercentage: 20 });
  });

  it('is visible to the creator and the assigned company, 404 to anyone else', async () => {
    const tn = uniqueTn('VIS');
    const s = await newShipment(hub.app, sender, seedShipment(tn));
    const before = await track(tn, carrier);
    expect(before.statusCode).toBe(404);
    await assign(hub, s.id, carrier);
    expect((await track(tn, carrier)).statusCode).toBe(200);
    const other = await track(tn, stranger);
    expect(other.statusCode).toBe(404);
    expect(other.json()).toMatchObject({ code: 'SHIPMENT_NOT_FOUND' });
    expect(other.body).not.toContain('Jane Smith');
  });

  it('answers 404 SHIPMENT_NOT_FOUND for an unknown number', async () => {
    const res = await track('NOPE-2025-000000');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ code: 'SHIPMENT_NOT_FOUND', message: 'Shipment NOPE-2025-000000 not found', requestId: expect.any(String) });
  });

  it.each([
    ['too short', 'AB'],
    ['leading dash', '-ABC-123'],
    ['a space', 'AB C123'],
    ['a slash-free but odd character', 'ABC$123'],
    ['65 characters', `A${'1'.repeat(64)}`],
    ['non-ASCII', 'ABÇ-123'],
  ])('answers 400 VALIDATION_FAILED for a malformed number (%s)', async (_name, tn) => {
    const res = await track(tn);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ field: expect.stringMatching(/^params/) })] });
  });

  it('needs a valid bearer token', async () => {
    const none = await hub.app.inject({ method: 'GET', url: '/api/partner/tracking/ABC-123' });
    expect(none.statusCode).toBe(401);
    expect(none.json().code).toBe('TOKEN_MISSING');
    const bad = await hub.app.inject({ method: 'GET', url: '/api/partner/tracking/ABC-123', headers: { authorization: 'Bearer not.a.jwt' } });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().code).toBe('TOKEN_INVALID');
  });
});
