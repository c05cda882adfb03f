/**
 * Test-only: random companies and shipments for the engine's property tests, and the brute-force
 * reference distribution the fast one must equal decision by decision. Not used by the hub.
 */
import fc from 'fast-check';
import { companyMetrics } from '../../src/modules/balance/engine/metrics.js';
import { canTake, compareScores, scoreOf } from '../../src/modules/balance/engine/score.js';
import type { CompanyMetrics, CompanyScore, PendingShipment, Tier } from '../../src/modules/balance/engine/types.js';

const TIERS: readonly Tier[] = ['starter', 'professional', 'enterprise'];

/** Companies with few distinct records and balances; some start at or above 90 %, some are suspended. */
const varied = (maxCapacity: number) =>
  fc.record({
    tier: fc.constantFrom(...TIERS),
    suspended: fc.integer({ min: 0, max: 4 }).map((x) => x === 0), // one in five
    capacity: fc.integer({ min: 1, max: maxCapacity }),
    load: fc.integer({ min: 0, max: 60 }),
    balance: fc.constantFrom(-100, 0, 625, 2500, 5000, 9000),
    record: fc.constantFrom([0, 0, 0], [10, 8, 2], [10, 8, 2], [40, 20, 10], [5, 5, 0]),
  });

/**
 * Exact ties on purpose: capacities 2, 4, 8 make every utilization a binary fraction, balances in
 * $625 steps move the balance part by 2.5 and tiers by 5, so many companies share a score bit for bit,
 * with equal or different utilizations (no history: the performance part is the same for all).
 */
const tied = fc
  .record({
    tier: fc.constantFrom<Tier>('starter', 'professional'),
    suspended: fc.integer({ min: 0, max: 9 }).map((x) => x === 0),
    capacity: fc.constantFrom(2, 4, 8),
    used: fc.integer({ min: 0, max: 8 }),
    balance: fc.constantFrom(0, 625, 1250),
  })
  .map((c) => ({ ...c, load: c.used % (c.capacity + 1), record: [0, 0, 0] }));

/**
 * Either kind of list. Ids are unique and not in array order (c00, c07, c14, …), so the id tie-break
 * is not the array order in disguise.
 */
export const companiesArb = (opts: { min?: number; max?: number; maxCapacity?: number } = {}) =>
  fc
    .oneof(
      fc.array(varied(opts.maxCapacity ?? 50), { minLength: opts.min ?? 1, maxLength: opts.max ?? 10 }),
      fc.array(tied, { minLength: opts.min ?? 1, maxLength: opts.max ?? 12 }),
    )
    .map((cs) =>
      cs.map((c, i) =>
        companyMetrics({
          id: `c${String((i * 7) % 97).padStart(2, '0')}`,
          tier: c.tier,
          status: c.suspended ? 'suspended' : 'active',
          capacity: c.capacity,
          load: Math.min(c.load, c.capacity + 5),
          balance: c.balance,
          delivered: c.record[0]!,
          deliveredOnTime: c.record[1]!,
          failed: c.record[2]!,
          priceMultiplier: 1,
        }),
      ),
    );

/** Shipments over `companies`: creators among them (or unknown), createdAt from a small range (duplicates). */
export const shipmentsArb = (companies: readonly CompanyMetrics[], maxLength = 80) =>
  fc
    .array(fc.record({ creator: fc.integer({ min: -1, max: companies.length - 1 }), createdAt: fc.integer({ min: 0, max: 15 }) }), { maxLength })
    .chain((rows) => fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length }).map((shuffled) => ({ rows, shuffled })))
    .map(({ shuffled }) =>
      shuffled.map((r, i): PendingShipment => ({
        id: `s${String((i * 7919) % 100_003).padStart(6, '0')}`,
        creatorId: r.creator < 0 ? 'stranger' : companies[r.creator]!.id,
        createdAt: 1_700_000_000_000 + r.createdAt * 1000,
      })),
    );

export const scenarioArb = (opts: { min?: number; max?: number; maxShipments?: number } = {}) =>
  companiesArb(opts).chain((companies) => shipmentsArb(companies, opts.maxShipments).map((shipments) => ({ companies, shipments })));

export interface RefDecision {
  shipmentId: string;
  winner: CompanyScore | null;
  runnersUp: CompanyScore[];
}

/**
 * Brute force, O(n · m): shipments sorted by a comparator; at each turn every active non-creator company
 * that can take one more (`canTake`) is scored at its current load, all are sorted by the tie rule, the
 * first wins; then the load rule moves one load: the winner +1, the creator −1 (if it is listed; not below 0).
 */
export function distributeReference(
  companies: readonly CompanyMetrics[],
  shipments: readonly PendingShipment[],
): { decisions: RefDecision[]; loads: Map<string, number> } {
  const loads = new Map(companies.map((c) => [c.id, c.load]));
  const sorted = [...shipments].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const decisions: RefDecision[] = [];
  for (const s of sorted) {
    const candidates = companies
      .filter((c) => c.status === 'active' && c.id !== s.creatorId && canTake(loads.get(c.id)!, c.capacity))
      .map((c) => ({ s: scoreOf(c, loads.get(c.id)!), capacity: c.capacity }))
      .sort((a, b) => compareScores(a.s, a.capacity, b.s, b.capacity));
    const [first, ...rest] = candidates.map((c) => c.s);
    if (first) {
      loads.set(first.companyId, first.load + 1);
      const creatorLoad = loads.get(s.creatorId);
      if (creatorLoad !== undefined && creatorLoad > 0) loads.set(s.creatorId, creatorLoad - 1);
    }
    decisions.push({ shipmentId: s.id, winner: first ?? null, runnersUp: rest.slice(0, 2) });
  }
  return { decisions, loads };
}
