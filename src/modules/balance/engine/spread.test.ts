import { describe, expect, it } from 'vitest';
import { distribute } from './distribute.js';
import { distributeLiteral } from './literal.js';
import { companyMetrics } from './metrics.js';
import {
  HEALTH_FREE_UTILIZATION,
  HEALTH_HELD_PENALTY,
  HEALTH_OVER_LIMIT_PENALTY,
  HEALTH_UTILIZATION_PENALTY,
  spread,
  spreadOf,
  systemHealth,
  totalScore,
} from './spread.js';
import type { CompanyFacts, CompanyMetrics, PendingShipment } from './types.js';

const company = (id: string, over: Partial<CompanyFacts> = {}): CompanyMetrics =>
  companyMetrics({
    id,
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

describe('spread', () => {
  it('by hand: utilizations 50, 25, 100 → mean 175/3, population sd √(26250/27), cv sd / mean', () => {
    const s = spread([10, 20, 4], [5, 5, 4]);
    expect(s.maxUtilization).toBe(100);
    expect(s.meanUtilization).toBeCloseTo(175 / 3, 12);
    expect(s.cv).toBeCloseTo(Math.sqrt(26250 / 27) / (175 / 3), 12); // 0.5345…
  });

  it('only the included companies: 50 and 25 → mean 37.5, sd 12.5, cv 1/3', () => {
    const s = spread([10, 20, 4], [5, 5, 4], (i) => i !== 2);
    expect(s).toEqual({ maxUtilization: 50, meanUtilization: 37.5, cv: 1 / 3 });
  });

  it('none included, or all idle: zeros (no division by zero)', () => {
    expect(spread([], [])).toEqual({ maxUtilization: 0, meanUtilization: 0, cv: 0 });
    expect(spread([10], [5], () => false)).toEqual({ maxUtilization: 0, meanUtilization: 0, cv: 0 });
    expect(spread([10, 4], [0, 0])).toEqual({ maxUtilization: 0, meanUtilization: 0, cv: 0 });
    expect(spread([10, 4], [5, 2])).toEqual({ maxUtilization: 50, meanUtilization: 50, cv: 0 });
  });

  it('spreadOf: final loads of active companies only', () => {
    const cs = [company('a', { load: 5 }), company('s', { status: 'suspended', load: 10 }), company('b', { capacity: 20 })];
    const d = distribute(cs, [{ id: 'x', creatorId: 'a', createdAt: 1 }]);
    // a created it: 5 → 4 of 10 (40 %), b receives it: 1 of 20 (5 %); the suspended one (100 %) is not counted
    expect(spreadOf(d).maxUtilization).toBe(40);
    expect(spreadOf(d).meanUtilization).toBe(22.5);
  });
});

describe('totalScore: each winner at the load it carried at its turn', () => {
  it('by hand', () => {
    // A, B: starters, no history, $5,000 → 48 + (100 − util) × 0.3. A 0 of 10 (78), B 5 of 10 (63).
    // Ours gives all five to A (66, its score at 4 of 10, still beats B's 63): 78 + 75 + 72 + 69 + 66 = 360
    const cs = [company('A'), company('B', { load: 5 })];
    const ss: PendingShipment[] = Array.from({ length: 5 }, (_, i) => ({ id: `s${i}`, creatorId: 'x', createdAt: i }));
    expect(totalScore(distribute(cs, ss))).toBeCloseTo(360, 9);
    // a held shipment adds nothing: B created every one, A takes 9 of them (78 … 54), the 10th is held
    const byB: PendingShipment[] = Array.from({ length: 10 }, (_, i) => ({ id: `s${i}`, creatorId: 'B', createdAt: i }));
    const d = distribute(cs, byB);
    expect(d.held).toBe(1);
    expect(totalScore(d)).toBeCloseTo(78 + 75 + 72 + 69 + 66 + 63 + 60 + 57 + 54, 9);
    // the literal algorithm counted at the true loads too, not at its stale 78
    expect(totalScore(distributeLiteral(cs, byB))).toBeCloseTo(594, 9);
    expect(totalScore(distribute(cs, []))).toBe(0);
  });
});

describe('systemHealth (score = 100 − 1.5 × max(0, util − 50) − 40 × held/pending − 20 × over/active)', () => {
  const caps = (loads: number[], over: Partial<CompanyFacts> = {}) => loads.map((load, i) => company(`c${i}`, { load, ...over }));

  it('constants', () => {
    expect([HEALTH_FREE_UTILIZATION, HEALTH_UTILIZATION_PENALTY, HEALTH_HELD_PENALTY, HEALTH_OVER_LIMIT_PENALTY]).toEqual([50, 1.5, 40, 20]);
  });

  it.each([
    // loads of companies with capacity 10, held, pending → score, label
    [[2, 3], 0, 0, 100, 'optimal', 25], // 25 % → nothing lost
    [[3, 8, 8], 0, 0, 80, 'optimal', 190 / 3], // 63.3 % → 20; none over; 80 exactly → optimal
    [[8, 8, 8, 10, 10], 0, 0, 35, 'strained', 88], // 88 % → 57; 2 of 5 over → 8; 35 exactly → strained
    [[9, 5], 0, 0, 60, 'good', 70], // 70 % → 30; 1 of 2 over → 10; 60 exactly → good
    [[9, 9, 9, 4, 4], 0, 0, 58, 'strained', 70], // 70 % → 30; 3 of 5 over → 12; 58 → strained
    [[8, 9], 0, 0, 37.5, 'strained', 85], // 85 % → 52.5; 1 of 2 → 10
    [[9, 9, 8], 0, 0, 100 - 55 - 40 / 3, 'critical', 260 / 3], // 86.7 % → 55; 2 of 3 → 13.3; 31.7 → critical
    [[1, 1], 1, 100, 99.6, 'strained', 10], // any held: at best strained
    [[9, 9], 5, 10, 0, 'critical', 90], // 90 % → 60; held half → 20; all over → 20; and nobody can take work
  ])('loads %j, held %i of %i → %f %s', (loads, held, pending, score, label, util) => {
    const h = systemHealth(caps(loads), held, pending);
    expect(h.score).toBeCloseTo(score, 9);
    if (score === 80 || score === 35) expect(h.score).toBe(score); // the label boundaries, exactly
    expect(h.label).toBe(label);
    expect(h.systemUtilization).toBeCloseTo(util, 9);
  });

  it('counts only active companies, and no active company is critical', () => {
    const h = systemHealth([company('a', { load: 2 }), company('s', { status: 'suspended', load: 10 })], 0);
    expect(h).toEqual({ label: 'optimal', score: 100, systemUtilization: 20, overLimit: 0, activeCompanies: 1, held: 0 });
    const none = systemHealth([company('s', { status: 'suspended' })], 0);
    expect(none.label).toBe('critical');
    expect(none.score).toBe(100);
    expect(none.activeCompanies).toBe(0);
    expect(none.systemUtilization).toBe(0);
    expect(systemHealth([], 3).held).toBe(3);
    // 5 of 6 is under 90 % but a sixth would make 100 %: at its limit
    const six = systemHealth([company('g', { load: 5, capacity: 6 })], 0);
    expect([six.overLimit, six.label]).toEqual([1, 'critical']);
    // pending defaults to held: everything held → 40 lost
    expect(systemHealth(caps([1, 1]), 2).score).toBeCloseTo(60, 9);
    expect(systemHealth(caps([1, 1]), 2).label).toBe('strained');
  });

  it('score is clamped to 0–100', () => {
    const worst = systemHealth(caps([20, 20]), 10, 10); // 200 % → 225 lost
    expect(worst.score).toBe(0);
    expect(worst.overLimit).toBe(2);
  });
});
