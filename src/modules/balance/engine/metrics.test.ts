import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  balanceHealthOf,
  companyMetrics,
  HEALTHY_BALANCE,
  ON_TIME_WEIGHT,
  PERFORMANCE_PRIOR,
  performanceScoreOf,
  PRIOR_WEIGHT,
  smoothedRate,
  SUCCESS_WEIGHT,
  utilizationOf,
} from './metrics.js';
import type { CompanyFacts } from './types.js';

const facts = (over: Partial<CompanyFacts> = {}): CompanyFacts => ({
  id: 'c1',
  tier: 'professional',
  status: 'active',
  capacity: 50,
  load: 0,
  balance: 0,
  delivered: 0,
  deliveredOnTime: 0,
  failed: 0,
  priceMultiplier: 1,
  ...over,
});

describe('constants (documented in docs/balance.md)', () => {
  it('prior 70 with 20 pseudo-counts, 0.6 on-time + 0.4 success, $5,000 healthy balance', () => {
    expect([PERFORMANCE_PRIOR, PRIOR_WEIGHT, ON_TIME_WEIGHT, SUCCESS_WEIGHT, HEALTHY_BALANCE]).toEqual([70, 20, 0.6, 0.4, 5000]);
  });
});

describe('performance score (by hand: smoothed = (70 × 20 + 100 × successes) / (20 + trials))', () => {
  it.each([
    // delivered, onTime, failed → on-time rate, success rate, performance
    // no history: both smoothed rates are the prior → 0.6 × 70 + 0.4 × 70 = 70
    [0, 0, 0, null, null, 70],
    // one on-time delivery: (1400 + 100) / 21 = 71.428571… for both → 71.428571…
    [1, 1, 0, 100, 100, 1500 / 21],
    // one late delivery: on-time (1400 + 0) / 21 = 66.666…, success 1500 / 21 = 71.428… → 0.6 × 66.667 + 0.4 × 71.429 = 68.571…
    [1, 0, 0, 0, 100, 40 + 0.4 * (1500 / 21)],
    // 80 delivered, 60 on time, 20 failed: on-time (1400 + 6000) / 100 = 74, success (1400 + 8000) / 120 = 78.333… → 44.4 + 31.333… = 75.7333…
    [80, 60, 20, 75, 80, 75.73333333333333],
    // only failures: on-time stays 70, success 1400 / 25 = 56 → 42 + 22.4 = 64.4
    [0, 0, 5, null, 0, 64.4],
    // 20 all late, none failed: on-time 1400 / 40 = 35, success 3400 / 40 = 85 → 21 + 34 = 55
    [20, 0, 0, 0, 100, 55],
    // 1000 perfect: on-time = success = (1400 + 100000) / 1020 = 99.411… → 99.411…
    [1000, 1000, 0, 100, 100, 101400 / 1020],
  ])('delivered %i, on time %i, failed %i → on-time %s, success %s, score %f', (delivered, onTime, failed, onTimeRate, successRate, score) => {
    const m = companyMetrics(facts({ delivered, deliveredOnTime: onTime, failed }));
    expect(m.onTimeRate).toBe(onTimeRate);
    expect(m.successRate).toBe(successRate);
    expect(m.performanceScore).toBeCloseTo(score, 9);
    expect(performanceScoreOf(delivered, onTime, failed)).toBeCloseTo(score, 9);
  });

  it('smoothedRate by hand', () => {
    expect(smoothedRate(0, 0)).toBe(70);
    expect(smoothedRate(5, 5)).toBeCloseTo(1900 / 25, 12); // 76
    expect(smoothedRate(0, 20)).toBe(35);
    expect(smoothedRate(30, 30)).toBeCloseTo(4400 / 50, 12); // 88
  });

  it('stays within 0–100, moves toward the record as history grows, and one delivery moves it < 2 points', () => {
    fc.assert(
      fc.property(fc.nat(500), fc.nat(500), fc.nat(500), (a, b, failed) => {
        const delivered = Math.max(a, b);
        const onTime = Math.min(a, b);
        const p = performanceScoreOf(delivered, onTime, failed);
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(100);
        expect(Math.abs(performanceScoreOf(delivered + 1, onTime + 1, failed) - p)).toBeLessThan(2);
        expect(Math.abs(performanceScoreOf(delivered + 1, onTime, failed) - p)).toBeLessThan(2);
      }),
    );
  });
});

describe('utilization and balance health', () => {
  it.each([
    [0, 50, 0],
    [45, 50, 90],
    [3, 4, 75],
    [60, 50, 120],
    [1, 3, 100 / 3],
  ])('load %i of %i → %f %', (load, capacity, u) => {
    expect(utilizationOf(load, capacity)).toBeCloseTo(u, 12);
    expect(companyMetrics(facts({ load, capacity })).utilization).toBeCloseTo(u, 12);
  });

  it.each([
    [-100, 0],
    [0, 0],
    [1234.5, 24.69],
    [2500, 50],
    [4999, 99.98],
    [5000, 100],
    [12_000, 100],
  ])('balance %f → health %f', (balance, health) => {
    expect(balanceHealthOf(balance)).toBeCloseTo(health, 9);
    expect(companyMetrics(facts({ balance })).balanceHealth).toBeCloseTo(health, 9);
  });

  it('copies the identity, tier, status, capacity, load, balance and multiplier through', () => {
    const f = facts({ id: 'x', tier: 'enterprise', status: 'suspended', capacity: 7, load: 3, balance: 12.5, priceMultiplier: 1.2 });
    expect(companyMetrics(f)).toMatchObject({
      id: 'x',
      tier: 'enterprise',
      status: 'suspended',
      capacity: 7,
      load: 3,
      balance: 12.5,
      priceMultiplier: 1.2,
    });
  });
});
