/**
 * Expected values worked out by hand from the definition (Prometheus' histogram_quantile: rank = q ×
 * total, linear inside the bucket the rank falls in, the overflow bucket answering the last bound).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketIndex, quantileFromBuckets, REQUEST_LATENCY_BOUNDS_MS } from './histogram.js';

const B = [10, 100, 1000];

describe('bucketIndex', () => {
  it.each([
    [0, 0],
    [10, 0],
    [10.01, 1],
    [100, 1],
    [999, 2],
    [1000, 2],
    [1000.5, 3],
    [1e9, 3],
  ])('%d ms → bucket %d', (v, i) => {
    expect(bucketIndex(B, v)).toBe(i);
  });

  it('the request bounds are those of the /metrics histogram, in ms, and include 1 s and 5 s', () => {
    expect(REQUEST_LATENCY_BOUNDS_MS).toEqual([5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000]);
  });
});

describe('quantileFromBuckets', () => {
  it.each([
    // [counts, q, expected]
    [[0, 0, 0, 0], 0.95, null],
    [[10, 0, 0, 0], 0.5, 5], // rank 5 of 10 in (0, 10]
    [[10, 0, 0, 0], 1, 10],
    [[0, 4, 0, 0], 0.5, 55], // rank 2 of 4 in (10, 100]: 10 + 90 × 2/4
    [[30, 0, 40, 0], 0.95, 100 + (900 * (66.5 - 30)) / 40], // rank 66.5: 30 below, 40 in (100, 1000]
    [[95, 5, 0, 0], 0.95, 10], // exactly 95 % at ≤ 10: p95 is the bound
    [[94, 6, 0, 0], 0.95, 10 + 90 * (1 / 6)], // one more above: p95 moves past the bound
    [[0, 0, 1, 1], 0.95, 1000], // the rank in the overflow: "above 1000" answers 1000
    [[1, 0, 0, 99], 0.01, 10],
  ])('%j, q %d → %d', (counts, q, expected) => {
    const got = quantileFromBuckets(B, counts, q);
    if (expected === null) expect(got).toBeNull();
    else expect(got).toBeCloseTo(expected, 9);
  });

  it('refuses a q outside (0, 1] and counts of the wrong length', () => {
    expect(() => quantileFromBuckets(B, [1, 0, 0, 0], 0)).toThrow(RangeError);
    expect(() => quantileFromBuckets(B, [1, 0, 0, 0], 1.5)).toThrow(RangeError);
    expect(() => quantileFromBuckets(B, [1, 0, 0], 0.5)).toThrow(RangeError);
  });

  it('the estimate lies in the bucket that holds the exact quantile (nearest rank)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 5000, noNaN: true }), { minLength: 1, maxLength: 300 }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        (values, q) => {
          const counts = [0, 0, 0, 0];
          for (const v of values) counts[bucketIndex(B, v)]!++;
          const sorted = [...values].sort((a, b) => a - b);
          const exact = sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
          const i = bucketIndex(B, exact);
          const est = quantileFromBuckets(B, counts, q)!;
          const lower = i === 0 ? 0 : B[i - 1]!;
          const upper = i < B.length ? B[i]! : B[B.length - 1]!;
          expect(est).toBeGreaterThanOrEqual(lower);
          expect(est).toBeLessThanOrEqual(upper);
        },
      ),
    );
  });
});
