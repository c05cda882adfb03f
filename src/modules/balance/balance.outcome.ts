/**
 * A run's outcome, from the rows the repository reads to what the report, the audit and the run record
 * hold: the engine's input, its decisions expanded once, the compact stored form, the audit details.
 * Pure (no I/O), beside the service that runs it.
 */
import type * as repo from './balance.repo.js';
import { companyMetrics } from './engine/metrics.js';
import { distribute } from './engine/distribute.js';
import type { CompanyMetrics, Decision, PendingShipment, ScoreParts } from './engine/types.js';

export interface DecisionView {
  shipmentId: string;
  creatorId: string;
  companyId: string | null;
  score: number | null;
}

export const round2 = (x: number) => Math.round(x * 100) / 100;

export function toMetrics(rows: ReadonlyArray<repo.CompanyFactsRow>, loads?: ReadonlyMap<string, number>): CompanyMetrics[] {
  return rows.map((r) =>
    companyMetrics({
      id: r.id,
      tier: r.tier,
      status: r.status,
      capacity: r.capacity,
      load: loads?.get(r.id) ?? r.load,
      balance: r.balance,
      delivered: r.delivered,
      deliveredOnTime: r.delivered_on_time,
      failed: r.failed,
      priceMultiplier: r.price_multiplier,
    }),
  );
}

export const toPending = (rows: repo.PendingRow[]): PendingShipment[] =>
  rows.map((r) => ({ id: r.id, creatorId: r.company_id, createdAt: r.created_ms }));

/** The distribution's outcome, expanded once: what the report, the audit and the run record need. */
export interface Outcome {
  decisions: Decision[];
  distributed: number;
  held: number;
  companiesRebalanced: number;
  /** Loads after the run's assignments (the load rule: the creator loses one, the assignee gains one). */
  loadsAfter: Map<string, number>;
}

export function decide(metrics: CompanyMetrics[], pending: PendingShipment[]): Outcome {
  const d = distribute(metrics, pending);
  const decisions: Decision[] = new Array<Decision>(pending.length);
  for (let k = 0; k < pending.length; k++) decisions[k] = d.decisionAt(k);
  // The engine moved the loads by the load rule as it assigned: its final loads are the database's after the run.
  let companiesRebalanced = 0;
  const loadsAfter = new Map<string, number>();
  metrics.forEach((m, i) => {
    const after = d.finalLoads[i]!;
    if (after !== m.load) companiesRebalanced++;
    loadsAfter.set(m.id, after);
  });
  return { decisions, distributed: d.assigned, held: d.held, companiesRebalanced, loadsAfter };
}

export const compact = (x: Decision): repo.CompactDecision => [
  x.shipmentId,
  x.creatorId,
  x.winner?.companyId ?? null,
  x.winner ? round2(x.winner.score) : null,
];
export const expand = (c: repo.CompactDecision): DecisionView => ({ shipmentId: c[0], creatorId: c[1], companyId: c[2], score: c[3] });

/** The audit row's details of one assignment (what GET /api/admin/shipments/:id/decision explains). */
export function activityOf(runId: string, x: Decision): Record<string, unknown> {
  const w = x.winner!;
  return {
    runId,
    score: round4(w.score),
    parts: parts4(w.parts),
    utilizationBefore: round4(w.utilization),
    runnersUp: x.runnersUp.slice(0, 2).map((r) => ({ companyId: r.companyId, score: round4(r.score), parts: parts4(r.parts) })),
  };
}

// The audit keeps 4 decimals: a fifth of its bytes (10,000 rows a run) were float noise like 29.699999999999996.
const round4 = (v: number) => Math.round(v * 1e4) / 1e4;
const parts4 = (p: ScoreParts): ScoreParts => ({
  performance: round4(p.performance),
  underutilization: round4(p.underutilization),
  balance: round4(p.balance),
  tier: p.tier,
});

/** Load of the active companies over their capacity, in % (the pricing model's system utilization). */
export function systemUtilization(metrics: CompanyMetrics[]): number {
  let load = 0;
  let capacity = 0;
  for (const m of metrics) {
    if (m.status !== 'active') continue;
    load += m.load;
    capacity += m.capacity;
  }
  return capacity === 0 ? 0 : (load / capacity) * 100;
}
