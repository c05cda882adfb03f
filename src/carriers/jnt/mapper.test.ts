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
    expect(t).toMatchObject({ relation: 'Resepsionis', signatureUrl: null });
    expect(t.events.map((e) => e.status)).toEqual(['pending', 'in_transit', 'in_transit', 'in_transit', 'out_for_delivery', 'delivered']);
    expect(t.events[0]).toMatchObject({ at: '2024-03-04T06:25:28.000Z', rawCode: '101', rawText: 'Manifes', location: 'JAKARTA' });
  });
  commonFixtureCases('jnt', parseTracking, fx);
});

describe('J&T table', () => {
  const one = (code: number, text: string) =>
    parseTracking({ awb: 'JD1', history: [{ date_time: '2024-01-01 10:00:00', status: text, status_code: code }] });
  // J&T's status_code values: 101 "Manifes" (order created, before pickup), 100 every in-network step
  // (told apart by the `status` text), 200 "Paket telah diterima" (delivered); one integration guide
  // adds 150 (on hold / problem, what an undelivered attempt shows) and 401 (return).
  it.each([
    ['101', 'pending'],
    ['100', 'in_transit'],
    ['150', 'failed'],
    ['200', 'delivered'],
    ['401', 'returned'],
  ])('%s → %s, raw kept', (code, status) => {
    expect(one(Number(code), 'Paket X').events[0]).toMatchObject({ rawCode: code, rawText: 'Paket X', status, unmapped: false });
    expect(mapJnt(` ${code} `, 'Paket X')).toEqual({ status, unmapped: false });
  });
  it('the table holds exactly these codes', () => {
    expect(Object.keys(JNT_STATUS_TABLE).sort()).toEqual(['100', '101', '150', '200', '401']);
  });
  it.each([
    ['Paket akan dikirim ke alamat penerima', 'out_for_delivery'],
    ['PAKET SEDANG DIANTAR', 'out_for_delivery'],
    ['Paket telah diambil oleh kurir', 'picked_up'],
    ['Pick up oleh kurir', 'picked_up'],
    ['pickup done', 'picked_up'],
    ['Paket dijemput', 'picked_up'],
    ['Paket telah sampai di DC', 'in_transit'],
    ['', 'in_transit'],
  ])('100 with text %j → %s', (text, status) => {
    expect(mapJnt('100', text)).toEqual({ status, unmapped: false });
    expect(mapJnt(' 100 ', text)).toEqual({ status, unmapped: false });
  });
  it('only 100 is refined by its text', () => {
    expect(mapJnt('200', 'Paket akan dikirim ke alamat penerima')).toEqual({ status: 'delivered', unmapped: false });
    expect(mapJnt('101', 'Paket telah diambil')).toEqual({ status: 'pending', unmapped: false });
    expect(mapJnt('999', 'sedang diantar')).toEqual({ status: 'unknown', unmapped: true });
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

describe('J&T answers', () => {
  const at = (i: number) => `2024-01-0${i} 10:00:00`;
  it.each([
    [{ error_id: '404', error_message: 'x' }, 'not_found'],
    [{ error_id: 404, error_message: '' }, 'not_found'],
    [{ error_id: '1', error_message: 'Invalid AWB' }, 'not_found'],
    [{ error_id: '1', error_message: 'awb not found' }, 'not_found'],
    [{ error_id: '500', error_message: 'busy' }, 'carrier_error'],
    [{ error_id: '4040', error_message: 'x' }, 'carrier_error'],
  ])('error answer %j → %s', (p, code) => {
    expect(() => parseTracking(p)).toThrow(expect.objectContaining({ code, carrier: 'jnt' }));
  });
  it('an error_id beside a history is not an error answer', () => {
    const t = parseTracking({ error_id: '404', awb: 'JD1', history: [{ date_time: at(1), status: 'Manifes', status_code: 101 }] });
    expect(t.status).toBe('pending');
  });
  it('the receiver of the delivered item is the POD receiver; not reported while not delivered', () => {
    const t = parseTracking({
      awb: ' JD1 ',
      history: [
        { date_time: at(1), status: 'Manifes', status_code: 101, receiver: 'NOT HIM' },
        { date_time: at(2), status: 'Paket telah diterima', status_code: 200, receiver: ' DEWI ', city_name: ' BANDUNG ' },
      ],
    });
    expect(t).toMatchObject({ awb: 'JD1', status: 'delivered', podReceiverName: 'DEWI', rawStatus: '200' });
    expect(t.events[1]!.location).toBe('BANDUNG');
    const notYet = parseTracking({ awb: 'JD1', history: [{ date_time: at(1), status: 'x', status_code: 150, receiver: 'DEWI' }] });
    expect(notYet).toMatchObject({ status: 'failed', podReceiverName: null });
  });
  it('a second delivered item without a receiver keeps the first one', () => {
    const t = parseTracking({
      awb: 'JD1',
      history: [
        { date_time: at(1), status: 'a', status_code: 200, receiver: 'DEWI' },
        { date_time: at(2), status: 'b', status_code: 200, receiver: '' },
      ],
    });
    expect(t.podReceiverName).toBe('DEWI');
  });
  it('empty history: unknown, no rawStatus; events sorted oldest first', () => {
    expect(parseTracking({ awb: 'JD1', history: [] })).toMatchObject({ status: 'unknown', rawStatus: '', events: [] });
    const t = parseTracking({
      awb: 'JD1',
      history: [
        { date_time: at(2), status: 'b', status_code: 100 },
        { date_time: at(1), status: 'a', status_code: 101 },
      ],
    });
    expect(t.events.map((e) => e.rawText)).toEqual(['a', 'b']);
    expect(t.events[0]!.location).toBeNull();
  });
});

describe('J&T garbage', () => {
  it.each([null, 'x', { awb: 'JD1' }, { error_id: '500', error_message: 'busy' }, { awb: 'JD1', history: [{ status_code: 200 }] }])('%j', (p) => {
    expect(() => parseTracking(p)).toThrow(CarrierPayloadError);
  });
  it('random JSON only ever raises CarrierPayloadError', () => fuzz(parseTracking, ['delivered', 'failed-attempt'].map(fx)));
});

// The error names the field that was wrong, so an operator reading the log can fix the payload.
describe('J&T errors name the field', () => {
  const h = (item: Record<string, unknown>, fields: Record<string, unknown> = {}) => ({
    awb: 'JD1',
    history: [{ date_time: '2024-01-01 10:00:00', status: 'x', status_code: 100, ...item }],
    ...fields,
  });
  it.each([
    [5, 'not_object: payload is not an object'],
    [{ error_id: {} }, 'invalid_field: error_id is not a string'],
    [{ error_id: '1', error_message: {} }, 'invalid_field: error_message is not a string'],
    [{ error_id: '500', error_message: 'busy' }, 'carrier_error: 500 busy'],
    [{ error_id: '500' }, 'carrier_error: 500 '],
    [{ history: [] }, 'missing_field: awb is missing'],
    [{ awb: 'JD1' }, 'missing_field: history is not an array'],
    [{ awb: 'JD1', history: [1] }, 'invalid_field: history[0] is not an object'],
    [h({ status_code: undefined }), 'missing_field: history[0].status_code is missing'],
    [h({ status: {} }), 'invalid_field: history[0].status is not a string'],
    [h({ date_time: undefined }), 'missing_field: history[0].date_time is missing'],
    [h({ date_time: 'x' }), 'invalid_date: history[0].date_time "x" is not a known date format'],
    [h({ status_code: 200, receiver: {} }), 'invalid_field: history[0].receiver is not a string'],
    [h({ city_name: {} }), 'invalid_field: history[0].city_name is not a string'],
  ])('%j → %s', (p, message) => {
    expect(() => parseTracking(p)).toThrow(`jnt: ${message}`);
  });

  it('a delivered item after a final return does not make a receiver', () => {
    const t = parseTracking({
      awb: 'JD1',
      history: [
        { date_time: '2024-01-01 10:00:00', status: 'Return', status_code: 401 },
        { date_time: '2024-01-02 10:00:00', status: 'Paket telah diterima', status_code: 200, receiver: 'DEWI' },
      ],
    });
    expect(t).toMatchObject({ status: 'returned', podReceiverName: null });
  });

  it('a missing status text is empty', () => {
    expect(parseTracking({ awb: 'JD1', history: [{ date_time: '2024-01-01 10:00:00', status_code: 100 }] }).events[0]).toMatchObject({
      rawText: '',
      description: '',
    });
  });
});
