import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bracket, parseCarrierDate, parseEpoch } from './mapper-kit.js';

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

  it.each(['', 'yesterday', '2022-13-01 00:00', '31-02-2022 10:00', '2022-01-01', '1 FOO 2020 10:00'])(
    'rejects %j',
    (raw) => expect(parseCarrierDate(raw)).toBeNull(),
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
