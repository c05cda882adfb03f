import { describe, expect, it } from 'vitest';
import { CarrierPayloadError } from '../model.js';
import { expectWellFormed, fuzz, loadFixture } from '../../../test/helpers/carrier-mappers.js';
import { JNE_FAILURE_CODES, JNE_STATUS_TABLE, mapJneCode, parseJneCallback, parseTracking } from './mapper.js';

const fx = (n: string) => loadFixture(import.meta.url, n);
const PHOTO = 'https://s3-ap-southeast-1.amazonaws.com/pod.paket.id/1709695920P||102452400123456.jpeg';

describe('JNE parseTracking on fixtures', () => {
  it('delivered with POD', () => {
    const t = parseTracking(fx('delivered'));
    expectWellFormed(t);
    expect(t).toMatchObject({ carrier: 'jne', awb: '0102452400123456', status: 'delivered', podReceiverName: 'SITI', image_url: PHOTO });
    expect(t.rawStatus).toBe('DELIVERED TO [SITI | 06-03-2024 10:32 | BANDUNG ]');
    expect(t.events.map((e) => e.status)).toEqual(['picked_up', 'in_transit', 'in_transit', 'in_transit', 'in_transit', 'out_for_delivery', 'delivered']);
    expect(t.events[0]).toEqual({
      at: '2024-03-04T02:12:00.000Z', // 09:12 WIB
      status: 'picked_up',
      rawCode: 'RC1',
      rawText: 'SHIPMENT RECEIVED BY JNE COUNTER OFFICER AT [TANGERANG]',
      location: 'TANGERANG',
      description: 'SHIPMENT RECEIVED BY JNE COUNTER OFFICER AT [TANGERANG]',
      unmapped: false,
    });
    expect(t.events.at(-1)!.location).toBe('BANDUNG');
    expect(t.events.every((e) => !e.unmapped)).toBe(true);
  });

  it('in transit', () => {
    const t = parseTracking(fx('in-transit'));
    expect(t).toMatchObject({ status: 'in_transit', podReceiverName: null, image_url: null });
    expect(t.events).toHaveLength(4);
  });

  it('failed attempt', () => {
    const t = parseTracking(fx('failed-attempt'));
    expect(t).toMatchObject({ status: 'failed', podReceiverName: null, image_url: null });
    expect(t.events.at(-1)).toMatchObject({ rawCode: 'U05', status: 'failed' });
  });

  it('returned (code unseen, mapped by its text; late transit scan after the failure ignored)', () => {
    const t = parseTracking(fx('returned'));
    expect(t.status).toBe('returned');
    expect(t.events.at(-1)).toMatchObject({ rawCode: 'RTS', status: 'returned', unmapped: false });
  });

  it('not found', () => {
    expect(() => parseTracking(fx('not-found'))).toThrow(expect.objectContaining({ code: 'not_found', carrier: 'jne' }));
  });
});

describe('JNE callback', () => {
  it('delivered callback with photo and receiver', () => {
    const t = parseJneCallback(fx('callback-delivered'));
    expectWellFormed(t);
    expect(t).toMatchObject({ awb: '0102452400123456', status: 'delivered', podReceiverName: 'SITI', image_url: PHOTO, rawStatus: 'DELIVERED' });
    expect(t.events.map((e) => [e.rawCode, e.status, e.location])).toEqual([
      ['IP3', 'out_for_delivery', 'BDO10000'],
      ['D01', 'delivered', 'BDO10000'],
    ]);
  });

  it.each([
    [{}, 'missing_field'],
    [{ awb: 'X', history: [] }, 'missing_field'],
    [{ awb: 'X', history: [{ date: 'nope', status_code: 'D01' }] }, 'invalid_date'],
    ['str', 'not_object'],
  ])('rejects %j with %s', (p, code) => {
    expect(() => parseJneCallback(p)).toThrow(expect.objectContaining({ code }));
  });

  it('random JSON only ever raises CarrierPayloadError', () => fuzz(parseJneCallback, [fx('callback-delivered')]));
});

describe('JNE status table', () => {
  it.each(Object.entries(JNE_STATUS_TABLE))('%s → %s, raw kept', (code, status) => {
    const t = parseJneCallback({ awb: '1', history: [{ date: '01-01-2024 10:00', status_code: code, status_desc: 'X' }] });
    expect(t.events[0]).toMatchObject({ rawCode: code, rawText: 'X', status, unmapped: false });
  });

  it('covers the public failure list; other D-codes are delivered; unknown codes are flagged', () => {
    expect(JNE_FAILURE_CODES).toHaveLength(8 + 14 + 5 + 2);
    expect(mapJneCode('D02', '')).toEqual({ status: 'delivered', unmapped: false });
    expect(mapJneCode('D24', '')).toEqual({ status: 'failed', unmapped: false });
    expect(mapJneCode('ZZ9', 'SOMETHING NEW')).toEqual({ status: 'unknown', unmapped: true });
    expect(mapJneCode('XX1', 'WITH DELIVERY COURIER [X]')).toEqual({ status: 'out_for_delivery', unmapped: false });
  });
});

describe('JNE garbage', () => {
  it.each([null, 1, [], { cnote: 5 }, { cnote: {} }, { error: 'Internal error' }])('%j → CarrierPayloadError', (p) => {
    expect(() => parseTracking(p)).toThrow(CarrierPayloadError);
  });
  it('random JSON only ever raises CarrierPayloadError', () =>
    fuzz(parseTracking, ['delivered', 'in-transit', 'failed-attempt', 'returned'].map(fx)));
});
