import { describe, expect, it } from 'vitest';
import { CarrierPayloadError } from '../model.js';
import { commonFixtureCases, expectWellFormed, fuzz, loadFixture } from '../../../test/helpers/carrier-mappers.js';
import { JNT_100_RULES, JNT_STATUS_TABLE, mapJnt, parseTracking } from './mapper.js';

const fx = (n: string) => loadFixture(import.meta.url, n);

describe('J&T parseTracking on fixtures', () => {
  it('delivered with POD receiver (no photo in this API)', () => {
    const t = parseTracking(fx('delivered'));
    expectWellFormed(t);
    expect(t).toMatchObject({ carrier: 'jnt', awb: 'JD0012345671', status: 'delivered', podReceiverName: 'DEWI', image_url: null, rawStatus: '200' });
    expect(t.events.map((e) => e.status)).toEqual(['pending', 'in_transit', 'in_transit', 'in_transit', 'out_for_delivery', 'delivered']);
    expect(t.events[0]).toMatchObject({ at: '2024-03-04T06:25:28.000Z', rawCode: '101', rawText: 'Manifes', location: 'JAKARTA' });
  });
  commonFixtureCases('jnt', parseTracking, fx);
});

describe('J&T table', () => {
  const one = (code: number, text: string) => parseTracking({ awb: 'JD1', history: [{ date_time: '2024-01-01 10:00:00', status: text, status_code: code }] });
  it.each(Object.entries(JNT_STATUS_TABLE))('%s → %s, raw kept', (code, status) => {
    expect(one(Number(code), 'Paket X').events[0]).toMatchObject({ rawCode: code, rawText: 'Paket X', status, unmapped: false });
  });
  it('100 is refined by its text', () => {
    expect(JNT_100_RULES).toHaveLength(2);
    expect(mapJnt('100', 'Paket akan dikirim ke alamat penerima').status).toBe('out_for_delivery');
    expect(mapJnt('100', 'Paket telah diambil oleh kurir').status).toBe('picked_up');
    expect(mapJnt('100', 'Paket telah sampai di DC').status).toBe('in_transit');
  });
  it('unknown codes are kept and flagged', () => {
    expect(one(999, 'Baru').events[0]).toMatchObject({ rawCode: '999', status: 'unknown', unmapped: true });
  });
});

describe('J&T garbage', () => {
  it.each([null, 'x', { awb: 'JD1' }, { error_id: '500', error_message: 'busy' }, { awb: 'JD1', history: [{ status_code: 200 }] }])('%j', (p) => {
    expect(() => parseTracking(p)).toThrow(CarrierPayloadError);
  });
  it('random JSON only ever raises CarrierPayloadError', () => fuzz(parseTracking, ['delivered', 'failed-attempt'].map(fx)));
});
