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
      relation: 'Parent',
      signatureUrl: null,
      rawStatus: 'POD scan',
    });
    expect(t.events.map((e) => e.status)).toEqual(['picked_up', 'in_transit', 'in_transit', 'out_for_delivery', 'delivered']);
    expect(t.events[0]).toMatchObject({ at: '2024-03-04T06:12:00.000Z', location: 'JAKARTA TIMUR' }); // epoch ms
    expect(t.events.at(-1)!.description).toBe('Paket telah diterima oleh Bayu (Parent)');
  });
  commonFixtureCases('idexpress', parseTracking, fx);
});

describe('ID Express table', () => {
  const one = (op: string) =>
    parseTracking({ code: 0, data: [{ basicInfo: { waybillNo: 'IDD1' }, historys: [{ operationType: op, operationTime: 1709532720 }] }] });
  // ID Express's `operationType` texts and the grouping integrators give them: Pick up / Loading →
  // pickup, Sending, Arrival / Unloading, Delivery scan → delivery, POD scan / POD Entry → delivered,
  // Return POD Scan → returned to the shipper, Problem On Shipment / Create Return Bill → a problem,
  // Confirm Return Bill → a return in progress; also Pickup Failure (never taken), Dropped Off at
  // Store (handed in by the shipper) and Automatic Cancel.
  const EXPECTED: Array<[string, string]> = [
    ['Pick up scan', 'picked_up'],
    ['Dropped Off at Store', 'picked_up'],
    ['Loading scan', 'in_transit'],
    ['Sending scan', 'in_transit'],
    ['Arrival scan', 'in_transit'],
    ['Unloading scan', 'in_transit'],
    ['Delivery scan', 'out_for_delivery'],
    ['POD scan', 'delivered'],
    ['POD Entry', 'delivered'],
    ['Return POD Scan', 'returned'],
    ['Problem On Shipment scan', 'failed'],
    ['Create Return Bill', 'failed'],
    ['Confirm Return Bill', 'failed'],
    ['Pickup Failure', 'pending'],
    ['Automatic Cancel', 'cancelled'],
  ];
  it.each(EXPECTED)('%s → %s, raw kept', (op, status) => {
    expect(one(op).events[0]).toMatchObject({ rawCode: op, rawText: op, description: op, status, unmapped: false });
    expect(one(` ${op.toUpperCase()} `).events[0]!.status).toBe(status);
  });
  it('the table holds exactly these texts', () => {
    expect(Object.keys(IDEXPRESS_STATUS_TABLE).sort()).toEqual(EXPECTED.map(([op]) => op.toLowerCase()).sort());
  });
  it('matches regardless of casing; unknown kept and flagged', () => {
    expect(one('POD Entry').events[0]!.status).toBe('delivered');
    expect(one('Teleport scan').events[0]).toMatchObject({ rawCode: 'Teleport scan', status: 'unknown', unmapped: true });
  });
});

describe('ID Express answers', () => {
  const answer = (historys: unknown[], extra: Record<string, unknown> = {}) => ({
    code: 0,
    data: { basicInfo: { waybillNo: 'IDD1' }, historys, ...extra },
  });
  const ev = (op: string, time: unknown, more: Record<string, unknown> = {}) => ({ operationType: op, operationTime: time, ...more });

  it.each([
    [{ code: 100002, desc: 'Unable to find waybill' }, 'not_found'],
    [{ code: '100002' }, 'not_found'],
    [{ code: -100000, desc: 'System exception' }, 'carrier_error'],
    [{ code: 1 }, 'carrier_error'],
  ])('error %j → %s', (p, code) => {
    expect(() => parseTracking(p)).toThrow(expect.objectContaining({ code, carrier: 'idexpress' }));
  });

  it('code 0 may come as text; data may be one object', () => {
    expect(parseTracking({ code: '0', data: { basicInfo: { waybillNo: 'IDD1' }, historys: [] } })).toMatchObject({
      awb: 'IDD1',
      status: 'unknown',
      rawStatus: '',
      events: [],
    });
  });

  it('operationTime: epoch seconds or milliseconds, as a number or text; anything else refused', () => {
    expect(parseTracking(answer([ev('Loading scan', 1709532720)])).events[0]!.at).toBe('2024-03-04T06:12:00.000Z');
    expect(parseTracking(answer([ev('Loading scan', 1709532720000)])).events[0]!.at).toBe('2024-03-04T06:12:00.000Z');
    expect(parseTracking(answer([ev('Loading scan', '1709532720')])).events[0]!.at).toBe('2024-03-04T06:12:00.000Z');
    for (const bad of ['', 'x', null, true, 0, -5])
      expect(() => parseTracking(answer([ev('Loading scan', bad)])), String(bad)).toThrow(expect.objectContaining({ code: 'invalid_date' }));
  });

  it('POD: signer and photo of the delivered event; photo falls back to the first complete proof', () => {
    const t = parseTracking(
      answer([
        ev('Delivery scan', 1709532720, { signer: 'NOT YET', proofOfStatus: 'https://x/not-pod.jpg' }),
        ev('POD scan', 1709532780, { signer: ' Bayu ', completeProofOfStatus: ['https://x/1.jpg', 'https://x/2.jpg'], currentBranch: ' BEKASI ' }),
      ]),
    );
    expect(t).toMatchObject({ status: 'delivered', podReceiverName: 'Bayu', image_url: 'https://x/1.jpg', rawStatus: 'POD scan' });
    expect(t.events[1]!.location).toBe('BEKASI');
    const withPhoto = parseTracking(
      answer([ev('POD scan', 1709532780, { signer: 'Bayu', proofOfStatus: 'https://x/p.jpg', completeProofOfStatus: ['https://x/1.jpg'] })]),
    );
    expect(withPhoto.image_url).toBe('https://x/p.jpg');
  });

  it('no receiver or photo while not delivered, even when fields are present', () => {
    const t = parseTracking(answer([ev('Delivery scan', 1709532720, { signer: 'Bayu', proofOfStatus: 'https://x/p.jpg' })]));
    expect(t).toMatchObject({ status: 'out_for_delivery', podReceiverName: null, image_url: null });
  });

  it('the AWB: basicInfo, else the first history waybillNo; none at all is refused', () => {
    expect(
      parseTracking({ code: 0, data: { historys: [ev('Loading scan', 1, { waybillNo: ' IDD2 ' }), ev('Sending scan', 2, { waybillNo: 'IDD3' })] } })
        .awb,
    ).toBe('IDD2');
    expect(parseTracking({ code: 0, data: { basicInfo: null, historys: [ev('Loading scan', 1, { waybillNo: 'IDD2' })] } }).awb).toBe('IDD2');
    expect(parseTracking({ code: 0, data: { basicInfo: { waybillNo: ' ' }, historys: [ev('Loading scan', 1, { waybillNo: 'IDD2' })] } }).awb).toBe(
      'IDD2',
    );
    expect(() => parseTracking({ code: 0, data: { historys: [ev('Loading scan', 1)] } })).toThrow(expect.objectContaining({ code: 'missing_field' }));
  });

  it('description defaults to the operation type; events sorted oldest first', () => {
    const t = parseTracking(answer([ev('Sending scan', 1709532780, { description: 'Dikirim' }), ev('Loading scan', 1709532720)]));
    expect(t.events.map((e) => [e.rawCode, e.description])).toEqual([
      ['Loading scan', 'Loading scan'],
      ['Sending scan', 'Dikirim'],
    ]);
  });
});

describe('ID Express garbage', () => {
  it.each([null, { code: -100000, desc: 'System exception' }, { code: 0, data: null }, { code: 0, data: { historys: [{ operationType: 'x' }] } }])(
    '%j',
    (p) => {
      expect(() => parseTracking(p)).toThrow(CarrierPayloadError);
    },
  );
  it('random JSON only ever raises CarrierPayloadError', () => fuzz(parseTracking, ['delivered', 'returned'].map(fx)));
});

// The error names the field that was wrong, so an operator reading the log can fix the payload.
describe('ID Express errors name the field', () => {
  const h = (item: Record<string, unknown>, data: Record<string, unknown> = {}) => ({
    code: 0,
    data: { basicInfo: { waybillNo: 'IDD1' }, historys: [{ operationType: 'Loading scan', operationTime: 1709532720, ...item }], ...data },
  });
  it.each([
    [5, 'not_object: payload is not an object'],
    [{}, 'missing_field: code is missing'],
    [{ code: 1, desc: {} }, 'invalid_field: desc is not a string'],
    [{ code: 1, desc: 'busy' }, 'carrier_error: 1 busy'],
    [{ code: 1 }, 'carrier_error: 1 '],
    [{ code: 0, data: 5 }, 'invalid_field: data is not an object'],
    [{ code: 0, data: { basicInfo: 5 } }, 'invalid_field: data.basicInfo is not an object'],
    [{ code: 0, data: { historys: 5 } }, 'invalid_field: data.historys is not an array'],
    [{ code: 0, data: { historys: [5] } }, 'invalid_field: historys[0] is not an object'],
    [h({ operationType: undefined }), 'missing_field: historys[0].operationType is missing'],
    [h({ operationTime: 'x' }), 'invalid_date: historys[0].operationTime is not an epoch'],
    [h({ description: {} }), 'invalid_field: historys[0].description is not a string'],
    [h({ waybillNo: {} }), 'invalid_field: historys[0].waybillNo is not a string'],
    [h({ operationType: 'POD scan', signer: {} }), 'invalid_field: historys[0].signer is not a string'],
    [h({ operationType: 'POD scan', completeProofOfStatus: 5 }), 'invalid_field: historys[0].completeProofOfStatus is not an array'],
    [h({ operationType: 'POD scan', proofOfStatus: {} }), 'invalid_field: historys[0].proofOfStatus is not a string'],
    [h({ operationType: 'POD scan', completeProofOfStatus: [{}] }), 'invalid_field: historys[0].completeProofOfStatus[0] is not a string'],
    [h({ currentBranch: {} }), 'invalid_field: historys[0].currentBranch is not a string'],
    [h({}, { basicInfo: { waybillNo: {} } }), 'invalid_field: basicInfo.waybillNo is not a string'],
    [{ code: 0, data: { historys: [] } }, 'missing_field: no waybillNo'],
  ])('%j → %s', (p, message) => {
    expect(() => parseTracking(p)).toThrow(`idexpress: ${message}`);
  });

  it('a POD event after a final return gives no receiver or photo', () => {
    const t = parseTracking({
      code: 0,
      data: {
        basicInfo: { waybillNo: 'IDD1' },
        historys: [
          { operationType: 'Return POD Scan', operationTime: 1709532720 },
          { operationType: 'POD scan', operationTime: 1709532780, signer: 'Bayu', proofOfStatus: 'https://x/p.jpg' },
        ],
      },
    });
    expect(t).toMatchObject({ status: 'returned', podReceiverName: null, image_url: null });
  });

  it('a POD event with an empty proof list has no photo; a second POD event without one keeps the first', () => {
    const ev = (op: string, time: number, more: Record<string, unknown>) => ({ operationType: op, operationTime: time, ...more });
    const one = parseTracking({
      code: 0,
      data: { basicInfo: { waybillNo: 'IDD1' }, historys: [ev('POD scan', 1709532780, { completeProofOfStatus: [] })] },
    });
    expect(one.image_url).toBeNull();
    const two = parseTracking({
      code: 0,
      data: {
        basicInfo: { waybillNo: 'IDD1' },
        historys: [
          ev('POD scan', 1709532780, { proofOfStatus: 'https://x/1.jpg', signer: 'A' }),
          ev('POD Entry', 1709532790, { completeProofOfStatus: null }),
        ],
      },
    });
    expect(two).toMatchObject({ image_url: 'https://x/1.jpg', podReceiverName: 'A' });
  });
});
