/**
 * What the API accepts as a `date-time`: an RFC 3339 timestamp naming a real instant between
 * 1970-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z (UTC, after its offset is applied).
 *
 * Why stricter than the JSON Schema format: ajv's `date-time` takes year 0000 (PostgreSQL has no
 * year 0: the INSERT failed as a 500, a PATCH stored it as 1 BC) and leap seconds such as
 * `23:59:60` (JavaScript's Date cannot hold one: `new Date()` gave Invalid Date and the write a 500).
 * A leap second is refused, not rounded to the next second: a delivery estimate or a replay start
 * never needs one, and refusing keeps what is stored exactly what was sent.
 *
 * Accepted: `T`, `t` or one space between date and time; 1–9 fraction digits (kept to the
 * millisecond, truncated, as `Date` does); `Z`, `z` or `±HH:MM`. The instant is also checked against
 * `Date.parse`, so every string accepted here means the same instant to the code that reads it.
 */

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

export const TIMESTAMP_MIN_MS = Date.UTC(1970, 0, 1);
export const TIMESTAMP_MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

const isLeapYear = (y: number) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The instant in epoch milliseconds, or null when `s` is not an accepted timestamp. */
export function parseTimestamp(s: string): number | null {
  const m = RFC3339.exec(s);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  // Below 1000 is out of range anyway, and Date.UTC would read years 0–99 as 1900–1999.
  if (year < 1000 || month < 1 || month > 12 || day < 1) return null;
  if (day > (month === 2 && isLeapYear(year) ? 29 : DAYS[month - 1]!)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  let offsetMinutes = 0;
  if (m[8]) {
    const oh = Number(m[9]);
    const om = Number(m[10]);
    if (oh > 23 || om > 59) return null;
    offsetMinutes = (m[8] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const instant = Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000;
  if (instant < TIMESTAMP_MIN_MS || instant > TIMESTAMP_MAX_MS) return null;
  return Date.parse(s) === instant ? instant : null;
}

export const isTimestamp = (s: string): boolean => parseTimestamp(s) !== null;
