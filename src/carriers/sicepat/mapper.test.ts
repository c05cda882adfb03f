import { describe, expect, it } from 'vitest';
import { CarrierPayloadError } from '../model.js';
import { expectWellFormed, fuzz, loadFixture } from '../../../test/helpers/carrier-mappers.js';
import { parseTracking, podReceiverFrom, podRelationFrom, SICEPAT_STATUS_TABLE } from './mapper.js';

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
      relation: '(KEL) Keluarga Serumah',
      signatureUrl: 'https://sicepatmasterdata.s3.amazonaws.com/attachments/signaturePOD/000434236059',
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

// SiCepat's history codes seen in its answers: PICKREQ (pickup requested), PICK (picked up by the
// courier), IN (manifested / received at a hub), OUT (left a hub), ANT ("Paket dibawa", out for
// delivery), DELIVERED. No return / cancel / problem code is published; the terms SiCepat shows
// customers for an undelivered parcel are NTH (not at home), BA (bad address), CODA (closed once
// delivery attempt), MR (misroute), AU (antar ulang, redelivery), CNEE UNKNOWN, and RETUR for a return
// being started; RTS / RETURNED mean returned, CANCEL cancelled, HOLD held (an exception).
const EXPECTED_CODES: Array<[string, string]> = [
  ['PICKREQ', 'pending'],
  ['PICK', 'picked_up'],
  ['IN', 'in_transit'],
  ['OUT', 'in_transit'],
  ['ANT', 'out_for_delivery'],
  ['DELIVERED', 'delivered'],
  ['NTH', 'failed'],
  ['BA', 'failed'],
  ['CODA', 'failed'],
  ['MR', 'failed'],
  ['AU', 'failed'],
  ['CNEE UNKNOWN', 'failed'],
  ['RETUR', 'failed'],
  ['RTS', 'returned'],
  ['RETURNED', 'returned'],
  ['CANCEL', 'cancelled'],
  ['HOLD', 'exception'],
];

/** A SiCepat answer: status 200 and the given result fields. */
const answer = (result: Record<string, unknown>, status: Record<string, unknown> = { code: 200, description: 'OK' }) => ({
  sicepat: { status, result: { waybill_number: '000434236059', ...result } },
});
const item = (status: string, date = '2024-01-01 10:00', more: Record<string, unknown> = { city: 'X' }) => ({ date_time: date, status, ...more });

describe('SiCepat table', () => {
  it.each(EXPECTED_CODES)('%s → %s, raw kept', (code, status) => {
    const t = parseTracking(answer({ track_history: [item(code)] }));
    expect(t.events[0]).toMatchObject({ rawCode: code, rawText: 'X', status, unmapped: false, location: null, description: 'X' });
    // Codes are matched without regard to case or surrounding blanks.
    expect(parseTracking(answer({ track_history: [item(` ${code.toLowerCase()} `)] })).events[0]!.status).toBe(status);
  });

  it('the table holds exactly these codes', () => {
    expect(Object.keys(SICEPAT_STATUS_TABLE).sort()).toEqual(EXPECTED_CODES.map(([c]) => c).sort());
  });

  it('unknown codes are kept and flagged', () => {
    const p = {
      sicepat: {
        status: { code: 200 },
        result: { waybill_number: '1', track_history: [{ date_time: '2024-01-01 10:00', status: 'ZZZ', city: 'X' }] },
      },
    };
    const t = parseTracking(p);
    expect(t.events[0]).toMatchObject({ rawCode: 'ZZZ', status: 'unknown', unmapped: true });
    expect(t.status).toBe('unknown');
  });
  it('POD receiver text', () => {
    expect(podReceiverFrom('Paket diterima oleh [Ilyas - (KEL) Keluarga Serumah]')).toBe('Ilyas');
    expect(podRelationFrom('Paket diterima oleh [ Budi Santoso - (YBS) Yang Bersangkutan]')).toBe('(YBS) Yang Bersangkutan');
    expect(podRelationFrom('Paket diterima oleh [Budi]')).toBeNull();
    expect(podRelationFrom(null)).toBeNull();
    expect(podReceiverFrom('Paket diterima oleh [ Budi Santoso - (YBS) Yang Bersangkutan]')).toBe('Budi Santoso');
    expect(podReceiverFrom('Budi')).toBe('Budi');
    expect(podReceiverFrom(' Budi - (YBS) Yang Bersangkutan')).toBe('Budi');
    expect(podReceiverFrom('   ')).toBeNull();
    expect(podReceiverFrom(null)).toBeNull();
  });
});

describe('SiCepat answers', () => {
  // SiCepat answers an unknown waybill with `status.code` 400 and no `result`; 404 is treated alike.
  it.each([
    [400, 'not_found'],
    [404, 'not_found'],
    [500, 'carrier_error'],
    [401, 'carrier_error'],
    [201, 'carrier_error'],
  ])('status code %i without result → %s', (code, err) => {
    const p = { sicepat: { status: { code, description: "Can't get waybill from database" } } };
    expect(() => parseTracking(p)).toThrow(
      expect.objectContaining({ code: err, carrier: 'sicepat', message: expect.stringContaining(`${code} Can't get waybill`) }),
    );
  });

  it('a status code that is not 200 fails even with a result; the code may come as text', () => {
    expect(() => parseTracking(answer({ track_history: [] }, { code: 404 }))).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(() => parseTracking(answer({ track_history: [] }, { code: 500 }))).toThrow(expect.objectContaining({ code: 'carrier_error' }));
    expect(parseTracking(answer({ track_history: [item('IN')] }, { code: '200' })).status).toBe('in_transit');
  });

  it('200 with a null result is a carrier error', () => {
    expect(() => parseTracking({ sicepat: { status: { code: 200 }, result: null } })).toThrow(expect.objectContaining({ code: 'carrier_error' }));
  });

  it('last_status adds to the history (a delivered last_status ends an in-transit history)', () => {
    const t = parseTracking(
      answer({
        track_history: [item('IN')],
        last_status: { status: 'DELIVERED' },
        POD_receiver: 'Paket diterima oleh [Ani - (YBS) Yang Bersangkutan]',
      }),
    );
    expect(t).toMatchObject({ status: 'delivered', rawStatus: 'DELIVERED', podReceiverName: 'Ani' });
  });

  it('last_status is matched without regard to case; an unknown one changes nothing', () => {
    expect(parseTracking(answer({ track_history: [item('IN')], last_status: { status: 'delivered' } })).status).toBe('delivered');
    const t = parseTracking(answer({ track_history: [item('IN')], last_status: { status: 'ZZZ' } }));
    expect(t).toMatchObject({ status: 'in_transit', rawStatus: 'ZZZ' });
  });

  it('without last_status, rawStatus is the last event code, or empty without events', () => {
    expect(parseTracking(answer({ track_history: [item('PICK', '2024-01-01 09:00'), item('IN')], last_status: null })).rawStatus).toBe('IN');
    expect(parseTracking(answer({ track_history: [item('IN')], last_status: { status: '  ' } })).rawStatus).toBe('IN');
    const empty = parseTracking(answer({}));
    expect(empty).toMatchObject({ status: 'unknown', rawStatus: '', events: [] });
  });

  it('a last_status that is not an object is refused', () => {
    expect(() => parseTracking(answer({ track_history: [], last_status: 'DELIVERED' }))).toThrow(expect.objectContaining({ code: 'invalid_field' }));
  });

  it('a receiver on a shipment that is not delivered is not reported; the photo is read regardless', () => {
    const t = parseTracking(
      answer({ track_history: [item('ANT')], POD_receiver: 'Paket diterima oleh [Ani - (YBS) Yang Bersangkutan]', pod_img_path: ' https://x/p ' }),
    );
    expect(t).toMatchObject({ status: 'out_for_delivery', podReceiverName: null, image_url: 'https://x/p' });
  });

  it('a blank POD receiver on a delivered shipment is null', () => {
    expect(parseTracking(answer({ track_history: [item('DELIVERED')], POD_receiver: '' })).podReceiverName).toBeNull();
  });

  it('the event text: city, else receiver_name (DELIVERED items), else empty', () => {
    const t = parseTracking(
      answer({
        track_history: [
          item('IN', '2024-01-01 09:00', { city: 'Paket keluar dari [Jakarta]' }),
          item('DELIVERED', '2024-01-01 10:00', { receiver_name: 'Paket diterima oleh [Ani]' }),
          item('OUT', '2024-01-01 11:00', {}),
        ],
      }),
    );
    expect(t.events.map((e) => e.rawText)).toEqual(['Paket keluar dari [Jakarta]', 'Paket diterima oleh [Ani]', '']);
  });

  it('events are sorted oldest first; the waybill is trimmed', () => {
    const t = parseTracking(
      answer({ waybill_number: ' 000434236059 ', track_history: [item('OUT', '2024-01-02 10:00'), item('IN', '2024-01-01 10:00')] }),
    );
    expect(t.events.map((e) => e.rawCode)).toEqual(['IN', 'OUT']);
    expect(t.awb).toBe('000434236059');
  });
});

describe('SiCepat garbage', () => {
  it.each([null, [], { sicepat: 1 }, { sicepat: { status: { code: 500 } } }, { sicepat: { status: { code: 200 }, result: {} } }])('%j', (p) => {
    expect(() => parseTracking(p)).toThrow(CarrierPayloadError);
  });
  it('random JSON only ever raises CarrierPayloadError', () => fuzz(parseTracking, ['delivered', 'failed-attempt', 'returned'].map(fx)));
});

// The error names the field that was wrong, so an operator reading the log can fix the payload.
describe('SiCepat errors name the field', () => {
  const res = (fields: Record<string, unknown>, item: Record<string, unknown> | null = null) =>
    answer({ ...(item ? { track_history: [{ date_time: '2024-01-01 10:00', status: 'IN', city: 'X', ...item }] } : {}), ...fields });
  it.each([
    [null, 'not_object: payload has no sicepat object'],
    [{ sicepat: {} }, 'missing_field: sicepat.status is not an object'],
    [{ sicepat: { status: {} } }, 'missing_field: sicepat.status.code is missing'],
    [{ sicepat: { status: { code: 200, description: {} } } }, 'invalid_field: sicepat.status.description is not a string'],
    [{ sicepat: { status: { code: 404, description: 'Not here' } } }, 'not_found: 404 Not here'],
    [{ sicepat: { status: { code: 500 } } }, 'carrier_error: 500 '],
    [{ sicepat: { status: { code: 200, description: 'OK' } } }, 'carrier_error: 200 OK'],
    [{ sicepat: { status: { code: 200 }, result: null } }, 'carrier_error: 200 '],
    [{ sicepat: { status: { code: 200 }, result: 5 } }, 'invalid_field: sicepat.result is not an object'],
    [{ sicepat: { status: { code: 200 }, result: {} } }, 'missing_field: result.waybill_number is missing'],
    [res({ track_history: 5 }), 'invalid_field: result.track_history is not an array'],
    [res({ track_history: [5] }), 'invalid_field: track_history[0] is not an object'],
    [res({}, { status: undefined }), 'missing_field: track_history[0].status is missing'],
    [res({}, { city: {} }), 'invalid_field: track_history[0].city is not a string'],
    [res({}, { city: undefined, receiver_name: {} }), 'invalid_field: track_history[0].receiver_name is not a string'],
    [res({}, { date_time: undefined }), 'missing_field: track_history[0].date_time is missing'],
    [res({}, { date_time: 'x' }), 'invalid_date: track_history[0].date_time "x" is not a known date format'],
    [res({ last_status: 5 }), 'invalid_field: result.last_status is not an object'],
    [res({ last_status: { status: {} } }), 'invalid_field: last_status.status is not a string'],
    [res({ POD_receiver: {} }, { status: 'DELIVERED' }), 'invalid_field: result.POD_receiver is not a string'],
    [res({ pod_img_path: {} }), 'invalid_field: result.pod_img_path is not a string'],
  ])('%j → %s', (p, message) => {
    expect(() => parseTracking(p)).toThrow(`sicepat: ${message}`);
  });
});
