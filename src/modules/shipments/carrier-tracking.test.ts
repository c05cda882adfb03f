import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SHIPMENT_STATUSES } from './status.js';
import { eventRows, lastLocation, planStatus, podOf } from './carrier-tracking.js';
import { UNIFIED_STATUSES, type TrackingEvent, type UnifiedTracking } from '../../carriers/model.js';
import { CARRIER_FINAL } from '../../carriers/status-merge.js';

const ev = (over: Partial<TrackingEvent> = {}): TrackingEvent => ({
  at: '2024-03-06T03:32:00.000Z',
  status: 'in_transit',
  rawCode: 'OP1',
  rawText: 'RECEIVED AT SORTING CENTER [BANDUNG]',
  location: 'BANDUNG',
  description: 'RECEIVED AT SORTING CENTER [BANDUNG]',
  unmapped: false,
  ...over,
});
const tracking = (over: Partial<UnifiedTracking> = {}): UnifiedTracking => ({
  carrier: 'jne',
  awb: '0100000000000010',
  status: 'delivered',
  events: [ev(), ev({ status: 'delivered', rawCode: 'D01', at: '2024-03-06T05:00:00.000Z', location: 'SUMBAWA' })],
  podReceiverName: 'SITI',
  image_url: 'https://pod.example/1.jpg',
  relation: null,
  signatureUrl: null,
  rawStatus: 'DELIVERED',
  ...over,
});

describe('planStatus', () => {
  it('moves a pending carrier shipment along the carrier statuses', () => {
    expect(planStatus('pending', 'picked_up')).toEqual({ next: 'picked_up', changed: true, released: false });
    expect(planStatus('in_transit', 'delivered')).toEqual({ next: 'delivered', changed: true, released: true });
    expect(planStatus('pending', 'returned')).toEqual({ next: 'returned', changed: true, released: true });
  });

  it('never moves back from delivered, returned or cancelled', () => {
    for (const from of ['delivered', 'returned', 'cancelled'] as const) {
      for (const to of UNIFIED_STATUSES) expect(planStatus(from, to)).toEqual({ next: from, changed: false, released: false });
    }
  });

  it('keeps a failed attempt open: redelivery and return both apply; a late in-transit scan does not', () => {
    expect(planStatus('failed', 'delivered')).toMatchObject({ next: 'delivered', changed: true, released: true });
    expect(planStatus('failed', 'returned')).toMatchObject({ next: 'returned', released: true });
    expect(planStatus('failed', 'out_for_delivery')).toMatchObject({ next: 'out_for_delivery', changed: true, released: false });
    expect(planStatus('failed', 'in_transit')).toEqual({ next: 'failed', changed: false, released: false });
  });

  it('exception and unknown change nothing', () => {
    for (const from of SHIPMENT_STATUSES) {
      expect(planStatus(from, 'exception')).toMatchObject({ next: from, changed: false });
      expect(planStatus(from, 'unknown')).toMatchObject({ next: from, changed: false });
    }
  });

  it('an unknown stored status is treated as pending', () => {
    expect(planStatus('weird', 'in_transit')).toMatchObject({ next: 'in_transit', changed: true });
  });

  it('property: any sequence of carrier statuses releases capacity at most once and ends final once final', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SHIPMENT_STATUSES.filter((s) => !CARRIER_FINAL.has(s as never))),
        fc.array(fc.constantFrom(...UNIFIED_STATUSES), { maxLength: 30 }),
        (start, seq) => {
          let cur: string = start;
          let releases = 0;
          let finalAt = -1;
          seq.forEach((s, i) => {
            const p = planStatus(cur, s);
            if (p.released) releases++;
            if (finalAt >= 0) expect(p.next).toBe(cur);
            if (p.changed) expect(p.next).not.toBe(cur);
            cur = p.next;
            if (finalAt < 0 && CARRIER_FINAL.has(cur as never)) finalAt = i;
          });
          expect(releases).toBeLessThanOrEqual(1);
          expect(releases).toBe(finalAt >= 0 ? 1 : 0);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('event rows, location, POD', () => {
  it('keeps the raw code (or the text when there is none) as the dedupe key', () => {
    const rows = eventRows([ev(), ev({ rawCode: '', rawText: 'Paket dibawa [SIGESIT]' })]);
    expect(rows.map((r) => r.raw_code)).toEqual(['OP1', 'Paket dibawa [SIGESIT]']);
    expect(new Set(rows.map((r) => r.id)).size).toBe(2);
    expect(rows[0]).toMatchObject({ status: 'in_transit', notes: 'RECEIVED AT SORTING CENTER [BANDUNG]', at: '2024-03-06T03:32:00.000Z' });
  });

  it('the last known location wins, skipping events without one', () => {
    expect(lastLocation([ev({ location: 'A' }), ev({ location: null })])).toBe('A');
    expect(lastLocation([])).toBeNull();
  });

  it('POD: receiver, photo, relation and signature with the delivered event code and time; nothing when all are missing', () => {
    expect(podOf(tracking())).toEqual({
      receiverName: 'SITI',
      imageUrl: 'https://pod.example/1.jpg',
      relation: null,
      signatureUrl: null,
      podCode: 'D01',
      deliveredAt: '2024-03-06T05:00:00.000Z',
    });
    expect(podOf(tracking({ podReceiverName: null, image_url: null }))).toBeNull();
    expect(podOf(tracking({ status: 'in_transit', events: [ev()], podReceiverName: null }))).toEqual({
      receiverName: null,
      imageUrl: 'https://pod.example/1.jpg',
      relation: null,
      signatureUrl: null,
      podCode: null,
      deliveredAt: null,
    });
    // A signature alone is worth saving (a carrier may send it before the name).
    expect(podOf(tracking({ podReceiverName: null, image_url: null, signatureUrl: 'https://pod.example/s.png' }))).toMatchObject({
      receiverName: null,
      signatureUrl: 'https://pod.example/s.png',
    });
    expect(podOf(tracking({ podReceiverName: null, image_url: null, relation: 'IBU' }))).toMatchObject({ relation: 'IBU' });
  });
});
