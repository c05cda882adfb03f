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
    // cnote.keterangan and cnote.signature of the documented answer (docs/carriers.md §1.5).
    expect(t.relation).toBe('YANG BERSANGKUTAN');
    expect(t.signatureUrl).toBe('https://s3-ap-southeast-1.amazonaws.com/pod.paket.id/1709695920S||102452400123456.jpeg');
    expect(t.events.map((e) => e.status)).toEqual([
      'picked_up',
      'in_transit',
      'in_transit',
      'in_transit',
      'in_transit',
      'out_for_delivery',
      'delivered',
    ]);
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
    expect(t).toMatchObject({ status: 'in_transit', podReceiverName: null, image_url: null, relation: null, signatureUrl: null });
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
    expect(t.relation).toBe('YANG BERSANGKUTAN');
    expect(t.signatureUrl).toBe('https://s3-ap-southeast-1.amazonaws.com/pod.paket.id/1709695920S||102452400123456.jpeg');
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

// JNE's codes as documented by the carrier's integrators, restated here as the facts these tests rely on:
// - history codes seen in samples: RC1 (received at the JNE counter), OP1/OP2 (sorting centre in/processed),
//   OP3 (forwarded to the destination city), TP4 (departed from transit), IP1 (received at warehouse),
//   IP2 (received at inbound station), D01 (delivered to the addressee);
// - the undelivered POD code list: D24, D25, FOM, KRK, KRP, KRT, PS1, PS4, U01–U14, U21–U25, UB1, UB2 —
//   D24/D25 are failures although D-prefixed; other D-codes are deliveries;
// - `cnote.pod_status` "DELIVERED" with `pod_code` D01 marks a delivered cnote.
const EXPECTED_CODES: Array<[string, string]> = [
  ['RC1', 'picked_up'],
  ['OP1', 'in_transit'],
  ['OP2', 'in_transit'],
  ['OP3', 'in_transit'],
  ['TP4', 'in_transit'],
  ['IP1', 'in_transit'],
  ['IP2', 'in_transit'],
  ['D01', 'delivered'],
  ['D24', 'failed'],
  ['D25', 'failed'],
  ['FOM', 'failed'],
  ['KRK', 'failed'],
  ['KRP', 'failed'],
  ['KRT', 'failed'],
  ['PS1', 'failed'],
  ['PS4', 'failed'],
  ['U01', 'failed'],
  ['U02', 'failed'],
  ['U03', 'failed'],
  ['U04', 'failed'],
  ['U05', 'failed'],
  ['U06', 'failed'],
  ['U07', 'failed'],
  ['U08', 'failed'],
  ['U09', 'failed'],
  ['U10', 'failed'],
  ['U11', 'failed'],
  ['U12', 'failed'],
  ['U13', 'failed'],
  ['U14', 'failed'],
  ['U21', 'failed'],
  ['U22', 'failed'],
  ['U23', 'failed'],
  ['U24', 'failed'],
  ['U25', 'failed'],
  ['UB1', 'failed'],
  ['UB2', 'failed'],
];

const oneEvent = (code: string, desc = 'X') =>
  parseJneCallback({ awb: '1', history: [{ date: '01-01-2024 10:00', status_code: code, status_desc: desc }] });

describe('JNE status codes (the documented list, written out)', () => {
  it.each(EXPECTED_CODES)('%s → %s, raw kept', (code, status) => {
    // A text that would match a text rule must not matter for a code in the table.
    const t = oneEvent(code, 'DELIVERED TO [X]');
    expect(t.events[0]).toMatchObject({ rawCode: code, rawText: 'DELIVERED TO [X]', status, unmapped: false });
    expect(mapJneCode(code, '')).toEqual({ status, unmapped: false });
    expect(mapJneCode(` ${code.toLowerCase()} `, '')).toEqual({ status, unmapped: false });
  });

  it('the table holds exactly the documented codes', () => {
    expect(Object.keys(JNE_STATUS_TABLE).sort()).toEqual(EXPECTED_CODES.map(([c]) => c).sort());
    expect([...JNE_FAILURE_CODES].sort()).toEqual(
      EXPECTED_CODES.filter(([, s]) => s === 'failed')
        .map(([c]) => c)
        .sort(),
    );
  });

  it.each([
    ['D02', 'delivered'],
    ['D99', 'delivered'],
    ['U15', 'unknown'], // between the two documented U ranges
    ['U20', 'unknown'],
    ['U26', 'unknown'],
    ['UB3', 'unknown'],
    ['PS2', 'unknown'],
    ['D1', 'unknown'], // not two digits
    ['D001', 'unknown'],
    ['XD01', 'unknown'],
  ])('code outside the table %s → %s', (code, status) => {
    expect(mapJneCode(code, '')).toEqual({ status, unmapped: status === 'unknown' });
  });

  it.each([
    ['SHIPMENT RETURN TO SHIPPER [JAKARTA]', 'returned'],
    ['RETURNED TO SHIPPER', 'returned'],
    ['returned to shipper', 'returned'],
    ['DELIVERED TO [SITI | 06-03-2024 10:32 | BANDUNG ]', 'delivered'],
    ['delivered to [x]', 'delivered'],
    ['WITH DELIVERY COURIER [BANDUNG]', 'out_for_delivery'],
    ['SHIPMENT PICKED UP BY JNE COURIER', 'picked_up'],
    ['shipment picked up by jne courier', 'picked_up'],
  ])('unseen code, text %j → %s', (text, status) => {
    expect(mapJneCode('ZZ1', text)).toEqual({ status, unmapped: false });
  });

  it.each([
    'NOT DELIVERED TO [X]', // "DELIVERED TO" must start the text
    'UNDELIVERED TO ADDRESS',
    'DELIVERED TOMORROW',
    'SHIPMENT IS BEING HELD. DID NOT PASS X-RAY SCANNING',
    '',
  ])('unseen code, text %j → unknown, flagged', (text) => {
    expect(mapJneCode('ZZ1', text)).toEqual({ status: 'unknown', unmapped: true });
  });

  it('the first text rule that matches wins (return before delivered)', () => {
    expect(mapJneCode('ZZ1', 'DELIVERED TO SHIPPER: RETURN TO SHIPPER')).toEqual({ status: 'returned', unmapped: false });
    expect(mapJneCode('ZZ1', 'PICKED UP, WITH DELIVERY COURIER')).toEqual({ status: 'out_for_delivery', unmapped: false });
  });
});

/** A cnote answer built from the in-transit fixture, with the given cnote fields and history. */
function cnote(fields: Record<string, unknown>, history?: unknown[]): unknown {
  const base = structuredClone(fx('in-transit')) as { cnote: Record<string, unknown>; history: unknown[] };
  Object.assign(base.cnote, fields);
  if (history) base.history = history;
  return base;
}

describe('JNE cnote: pod_status / pod_code', () => {
  it('pod_status DELIVERED makes an in-transit history delivered, and the receiver is read then', () => {
    const t = parseTracking(cnote({ pod_status: 'DELIVERED', cnote_pod_receiver: ' BUDI ', last_status: null }));
    expect(t).toMatchObject({ status: 'delivered', podReceiverName: 'BUDI', rawStatus: 'DELIVERED' });
  });

  it('pod_status is read case-insensitively', () => {
    expect(parseTracking(cnote({ pod_status: 'delivered' })).status).toBe('delivered');
    expect(parseTracking(cnote({ pod_status: 'Return To Shipper' })).status).toBe('returned');
  });

  it('pod_status RETURN TO SHIPPER → returned', () => {
    expect(parseTracking(cnote({ pod_status: 'RETURN TO SHIPPER' })).status).toBe('returned');
  });

  it('pod_status ON PROCESS says nothing; pod_code decides when pod_status does not', () => {
    expect(parseTracking(cnote({ pod_status: 'ON PROCESS', pod_code: null })).status).toBe('in_transit');
    expect(parseTracking(cnote({ pod_status: 'ON PROCESS', pod_code: 'D01' })).status).toBe('delivered');
    expect(parseTracking(cnote({ pod_status: null, pod_code: 'D02' })).status).toBe('delivered');
    expect(parseTracking(cnote({ pod_status: 'ON PROCESS', pod_code: 'U05' })).status).toBe('failed');
    expect(parseTracking(cnote({ pod_status: 'ON PROCESS', pod_code: 'D25' })).status).toBe('failed');
  });

  it('pod_status wins over pod_code when both speak', () => {
    expect(parseTracking(cnote({ pod_status: 'RETURN TO SHIPPER', pod_code: 'D01' })).status).toBe('returned');
  });

  it('an unknown pod_code adds nothing (and an empty one neither)', () => {
    expect(parseTracking(cnote({ pod_status: null, pod_code: 'ZZ9' })).status).toBe('in_transit');
    expect(parseTracking(cnote({ pod_status: '', pod_code: '  ' })).status).toBe('in_transit');
  });

  it('a receiver name on a cnote that is not delivered is not reported', () => {
    const t = parseTracking(cnote({ cnote_pod_receiver: 'SITI', pod_status: 'ON PROCESS' }));
    expect(t.status).toBe('in_transit');
    expect(t.podReceiverName).toBeNull();
  });

  it('rawStatus: last_status, else pod_status, else the last event text, else empty', () => {
    expect(parseTracking(cnote({ last_status: ' LAST ' })).rawStatus).toBe('LAST');
    expect(parseTracking(cnote({ last_status: null, pod_status: 'ON PROCESS' })).rawStatus).toBe('ON PROCESS');
    expect(parseTracking(cnote({ last_status: '', pod_status: null })).rawStatus).toBe('DEPARTED FROM TRANSIT [GATEWAY , JAKARTA]');
    expect(parseTracking(cnote({ last_status: null, pod_status: null }, [])).rawStatus).toBe('');
  });

  it('no history: status from the cnote alone; history may be absent', () => {
    const noHistory = cnote({ pod_status: 'DELIVERED' }) as Record<string, unknown>;
    delete noHistory.history;
    const t = parseTracking(noHistory);
    expect(t).toMatchObject({ status: 'delivered', events: [] });
    expect(parseTracking(cnote({ pod_status: null }, [])).status).toBe('unknown');
  });

  it('history event: code and desc optional, location from the bracket, city after the last bar', () => {
    const t = parseTracking(
      cnote({}, [
        { date: '04-03-2024 09:12', desc: 'RECEIVED AT WAREHOUSE [ BANDUNG ]', code: 'IP1' },
        { date: '04-03-2024 10:00', desc: 'DELIVERED TO [SITI | 04-03-2024 10:00 | CIMAHI ]' },
        { date: '04-03-2024 11:00', code: 'OP1' },
        { date: '04-03-2024 12:00', desc: 'DELIVERED TO [SITI | 04-03-2024 12:00 |  ]', code: 'D01' },
        { date: '04-03-2024 13:00', desc: 'NO BRACKET', code: 'OP2' },
      ]),
    );
    expect(t.events.map((e) => [e.rawCode, e.status, e.location, e.unmapped])).toEqual([
      ['IP1', 'in_transit', 'BANDUNG', false],
      ['', 'delivered', 'CIMAHI', false],
      ['OP1', 'in_transit', null, false],
      ['D01', 'delivered', null, false],
      ['OP2', 'in_transit', null, false],
    ]);
    expect(t.events[2]).toMatchObject({ rawText: '', description: '' });
  });

  it('history is sorted oldest first whatever the order received', () => {
    const t = parseTracking(
      cnote({}, [
        { date: '05-03-2024 10:00', desc: 'B', code: 'OP2' },
        { date: '04-03-2024 10:00', desc: 'A', code: 'RC1' },
      ]),
    );
    expect(t.events.map((e) => e.rawText)).toEqual(['A', 'B']);
  });

  it('not found needs the words "not found"; another error is a carrier error', () => {
    expect(() => parseTracking({ error: 'Cnote No. Not Found.' })).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(() => parseTracking({ error: 'cnote not found' })).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(() => parseTracking({ error: 'Internal error', cnote: null })).toThrow(expect.objectContaining({ code: 'carrier_error' }));
    expect(() => parseTracking({ error: '  ' })).toThrow(expect.objectContaining({ code: 'missing_field' }));
    expect(() => parseTracking({})).toThrow(expect.objectContaining({ code: 'missing_field' }));
  });

  it('the AWB is trimmed', () => {
    expect(parseTracking(cnote({ cnote_no: ' 0102452400123457 ' })).awb).toBe('0102452400123457');
  });
});

describe('JNE callback fields', () => {
  const cb = (over: Record<string, unknown>) => ({ ...(structuredClone(fx('callback-delivered')) as Record<string, unknown>), ...over });

  it('a blank AWB is refused', () => {
    expect(() => parseJneCallback(cb({ awb: '   ' }))).toThrow(expect.objectContaining({ code: 'missing_field' }));
    expect(() => parseJneCallback(cb({ awb: '' }))).toThrow(expect.objectContaining({ code: 'missing_field' }));
  });

  it('the AWB is trimmed', () => {
    expect(parseJneCallback(cb({ awb: ' 0102452400123456 ' })).awb).toBe('0102452400123456');
  });

  it('a history that is not an array is refused', () => {
    expect(() => parseJneCallback(cb({ history: {} }))).toThrow(expect.objectContaining({ code: 'invalid_field' }));
  });

  it('receiver name on a callback that is not delivered is not reported', () => {
    const t = parseJneCallback(cb({ history: [{ date: '06-03-2024 08:15', status_code: 'IP3', status_desc: 'WITH DELIVERY COURIER [BANDUNG]' }] }));
    expect(t).toMatchObject({ status: 'out_for_delivery', podReceiverName: null });
  });

  it('rawStatus falls back to the last event code; text falls back from status_desc to status', () => {
    const t = parseJneCallback(cb({ status: ' ', history: [{ date: '06-03-2024 08:15', status_code: 'OP1', status: 'SORTING' }] }));
    expect(t.rawStatus).toBe('OP1');
    expect(t.events[0]).toMatchObject({ rawText: 'SORTING', location: null });
    expect(parseJneCallback(cb({ history: [{ date: '06-03-2024 08:15', status_code: 'OP1' }] })).events[0]!.rawText).toBe('');
  });

  it('location: location_code, else the bracket of the text', () => {
    const t = parseJneCallback(cb({ history: [{ date: '06-03-2024 08:15', status_code: 'OP1', status_desc: 'AT [DEPOK]' }] }));
    expect(t.events[0]!.location).toBe('DEPOK');
  });

  it('a history entry without status_code is refused', () => {
    expect(() => parseJneCallback(cb({ history: [{ date: '06-03-2024 08:15', status_desc: 'X' }] }))).toThrow(
      expect.objectContaining({ code: 'missing_field' }),
    );
  });

  it('the photo is optional', () => {
    expect(parseJneCallback(cb({ photo: '' })).image_url).toBeNull();
  });
});

describe('JNE garbage', () => {
  it.each([null, 1, [], { cnote: 5 }, { cnote: {} }, { error: 'Internal error' }])('%j → CarrierPayloadError', (p) => {
    expect(() => parseTracking(p)).toThrow(CarrierPayloadError);
  });
  it('random JSON only ever raises CarrierPayloadError', () =>
    fuzz(parseTracking, ['delivered', 'in-transit', 'failed-attempt', 'returned'].map(fx)));
});

// The error names the field that was wrong, so an operator reading the log can fix the payload.
describe('JNE errors name the field', () => {
  const cn = (fields: Record<string, unknown>, history: unknown[] = []) => ({ cnote: { cnote_no: '1', ...fields }, history });
  const h = (fields: Record<string, unknown>) => cn({}, [{ date: '04-03-2024 09:12', desc: 'X', code: 'OP1', ...fields }]);
  it.each([
    [null, 'not_object: payload is not an object'],
    [{ error: {} }, 'invalid_field: error is not a string'],
    [{ error: 'busy' }, 'carrier_error: busy'],
    [{}, 'missing_field: cnote is missing'],
    [{ cnote: 5 }, 'invalid_field: cnote is not an object'],
    [{ cnote: {} }, 'missing_field: cnote.cnote_no is missing'],
    [{ cnote: { cnote_no: '1' }, history: {} }, 'invalid_field: history is not an array'],
    [cn({}, [5]), 'invalid_field: history[0] is not an object'],
    [h({ desc: {} }), 'invalid_field: history[0].desc is not a string'],
    [h({ code: {} }), 'invalid_field: history[0].code is not a string'],
    [h({ date: undefined }), 'missing_field: history[0].date is missing'],
    [h({ date: 'kemarin' }), 'invalid_date: history[0].date "kemarin" is not a known date format'],
    [cn({ pod_status: {} }), 'invalid_field: cnote.pod_status is not a string'],
    [cn({ pod_code: {} }), 'invalid_field: cnote.pod_code is not a string'],
    [cn({ last_status: {} }), 'invalid_field: cnote.last_status is not a string'],
    [cn({ pod_status: 'DELIVERED', cnote_pod_receiver: {} }), 'invalid_field: cnote.cnote_pod_receiver is not a string'],
    [cn({ photo: {} }), 'invalid_field: cnote.photo is not a string'],
  ])('parseTracking(%j) → %s', (p, message) => {
    expect(() => parseTracking(p)).toThrow(`jne: ${message}`);
  });

  const cb = (fields: Record<string, unknown>, item: Record<string, unknown> = {}) => ({
    awb: '1',
    history: [{ date: '04-03-2024 09:12', status_code: 'OP1', status_desc: 'X', ...item }],
    ...fields,
  });
  it.each([
    ['x', 'not_object: callback is not an object'],
    [cb({ awb: undefined }), 'missing_field: awb is missing'],
    [cb({ awb: ' ' }), 'missing_field: awb is empty'],
    [cb({ history: 'x' }), 'invalid_field: history is not an array'],
    [cb({ history: [] }), 'missing_field: history is empty'],
    [cb({ history: [1] }), 'invalid_field: history[0] is not an object'],
    [cb({}, { status_code: undefined }), 'missing_field: history[0].status_code is missing'],
    [cb({}, { status_desc: {} }), 'invalid_field: history[0].status_desc is not a string'],
    [cb({}, { status_desc: undefined, status: {} }), 'invalid_field: history[0].status is not a string'],
    [cb({}, { date: undefined }), 'missing_field: history[0].date is missing'],
    [cb({}, { date: 'x' }), 'invalid_date: history[0].date "x" is not a known date format'],
    [cb({}, { location_code: {} }), 'invalid_field: history[0].location_code is not a string'],
    [cb({ receiver_name: {} }, { status_code: 'D01' }), 'invalid_field: receiver_name is not a string'],
    [cb({ photo: {} }), 'invalid_field: photo is not a string'],
    [cb({ status: {} }), 'invalid_field: status is not a string'],
  ])('parseJneCallback(%j) → %s', (p, message) => {
    expect(() => parseJneCallback(p)).toThrow(`jne: ${message}`);
  });
});
