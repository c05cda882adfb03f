import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distribute, type Distribution } from './distribute.js';
import { distributeLiteral } from './literal.js';
import { companyMetrics } from './metrics.js';
import { isEligible } from './score.js';
import { spreadOf } from './spread.js';
import { scenarioArb } from '../../../../test/helpers/balance-engine.js';
import type { CompanyFacts, CompanyMetrics, PendingShipment, Tier } from './types.js';

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
const turns = (d: Distribution) =>
  Array.from({ length: d.order.length }, (_, k) => {
    const x = d.decisionAt(k);
    return [x.shipmentId, x.winner ? `${x.winner.companyId}@${x.winner.load}` : null, x.runnersUp.map((r) => `${r.companyId}@${r.load}`)];
  });

describe('the literal algorithm, by hand', () => {
  // Scored once: A 78 (0 of 10) and C 78 (0 of 4) tie on score and utilization → A (id) first; then B 63
  // (5 of 10). D suspended and E (10 of 10) are not in the list.
  const companies = [
    company('C', { capacity: 4 }),
    company('B', { load: 5 }),
    company('D', { status: 'suspended', tier: 'enterprise', capacity: 100 }),
    company('A'),
    company('E', { load: 10, tier: 'enterprise' }),
  ];
  const creators = ['A', 'B', 'A', 'C', 'A', 'B', 'A', 'A', 'A', 'A', 'A', 'A', 'B'];
  const shipments: PendingShipment[] = creators.map((c, i) => ({ id: `sh${String(i + 1).padStart(2, '0')}`, creatorId: c, createdAt: i })).reverse();

  it('gives each shipment to the first company of the fixed list that is not its creator and under 90 %', () => {
    const d = distributeLiteral(companies, shipments);
    expect(turns(d)).toEqual([
      ['sh01', 'C@0', ['B@5']], // A created it
      ['sh02', 'A@0', ['C@1']],
      ['sh03', 'C@1', ['B@5']],
      ['sh04', 'A@1', ['B@5']], // C created it
      ['sh05', 'C@2', ['B@5']],
      ['sh06', 'A@2', ['C@3']],
      ['sh07', 'C@3', ['B@5']], // C → 4 of 4: full
      ['sh08', 'B@5', []], // A created it, C full: B
      ['sh09', 'B@6', []],
      ['sh10', 'B@7', []],
      ['sh11', 'B@8', []], // B → 9 of 10: full
      ['sh12', null, []],
      ['sh13', 'A@3', []],
    ]);
    expect(Array.from(d.finalLoads)).toEqual([4, 9, 0, 4, 10]);
    expect([d.assigned, d.held]).toEqual([12, 1]);
  });

  it('piles onto the top company until 90 % where ours spreads', () => {
    // T: enterprise 0 of 10 (88); U: starter 0 of 10 (78). Ours: T until its score falls under U's
    // (88 − 3 × load < 78 → after 4), then alternates; literal: T to 9 of 10, then U.
    const cs = [company('T', { tier: 'enterprise' }), company('U')];
    const ss: PendingShipment[] = Array.from({ length: 10 }, (_, i) => ({ id: `s${i}`, creatorId: 'x', createdAt: i }));
    const lit = distributeLiteral(cs, ss);
    const ours = distribute(cs, ss);
    expect(Array.from(lit.winner)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(Array.from(lit.finalLoads)).toEqual([9, 1]);
    // ours, by hand: T 88, 85, 82, 79, then U 78 vs T 76: U; T 76 vs U 75: T; …
    expect(Array.from(ours.winner)).toEqual([0, 0, 0, 0, 1, 0, 1, 0, 1, 0]);
    expect(Array.from(ours.finalLoads)).toEqual([7, 3]);
    expect(spreadOf(ours).maxUtilization).toBe(70);
    expect(spreadOf(lit).maxUtilization).toBe(90);
  });
});

describe('properties', () => {
  it('never passes 90 %, never picks a suspended company or the creator, and records the loads of its turns', () => {
    fc.assert(
      fc.property(scenarioArb({ max: 6, maxShipments: 150 }), ({ companies, shipments }) => {
        const d = distributeLiteral(companies, shipments);
        const loads = companies.map((c) => c.load);
        for (let k = 0; k < d.order.length; k++) {
          const w = d.winner[k]!;
          const s = shipments[d.order[k]!]!;
          if (w < 0) {
            // held: nobody else was active and under 90 %
            companies.forEach((c, i) => expect(c.status !== 'active' || c.id === s.creatorId || !isEligible(loads[i]!, c.capacity)).toBe(true));
            continue;
          }
          expect(d.winnerLoad[k]).toBe(loads[w]);
          expect(companies[w]!.status).toBe('active');
          expect(companies[w]!.id).not.toBe(s.creatorId);
          expect(isEligible(loads[w]!, companies[w]!.capacity)).toBe(true);
          for (const j of [2 * k, 2 * k + 1]) {
            const r = d.runnersUp[j]!;
            if (r < 0) continue;
            expect(r).not.toBe(w);
            expect(d.runnersUpLoad[j]).toBe(loads[r]);
            expect(isEligible(loads[r]!, companies[r]!.capacity) && companies[r]!.id !== s.creatorId).toBe(true);
          }
          loads[w]!++;
        }
        expect(Array.from(d.finalLoads)).toEqual(loads);
        expect(d.assigned + d.held).toBe(shipments.length);
      }),
      { numRuns: 200 },
    );
  });

  it('equal capacities and start loads, creators outside: ours is never less even (max utilization, CV), and assigns as many', () => {
    // Both give each company at most the loads that keep it under 90 %, and the same total; the literal
    // one fills companies one after another, a load vector that majorizes every other such vector, so its
    // maximum and its variance are the largest possible.
    const arb = fc.record({
      n: fc.integer({ min: 1, max: 8 }),
      capacity: fc.integer({ min: 1, max: 40 }),
      start: fc.integer({ min: 0, max: 40 }),
      tiers: fc.array(fc.constantFrom<Tier>('starter', 'professional', 'enterprise'), { minLength: 8, maxLength: 8 }),
      balances: fc.array(fc.integer({ min: -100, max: 9000 }), { minLength: 8, maxLength: 8 }),
      shipments: fc.integer({ min: 0, max: 300 }),
    });
    fc.assert(
      fc.property(arb, (x) => {
        const load = Math.min(x.start, x.capacity);
        const cs = Array.from({ length: x.n }, (_, i) =>
          company(`c${i}`, { capacity: x.capacity, load, tier: x.tiers[i]!, balance: x.balances[i]! }),
        );
        const ss: PendingShipment[] = Array.from({ length: x.shipments }, (_, i) => ({
          id: `s${String(i).padStart(3, '0')}`,
          creatorId: 'outside',
          createdAt: i % 7,
        }));
        const ours = distribute(cs, ss);
        const lit = distributeLiteral(cs, ss);
        expect(ours.assigned).toBe(lit.assigned);
        const a = spreadOf(ours);
        const b = spreadOf(lit);
        expect(a.maxUtilization).toBeLessThanOrEqual(b.maxUtilization);
        expect(a.cv).toBeLessThanOrEqual(b.cv + 1e-12);
        expect(a.meanUtilization).toBeCloseTo(b.meanUtilization, 9);
      }),
      { numRuns: 300 },
    );
  });
});
