import { describe, expect, it } from 'vitest';
import { CarrierPayloadError } from '../model.js';
import { commonFixtureCases, expectWellFormed, fuzz, loadFixture } from '../../../test/helpers/carrier-mappers.js';
import { IDEXPRESS_STATUS_TABLE, parseTracking } from './mapper.js';

const fx = (n: string) => loadFixture(import.meta.url, n);

describe('ID Express parseTracking on fixtures', () => {
  it('delivered with POD', () => {
    const t = parseTracking(fx('delivered'));
    expectWellFormed(t);
    expect(t).toMatchObject({
      carrier: 'idexpress',
      awb: 'IDD955255915801',
      status: 'delivered',
      podReceiverName: 'Bayu',
      image_url: 'https://idexpress-pod.s3.ap-southeast-1.amazonaws.com/pod/IDD955255915801_1.jpg',
      rawStatus: 'POD scan',
    });
    expect(t.events.map((e) => e.status)).toEqual(['picked_up', 'in_transit', 'in_transit', 'out_for_delivery', 'delivered']);
    expect(t.events[0]).toMatchObject({ at: '2024-03-04T06:12:00.000Z', location: 'JAKARTA TIMUR' }); // epoch ms
    expect(t.events.at(-1)!.description).toBe('Paket telah diterima oleh Bayu (Parent)');
  });
  commonFixtureCases('idexpress', parseTracking, fx);
});

describe('ID Express table', () => {
  const one = (op: string) => parseTracking({ code: 0, data: [{ basicInfo: { waybillNo: 'IDD1' }, historys: [{ operationType: op, operationTime: 1709532720 }] }] });
  it.each(Object.entries(IDEXPRESS_STATUS_TABLE))('%s → %s, raw kept', (op, status) => {
    expect(one(op).events[0]).toMatchObject({ rawCode: op, status, unmapped: false });
  });
  it('matches regardless of casing; unknown kept and flagged', () => {
    expect(one('POD Entry').events[0]!.status).toBe('delivered');
    expect(one('Teleport scan').events[0]).toMatchObject({ rawCode: 'Teleport scan', status: 'unknown', unmapped: true });
  });
});

describe('ID Express garbage', () => {
  it.each([null, { code: -100000, desc: 'System exception' }, { code: 0, data: null }, { code: 0, data: { historys: [{ operationType: 'x' }] } }])('%j', (p) => {
    expect(() => parseTracking(p)).toThrow(CarrierPayloadError);
  });
  it('random JSON only ever raises CarrierPayloadError', () => fuzz(parseTracking, ['delivered', 'returned'].map(fx)));
});
