/**
 * The balance engine's data: what the service reads from the database (facts), what the engine derives
 * (metrics, scores) and decides. Everything in `engine/` is pure — data in, decisions out: no I/O, no
 * clock (the caller passes `now`), no imports from outside this folder.
 */

export type Tier = 'starter' | 'professional' | 'enterprise';

/** The seed's tier bonus (phase 5.4). */
export const TIER_BONUS: Readonly<Record<Tier, number>> = { starter: 0, professional: 5, enterprise: 10 };

/** One company as the database has it now; every count is of the company's history as assignee. */
export interface CompanyFacts {
  id: string;
  tier: Tier;
  status: 'active' | 'suspended';
  /** Concurrent active shipments it can carry (integer ≥ 1). */
  capacity: number;
  /**
   * Active shipments it is responsible for (the load rule, docs/balance.md): those assigned to it and not
   * final, plus those it created that nobody has been assigned.
   */
  load: number;
  /** Account balance, in dollars. */
  balance: number;
  /** Shipments it delivered as assignee. */
  delivered: number;
  /** Of those, delivered at or before their estimated delivery time. */
  deliveredOnTime: number;
  /** Shipments assigned to it that ended failed or returned. */
  failed: number;
  /** Current demand multiplier of its quotes (0.90–1.30). */
  priceMultiplier: number;
}

/** Phase 5.3's metrics, derived from the facts. Rates are percentages (0–100). */
export interface CompanyMetrics {
  id: string;
  tier: Tier;
  status: 'active' | 'suspended';
  capacity: number;
  load: number;
  /** load / capacity × 100 */
  utilization: number;
  /** deliveredOnTime / delivered × 100; null without deliveries. */
  onTimeRate: number | null;
  /** delivered / (delivered + failed) × 100; null without finished shipments. */
  successRate: number | null;
  /** 0–100: the documented weighted average, starting from the prior without history. */
  performanceScore: number;
  /** min(100, max(0, balance / 5000 × 100)) */
  balanceHealth: number;
  balance: number;
  priceMultiplier: number;
}

/** The seed's score (phase 5.4) and its parts; total = the sum of the parts. */
export interface ScoreParts {
  /** performanceScore × 0.4 (0–40) */
  performance: number;
  /** max(0, 100 − utilization) / 100 × 30 (0–30) */
  underutilization: number;
  /** balanceHealth / 100 × 20 (0–20) */
  balance: number;
  /** TIER_BONUS[tier] (0, 5 or 10) */
  tier: number;
}

export interface CompanyScore {
  companyId: string;
  score: number;
  parts: ScoreParts;
  /** The load the score was computed at. */
  load: number;
  utilization: number;
}

/** A shipment waiting for a company: pending, unassigned, not travelling with a carrier. */
export interface PendingShipment {
  id: string;
  /** The company that created it: never chosen for it. */
  creatorId: string;
  /** Creation time, epoch ms: oldest first. */
  createdAt: number;
}

/** One shipment's decision, expanded (for the activity log, the API and tests). */
export interface Decision {
  shipmentId: string;
  creatorId: string;
  /** Null: held, no eligible company. */
  winner: CompanyScore | null;
  /** The next two eligible companies at the winner's turn, best first (fewer when there are fewer). */
  runnersUp: CompanyScore[];
}
