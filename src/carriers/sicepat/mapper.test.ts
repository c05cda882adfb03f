import { describe, expect, it } from 'vitest';
import { CarrierPayloadError } from '../model.js';
import { expectWellFormed, fuzz, loadFixture } from '../../../test/helpers/carrier-mappers.js';
import { parseTracking, podReceiverFrom, SICEPAT_STATUS_TABLE } from './mapper.js';

const fx = (n: string) => loadFixture(import.meta.url, n);

describe('SiCepat parseTracking on fixtures', () => {
  it('delivered with POD', () => {
    const t = parseTracking(fx('delivered'));
    expectWellFormed(t);
    expect(t).toMatchObject({
      carrier: 'sicepat',
      awb: '000434236059',
      status: 'delivered',
      podReceiverName: 'Ilyas',
      image_url: 'https://sicepatmasterdata.s3.amazonaws.com/attachments/photoPOD/000434236059',
      rawStatus: 'DELIVERED',
    });
    expect(t.events.map((e) => e.status)).toEqual(['pending', 'picked_up', 'in_transit', 'in_transit', 'out_for_delivery', 'delivered']);
    expect(t.events[0]!.at).toBe('2024-03-04T09:06:00.000Z'); // 16:06 WIB
    expect(t.events.at(-1)!.description).toBe('Paket diterima oleh [Ilyas - (KEL) Keluarga Serumah]');
  });

  it.each([
    ['in-transit', 'in_transit', 'OUT'],
    ['failed-attempt', 'failed', 'NTH'],
    ['returned', 'returned', 'RTS'],
  ])('%s → %s', (name, status, raw) => {
    const t = parseTracking(fx(name));
    expectWellFormed(t);
    expect(t).toMatchObject({ status, rawStatus: raw, podReceiverName: null, image_url: null });
  });

  it('not found', () => {
    expect(() => parseTracking(fx('not-found'))).toThrow(expect.objectContaining({ code: 'not_found', carrier: 'sicepat' }));
  });
});

describe('SiCepat table', () => {
  it.each(Object.entries(SICEPAT_STATUS_TABLE))('%s → %s, raw kept', (code, status) => {
    const p = { sicepat: { status: { code: 200 }, result: { waybill_number: '1', track_history: [{ date_time: '2024-01-01 10:00', status: code, city: 'X' }] } } };
    expect(parseTracking(p).events[0]).toMatchObject({ rawCode: code, rawText: 'X', status, unmapped: false });
  });
  it('unknown codes are kept and flagged', () => {
    const p = { sicepat: { status: { code: 200 }, result: { waybill_number: '1', track_history: [{ date_time: '2024-01-01 10:00', status: 'ZZZ', city: 'X' }] } } };
    const t = parseTracking(p);
    expect(t.events[0]).toMatchObject({ rawCode: 'ZZZ', status: 'unknown', unmapped: true });
    expect(t.status).toBe('unknown');
  });
  it('POD receiver text', () => {
    expect(podReceiverFrom('Paket diterima oleh [Ilyas - (KEL) Keluarga Serumah]')).toBe('Ilyas');
    expect(podReceiverFrom('Budi')).toBe('Budi');
    expect(podReceiverFrom(null)).toBeNull();
  });
});

describe('SiCepat garbage', () => {
  it.each([null, [], { sicepat: 1 }, { sicepat: { status: { code: 500 } } }, { sicepat: { status: { code: 200 }, result: {} } }])('%j', (p) => {
    expect(() => parseTracking(p)).toThrow(CarrierPayloadError);
  });
  it('random JSON only ever raises CarrierPayloadError', () => fuzz(parseTracking, ['delivered', 'failed-attempt', 'returned'].map(fx)));
});
