import { describe, expect, it } from 'vitest';
import { isTimestamp, parseTimestamp } from './timestamp.js';

// Expected instants are written out by hand (epoch milliseconds worked out from the calendar), not
// computed with Date: the table is the specification the validator is checked against.
describe('parseTimestamp', () => {
  it.each([
    ['1970-01-01T00:00:00Z', 0],
    ['1970-01-01T00:00:00.000Z', 0],
    ['2026-01-01T00:00:00Z', 1_767_225_600_000],
    ['2026-01-01t00:00:00z', 1_767_225_600_000],
    ['2026-01-01 00:00:00Z', 1_767_225_600_000],
    ['2026-01-01T00:00:00-00:00', 1_767_225_600_000],
    ['2026-01-01T01:00:00+01:00', 1_767_225_600_000],
    ['2025-12-31T19:00:00-05:00', 1_767_225_600_000],
    ['2026-01-01T05:30:00.5+05:30', 1_767_225_600_500],
    ['2026-01-01T00:00:00.1239Z', 1_767_225_600_123], // truncated to the millisecond, as Date does
    ['2026-01-01T00:00:00.123456789Z', 1_767_225_600_123],
    ['2024-02-29T12:00:00Z', 1_709_208_000_000], // leap year
    ['2000-02-29T00:00:00Z', 951_782_400_000], // divisible by 400: leap
    ['1969-12-31T23:30:00-01:00', 1_800_000], // written in 1969, the instant is in 1970
    ['9999-12-31T23:59:59.999Z', 253_402_300_799_999],
    ['9999-12-31T23:59:59+00:00', 253_402_300_799_000],
  ])('%s → %d', (s, ms) => {
    expect(parseTimestamp(s)).toBe(ms);
    expect(isTimestamp(s)).toBe(true);
  });

  it.each([
    ['0000-01-01T00:00:00Z', 'year 0 (PostgreSQL has none)'],
    ['0070-01-01T00:00:00Z', 'year 70, not 1970'],
    ['1969-12-31T23:59:59.999Z', 'before 1970'],
    ['1970-01-01T00:30:00+01:00', 'written in 1970, the instant is in 1969'],
    ['9999-12-31T23:59:59-01:00', 'the instant is in year 10000'],
    ['+010000-01-01T00:00:00Z', 'expanded year'],
    ['2026-12-31T23:59:60Z', 'leap second'],
    ['2016-12-31T23:59:60Z', 'a real leap second is refused too'],
    ['2026-02-29T00:00:00Z', 'not a leap year'],
    ['1900-02-29T00:00:00Z', 'divisible by 100: not leap'],
    ['2026-04-31T00:00:00Z', 'April has 30 days'],
    ['2026-13-01T00:00:00Z', 'month 13'],
    ['2026-00-10T00:00:00Z', 'month 0'],
    ['2026-01-00T00:00:00Z', 'day 0'],
    ['2026-01-01T24:00:00Z', 'hour 24'],
    ['2026-01-01T23:60:00Z', 'minute 60'],
    ['2026-01-01T00:00:00+24:00', 'offset hour 24'],
    ['2026-01-01T00:00:00+01:60', 'offset minute 60'],
    ['2026-01-01T00:00:00+0100', 'offset without colon'],
    ['2026-01-01T00:00:00+01', 'offset without minutes'],
    ['2026-01-01T00:00:00', 'no offset'],
    ['2026-01-01', 'date only'],
    ['2026-01-01T00:00Z', 'no seconds'],
    ['2026-01-01T00:00:00.Z', 'empty fraction'],
    ['2026-01-01T00:00:00.1234567890Z', 'ten fraction digits'],
    ['2026-01-01\t00:00:00Z', 'tab separator'],
    ['2026-01-01T00:00:00Z ', 'trailing space'],
    ['2026-01-01T00:00:00Z\u0000', 'NUL'],
    ['２０２６-01-01T00:00:00Z', 'full-width digits'],
    ['', 'empty'],
    ['Infinity', 'not a date'],
    ['1e999', 'not a date'],
  ])('refuses %j (%s)', (s) => {
    expect(parseTimestamp(s)).toBeNull();
    expect(isTimestamp(s)).toBe(false);
  });
});
