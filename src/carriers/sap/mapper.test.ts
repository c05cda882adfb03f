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
      relation: 'RECEPTIONIST / SEKRETARIS',
      signatureUrl: 'https://client.coresyssap.com/photo/pod_signature/CGK8056427900024',
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
  // SAP Express's `rowstate_name` values: the ENTRI states before pickup, PICKED UP, VOID / VOID
  // PICKUP, ENTRI VERIFIED, MANIFEST OUTGOING, OUTGOING SMU, INCOMING, DELIVERY, POD - DELIVERED
  // (delivered), POD - UNDELIVERED (an undelivered attempt, the reason in `description`), the three
  // RETURN legs (a return under way) and SHIPMENT RETURN TO CLIENT (returned).
  const EXPECTED: Array<[string, string]> = [
    ['ENTRI (SEDANG DI PICKUP)', 'pending'],
    ['ENTRI (PENDING PICKUP)', 'pending'],
    ['ENTRI (SEDANG PICKUP ULANG)', 'pending'],
    ['PICKED UP', 'picked_up'],
    ['ENTRI VERIFIED', 'picked_up'],
    ['VOID', 'cancelled'],
    ['VOID PICKUP', 'cancelled'],
    ['MANIFEST OUTGOING', 'in_transit'],
    ['OUTGOING SMU', 'in_transit'],
    ['INCOMING', 'in_transit'],
    ['DELIVERY', 'out_for_delivery'],
    ['POD - DELIVERED', 'delivered'],
    ['POD - UNDELIVERED', 'failed'],
    ['OUTGOING RETURN', 'failed'],
    ['INCOMING RETURN', 'failed'],
    ['DELIVERY RETURN', 'failed'],
    ['SHIPMENT RETURN TO CLIENT', 'returned'],
  ];
  it.each(EXPECTED)('%s → %s, raw kept', (name, status) => {
    expect(one(name).events[0]).toMatchObject({ rawCode: name, rawText: name, description: name, status, unmapped: false });
    expect(one(` ${name.toLowerCase()} `).events[0]!.status).toBe(status);
  });
  it('the table holds exactly these names', () => {
    expect(Object.keys(SAP_STATUS_TABLE).sort()).toEqual(EXPECTED.map(([n]) => n).sort());
  });
  it('unknown kept and flagged', () => {
    expect(one('TELEPORTED').events[0]).toMatchObject({ rawCode: 'TELEPORTED', status: 'unknown', unmapped: true });
  });
});

describe('SAP answers', () => {
  const ev = (name: string, date: string, more: Record<string, unknown> = {}) => ({
    awb_no: 'CGK1',
    rowstate_name: name,
    create_date: date,
    ...more,
  });

  it.each([
    ['not found', 'not_found'],
    ['Data tidak ditemukan', 'not_found'],
    ['NO DATA', 'not_found'],
    ['server busy', 'carrier_error'],
    ['', 'carrier_error'],
  ])('v2 fail with msg %j → %s', (msg, code) => {
    expect(() => parseTracking({ status: 'fail', msg, data: [] })).toThrow(expect.objectContaining({ code, carrier: 'sap' }));
  });

  it('v2 success with no events is not found; a v2 data that is not a list is refused', () => {
    expect(() => parseTracking({ status: 'success', data: [] })).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(() => parseTracking({ status: 'success', data: {} })).toThrow(expect.objectContaining({ code: 'invalid_field' }));
    expect(() => parseTracking({ status: 1, data: [] })).toThrow(expect.objectContaining({ code: 'not_object' }));
  });

  it('POD: receiver and photo of the delivered event, photo from pod_photo, pod_camera, then photo_pod[0]', () => {
    const base = [ev('DELIVERY', '2024-01-01 09:00:00', { pod_receiver_name: 'NOT YET', pod_photo: 'https://x/no.jpg' })];
    const t = (more: Record<string, unknown>) => parseTracking([...base, ev('POD - DELIVERED', '2024-01-01 10:00:00', more)]);
    expect(
      t({ pod_receiver_name: ' ELSA ', pod_photo: 'https://x/a.jpg', pod_camera: 'https://x/b.jpg', photo_pod: ['https://x/c.jpg'] }),
    ).toMatchObject({
      podReceiverName: 'ELSA',
      image_url: 'https://x/a.jpg',
      rawStatus: 'POD - DELIVERED',
    });
    expect(t({ pod_photo: '', pod_camera: 'https://x/b.jpg', photo_pod: ['https://x/c.jpg'] }).image_url).toBe('https://x/b.jpg');
    expect(t({ photo_pod: ['https://x/c.jpg'] }).image_url).toBe('https://x/c.jpg');
    expect(t({ photo_pod: null }).image_url).toBeNull();
  });

  it('no receiver or photo while not delivered', () => {
    const t = parseTracking([ev('DELIVERY', '2024-01-01 09:00:00', { pod_receiver_name: 'ELSA', pod_photo: 'https://x/a.jpg' })]);
    expect(t).toMatchObject({ status: 'out_for_delivery', podReceiverName: null, image_url: null });
  });

  it('push events carry created_at instead of create_date; location from the branch, else the counter', () => {
    const t = parseTracking([
      { awb_no: ' CGK1 ', rowstate_name: 'INCOMING', created_at: '2024-01-01 10:00:00', counter_name: ' COUNTER A ' },
      ev('DELIVERY ', '2024-01-01 11:00:00', { current_branch_name: 'CILANDAK', counter_name: 'COUNTER B', description: ' Dibawa kurir ' }),
    ]);
    expect(t.awb).toBe('CGK1');
    expect(t.events.map((e) => [e.at, e.location, e.description])).toEqual([
      ['2024-01-01T03:00:00.000Z', 'COUNTER A', 'INCOMING'],
      ['2024-01-01T04:00:00.000Z', 'CILANDAK', 'Dibawa kurir'],
    ]);
    expect(t.rawStatus).toBe('DELIVERY');
  });

  it('the AWB is the first one given; none at all is refused', () => {
    expect(
      parseTracking([ev('INCOMING', '2024-01-01 10:00:00', { awb_no: '' }), ev('DELIVERY', '2024-01-01 11:00:00', { awb_no: 'CGK2' })]).awb,
    ).toBe('CGK2');
    expect(() => parseTracking([{ rowstate_name: 'INCOMING', create_date: '2024-01-01 10:00:00' }])).toThrow(
      expect.objectContaining({ code: 'missing_field' }),
    );
  });

  it('events are sorted oldest first', () => {
    const t = parseTracking([ev('DELIVERY', '2024-01-02 10:00:00'), ev('INCOMING', '2024-01-01 10:00:00')]);
    expect(t.events.map((e) => e.rawCode)).toEqual(['INCOMING', 'DELIVERY']);
    expect(t.status).toBe('out_for_delivery');
  });
});

describe('SAP garbage', () => {
  it.each([
    null,
    {},
    { status: 'fail', msg: 'server busy' },
    [{ awb_no: 'X' }],
    [{ awb_no: 'X', rowstate_name: 'INCOMING', create_date: 'kemarin' }],
  ])('%j', (p) => {
    expect(() => parseTracking(p)).toThrow(CarrierPayloadError);
  });
  it('random JSON only ever raises CarrierPayloadError', () => fuzz(parseTracking, ['delivered', 'returned'].map(fx)));
});

// The error names the field that was wrong, so an operator reading the log can fix the payload.
describe('SAP errors name the field', () => {
  const e = (fields: Record<string, unknown>) => [{ awb_no: 'CGK1', rowstate_name: 'INCOMING', create_date: '2024-01-01 10:00:00', ...fields }];
  it.each([
    [5, 'not_object: payload is neither an event array nor a v2 envelope'],
    [{ status: 'fail', msg: {} }, 'invalid_field: msg is not a string'],
    [{ status: 'fail', msg: 'busy' }, 'carrier_error: busy'],
    [{ status: 'fail' }, 'carrier_error: '],
    [{ status: 'success' }, 'missing_field: data is not an array'],
    [[], 'not_found: no tracking events'],
    [[5], 'invalid_field: [0] is not an object'],
    [e({ rowstate_name: undefined }), 'missing_field: [0].rowstate_name is missing'],
    [e({ awb_no: {} }), 'invalid_field: [0].awb_no is not a string'],
    [e({ create_date: {} }), 'invalid_field: [0].create_date is not a string'],
    [e({ create_date: undefined }), 'missing_field: [0].create_date is missing'],
    [e({ create_date: 'x' }), 'invalid_date: [0].create_date "x" is not a known date format'],
    [e({ description: {} }), 'invalid_field: [0].description is not a string'],
    [e({ rowstate_name: 'POD - DELIVERED', pod_receiver_name: {} }), 'invalid_field: [0].pod_receiver_name is not a string'],
    [e({ rowstate_name: 'POD - DELIVERED', photo_pod: 5 }), 'invalid_field: [0].photo_pod is not an array'],
    [e({ rowstate_name: 'POD - DELIVERED', pod_photo: {} }), 'invalid_field: [0].pod_photo is not a string'],
    [e({ rowstate_name: 'POD - DELIVERED', pod_camera: {} }), 'invalid_field: [0].pod_camera is not a string'],
    [e({ rowstate_name: 'POD - DELIVERED', photo_pod: [{}] }), 'invalid_field: [0].photo_pod[0] is not a string'],
    [e({ current_branch_name: {} }), 'invalid_field: [0].current_branch_name is not a string'],
    [e({ counter_name: {} }), 'invalid_field: [0].counter_name is not a string'],
    [e({ awb_no: undefined }), 'missing_field: awb_no'],
  ])('%j → %s', (p, message) => {
    expect(() => parseTracking(p)).toThrow(`sap: ${message}`);
  });

  it('a delivered event after a final return gives no receiver or photo', () => {
    const t = parseTracking([
      { awb_no: 'CGK1', rowstate_name: 'SHIPMENT RETURN TO CLIENT', create_date: '2024-01-01 10:00:00' },
      {
        awb_no: 'CGK1',
        rowstate_name: 'POD - DELIVERED',
        create_date: '2024-01-02 10:00:00',
        pod_receiver_name: 'ELSA',
        pod_photo: 'https://x/a.jpg',
      },
    ]);
    expect(t).toMatchObject({ status: 'returned', podReceiverName: null, image_url: null });
  });

  it('description defaults to the trimmed state name', () => {
    expect(parseTracking(e({ rowstate_name: ' DELIVERY ' })).events[0]!.description).toBe('DELIVERY');
  });
});
