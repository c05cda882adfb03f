import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertSchedule,
  decideAfterAttempt,
  DEFAULT_SCHEDULE_SECONDS,
  describeOutcome,
  maxAttempts,
  parseHttpDate,
  parseRetryAfter,
  parseSchedule,
  RETRY_AFTER_MAX_SECONDS,
  truncateBody,
  type AttemptOutcome,
  type Decision,
} from './schedule.js';

const NOW = new Date('2025-01-20T16:00:00.000Z');
const S = DEFAULT_SCHEDULE_SECONDS;
const fail500: AttemptOutcome = { kind: 'response', status: 500 };
const decide = (attempt: number, outcome: AttemptOutcome = fail500, schedule: readonly number[] = S) =>
  decideAfterAttempt({ attempt, schedule, outcome, now: NOW });
const retryIn = (ms: number): Decision => ({ action: 'retry', at: new Date(NOW.getTime() + ms), delayMs: ms });

describe('schedules', () => {
  it('the seed default: retries after 1, 2, 4, 8, 16 s → 6 attempts', () => {
    expect([...S]).toEqual([1, 2, 4, 8, 16]);
    expect(maxAttempts(S)).toBe(6);
    expect(Object.isFrozen(S)).toBe(true);
  });

  it.each([
    ['5s,5m,30m,2h,5h,10h,10h', [5, 300, 1800, 7200, 18000, 36000, 36000]],
    ['1,2,4,8,16', [1, 2, 4, 8, 16]],
    [' 1 , 2s ,4', [1, 2, 4]],
    ['10ms,1.5s,1m', [0.01, 1.5, 60]],
    ['5s,5m,30m,2h,5h,10h,14h,20h,1d', [5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400]],
    ['7', [7]],
  ])('parses %j', (text, expected) => {
    expect(parseSchedule(text)).toEqual(expected);
  });

  it.each([
    ['', /#1 ""/],
    ['1,,2', /#2 ""/],
    ['1,2,', /#3 ""/],
    ['5x', /#1 "5x"/],
    ['-1', /#1 "-1"/],
    ['1e3', /#1/],
    ['5 s', /#1/],
    ['0', /> 0/],
    ['0s,1s', /> 0/],
    ['2d', /≤ 86400/],
    ['10,5', /must not decrease/],
    [Array(21).fill('1').join(','), /1–20 delays/],
  ])('refuses %j', (text, message) => {
    expect(() => parseSchedule(text)).toThrow(RangeError);
    expect(() => parseSchedule(text)).toThrow(message);
  });

  it('assertSchedule refuses non-finite delays and empty lists', () => {
    expect(() => assertSchedule([])).toThrow(/1–20/);
    expect(() => assertSchedule([Number.NaN])).toThrow(RangeError);
    expect(() => assertSchedule([Number.POSITIVE_INFINITY])).toThrow(RangeError);
  });

  it('parseSchedule(format(x)) === x for valid second lists (property)', () => {
    const schedule = fc.array(fc.integer({ min: 1, max: 86400 }), { minLength: 1, maxLength: 20 }).map((a) => a.sort((x, y) => x - y));
    fc.assert(
      fc.property(schedule, (s) => {
        expect(parseSchedule(s.join(','))).toEqual(s);
      }),
    );
  });
});

describe('decideAfterAttempt: the seed schedule, exhaustively', () => {
  it.each([1, 2, 3, 4, 5])('attempt %i failed → retry after schedule[attempt-1] s', (attempt) => {
    expect(decide(attempt)).toEqual(retryIn(S[attempt - 1]! * 1000));
    expect(decide(attempt, { kind: 'error', code: 'ECONNREFUSED' })).toEqual(retryIn(S[attempt - 1]! * 1000));
  });

  it('attempt 6 failed → fail and disable: "all 6 attempts failed"', () => {
    expect(decide(6)).toEqual({ action: 'fail', disableEndpoint: true, reason: 'all 6 attempts failed' });
    expect(decide(6, { kind: 'error', code: 'ETIMEDOUT' })).toEqual({ action: 'fail', disableEndpoint: true, reason: 'all 6 attempts failed' });
  });

  it('the retry times add up to the seed timeline: 0, 1, 3, 7, 15, 31 s', () => {
    let t = 0;
    const starts = [0];
    for (let a = 1; a <= 5; a++) {
      const d = decide(a);
      if (d.action !== 'retry') throw new Error('expected a retry');
      t += d.delayMs;
      starts.push(t / 1000);
    }
    expect(starts).toEqual([0, 1, 3, 7, 15, 31]);
  });

  it.each([200, 201, 202, 204, 299])('%i is success on every attempt', (status) => {
    for (let a = 1; a <= 6; a++) expect(decide(a, { kind: 'response', status })).toEqual({ action: 'success' });
  });

  it.each([100, 199, 300, 301, 302, 304, 307, 308, 400, 401, 403, 404, 408, 409, 413, 422, 429, 500, 502, 503, 504, 0, 599])(
    '%i is a failure that is retried (redirects are not followed)',
    (status) => {
      expect(decide(1, { kind: 'response', status })).toEqual(retryIn(1000));
      expect(decide(6, { kind: 'response', status }).action).toBe('fail');
    },
  );

  it('410 Gone fails at once and disables the endpoint, on any attempt', () => {
    for (let a = 1; a <= 6; a++) {
      expect(decide(a, { kind: 'response', status: 410 })).toEqual({ action: 'fail', disableEndpoint: true, reason: 'endpoint returned 410 Gone' });
    }
  });

  it('an SSRF-blocked address fails at once without disabling the endpoint', () => {
    for (let a = 1; a <= 6; a++) {
      expect(decide(a, { kind: 'error', code: 'ERR_SSRF_BLOCKED' })).toEqual({
        action: 'fail',
        disableEndpoint: false,
        reason: 'not retried: ERR_SSRF_BLOCKED',
      });
    }
  });

  it('refuses attempts outside 1..schedule.length+1 and invalid schedules', () => {
    for (const attempt of [0, -1, 7, 1.5, Number.NaN]) expect(() => decide(attempt)).toThrow(RangeError);
    expect(() => decide(1, fail500, [])).toThrow(RangeError);
    expect(() => decide(1, fail500, [4, 2])).toThrow(RangeError);
  });

  it('a one-step schedule gives two attempts', () => {
    expect(decide(1, fail500, [30])).toEqual(retryIn(30_000));
    expect(decide(2, fail500, [30])).toEqual({ action: 'fail', disableEndpoint: true, reason: 'all 2 attempts failed' });
  });

  it('describes outcomes for the delivery log', () => {
    expect(describeOutcome({ kind: 'response', status: 503 })).toBe('HTTP 503');
    expect(describeOutcome({ kind: 'error', code: 'ECONNRESET' })).toBe('ECONNRESET');
  });
});

describe('Retry-After', () => {
  const with429 = (retryAfter: string | null | undefined): AttemptOutcome => ({ kind: 'response', status: 429, retryAfter });

  it.each([
    ['absent', undefined, 4000],
    ['null', null, 4000],
    ['shorter than the schedule', '1', 4000],
    ['zero', '0', 4000],
    ['longer: 120 s', '120', 120_000],
    ['padded', ' 120 ', 120_000],
    ['exactly the cap', String(RETRY_AFTER_MAX_SECONDS), 3_600_000],
    ['over the cap', '86400', 3_600_000],
    ['absurd', '99999999999999999999', 3_600_000],
    ['HTTP-date 10 min ahead', 'Mon, 20 Jan 2025 16:10:00 GMT', 600_000],
    ['HTTP-date in the past', 'Mon, 20 Jan 2025 15:00:00 GMT', 4000],
    ['HTTP-date 1 day ahead', 'Tue, 21 Jan 2025 16:00:00 GMT', 3_600_000],
    ['RFC 850 date', 'Monday, 20-Jan-25 16:05:00 GMT', 300_000],
    ['asctime date', 'Mon Jan 20 16:02:00 2025', 120_000],
    ['negative', '-5', 4000],
    ['fractional', '1.5', 4000],
    ['garbage', 'soon', 4000],
    ['digits are seconds even when they look like a year', '2030', 2_030_000],
    ['non-GMT date', 'Mon, 20 Jan 2025 16:10:00 +0000', 4000],
  ])('%s (%j) on attempt 3 → %i ms', (_n, value, ms) => {
    expect(decide(3, with429(value))).toEqual(retryIn(ms));
  });

  it('is honoured on any failing status, not on network errors', () => {
    expect(decide(1, { kind: 'response', status: 503, retryAfter: '30' })).toEqual(retryIn(30_000));
    expect(decide(1, { kind: 'error', code: 'ECONNRESET' })).toEqual(retryIn(1000));
  });

  it('never shortens a long scheduled step, and never extends the last attempt', () => {
    expect(decide(1, with429('60'), [7200])).toEqual(retryIn(7_200_000));
    expect(decide(1, with429('99999'), [7200])).toEqual(retryIn(7_200_000));
    expect(decide(6, with429('10')).action).toBe('fail');
  });

  it('parseHttpDate reads the three RFC 9110 forms and rejects impossible dates', () => {
    const t = Date.UTC(1994, 10, 6, 8, 49, 37);
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT')).toBe(t);
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT')).toBe(t);
    expect(parseHttpDate('Sun Nov  6 08:49:37 1994')).toBe(t);
    expect(parseHttpDate('Wed, 31 Feb 2025 00:00:00 GMT')).toBeNull();
    expect(parseHttpDate('Sun, 06 Foo 1994 08:49:37 GMT')).toBeNull();
    expect(parseHttpDate('Sun, 06 Nov 1994 24:00:00 GMT')).toBeNull();
    expect(parseHttpDate('2025-01-20T16:00:00Z')).toBeNull();
    expect(parseRetryAfter('', NOW)).toBeNull();
  });
});

describe('decideAfterAttempt: properties', () => {
  const schedule = fc.array(fc.integer({ min: 1, max: 86400 }), { minLength: 1, maxLength: 20 }).map((a) => a.sort((x, y) => x - y));
  const failure: fc.Arbitrary<AttemptOutcome> = fc.oneof(
    fc.record({ kind: fc.constant('response' as const), status: fc.integer({ min: 0, max: 999 }).filter((s) => (s < 200 || s > 299) && s !== 410) }),
    fc.record({ kind: fc.constant('error' as const), code: fc.constantFrom('ECONNREFUSED', 'ETIMEDOUT', 'ECONNRESET', 'UND_ERR_HEADERS_TIMEOUT') }),
  );

  it('delays never decrease, and a message gets at most schedule.length + 1 attempts', () => {
    fc.assert(
      fc.property(schedule, fc.array(failure, { minLength: 21, maxLength: 21 }), (s, outcomes) => {
        let attempt = 1;
        let last = 0;
        for (;;) {
          const d = decideAfterAttempt({ attempt, schedule: s, outcome: outcomes[attempt - 1]!, now: NOW });
          if (d.action === 'fail') {
            expect(d).toEqual({ action: 'fail', disableEndpoint: true, reason: `all ${s.length + 1} attempts failed` });
            break;
          }
          expect(d.action).toBe('retry');
          if (d.action !== 'retry') break;
          expect(d.delayMs).toBeGreaterThanOrEqual(last);
          expect(d.delayMs).toBe(s[attempt - 1]! * 1000);
          expect(d.at.getTime() - NOW.getTime()).toBe(d.delayMs);
          last = d.delayMs;
          attempt++;
        }
        expect(attempt).toBe(s.length + 1);
      }),
    );
  });

  it('with any Retry-After, the delay is between the scheduled step and max(step, 1 h)', () => {
    fc.assert(
      fc.property(
        schedule,
        fc.nat(),
        fc.oneof(
          fc.string(),
          fc.nat().map(String),
          fc.date().map((d) => d.toUTCString()),
        ),
        (s, n, retryAfter) => {
          const attempt = (n % s.length) + 1;
          const d = decideAfterAttempt({ attempt, schedule: s, outcome: { kind: 'response', status: 503, retryAfter }, now: NOW });
          if (d.action !== 'retry') throw new Error('expected a retry');
          const step = s[attempt - 1]! * 1000;
          expect(d.delayMs).toBeGreaterThanOrEqual(step);
          expect(d.delayMs).toBeLessThanOrEqual(Math.max(step, RETRY_AFTER_MAX_SECONDS * 1000));
        },
      ),
    );
  });
});

describe('truncateBody', () => {
  it('keeps short text and cuts long ASCII at the byte limit (default 4096)', () => {
    expect(truncateBody('hello')).toBe('hello');
    expect(truncateBody('a'.repeat(5000))).toBe('a'.repeat(4096));
    expect(truncateBody('abc', 0)).toBe('');
  });

  it.each([
    ['é (2 bytes)', 'é', 2],
    ['€ (3 bytes)', '€', 3],
    ['🚚 (4 bytes, a surrogate pair)', '🚚', 4],
  ])('never splits %s', (_n, ch, width) => {
    const text = ch.repeat(10);
    for (let max = 0; max <= width * 10 + 1; max++) {
      const out = truncateBody(text, max);
      expect(out).toBe(ch.repeat(Math.min(10, Math.floor(max / width))));
    }
  });

  it('refuses a negative or fractional limit', () => {
    expect(() => truncateBody('x', -1)).toThrow(RangeError);
    expect(() => truncateBody('x', 1.5)).toThrow(RangeError);
  });

  it('is the longest prefix within the limit, in bytes (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.nat({ max: 800 }), (text, max) => {
        const out = truncateBody(text, max);
        const bytes = Buffer.byteLength(out, 'utf8');
        expect(bytes).toBeLessThanOrEqual(max);
        expect(text.startsWith(out)).toBe(true);
        // Maximal: the next code point would not have fitted.
        if (out.length < text.length) {
          const next = String.fromCodePoint(text.codePointAt(out.length)!);
          expect(bytes + Buffer.byteLength(next, 'utf8')).toBeGreaterThan(max);
        }
      }),
    );
  });
});

describe('schedule limits and HTTP dates, edge by edge', () => {
  it('20 steps is the maximum: 20 are accepted, 21 refused', () => {
    expect(parseSchedule(Array(20).fill('1').join(','))).toHaveLength(20);
    expect(maxAttempts(Array(20).fill(1))).toBe(21);
    expect(() => assertSchedule(Array(21).fill(1))).toThrow('a retry schedule has 1–20 delays, got 21');
  });

  it('one step of exactly a day is accepted, a step over it or at zero refused, with the step named', () => {
    expect(parseSchedule('1d')).toEqual([86400]);
    expect(parseSchedule('86400')).toEqual([86400]);
    expect(() => assertSchedule([1, 86401])).toThrow('retry delay #2 must be > 0 and ≤ 86400 s, got 86401');
    expect(() => assertSchedule([-1])).toThrow('retry delay #1 must be > 0');
    expect(() => assertSchedule([5, 3])).toThrow('retry delays must not decrease: #2 (3 s) < #1 (5 s)');
    expect(assertSchedule([3, 3])).toBeUndefined(); // equal steps are fine
  });

  it('every unit: ms, s, m, h, d', () => {
    expect(parseSchedule('500ms,2s,3m,4h,1d')).toEqual([0.5, 2, 180, 14400, 86400]);
  });

  it('the item syntax is anchored at both ends', () => {
    for (const bad of ['x5s', '5sx', '5s5', 's', 'm5', '.5', '5.'])
      expect(() => parseSchedule(bad), bad).toThrow(`retry schedule item #1 ${JSON.stringify(bad)} is not a duration like 30s, 5m, 2h or 10`);
  });

  it('reads every month name, in any case', () => {
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    months.forEach((mon, i) => {
      expect(parseHttpDate(`Mon, 01 ${mon} 2024 00:00:00 GMT`), mon).toBe(Date.UTC(2024, i, 1));
      expect(parseHttpDate(`Mon, 01 ${mon.toUpperCase()} 2024 00:00:00 GMT`), mon).toBe(Date.UTC(2024, i, 1));
    });
  });

  it('minute 60, hour 24 and second 61 are refused; second 60 (a leap second) reads as 59', () => {
    expect(parseHttpDate('Sun, 06 Nov 1994 08:60:00 GMT')).toBeNull();
    expect(parseHttpDate('Sun, 06 Nov 1994 08:59:61 GMT')).toBeNull();
    expect(parseHttpDate('Sun, 06 Nov 1994 08:59:60 GMT')).toBe(Date.UTC(1994, 10, 6, 8, 59, 59));
    expect(parseHttpDate('Sun, 06 Nov 1994 23:59:59 GMT')).toBe(Date.UTC(1994, 10, 6, 23, 59, 59));
    expect(parseHttpDate('Sun, 00 Nov 1994 08:00:00 GMT')).toBeNull();
    expect(parseHttpDate('Sun, 32 Oct 1994 08:00:00 GMT')).toBeNull();
    expect(parseHttpDate('Sun, 31 Oct 1994 08:00:00 GMT')).toBe(Date.UTC(1994, 9, 31, 8));
  });

  it('two-digit years: below 70 are 20xx, from 70 on 19xx', () => {
    expect(parseHttpDate('Sunday, 06-Nov-69 08:49:37 GMT')).toBe(Date.UTC(2069, 10, 6, 8, 49, 37));
    expect(parseHttpDate('Sunday, 06-Nov-70 08:49:37 GMT')).toBe(Date.UTC(1970, 10, 6, 8, 49, 37));
  });

  it('the three forms are anchored at both ends', () => {
    for (const bad of [
      'xSun, 06 Nov 1994 08:49:37 GMT',
      'Sun, 06 Nov 1994 08:49:37 GMTx',
      ' Sunday, 06-Nov-94 08:49:37 GMT',
      'Sunday, 06-Nov-94 08:49:37 GMTx',
      'xSun Nov  6 08:49:37 1994',
      'Sun Nov  6 08:49:37 19945',
      'Sun, 6 Nov 1994 08:49:37 GMT', // IMF-fixdate has two-digit days
      'Sunda, 06-Nov-94 08:49:37 GMT', // RFC 850 day names are 6–9 letters
    ])
      expect(parseHttpDate(bad), bad).toBeNull();
    expect(parseHttpDate('Sun Nov 16 08:49:37 1994')).toBe(Date.UTC(1994, 10, 16, 8, 49, 37));
  });

  it('Retry-After: a past HTTP-date is a zero delay, digits are seconds, unreadable is null', () => {
    expect(parseRetryAfter('Mon, 20 Jan 2025 15:00:00 GMT', NOW)).toBe(0);
    expect(parseRetryAfter('Mon, 20 Jan 2025 16:00:10 GMT', NOW)).toBe(10_000);
    expect(parseRetryAfter(' 7 ', NOW)).toBe(7000);
    expect(parseRetryAfter('7s', NOW)).toBeNull();
    expect(parseRetryAfter('x7', NOW)).toBeNull();
    expect(parseRetryAfter(null, NOW)).toBeNull();
    expect(parseRetryAfter(undefined, NOW)).toBeNull();
  });

  it('success is exactly 2xx; 199 and 300 are failures', () => {
    expect(decideAfterAttempt({ attempt: 1, schedule: S, outcome: { kind: 'response', status: 200 }, now: NOW })).toEqual({ action: 'success' });
    expect(decideAfterAttempt({ attempt: 1, schedule: S, outcome: { kind: 'response', status: 299 }, now: NOW })).toEqual({ action: 'success' });
    for (const status of [199, 300, 301, 404])
      expect(decideAfterAttempt({ attempt: 1, schedule: S, outcome: { kind: 'response', status }, now: NOW }).action, String(status)).toBe('retry');
  });

  it('attempt bounds: 0, fractional and past the last are refused with the range', () => {
    for (const attempt of [0, 1.5, 7])
      expect(() => decideAfterAttempt({ attempt, schedule: S, outcome: fail500, now: NOW })).toThrow(
        `attempt must be an integer in 1–6, got ${attempt}`,
      );
  });

  it('the failure reasons name the cause', () => {
    expect(decideAfterAttempt({ attempt: 2, schedule: S, outcome: { kind: 'response', status: 410 }, now: NOW })).toEqual({
      action: 'fail',
      disableEndpoint: true,
      reason: 'endpoint returned 410 Gone',
    });
    expect(decideAfterAttempt({ attempt: 2, schedule: S, outcome: { kind: 'error', code: 'ERR_SSRF_BLOCKED' }, now: NOW })).toEqual({
      action: 'fail',
      disableEndpoint: false,
      reason: 'not retried: ERR_SSRF_BLOCKED',
    });
  });

  it('truncateBody: exactly at the limit is kept whole; a limit of 0 gives empty text', () => {
    expect(truncateBody('é'.repeat(10), 20)).toBe('é'.repeat(10));
    expect(truncateBody('é'.repeat(10), 19)).toBe('é'.repeat(9));
    expect(truncateBody('abc', 0)).toBe('');
    expect(() => truncateBody('abc', -1)).toThrow('maxBytes must be a non-negative integer, got -1');
  });
});
