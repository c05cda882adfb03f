import { describe, expect, it } from 'vitest';
import type { IdKind } from '../../lib/ids.js';
import {
  createdAnswer,
  createdView,
  generatedTrackingNumber,
  newShipmentRow,
  packageRows,
  TRACKING_SUFFIX_ALPHABET,
  type IdSource,
} from './new-shipment.js';
import type { CreateShipmentInput } from './shipments.schemas.js';

/** Ids `<kind>-1`, `<kind>-2`, … in the order asked, one counter per kind. */
function counterIds(): IdSource {
  const seen = new Map<IdKind, number>();
  return (kind) => {
    const n = (seen.get(kind) ?? 0) + 1;
    seen.set(kind, n);
    return `${kind}-${n}`;
  };
}

const input = (over: Partial<CreateShipmentInput> = {}): CreateShipmentInput => ({
  customer: { name: 'Siti Rahma', email: 'siti@example.id', phone: '+62 812 3456 7890' },
  pickupLocation: { address: 'Jl. Sudirman 1, Jakarta', name: 'Gudang Utama' },
  dropoffLocation: { address: 'Jl. Asia Afrika 8, Bandung' },
  packages: [{ weight: 1.5, dimensions: '12x8x6', contents: 'Books' }, { weight: 0.25 }],
  ...over,
});

describe('generatedTrackingNumber', () => {
  it('is FF-, the UTC year of now, and the suffix', () => {
    expect(generatedTrackingNumber(new Date('2026-06-15T10:00:00Z'), 'AB12CD34')).toBe('FF-2026-AB12CD34');
  });

  it('takes the year in UTC: 07:00 on 1 January in Jakarta is still the old year', () => {
    expect(generatedTrackingNumber(new Date('2026-12-31T23:30:00Z'), 'ZZZZZZZZ')).toBe('FF-2026-ZZZZZZZZ');
    expect(generatedTrackingNumber(new Date('2027-01-01T00:00:00Z'), '00000000')).toBe('FF-2027-00000000');
  });

  it('suffix letters leave out I and O', () => {
    expect(TRACKING_SUFFIX_ALPHABET).toBe('0123456789ABCDEFGHJKLMNPQRSTUVWXYZ');
  });
});

describe('packageRows', () => {
  it('numbers the packages from 1 under the shipment tracking number, absent fields as null', () => {
    expect(packageRows('FF-2026-AB12CD34', input().packages, counterIds())).toEqual([
      { id: 'package-1', seq: 1, tracking_number: 'FF-2026-AB12CD34-001', weight: 1.5, dimensions: '12x8x6', contents: 'Books' },
      { id: 'package-2', seq: 2, tracking_number: 'FF-2026-AB12CD34-002', weight: 0.25, dimensions: null, contents: null },
    ]);
  });

  it('pads to three digits and goes past them without cutting', () => {
    const rows = packageRows(
      'T-1',
      Array.from({ length: 1000 }, () => ({ weight: 1 })),
      counterIds(),
    );
    expect(rows.map((r) => r.tracking_number).filter((_, i) => [0, 8, 9, 98, 99, 998, 999].includes(i))).toEqual([
      'T-1-001',
      'T-1-009',
      'T-1-010',
      'T-1-099',
      'T-1-100',
      'T-1-999',
      'T-1-1000',
    ]);
  });
});

describe('newShipmentRow', () => {
  it('builds the shipment, its packages, its first tracking event and its shipment.created event', () => {
    expect(
      newShipmentRow('cmp-1', input({ totalCost: 125000, estimatedDelivery: '2026-06-20T09:00:00+07:00' }), 'FF-2026-AB12CD34', counterIds()),
    ).toEqual({
      id: 'shipment-1',
      companyId: 'cmp-1',
      trackingNumber: 'FF-2026-AB12CD34',
      customerName: 'Siti Rahma',
      customerEmail: 'siti@example.id',
      customerPhone: '+62 812 3456 7890',
      pickupAddress: 'Jl. Sudirman 1, Jakarta',
      dropoffAddress: 'Jl. Asia Afrika 8, Bandung',
      totalCost: 125000,
      // Jakarta → Bandung: two regions. Its own price: no quote.
      distanceClass: 'national',
      quote: null,
      estimatedDelivery: new Date('2026-06-20T02:00:00.000Z'),
      carrier: null,
      carrierAwb: null,
      packages: [
        { id: 'package-1', seq: 1, tracking_number: 'FF-2026-AB12CD34-001', weight: 1.5, dimensions: '12x8x6', contents: 'Books' },
        { id: 'package-2', seq: 2, tracking_number: 'FF-2026-AB12CD34-002', weight: 0.25, dimensions: null, contents: null },
      ],
      firstEvent: { id: 'trackingEvent-1', location: 'Gudang Utama', notes: 'Shipment created' },
      domainEvent: {
        id: 'event-1',
        type: 'shipment.created',
        data: {
          shipmentId: 'shipment-1',
          trackingNumber: 'FF-2026-AB12CD34',
          previousStatus: null,
          currentStatus: 'pending',
          location: 'Gudang Utama',
        },
      },
      idempotency: null,
    });
  });

  it('starts at "Warehouse" when the pickup place has no name; no estimate is null; no cost is quoted', () => {
    const row = newShipmentRow('cmp-1', input({ pickupLocation: { address: 'Jl. Sudirman 1, Jakarta' } }), 'T-1', counterIds());
    expect(row.firstEvent).toEqual({ id: 'trackingEvent-1', location: 'Warehouse', notes: 'Shipment created' });
    expect(row.domainEvent.data).toEqual({
      shipmentId: 'shipment-1',
      trackingNumber: 'T-1',
      previousStatus: null,
      currentStatus: 'pending',
      location: 'Warehouse',
    });
    expect([row.totalCost, row.estimatedDelivery]).toEqual([null, null]);
    // National: 25.00 base + 1.75 kg × 2.00 + one extra package 1.50 (by hand).
    expect(row.quote).toEqual({ subtotalCents: 3000, distanceClass: 'national', subtotal: 30, parts: { base: 25, weight: 3.5, extraPackages: 1.5 } });
  });

  it('the request may name the distance class; the weight is summed to the gram', () => {
    const row = newShipmentRow(
      'cmp-1',
      input({ distanceClass: 'local', packages: [{ weight: 0.1 }, { weight: 0.2 }, { weight: 0.0005 }] }),
      'T-1',
      counterIds(),
    );
    // Local: 5.00 + ceil(0.301 kg × 50 cents = 15.05) = 0.16 + two extra packages 3.00.
    expect(row.distanceClass).toBe('local');
    expect(row.quote).toEqual({ subtotalCents: 816, distanceClass: 'local', subtotal: 8.16, parts: { base: 5, weight: 0.16, extraPackages: 3 } });
  });

  it('a carrier shipment stores and announces its AWB in capitals', () => {
    const row = newShipmentRow('cmp-1', input({ courier: { code: 'jne', awb: 'cgk0a1b2c3' } }), 'T-1', counterIds());
    expect([row.carrier, row.carrierAwb]).toEqual(['jne', 'CGK0A1B2C3']);
    // Carried by the carrier: neither priced nor distributed.
    expect([row.distanceClass, row.quote]).toEqual([null, null]);
    expect(row.domainEvent.data).toEqual({
      shipmentId: 'shipment-1',
      trackingNumber: 'T-1',
      previousStatus: null,
      currentStatus: 'pending',
      location: 'Gudang Utama',
      courier: { code: 'jne', awb: 'CGK0A1B2C3' },
    });
  });
});

describe('createdAnswer and createdView', () => {
  it('answer the pending shipment as created, then with the stamped times and the first event', () => {
    const body = input({ totalCost: 0, estimatedDelivery: '2026-06-20T09:00:00+07:00', courier: { code: 'sicepat', awb: '000123456789' } });
    const row = newShipmentRow('cmp-1', body, 'FF-2026-AB12CD34', counterIds());
    const answer = createdAnswer(row, body);
    expect(answer).toEqual({
      id: 'shipment-1',
      trackingNumber: 'FF-2026-AB12CD34',
      status: 'pending',
      customerName: 'Siti Rahma',
      customer: { name: 'Siti Rahma', email: 'siti@example.id', phone: '+62 812 3456 7890' },
      pickupLocation: { address: 'Jl. Sudirman 1, Jakarta' },
      dropoffLocation: { address: 'Jl. Asia Afrika 8, Bandung' },
      companyId: 'cmp-1',
      assignedCompanyId: null,
      courier: { code: 'sicepat', awb: '000123456789' },
      totalCost: 0,
      distanceClass: null,
      priceQuote: null,
      estimatedDelivery: '2026-06-20T02:00:00.000Z',
      currentLocation: 'Gudang Utama',
      packages: [
        { id: 'package-1', trackingNumber: 'FF-2026-AB12CD34-001', weight: 1.5, dimensions: '12x8x6', contents: 'Books' },
        { id: 'package-2', trackingNumber: 'FF-2026-AB12CD34-002', weight: 0.25, dimensions: null, contents: null },
      ],
    });
    // The customer is a copy: the stored answer does not change with the request body.
    expect(answer.customer).not.toBe(body.customer);

    const stamps = {
      created_at: new Date('2026-06-15T03:00:00.123Z'),
      updated_at: new Date('2026-06-15T03:00:00.456Z'),
      event_at: new Date('2026-06-15T03:00:00.789Z'),
      total_cost: 0,
      price_quote: null,
    };
    expect(createdView(answer, row.firstEvent, stamps)).toEqual({
      ...answer,
      createdAt: '2026-06-15T03:00:00.123Z',
      updatedAt: '2026-06-15T03:00:00.456Z',
      trackingEvents: [
        { id: 'trackingEvent-1', status: 'pending', location: 'Gudang Utama', notes: 'Shipment created', timestamp: '2026-06-15T03:00:00.789Z' },
      ],
    });
  });

  it('a shipment without carrier, cost or estimate answers them as null until the statement prices it', () => {
    const body = input();
    const row = newShipmentRow('cmp-2', body, 'T-1', counterIds());
    const answer = createdAnswer(row, body);
    expect([answer.courier, answer.totalCost, answer.priceQuote, answer.estimatedDelivery, answer.companyId]).toEqual([
      null,
      null,
      null,
      null,
      'cmp-2',
    ]);
    expect(answer.distanceClass).toBe('national');
    const quote = {
      total: 31.5,
      subtotal: 30,
      multiplier: 1.05,
      distanceClass: 'national' as const,
      parts: { base: 25, weight: 3.5, extraPackages: 1.5 },
    };
    const at = new Date('2026-06-15T03:00:00.000Z');
    const view = createdView(answer, row.firstEvent, { created_at: at, updated_at: at, event_at: at, total_cost: 31.5, price_quote: quote });
    expect([view.totalCost, view.priceQuote]).toEqual([31.5, quote]);
  });
});
