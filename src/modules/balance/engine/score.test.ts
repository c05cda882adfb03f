import { describe, expect, it } from 'vitest';
import { companyMetrics } from './metrics.js';
import {
  balancePart,
  BALANCE_POINTS,
  canTake,
  compareScores,
  isEligible,
  PERFORMANCE_WEIGHT,
  performancePart,
  rankCompanies,
  scoreOf,
  scoreTotal,
  UNDERUTILIZATION_POINTS,
  underutilizationPart,
} from './score.js';
import type { CompanyFacts, CompanyMetrics } from './types.js';

const metrics = (over: Partial<CompanyFacts> = {}): CompanyMetrics =>
  companyMetrics({
    id: 'c1',
    tier: 'starter',
    status: 'active',
    capacity: 10,
    load: 0,
    balance: 5000,
    delivered: 0,
    deliveredOnTime: 0,
    failed: 0,
    priceMultiplier: 1,
    ...over,
  });

describe('isEligible: load × 10 < capacity × 9', () => {
  it.each([
    [0, 1, true],
    [1, 1, false],
    [1, 2, true],
    [2, 2, false],
    [2, 3, true],
    [3, 3, false],
    [4, 5, true],
    [5, 5, false],
    [8, 9, true],
    [9, 9, false],
    [8, 10, true],
    [9, 10, false],
    [17, 20, true],
    [18, 20, false],
    [44, 50, true],
    [45, 50, false],
    [89, 100, true],
    [90, 100, false],
    [120, 100, false],
  ])('load %i, capacity %i → %s', (load, capacity, ok) => {
    expect(isEligible(load, capacity)).toBe(ok);
  });
});

describe('canTake: (load + 1) × 10 ≤ capacity × 9 — one more never passes 90 %', () => {
  // by hand: the largest load a company may end at is floor(0.9 × capacity); it takes at the loads below
  it.each([
    [0, 1, false], // 1 of 1 = 100 %: capacity 1 never takes work
    [0, 2, true], // ends at 1 of 2 = 50 %
    [1, 2, false], // 2 of 2 = 100 %
    [0, 5, true],
    [3, 5, true], // ends at 4 of 5 = 80 %
    [4, 5, false],
    [4, 6, true], // ends at 5 of 6 = 83 %
    [5, 6, false], // the seed's filter lets it take a sixth (100 %); canTake does not
    [7, 9, true],
    [8, 9, false],
    [8, 10, true], // ends at 9 of 10 = 90 %: allowed
    [9, 10, false],
    [17, 20, true],
    [18, 20, false],
    [89, 100, true], // ends at 90 of 100
    [90, 100, false],
    [120, 100, false],
  ])('load %i, capacity %i → %s', (load, capacity, ok) => {
    expect(canTake(load, capacity)).toBe(ok);
  });

  it('implies the seed filter, and keeps the load at or under 90 % after taking', () => {
    for (let capacity = 1; capacity <= 200; capacity++)
      for (let load = 0; load <= capacity + 2; load++) {
        if (canTake(load, capacity)) {
          expect(isEligible(load, capacity)).toBe(true);
          expect((load + 1) / capacity).toBeLessThanOrEqual(0.9 + 1e-12);
        } else if (isEligible(load, capacity)) expect((load + 1) / capacity).toBeGreaterThan(0.9);
      }
  });
});

describe('the seed score, by hand', () => {
  it('weights', () => {
    expect([PERFORMANCE_WEIGHT, UNDERUTILIZATION_POINTS, BALANCE_POINTS]).toEqual([0.4, 30, 20]);
  });

  it.each([
    // no history (70 → 28), empty (30), $2,500 (50 → 10), professional (5) = 73
    [{ tier: 'professional', balance: 2500 }, { performance: 28, underutilization: 30, balance: 10, tier: 5 }, 73],
    // 80/60/20 record (75.7333 → 30.29333), 5 of 20 (25 % → 75/100 × 30 = 22.5), $5,000 (20), enterprise (10) = 82.79333
    [
      { tier: 'enterprise', capacity: 20, load: 5, delivered: 80, deliveredOnTime: 60, failed: 20 },
      { performance: 30.293333333333333, underutilization: 22.5, balance: 20, tier: 10 },
      82.79333333333334,
    ],
    // 5 failures (64.4 → 25.76), 12 of 10 (120 % → max(0, −20) = 0), −$50 (0), starter (0) = 25.76
    [{ capacity: 10, load: 12, balance: -50, failed: 5 }, { performance: 25.76, underutilization: 0, balance: 0, tier: 0 }, 25.76],
    // 9 of 10 (90 % → 3), $1,000 (20 → 4), starter: 28 + 3 + 4 + 0 = 35
    [{ load: 9, balance: 1000 }, { performance: 28, underutilization: 3, balance: 4, tier: 0 }, 35],
  ] as const)('%j → %j = %f', (over, parts, total) => {
    const s = scoreOf(metrics(over));
    expect(s.parts.performance).toBeCloseTo(parts.performance, 9);
    expect(s.parts.underutilization).toBeCloseTo(parts.underutilization, 9);
    expect(s.parts.balance).toBeCloseTo(parts.balance, 9);
    expect(s.parts.tier).toBe(parts.tier);
    expect(s.score).toBeCloseTo(total, 9);
    expect(s.companyId).toBe('c1');
    expect(s.load).toBe((over as Partial<CompanyFacts>).load ?? 0);
  });

  it('at another load: only the underutilization part and the utilization change', () => {
    const m = metrics({ capacity: 8, load: 2 });
    const s = scoreOf(m, 6); // 75 % → 25/100 × 30 = 7.5; 28 + 7.5 + 20 + 0 = 55.5
    expect(s).toEqual({
      companyId: 'c1',
      score: 55.5,
      parts: { performance: 28, underutilization: 7.5, balance: 20, tier: 0 },
      load: 6,
      utilization: 75,
    });
    expect(scoreOf(m).load).toBe(2);
    expect(scoreOf(m).utilization).toBe(25);
  });

  it('part functions', () => {
    expect(performancePart(50)).toBe(20);
    expect(underutilizationPart(1, 4)).toBe(22.5);
    expect(underutilizationPart(5, 4)).toBe(0);
    expect(balancePart(100)).toBe(20);
    expect(balancePart(25)).toBe(5);
    expect(scoreTotal(1, 2, 3, 4)).toBe(10);
  });
});

describe('tie rule and ranking', () => {
  const at = (id: string, load: number, capacity: number, over: Partial<CompanyFacts> = {}) => metrics({ id, load, capacity, ...over });

  it('higher score first', () => {
    const a = at('b', 0, 10);
    const b = at('a', 5, 10);
    expect(compareScores(scoreOf(a), 10, scoreOf(b), 10)).toBeLessThan(0);
    expect(compareScores(scoreOf(b), 10, scoreOf(a), 10)).toBeGreaterThan(0);
  });

  it('equal score: lower utilization first (exact cross-multiplication), then the smaller id', () => {
    // 1 of 4 and 5 of 20 are both 25 %; equal scores and equal utilization → id decides
    const a = at('a', 1, 4);
    const b = at('b', 5, 20);
    expect(scoreOf(a).score).toBe(scoreOf(b).score);
    expect(compareScores(scoreOf(a), 4, scoreOf(b), 20)).toBe(-1);
    expect(compareScores(scoreOf(b), 20, scoreOf(a), 4)).toBe(1);
    expect(compareScores(scoreOf(a), 4, scoreOf(a), 4)).toBe(0);
    // equal scores, different utilization — c: starter, $0, 0 of 10 → 28 + 30 + 0 + 0 = 58;
    // d: professional, $625 (12.5 → 2.5), 1 of 4 (25 % → 22.5) → 28 + 22.5 + 2.5 + 5 = 58
    const c = scoreOf(at('z', 0, 10, { balance: 0 }));
    const d = scoreOf(at('y', 1, 4, { balance: 625, tier: 'professional' }));
    expect(c.score).toBe(58);
    expect(d.score).toBe(58);
    expect(compareScores(c, 10, d, 4)).toBe(-1); // 0 % before 25 % despite the larger id
    expect(compareScores(d, 4, c, 10)).toBe(1);
  });

  it('rankCompanies: active, can take one more without passing 90 %, not excluded, best first', () => {
    const list = [
      at('e', 0, 10, { status: 'suspended' }), // suspended: out
      at('d', 9, 10), // at 90 %: out
      at('c', 5, 10), // 28 + 15 + 20 = 63
      at('b', 0, 10), // 78
      at('a', 2, 4), // 50 % → 63, ties with c on score and utilization → a before c
      at('x', 0, 10, { tier: 'enterprise' }), // 88
      at('f', 5, 6), // 83 %: a sixth would make 100 %: out
      at('g', 1, 2), // 50 %: a second would make 100 %: out
      at('h', 0, 1), // capacity 1: 1 of 1 is 100 %, never takes work
    ];
    expect(rankCompanies(list).map((s) => s.companyId)).toEqual(['x', 'b', 'a', 'c']);
    expect(rankCompanies(list, { exclude: 'b' }).map((s) => s.companyId)).toEqual(['x', 'a', 'c']);
    expect(rankCompanies(list)[0]).toEqual(scoreOf(list[5]!));
    expect(rankCompanies([])).toEqual([]);
  });
});
