/**
 * What an admin could do about the current state, as structured actions (the status endpoint lists them).
 * Pure: the metrics (loads as they are now) and the number of shipments the last run held.
 *
 * Thresholds:
 * - held > 0                          → `held`: no company could take them without passing 90 %;
 *   and then each suspended company that could take one (`canTake`) → `unsuspend` (it could take held work);
 * - active, utilization ≥ 80 %        → `raise_capacity` (once one more would pass 90 % it takes no new work);
 * - active, balance health < 20       → `top_up_balance` (under $1,000: it loses score points);
 * - active, performance score < 50    → `review_performance` (the prior is 70, so only a real record gets here);
 * - active, utilization < 10 % while some active company is at ≥ 80 % or work is held → `idle_capacity`.
 * Order: by kind as listed, then company id.
 */
import { canTake } from './score.js';
import type { CompanyMetrics } from './types.js';

export const NEAR_LIMIT_UTILIZATION = 80;
export const LOW_BALANCE_HEALTH = 20;
export const LOW_PERFORMANCE_SCORE = 50;
export const IDLE_UTILIZATION = 10;

export type RecommendationKind = 'held' | 'unsuspend' | 'raise_capacity' | 'top_up_balance' | 'review_performance' | 'idle_capacity';

export interface Recommendation {
  kind: RecommendationKind;
  companyId?: string;
  message: string;
}

export interface RecommendationInput {
  metrics: readonly CompanyMetrics[];
  /** Shipments the last run could not place. */
  held: number;
}

const KIND_ORDER: readonly RecommendationKind[] = ['held', 'unsuspend', 'raise_capacity', 'top_up_balance', 'review_performance', 'idle_capacity'];
const pct = (x: number) => `${x.toFixed(0)} %`;

export function recommendations({ metrics, held }: RecommendationInput): Recommendation[] {
  const byKind = new Map<RecommendationKind, Recommendation[]>(KIND_ORDER.map((k) => [k, []]));
  const add = (kind: RecommendationKind, companyId: string | undefined, message: string) =>
    byKind.get(kind)!.push(companyId === undefined ? { kind, message } : { kind, companyId, message });
  const sorted = [...metrics].sort((a, b) => (a.id < b.id ? -1 : 1));
  const active = sorted.filter((m) => m.status === 'active');
  if (held > 0) {
    add(
      'held',
      undefined,
      `${held} shipment${held === 1 ? '' : 's'} held: no company could take ${held === 1 ? 'it' : 'them'} without passing 90 % of capacity`,
    );
    for (const m of sorted) {
      if (m.status === 'suspended' && canTake(m.load, m.capacity))
        add(
          'unsuspend',
          m.id,
          `${m.id} is suspended with room for work (${pct(m.utilization)} of capacity): unsuspending it would take held shipments`,
        );
    }
  }
  const crowded = held > 0 || active.some((m) => m.utilization >= NEAR_LIMIT_UTILIZATION);
  for (const m of active) {
    if (m.utilization >= NEAR_LIMIT_UTILIZATION) {
      const state = canTake(m.load, m.capacity) ? 'near the 90 % limit' : 'at the 90 % limit and takes no new work';
      add('raise_capacity', m.id, `${m.id} is at ${pct(m.utilization)} of capacity (${m.load}/${m.capacity}), ${state}: raise its capacity`);
    }
    if (m.balanceHealth < LOW_BALANCE_HEALTH)
      add('top_up_balance', m.id, `${m.id} has a low balance ($${m.balance.toFixed(2)}): top it up, a low balance lowers its score`);
    if (m.performanceScore < LOW_PERFORMANCE_SCORE)
      add(
        'review_performance',
        m.id,
        `${m.id} has a low performance score (${m.performanceScore.toFixed(1)}): review its late and failed deliveries`,
      );
    if (crowded && m.utilization < IDLE_UTILIZATION)
      add(
        'idle_capacity',
        m.id,
        `${m.id} uses ${pct(m.utilization)} of its capacity while others are near their limit: check why it gets little work`,
      );
  }
  return KIND_ORDER.flatMap((k) => byKind.get(k)!);
}
