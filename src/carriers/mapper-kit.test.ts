import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CarrierPayloadError, type UnifiedStatus } from './model.js';
import { bracket, isObj, lookup, parseCarrierDate, parseEpoch, Reader, requireDate, sortEvents, statusOf } from './mapper-kit.js';

describe('parseCarrierDate (WIB = UTC+7 unless an offset is given)', () => {
  it.each([
    ['2020-08-09 12:33', '2020-08-09T05:33:00.000Z'],
    ['2022-08-09 21:29:15', '2022-08-09T14:29:15.000Z'],
    ['09-01-2022 01:26', '2022-01-08T18:26:00.000Z'],
    ['06 NOV 2020  11:00', '2020-11-06T04:00:00.000Z'],
    ['2022-01-09T01:26:16.000+07:00', '2022-01-08T18:26:16.000Z'],
    ['2022-01-09T01:26:16Z', '2022-01-09T01:26:16.000Z'],
    ['2022-01-09T01:26:16', '2022-01-08T18:26:16.000Z'], // no offset: WIB like the rest
  ])('%s → %s', (raw, iso) => expect(parseCarrierDate(raw)).toBe(iso));

  it.each(['', 'yesterday', '2022-13-01 00:00', '31-02-2022 10:00', '2022-01-01', '1 FOO 2020 10:00'])('rejects %j', (raw) =>
    expect(parseCarrierDate(raw)).toBeNull(),
  );

  it('never throws, and returns ISO or null', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const r = parseCarrierDate(s);
        if (r !== null) expect(new Date(r).toISOString()).toBe(r);
      }),
    );
  });
});

describe('parseEpoch', () => {
  it('reads seconds and milliseconds alike', () => {
    expect(parseEpoch(1709532720)).toBe('2024-03-04T06:12:00.000Z');
    expect(parseEpoch(1709532720000)).toBe('2024-03-04T06:12:00.000Z');
    expect(parseEpoch(0)).toBeNull();
    expect(parseEpoch(Number.NaN)).toBeNull();
    expect(parseEpoch(1e20)).toBeNull();
  });
});

describe('bracket', () => {
  it('takes the first bracketed text', () => {
    expect(bracket('RECEIVED AT [ BANDUNG ] x [y]')).toBe('BANDUNG');
    expect(bracket('none')).toBeNull();
    expect(bracket('[]')).toBeNull();
  });
});

describe('parseCarrierDate, edge by edge', () => {
  it.each([
    ['2024-01-01 00:00', '2023-12-31T17:00:00.000Z'],
    ['2024-01-01 23:59:59', '2024-01-01T16:59:59.000Z'],
    ['2024-01-01T10:00', '2024-01-01T03:00:00.000Z'],
    ['2024-01-01 10:00:00.123', '2024-01-01T03:00:00.000Z'], // fraction dropped
    ['  2024-01-01 10:00  ', '2024-01-01T03:00:00.000Z'],
    ['29-02-2024 10:00', '2024-02-29T03:00:00.000Z'],
    ['01-12-2024  10:00:30', '2024-12-01T03:00:30.000Z'],
    ['1 Jan 2024 10:00', '2024-01-01T03:00:00.000Z'],
    ['1  Jan   2024 10:00', '2024-01-01T03:00:00.000Z'], // any spacing between the parts
    ['2024-01-01T10:00+07:00', '2024-01-01T03:00:00.000Z'],
    ['2024-01-01T10:00:00.5-03:00', '2024-01-01T13:00:00.500Z'],
  ])('%j → %s', (raw, iso) => expect(parseCarrierDate(raw)).toBe(iso));

  // The months as carriers write them, English and Indonesian (MEI, AGU, OKT, DES).
  it.each([
    ['JAN', 1],
    ['FEB', 2],
    ['MAR', 3],
    ['APR', 4],
    ['MAY', 5],
    ['MEI', 5],
    ['JUN', 6],
    ['JUL', 7],
    ['AUG', 8],
    ['AGU', 8],
    ['SEP', 9],
    ['OCT', 10],
    ['OKT', 10],
    ['NOV', 11],
    ['DEC', 12],
    ['DES', 12],
    ['des', 12],
  ] as const)('month %s is %i', (mon, n) => {
    expect(parseCarrierDate(`15 ${mon} 2024 10:00`)).toBe(`2024-${String(n).padStart(2, '0')}-15T03:00:00.000Z`);
  });

  it.each([
    '2024-01-01 24:00',
    '2024-01-01 10:60',
    '2024-01-01 10:00:60',
    '2024-00-10 10:00',
    '2024-01-00 10:00',
    '2024-01-32 10:00',
    '2023-02-29 10:00',
    '30-02-2024 10:00',
    '00-01-2024 10:00',
    '15 XYZ 2024 10:00',
    '15 JAN 2024 24:00',
    '15 JAN 2024 10:60',
    '32 JAN 2024 10:00',
    'x2024-01-01 10:00',
    '2024-01-01 10:00x',
    'x01-01-2024 10:00',
    '01-01-2024 10:00x',
    'x15 JAN 2024 10:00',
    '15 JAN 2024 10:00x',
    'x2024-01-01T10:00Z',
    '2024-01-01T10:00Zx',
    '2024-01-01T10:00+0700',
    '2024-13-01T10:00:00Z',
    '2024-01-01 1:00',
    '24-01-01 10:00',
  ])('rejects %j', (raw) => expect(parseCarrierDate(raw)).toBeNull());
});

describe('parseEpoch, edges', () => {
  it('below 1e11 is seconds, from 1e11 milliseconds', () => {
    expect(parseEpoch(99_999_999_999)).toBe(new Date(99_999_999_999_000).toISOString());
    expect(parseEpoch(100_000_000_000)).toBe('1973-03-03T09:46:40.000Z');
    expect(parseEpoch(1)).toBe('1970-01-01T00:00:01.000Z');
    expect(parseEpoch(-1)).toBeNull();
    expect(parseEpoch(Number.POSITIVE_INFINITY)).toBeNull();
  });
});

describe('Reader', () => {
  const r = new Reader('jne');
  const codeOf = (fn: () => unknown) => {
    try {
      fn();
      return 'none';
    } catch (e) {
      expect(e).toBeInstanceOf(CarrierPayloadError);
      expect((e as CarrierPayloadError).carrier).toBe('jne');
      return (e as CarrierPayloadError).code;
    }
  };

  it('obj: an object; missing for null/undefined, invalid for anything else (arrays too)', () => {
    expect(r.obj({ a: 1 }, 'x')).toEqual({ a: 1 });
    expect(codeOf(() => r.obj(undefined, 'x'))).toBe('missing_field');
    expect(codeOf(() => r.obj(null, 'x'))).toBe('missing_field');
    expect(codeOf(() => r.obj([], 'x'))).toBe('invalid_field');
    expect(codeOf(() => r.obj('s', 'x'))).toBe('invalid_field');
    expect(() => r.obj(1, 'cnote')).toThrow('cnote is not an object');
  });

  it('arr: an array; missing for null/undefined, invalid for anything else', () => {
    expect(r.arr([1], 'x')).toEqual([1]);
    expect(codeOf(() => r.arr(undefined, 'x'))).toBe('missing_field');
    expect(codeOf(() => r.arr(null, 'x'))).toBe('missing_field');
    expect(codeOf(() => r.arr({}, 'x'))).toBe('invalid_field');
    expect(() => r.arr(1, 'history')).toThrow('history is not an array');
  });

  it('str/optStr/text: finite numbers become text, blank text is absent, other types are invalid', () => {
    expect(r.str(' a ', 'x')).toBe(' a ');
    expect(r.str(12, 'x')).toBe('12');
    expect(r.str('', 'x')).toBe('');
    expect(codeOf(() => r.str(null, 'x'))).toBe('missing_field');
    expect(() => r.str(undefined, 'awb')).toThrow('awb is missing');
    expect(r.optStr(undefined, 'x')).toBeNull();
    expect(r.optStr(null, 'x')).toBeNull();
    expect(r.optStr(0, 'x')).toBe('0');
    expect(codeOf(() => r.optStr(Number.NaN, 'x'))).toBe('invalid_field');
    expect(codeOf(() => r.optStr(Number.POSITIVE_INFINITY, 'x'))).toBe('invalid_field');
    expect(codeOf(() => r.optStr(true, 'x'))).toBe('invalid_field');
    expect(() => r.optStr({}, 'status')).toThrow('status is not a string');
    expect(r.text('  x  ', 'x')).toBe('x');
    expect(r.text('   ', 'x')).toBeNull();
    expect(r.text('', 'x')).toBeNull();
    expect(r.text(null, 'x')).toBeNull();
    expect(r.text(5, 'x')).toBe('5');
  });

  it('requireDate: the ISO date, or invalid_date naming the field and value', () => {
    expect(requireDate(r, '2024-01-01 10:00', 'd')).toBe('2024-01-01T03:00:00.000Z');
    expect(() => requireDate(r, 'kemarin', 'history[0].date')).toThrow('history[0].date "kemarin" is not a known date format');
    expect(codeOf(() => requireDate(r, 'kemarin', 'd'))).toBe('invalid_date');
  });

  it('isObj: plain objects only', () => {
    expect(isObj({})).toBe(true);
    expect(isObj([])).toBe(false);
    expect(isObj(null)).toBe(false);
    expect(isObj('x')).toBe(false);
  });
});

describe('lookup, sortEvents, statusOf', () => {
  it('lookup: own keys only — inherited names are unknown', () => {
    const table = { A: 'delivered' } as const;
    expect(lookup(table, 'A')).toEqual({ status: 'delivered', unmapped: false });
    expect(lookup(table, 'B')).toEqual({ status: 'unknown', unmapped: true });
    expect(lookup(table, 'constructor')).toEqual({ status: 'unknown', unmapped: true });
    expect(lookup(table, 'toString')).toEqual({ status: 'unknown', unmapped: true });
  });

  const ev = (at: string, status: UnifiedStatus, rawCode: string) => ({
    at,
    status,
    rawCode,
    rawText: '',
    location: null,
    description: '',
    unmapped: false,
  });

  it('sortEvents: oldest first, same time keeps the given order, input untouched', () => {
    const input = [
      ev('2024-01-02T00:00:00.000Z', 'in_transit', 'c'),
      ev('2024-01-01T00:00:00.000Z', 'picked_up', 'a'),
      ev('2024-01-02T00:00:00.000Z', 'in_transit', 'd'),
      ev('2024-01-01T00:00:00.000Z', 'picked_up', 'b'),
    ];
    expect(sortEvents(input).map((e) => e.rawCode)).toEqual(['a', 'b', 'c', 'd']);
    expect(input.map((e) => e.rawCode)).toEqual(['c', 'a', 'd', 'b']);
    const reversed = [
      ev('2024-01-03T00:00:00.000Z', 'delivered', 'z'),
      ev('2024-01-02T00:00:00.000Z', 'in_transit', 'y'),
      ev('2024-01-01T00:00:00.000Z', 'picked_up', 'x'),
    ];
    expect(sortEvents(reversed).map((e) => e.rawCode)).toEqual(['x', 'y', 'z']);
  });

  it('statusOf: the events folded in order, then the extra statuses', () => {
    expect(statusOf([])).toBe('unknown');
    expect(statusOf([ev('a', 'picked_up', 'a'), ev('b', 'in_transit', 'b')])).toBe('in_transit');
    expect(statusOf([ev('a', 'in_transit', 'a')], ['delivered'])).toBe('delivered');
    expect(statusOf([ev('a', 'delivered', 'a')], ['in_transit'])).toBe('delivered');
    expect(statusOf([], ['returned'])).toBe('returned');
  });
});

describe('bracket, edges', () => {
  it('trims, takes the first pair, needs a closing bracket', () => {
    expect(bracket('AT [  ]')).toBeNull();
    expect(bracket('AT [A] [B]')).toBe('A');
    expect(bracket('AT [A')).toBeNull();
    expect(bracket('[A | B]')).toBe('A | B');
  });
});
