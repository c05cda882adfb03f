/**
 * Quoting at creation: a partner shipment without a price gets the hub's quote at its creator's demand
 * multiplier (read by the create statement), with the breakdown; a given price is kept; carrier
 * shipments are not priced. Expected totals are worked by hand, and the statement's arithmetic is
 * compared with engine/pricing.ts over random inputs.
 */
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quote, type DistanceClass } from '../../src/modules/balance/engine/pricing.js';
import { newPartner, newShipment, shipmentBody, type TestPartner } from '../helpers/factories.js';
import { createTestHub, type TestHub } from '../helpers/hub.js';

let hub: TestHub;
let p: TestPartner;
beforeAll(async () => {
  hub = await createTestHub();
  p = await newPartner(hub.app);
});
afterAll(() => hub?.close());

const setMultiplier = (m: number) => hub.deps.database.pool.query('update companies set price_multiplier = $2 where id = $1', [p.companyId, m]);
const get = async (id: string) => (await hub.app.inject({ method: 'GET', url: `/api/partner/shipments/${id}`, headers: p.headers })).json();

describe('POST /api/partner/shipments prices what has no price', () => {
  it('quotes New York → Los Angeles, 2.5 kg, at multiplier 1.00: national 25.00 + 5.00', async () => {
    await setMultiplier(1);
    const s = await newShipment(hub.app, p);
    const want = { total: 30, subtotal: 30, multiplier: 1, distanceClass: 'national', parts: { base: 25, weight: 5, extraPackages: 0 } };
    expect(s).toMatchObject({ totalCost: 30, distanceClass: 'national', priceQuote: want });
    expect(await get(s.id)).toMatchObject({ totalCost: 30, distanceClass: 'national', priceQuote: want });
  });

  it("applies the creator's multiplier, half up to the cent: regional 18.70 × 1.15 = 21.505 → 21.51", async () => {
    await setMultiplier(1.15);
    const s = await newShipment(hub.app, p, {
      pickupLocation: { address: '1 Main St, Austin, TX' },
      dropoffLocation: { address: '9 Oak Rd, Dallas, TX 75201' },
      packages: [{ weight: 1.2 }, { weight: 2 }, { weight: 0.5 }],
    });
    expect(s.totalCost).toBe(21.51);
    expect(s.priceQuote).toEqual({
      total: 21.51,
      subtotal: 18.7,
      multiplier: 1.15,
      distanceClass: 'regional',
      parts: { base: 12, weight: 3.7, extraPackages: 3 },
    });
    expect((await get(s.id)).totalCost).toBe(21.51);
  });

  it('takes the distance class the request names', async () => {
    await setMultiplier(1);
    const s = await newShipment(hub.app, p, { distanceClass: 'local' });
    expect(s).toMatchObject({ distanceClass: 'local', totalCost: 6.25 });
  });

  it("keeps the creator's own price (no quote), and a carrier shipment is not priced", async () => {
    const own = await newShipment(hub.app, p, { totalCost: 45.99 });
    expect(own).toMatchObject({ totalCost: 45.99, priceQuote: null, distanceClass: 'national' });
    const carried = await newShipment(hub.app, p, { courier: { code: 'jne', awb: `CGK${randomBytes(5).toString('hex')}` } });
    expect(carried).toMatchObject({ totalCost: null, priceQuote: null, distanceClass: null });
  });

  it('an Idempotency-Key replay answers the same price', async () => {
    const key = `k-${randomBytes(6).toString('hex')}`;
    const body = shipmentBody();
    const send = () =>
      hub.app.inject({ method: 'POST', url: '/api/partner/shipments', headers: { ...p.headers, 'idempotency-key': key }, payload: body });
    const first = await send();
    const again = await send();
    expect(first.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(first.json().priceQuote).toMatchObject({ total: first.json().totalCost });
  });

  it('a price set later replaces the quote', async () => {
    const s = await newShipment(hub.app, p);
    const res = await hub.app.inject({ method: 'PATCH', url: `/api/partner/shipments/${s.id}`, headers: p.headers, payload: { totalCost: 12 } });
    expect(res.json()).toMatchObject({ totalCost: 12, priceQuote: null });
  });

  it('the create statement computes what engine/pricing.ts quotes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 50_000 }), { minLength: 1, maxLength: 4 }),
        fc.constantFrom<DistanceClass>('local', 'regional', 'national'),
        fc.integer({ min: 90, max: 130 }),
        async (grams, distanceClass, h) => {
          await setMultiplier(h / 100);
          const s = await newShipment(hub.app, p, { distanceClass, packages: grams.map((g) => ({ weight: g / 1000 })) });
          const want = quote({ weightKg: grams.reduce((a, b) => a + b, 0) / 1000, packageCount: grams.length, distanceClass }, h / 100);
          expect(s.priceQuote).toEqual(want);
          expect(s.totalCost).toBe(want.total);
        },
      ),
      { numRuns: 25 },
    );
  });
});
