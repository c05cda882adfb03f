import { describe, expect, it } from 'vitest';
import { CarrierPayloadError } from '../model.js';
import { commonFixtureCases, expectWellFormed, fuzz, loadFixture } from '../../../test/helpers/carrier-mappers.js';
import { parseTracking, SAP_STATUS_TABLE } from './mapper.js';

const fx = (n: string) => loadFixture(import.meta.url, n);

describe('SAP parseTracking on fixtures', () => {
  it('delivered with POD (v1 bare array)', () => {
    const t = parseTracking(fx('delivered'));
    expectWellFormed(t);
    expect(t).toMatchObject({
      carrier: 'sap',
      awb: 'CGK8056427900024',
      status: 'delivered',
      podReceiverName: 'ELSA',
      image_url: 'https://client.coresyssap.com/photo/pod/CGK8056427900024',
      rawStatus: 'POD - DELIVERED',
    });
    expect(t.events.map((e) => e.status)).toEqual(['picked_up', 'in_transit', 'in_transit', 'out_for_delivery', 'delivered']);
    expect(t.events[3]).toMatchObject({ rawCode: 'DELIVERY ', at: '2024-03-05T02:00:00.000Z', location: 'CILANDAK' });
  });
  it('the same events in a v2 envelope', () => {
    expect(parseTracking({ status: 'success', msg: 'OK', data: fx('delivered') })).toEqual(parseTracking(fx('delivered')));
  });
  commonFixtureCases('sap', parseTracking, fx);
  it('an empty list is not found too', () => {
    expect(() => parseTracking([])).toThrow(expect.objectContaining({ code: 'not_found' }));
  });
});

describe('SAP table', () => {
  const one = (name: string) => parseTracking([{ awb_no: 'CGK1', rowstate_name: name, create_date: '2024-01-01 10:00:00' }]);
  it.each(Object.entries(SAP_STATUS_TABLE))('%s → %s, raw kept', (name, status) => {
    expect(one(name).events[0]).toMatchObject({ rawCode: name, status, unmapped: false });
  });
  it('unknown kept and flagged', () => {
    expect(one('TELEPORTED').events[0]).toMatchObject({ rawCode: 'TELEPORTED', status: 'unknown', unmapped: true });
  });
});

describe('SAP garbage', () => {
  it.each([null, {}, { status: 'fail', msg: 'server busy' }, [{ awb_no: 'X' }], [{ awb_no: 'X', rowstate_name: 'INCOMING', create_date: 'kemarin' }]])('%j', (p) => {
    expect(() => parseTracking(p)).toThrow(CarrierPayloadError);
  });
  it('random JSON only ever raises CarrierPayloadError', () => fuzz(parseTracking, ['delivered', 'returned'].map(fx)));
});
