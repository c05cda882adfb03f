import { describe, expect, it } from 'vitest';
import { backoffMs, buildReport, carriersOf, isRetryable, reportTable, Watermark, type RetryPolicy } from './backfill.logic.js';

const P: RetryPolicy = { attempts: 4, baseMs: 500, maxMs: 10_000, giveUpAfter: 5 };

describe('backoffMs', () => {
  it.each([
    // attempt, random, retryAfterMs → ms: exponential 500·2^(n-1), capped at 10 s, jitter from half to all of it
    [1, 0, 0, 250],
    [1, 0.999999, 0, 500],
    [2, 0.5, 0, 750],
    [3, 0, 0, 1000],
    [5, 1, 0, 8000],
    [6, 0, 0, 5000], // 16 s capped to 10 s, half of it
    [9, 1, 0, 10_000],
    [1, 0, 30_000, 30_000], // an open breaker's retry-after wins
  ])('attempt %i, random %f, retry-after %i → %i ms', (attempt, random, after, ms) => {
    expect(backoffMs(P, attempt, random, after)).toBe(ms);
  });
});

describe('isRetryable', () => {
  it.each([
    ['CARRIER_TIMEOUT', true],
    ['CARRIER_UNAVAILABLE', true],
    ['CARRIER_CIRCUIT_OPEN', true],
    ['CARRIER_RATE_LIMITED', true],
    ['CARRIER_AWB_NOT_FOUND', false],
    ['CARRIER_BAD_RESPONSE', false],
    ['CARRIER_AUTH_FAILED', false],
    ['CARRIER_NOT_CONFIGURED', false],
  ] as const)('%s → %s', (code, yes) => expect(isRetryable(code)).toBe(yes));
});

describe('Watermark', () => {
  it('moves only past rows that, with every row before them, have an outcome', () => {
    const w = new Watermark('A0');
    for (const a of ['A1', 'A2', 'A3', 'A4']) w.take(a);
    expect(w.finish('A2')).toBe('A0');
    expect(w.finish('A3')).toBe('A0');
    expect(w.finish('A1')).toBe('A3');
    expect(w.finish('A4')).toBe('A4');
  });
  it('starts with no cursor and keeps it while the first row is in flight', () => {
    const w = new Watermark(null);
    w.take('B1');
    w.take('B2');
    expect(w.finish('B2')).toBeNull();
    expect(w.finish('B1')).toBe('B2');
  });
  it('keeps working past its compaction point', () => {
    const w = new Watermark(null);
    const awbs = Array.from({ length: 3000 }, (_, i) => `X${String(i).padStart(5, '0')}`);
    for (const a of awbs) w.take(a);
    for (const a of awbs.slice(0, 2500)) w.finish(a);
    expect(w.cursor).toBe('X02499');
    expect(w.finish('X02501')).toBe('X02499');
    expect(w.finish('X02500')).toBe('X02501');
  });
});

describe('buildReport', () => {
  it('counts by carrier and in total; found is every row dealt with', () => {
    const r = buildReport(
      [
        { carrier: 'jne', outcome: 'filled', n: 7 },
        { carrier: 'jne', outcome: 'still_empty', n: 2 },
        { carrier: 'sicepat', outcome: 'failed', n: 5 },
      ],
      { sicepat: 'CARRIER_UNAVAILABLE: down' },
    );
    expect(r.byCarrier).toEqual({
      jne: { found: 9, filled: 7, stillEmpty: 2, failed: 0 },
      sicepat: { found: 5, filled: 0, stillEmpty: 0, failed: 5, gaveUp: 'CARRIER_UNAVAILABLE: down' },
    });
    expect(r.totals).toEqual({ found: 14, filled: 7, stillEmpty: 2, failed: 5 });
    expect(reportTable(r).split('\n')).toEqual([
      'carrier  found  filled  still empty  failed',
      'jne          9       7            2       0',
      'sicepat      5       0            0       5  given up: CARRIER_UNAVAILABLE: down',
      'total       14       7            2       5',
    ]);
  });
  it('a carrier given up before any row still appears', () => {
    expect(buildReport([], { jnt: 'x' }).byCarrier).toEqual({ jnt: { found: 0, filled: 0, stillEmpty: 0, failed: 0, gaveUp: 'x' } });
  });
});

it('carriersOf: one, or every carrier', () => {
  expect(carriersOf({ carrier: 'sap' })).toEqual(['sap']);
  expect(carriersOf({ carrier: null })).toEqual(['jne', 'sicepat', 'jnt', 'idexpress', 'sap']);
});
