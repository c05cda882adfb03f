/**
 * The seed's score (phase 5.4), exactly:
 *   score = performanceScore × 0.4 + max(0, 100 − utilization) / 100 × 30 + balanceHealth / 100 × 20 + tierBonus
 * the seed's eligibility rule `load × 10 < capacity × 9` (kept for a partner's own creates), and the engine's
 * stricter `canTake`: a company receives a shipment only if it stays at or under 90 % after taking it.
 * The distribution's heap, the brute-force reference and the status page all compute a score through `scoreTotal`, so equal inputs give bit-equal doubles and
 * ties are real ties.
 *
 * Tie rule (everywhere a "best" company is picked): higher score; then lower utilization, compared exactly
 * as load_a × capacity_b < load_b × capacity_a; then the smaller company id (string order, which is the
 * uuid order of canonical lowercase uuids).
 */
import { utilizationOf } from './metrics.js';
import { TIER_BONUS, type CompanyMetrics, type CompanyScore, type ScoreParts } from './types.js';

export const PERFORMANCE_WEIGHT = 0.4;
export const UNDERUTILIZATION_POINTS = 30;
export const BALANCE_POINTS = 20;

/** The seed's "< 90 % of capacity", in integers (the same expression as the create check). */
export function isEligible(load: number, capacity: number): boolean {
  return load * 10 < capacity * 9;
}

/**
 * May a company carrying `load` receive one more shipment? Only if it is still at or under 90 % of its
 * capacity afterwards, so no assignment ever takes a company past 90 %. Implies `isEligible`. A company
 * of capacity 1 never qualifies (1 of 1 is 100 %).
 */
export function canTake(load: number, capacity: number): boolean {
  return (load + 1) * 10 <= capacity * 9;
}

export function performancePart(performanceScore: number): number {
  return performanceScore * PERFORMANCE_WEIGHT;
}

export function underutilizationPart(load: number, capacity: number): number {
  return (Math.max(0, 100 - utilizationOf(load, capacity)) / 100) * UNDERUTILIZATION_POINTS;
}

export function balancePart(balanceHealth: number): number {
  return (balanceHealth / 100) * BALANCE_POINTS;
}

/** The sum, always in this order (floating-point addition is not associative). */
export function scoreTotal(performance: number, underutilization: number, balance: number, tier: number): number {
  return performance + underutilization + balance + tier;
}

/** The score of a company carrying `load` (its current load by default). */
export function scoreOf(m: CompanyMetrics, load: number = m.load): CompanyScore {
  const parts: ScoreParts = {
    performance: performancePart(m.performanceScore),
    underutilization: underutilizationPart(load, m.capacity),
    balance: balancePart(m.balanceHealth),
    tier: TIER_BONUS[m.tier],
  };
  return {
    companyId: m.id,
    score: scoreTotal(parts.performance, parts.underutilization, parts.balance, parts.tier),
    parts,
    load,
    utilization: utilizationOf(load, m.capacity),
  };
}

/** Negative when `a` is the better company by the tie rule (for Array.prototype.sort). */
export function compareScores(a: CompanyScore, capA: number, b: CompanyScore, capB: number): number {
  if (a.score > b.score) return -1;
  if (a.score < b.score) return 1;
  const ua = a.load * capB;
  const ub = b.load * capA;
  if (ua < ub) return -1;
  if (ua > ub) return 1;
  return a.companyId < b.companyId ? -1 : a.companyId > b.companyId ? 1 : 0;
}

/**
 * Active companies that may take one more shipment (`canTake`), scored at their current load, best first by
 * the tie rule; `exclude` (a shipment's creator) left out. The admin's manual assignment shows these as runners-up.
 */
export function rankCompanies(metrics: readonly CompanyMetrics[], opts: { exclude?: string } = {}): CompanyScore[] {
  const ranked: { s: CompanyScore; capacity: number }[] = [];
  for (const m of metrics) {
    if (m.status !== 'active' || m.id === opts.exclude || !canTake(m.load, m.capacity)) continue;
    ranked.push({ s: scoreOf(m), capacity: m.capacity });
  }
  ranked.sort((a, b) => compareScores(a.s, a.capacity, b.s, b.capacity));
  return ranked.map((r) => r.s);
}
