import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distribute, type Distribution } from './distribute.js';
import { distributeLiteral } from './literal.js';
import { companyMetrics } from './metrics.js';
import { canTake } from './score.js';
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
  // (5 of 10), E 58 (10 of 10: in the list, never able to take). D suspended is not in the list. Loads
  // move by the load rule: the winner +1, the creator −1 (A's stays 0); C of 4 takes at loads 0..2 only.
  const companies = [
    company('C', { capacity: 4 }),
    company('B', { load: 5 }),
    company('D', { status: 'suspended', tier: 'enterprise', capacity: 100 }),
    company('A'),
    company('E', { load: 10, tier: 'enterprise' }),
  ];
  const creators = ['A', 'B', 'A', 'C', 'A', 'B', 'A', 'A', 'A', 'A', 'A', 'A', 'B'];
  const shipments: PendingShipment[] = creators.map((c, i) => ({ id: `sh${String(i + 1).padStart(2, '0')}`, creatorId: c, createdAt: i })).reverse();

  it('gives each shipment to the first company of the fixed list that is not its creator and can take it', () => {
    const d = distributeLiteral(companies, shipments);
    expect(turns(d)).toEqual([
      ['sh01', 'C@0', ['B@5']], // A created it. C → 1
      ['sh02', 'A@0', ['C@1']], // B created it. A → 1, B → 4
      ['sh03', 'C@1', ['B@4']], // A created it. C → 2, A → 0
      ['sh04', 'A@0', ['B@4']], // C created it. A → 1, C → 1
      ['sh05', 'C@1', ['B@4']], // A created it. C → 2, A → 0
      ['sh06', 'A@0', ['C@2']], // B created it. A → 1, B → 3
      ['sh07', 'C@2', ['B@3']], // A created it. C → 3 of 4: a fourth would make 100 %, out; A → 0
      ['sh08', 'B@3', []], // A created it, C out: B
      ['sh09', 'B@4', []],
      ['sh10', 'B@5', []],
      ['sh11', 'B@6', []],
      ['sh12', 'B@7', []], // B → 8
      ['sh13', 'A@0', []], // B created it. A → 1, B → 7
    ]);
    expect(Array.from(d.finalLoads)).toEqual([3, 7, 0, 1, 10]);
    expect([d.assigned, d.held]).toEqual([13, 0]);
  });

  it('a company that could not take work comes back when its own shipments are handed over', () => {
    // X (enterprise, $9,000, 9 of 10: 28 + 3 + 20 + 10 = 61) is first in the fixed list but cannot take;
    // Y (starter, $0, 0 of 10: 28 + 30 = 58).
    // s1 (X's) → Y, X → 8: may take again; s2 (an outsider's) → X@8 (first in the list), X → 9.
    const cs = [company('Y', { balance: 0 }), company('X', { tier: 'enterprise', load: 9, balance: 9000 })];
    const d = distributeLiteral(cs, [
      { id: 's1', creatorId: 'X', createdAt: 1 },
      { id: 's2', creatorId: 'o', createdAt: 2 },
    ]);
    expect(turns(d)).toEqual([
      ['s1', 'Y@0', []],
      ['s2', 'X@8', ['Y@1']],
    ]);
    expect(Array.from(d.finalLoads)).toEqual([1, 9]);
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
            // held: nobody else was active and able to take it
            companies.forEach((c, i) => expect(c.status !== 'active' || c.id === s.creatorId || !canTake(loads[i]!, c.capacity)).toBe(true));
            continue;
          }
          expect(d.winnerLoad[k]).toBe(loads[w]);
          expect(companies[w]!.status).toBe('active');
          expect(companies[w]!.id).not.toBe(s.creatorId);
          expect(canTake(loads[w]!, companies[w]!.capacity)).toBe(true);
          for (const j of [2 * k, 2 * k + 1]) {
            const r = d.runnersUp[j]!;
            if (r < 0) continue;
            expect(r).not.toBe(w);
            expect(d.runnersUpLoad[j]).toBe(loads[r]);
            expect(canTake(loads[r]!, companies[r]!.capacity) && companies[r]!.id !== s.creatorId).toBe(true);
          }
          loads[w]!++;
          expect(loads[w]! * 10).toBeLessThanOrEqual(companies[w]!.capacity * 9);
          const creator = companies.findIndex((c) => c.id === s.creatorId);
          if (creator >= 0 && loads[creator]! > 0) loads[creator]!--;
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
