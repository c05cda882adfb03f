/**
 * How evenly a run left the work, the score it achieved, and the system's health label. Pure.
 */
import type { Distribution } from './distribute.js';
import { utilizationOf } from './metrics.js';
import { canTake, scoreOf } from './score.js';
import type { CompanyMetrics } from './types.js';

export interface Spread {
  /** Highest utilization (%) of an included company; 0 with none. */
  maxUtilization: number;
  /** Mean utilization (%) of the included companies; 0 with none. */
  meanUtilization: number;
  /** Coefficient of variation of their utilizations: population standard deviation / mean; 0 when the mean is 0. */
  cv: number;
}

/** Spread of utilization over companies i with `include(i)` (by default all): load[i] / capacity[i] × 100. */
export function spread(capacities: ArrayLike<number>, loads: ArrayLike<number>, include: (i: number) => boolean = () => true): Spread {
  const us: number[] = [];
  for (let i = 0; i < capacities.length; i++) if (include(i)) us.push(utilizationOf(loads[i]!, capacities[i]!));
  if (us.length === 0) return { maxUtilization: 0, meanUtilization: 0, cv: 0 };
  const mean = us.reduce((a, b) => a + b, 0) / us.length;
  const variance = us.reduce((a, u) => a + (u - mean) ** 2, 0) / us.length;
  return { maxUtilization: Math.max(...us), meanUtilization: mean, cv: mean === 0 ? 0 : Math.sqrt(variance) / mean };
}

/** The spread a run left over the active companies. */
export function spreadOf(d: Distribution): Spread {
  return spread(
    d.companies.map((c) => c.capacity),
    d.finalLoads,
    (i) => d.companies[i]!.status === 'active',
  );
}

/**
 * Sum over assigned turns of the winner's true score at its turn: computed at the load it carried then
 * (for the literal algorithm too, not the stale score it was ranked by).
 */
export function totalScore(d: Distribution): number {
  let total = 0;
  for (let k = 0; k < d.winner.length; k++) {
    const w = d.winner[k]!;
    if (w >= 0) total += scoreOf(d.companies[w]!, d.winnerLoad[k]!).score;
  }
  return total;
}

export type HealthLabel = 'optimal' | 'good' | 'strained' | 'critical';

export interface SystemHealth {
  label: HealthLabel;
  /** 0–100, higher is healthier. */
  score: number;
  /** Σ load / Σ capacity × 100 over active companies (0 without any). */
  systemUtilization: number;
  /** Active companies at their limit: one more shipment would take them past 90 % (not `canTake`). */
  overLimit: number;
  activeCompanies: number;
  held: number;
}

/** Points lost per utilization point above HEALTH_UTILIZATION_FREE. */
export const HEALTH_FREE_UTILIZATION = 50;
export const HEALTH_UTILIZATION_PENALTY = 1.5;
/** Points lost when every pending shipment is held (in proportion to the held share). */
export const HEALTH_HELD_PENALTY = 40;
/** Points lost when every active company is at its limit (in proportion). */
export const HEALTH_OVER_LIMIT_PENALTY = 20;

/**
 * score = 100 − 1.5 × max(0, systemUtilization − 50) − 40 × held / pending − 20 × overLimit / active,
 * clamped to 0–100. Label: ≥ 80 optimal, ≥ 60 good, ≥ 35 strained, else critical; but any held shipment
 * makes it at best 'strained', and no active company able to take work (none, or all at their limit) is 'critical'.
 * `pending`: the shipments the run looked at (held ones included); `held` of them found no company.
 */
export function systemHealth(companies: readonly CompanyMetrics[], held: number, pending: number = held): SystemHealth {
  let load = 0;
  let capacity = 0;
  let active = 0;
  let over = 0;
  for (const c of companies) {
    if (c.status !== 'active') continue;
    active++;
    load += c.load;
    capacity += c.capacity;
    if (!canTake(c.load, c.capacity)) over++;
  }
  const systemUtilization = capacity > 0 ? utilizationOf(load, capacity) : 0;
  const raw =
    100 -
    HEALTH_UTILIZATION_PENALTY * Math.max(0, systemUtilization - HEALTH_FREE_UTILIZATION) -
    (pending > 0 ? (HEALTH_HELD_PENALTY * held) / pending : 0) -
    (active > 0 ? (HEALTH_OVER_LIMIT_PENALTY * over) / active : 0);
  const score = Math.min(100, Math.max(0, raw));
  let label: HealthLabel = score >= 80 ? 'optimal' : score >= 60 ? 'good' : score >= 35 ? 'strained' : 'critical';
  if (held > 0 && (label === 'optimal' || label === 'good')) label = 'strained';
  if (over === active) label = 'critical';
  return { label, score, systemUtilization, overLimit: over, activeCompanies: active, held };
}
