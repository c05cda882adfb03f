/**
 * Phase 5.3's metrics of one company, derived from its facts. Pure: the numbers the score, the
 * recommendations and the admin's status page read.
 */
import type { CompanyFacts, CompanyMetrics } from './types.js';

/** The score a company without history starts at (0–100): neither the best nor the worst. */
export const PERFORMANCE_PRIOR = 70;
/**
 * Pseudo-counts behind the prior: a company's own record outweighs the prior only after this many
 * finished shipments, so one lucky (or unlucky) delivery moves the score by a point or two, not to 100 or 0.
 */
export const PRIOR_WEIGHT = 20;
/** Weights of the two smoothed rates in the performance score (they sum to 1). */
export const ON_TIME_WEIGHT = 0.6;
export const SUCCESS_WEIGHT = 0.4;
/** The balance at which balance health reaches 100 (the seed's $5,000). */
export const HEALTHY_BALANCE = 5000;

/** utilization = load / capacity × 100 — the one expression the score and the engine also use. */
export function utilizationOf(load: number, capacity: number): number {
  return (load / capacity) * 100;
}

/**
 * Bayesian average of a percentage: `successes` out of `trials`, pulled toward the prior by
 * PRIOR_WEIGHT pseudo-trials: (prior × k + 100 × successes) / (k + trials).
 */
export function smoothedRate(successes: number, trials: number): number {
  return (PERFORMANCE_PRIOR * PRIOR_WEIGHT + 100 * successes) / (PRIOR_WEIGHT + trials);
}

/**
 * 0.6 × smoothed on-time rate (on-time deliveries out of deliveries) + 0.4 × smoothed success rate
 * (deliveries out of deliveries + failures). Without history both are the prior, so the score is 70.
 */
export function performanceScoreOf(delivered: number, deliveredOnTime: number, failed: number): number {
  return ON_TIME_WEIGHT * smoothedRate(deliveredOnTime, delivered) + SUCCESS_WEIGHT * smoothedRate(delivered, delivered + failed);
}

/** min(100, max(0, balance / 5000 × 100)): a negative balance is 0, not a negative health. */
export function balanceHealthOf(balance: number): number {
  return Math.min(100, Math.max(0, (balance / HEALTHY_BALANCE) * 100));
}

export function companyMetrics(f: CompanyFacts): CompanyMetrics {
  const finished = f.delivered + f.failed;
  return {
    id: f.id,
    tier: f.tier,
    status: f.status,
    capacity: f.capacity,
    load: f.load,
    utilization: utilizationOf(f.load, f.capacity),
    onTimeRate: f.delivered > 0 ? (f.deliveredOnTime / f.delivered) * 100 : null,
    successRate: finished > 0 ? (f.delivered / finished) * 100 : null,
    performanceScore: performanceScoreOf(f.delivered, f.deliveredOnTime, f.failed),
    balanceHealth: balanceHealthOf(f.balance),
    balance: f.balance,
    priceMultiplier: f.priceMultiplier,
  };
}
