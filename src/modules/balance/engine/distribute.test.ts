import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distribute, shipmentOrder, type Distribution } from './distribute.js';
import { companyMetrics } from './metrics.js';
import { canTake, scoreOf } from './score.js';
import { distributeReference, scenarioArb } from '../../../../test/helpers/balance-engine.js';
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
const ship = (id: string, creatorId: string, createdAt: number): PendingShipment => ({ id, creatorId, createdAt });

/** Turn k as [shipment, winner id@load or null, runners-up id@load]. */
const turns = (d: Distribution) =>
  Array.from({ length: d.order.length }, (_, k) => {
    const x = d.decisionAt(k);
    return [x.shipmentId, x.winner ? `${x.winner.companyId}@${x.winner.load}` : null, x.runnersUp.map((r) => `${r.companyId}@${r.load}`)];
  });

describe('a run worked by hand', () => {
  // All starters without history ($5,000): score = 28 + 20 + underutilization = 48 + (100 − util) × 0.3,
  // so 78 − 3 × load of 10 and 78 − 7.5 × load of 4. A: 0 of 10 (78); B: 5 of 10 (63); C: 0 of 4 (78);
  // D suspended (never); E starts at 10 of 10 (never, untouched). A company of 10 takes at loads 0..8 (ends
  // at most at 9, 90 %), one of 4 at loads 0..2 (ends at most at 3, 75 %: a fourth would make 100 %).
  // Each assignment also hands one load back from the creator (A's stays 0: never below 0).
  const companies = [
    company('C', { capacity: 4 }),
    company('B', { load: 5 }),
    company('D', { status: 'suspended', tier: 'enterprise', capacity: 100 }),
    company('A'),
    company('E', { load: 10, tier: 'enterprise' }),
  ];
  const creators = ['A', 'B', 'A', 'C', 'A', 'B', 'A', 'A', 'A', 'A', 'A', 'A', 'B'];
  const times = [1, 2, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const shipments = creators.map((c, i) => ship(`sh${String(i + 1).padStart(2, '0')}`, c, times[i]!)).reverse();
  // sh02 and sh03 share a time: id order. The input is reversed, so the order is really computed.
  const expected = [
    ['sh01', 'C@0', ['B@5']], // A created it; C 78 > B 63. C → 1 of 4 (70.5); A stays 0
    ['sh02', 'A@0', ['C@1']], // B created it; A 78 > C 70.5. A → 1 (75); B → 4 (66)
    ['sh03', 'C@1', ['B@4']], // A created it; C 70.5 > B 66. C → 2 of 4 (63); A → 0 (78)
    ['sh04', 'A@0', ['B@4']], // C created it; A 78 > B 66. A → 1 (75); C → 1 (70.5)
    ['sh05', 'C@1', ['B@4']], // A created it; C 70.5 > B 66. C → 2 (63); A → 0
    ['sh06', 'A@0', ['C@2']], // B created it; A 78 > C 63. A → 1; B → 3 (69)
    ['sh07', 'B@3', ['C@2']], // A created it; B 69 > C 63. B → 4 (66); A → 0
    ['sh08', 'B@4', ['C@2']], // A created it; B 66 > C 63. B → 5 (63)
    ['sh09', 'B@5', ['C@2']], // A created it; B and C tie on score and utilization (5 × 4 = 2 × 10): id B. B → 6 (60)
    ['sh10', 'C@2', ['B@6']], // A created it; C 63 > B 60. C → 3 of 4: (3 + 1) × 10 > 36, out
    ['sh11', 'B@6', []], // A created it; only B. B → 7
    ['sh12', 'B@7', []], // A created it; only B. B → 8 (8 + 1 = 9 of 10 still allowed)
    ['sh13', 'A@0', []], // B created it; A (C out, E full). A → 1; B → 7
  ];

  it('decides each turn as the table says', () => {
    const d = distribute(companies, shipments);
    expect(turns(d)).toEqual(expected);
    expect(Array.from(d.finalLoads)).toEqual([3, 7, 0, 1, 10]);
    expect([d.assigned, d.held]).toEqual([13, 0]);
    expect(Array.from(d.order)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    expect(d.companies).toBe(companies);
    expect(d.shipments).toBe(shipments);
  });

  it('expands the winner and runners-up with their scores and parts at that turn', () => {
    const d = distribute(companies, shipments);
    const first = d.decisionAt(0);
    expect(first).toEqual({ shipmentId: 'sh01', creatorId: 'A', winner: scoreOf(companies[0]!, 0), runnersUp: [scoreOf(companies[1]!, 5)] });
    expect(first.winner!.score).toBe(78);
    expect(first.runnersUp[0]!.score).toBe(63);
    expect(d.decisionAt(11)).toEqual({ shipmentId: 'sh12', creatorId: 'A', winner: scoreOf(companies[1]!, 7), runnersUp: [] });
    expect(d.decisionAt(11).winner!.score).toBe(57);
    expect(d.decisionAt(2).winner!.score).toBe(70.5);
    // columns say the same
    expect(Array.from(d.winner)).toEqual([0, 3, 0, 3, 0, 3, 1, 1, 1, 0, 1, 1, 3]);
    expect(Array.from(d.winnerLoad.slice(0, 5))).toEqual([0, 0, 1, 0, 1]);
    expect(Array.from(d.runnersUp.slice(0, 4))).toEqual([1, -1, 0, -1]);
    expect(Array.from(d.runnersUpLoad.slice(0, 4))).toEqual([5, 0, 1, 0]);
    for (const k of [-1, 13, 0.5, Number.NaN]) expect(() => d.decisionAt(k)).toThrow(RangeError);
    expect(() => d.decisionAt(13)).toThrow('no turn 13');
  });

  it('empty inputs', () => {
    const none = distribute([], [ship('s', 'x', 1)]);
    expect([none.assigned, none.held]).toEqual([0, 1]);
    expect(none.decisionAt(0)).toEqual({ shipmentId: 's', creatorId: 'x', winner: null, runnersUp: [] });
    const nothing = distribute(companies, []);
    expect([nothing.assigned, nothing.held, nothing.order.length]).toEqual([0, 0, 0]);
    expect(Array.from(nothing.finalLoads)).toEqual([0, 5, 0, 0, 10]);
  });

  it('refuses duplicate company ids', () => {
    expect(() => distribute([company('A'), company('A')], [])).toThrow(/A appears twice/);
  });
});

describe('the 90 % bound and the creator handing its load over', () => {
  it('capacity 6 ends at 5 (a sixth would make 100 %); capacity 1 never takes work: held', () => {
    const d = distribute(
      [company('six', { capacity: 6 }), company('one', { capacity: 1, tier: 'enterprise' })],
      Array.from({ length: 7 }, (_, i) => ship(`s${i}`, 'outsider', i)),
    );
    expect(Array.from(d.winner)).toEqual([0, 0, 0, 0, 0, -1, -1]);
    expect(Array.from(d.finalLoads)).toEqual([5, 0]);
    expect([d.assigned, d.held]).toEqual([5, 2]);
    expect(d.decisionAt(5)).toEqual({ shipmentId: 's5', creatorId: 'outsider', winner: null, runnersUp: [] });
  });

  it('a creator at its limit comes back once its own shipments have been handed over', () => {
    // X 9 of 10 cannot take; Y 0 of 10. s1 (X's) → Y, X → 8: may take one more (9 of 10 = 90 %).
    // s2 (Y's) → X@8 (Y is the creator), X → 9, Y → 0. s3 (an outsider's) → Y (X full again).
    const d = distribute([company('X', { load: 9 }), company('Y')], [ship('s1', 'X', 1), ship('s2', 'Y', 2), ship('s3', 'outsider', 3)]);
    expect(turns(d)).toEqual([
      ['s1', 'Y@0', []],
      ['s2', 'X@8', []],
      ['s3', 'Y@0', []],
    ]);
    expect(Array.from(d.finalLoads)).toEqual([9, 1]);
  });

  it('the creator rises in the heap as its load falls', () => {
    // P 4 of 10 (66) creates s1..s3; Q 0 of 10 (78) takes them: P 3 (69), 2 (72), 1 (75) while Q falls
    // 75, 72, 69. s4 (an outsider's): P 75 > Q 69.
    const d = distribute([company('P', { load: 4 }), company('Q')], [ship('s1', 'P', 1), ship('s2', 'P', 2), ship('s3', 'P', 3), ship('s4', 'o', 4)]);
    expect(turns(d)).toEqual([
      ['s1', 'Q@0', []],
      ['s2', 'Q@1', []],
      ['s3', 'Q@2', []],
      ['s4', 'P@1', ['Q@3']],
    ]);
    expect(Array.from(d.finalLoads)).toEqual([2, 3]);
  });
});

describe('three runners-up deep: the creator is stepped over, not lost', () => {
  it('creator on top: the next three decide, and the creator wins the next shipment', () => {
    // scores: T (enterprise) 88, then P1 (professional) 83, P2 83 (1 of 100: slightly lower), S 78
    const cs = [
      company('T', { tier: 'enterprise' }),
      company('P1', { tier: 'professional' }),
      company('P2', { tier: 'professional', capacity: 100, load: 1 }),
      company('S'),
    ];
    const d = distribute(cs, [ship('x1', 'T', 1), ship('x2', 'S', 2)]);
    expect(turns(d)).toEqual([
      ['x1', 'P1@0', ['P2@1', 'S@0']],
      ['x2', 'T@0', ['P2@1', 'P1@1']],
    ]);
  });
});

describe('equal scores in the heap: lower utilization, then the smaller id', () => {
  // X: starter, $0, 0 of 10 → 28 + 30 + 0 + 0 = 58 (0 %); Y: professional, $625, 1 of 4 → 28 + 22.5 + 2.5 + 5 = 58 (25 %);
  // Z: starter, $0, 2 of 8 → 28 + 22.5 = 50.5; W: like Y but id 'a-w' → 58 at 25 %, before Y by id.
  const x = company('b-x', { balance: 0 });
  const y = company('a-y', { tier: 'professional', balance: 625, capacity: 4, load: 1 });
  const z = company('a-z', { balance: 0, capacity: 8, load: 2 });
  const w = company('a-w', { tier: 'professional', balance: 625, capacity: 4, load: 1 });
  const perms = <T>(xs: T[]): T[][] =>
    xs.length <= 1 ? [xs] : xs.flatMap((v, i) => perms([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [v, ...p]));

  it('in every array order', () => {
    for (const cs of perms([x, y, z, w])) {
      const d = distribute(cs, [ship('s1', 'outsider', 1), ship('s2', 'b-x', 2)]);
      // s1: X (0 %) before W and Y (25 %, W's id first). X → 1 of 10: 28 + 27 + 0 = 55.
      // s2 (X created it): W, then Y (same score and utilization: id), then Z 50.5 … X is out.
      expect(turns(d)).toEqual([
        ['s1', 'b-x@0', ['a-w@1', 'a-y@1']],
        ['s2', 'a-w@1', ['a-y@1', 'a-z@2']],
      ]);
    }
  });
});

describe('shipmentOrder', () => {
  it('an id order inside equal times never reaches across to another time', () => {
    const s = [ship('b', 'x', 2), ship('z', 'x', 1), ship('a', 'x', 2), ship('y', 'x', 3), ship('c', 'x', 3)];
    expect(Array.from(shipmentOrder(s))).toEqual([1, 2, 0, 4, 3]);
  });

  it('oldest first, then id; sorted input is kept as is', () => {
    const s = [ship('b', 'x', 5), ship('a', 'x', 5), ship('c', 'x', 1), ship('d', 'x', 9), ship('a0', 'x', 5)];
    expect(Array.from(shipmentOrder(s))).toEqual([2, 1, 4, 0, 3]);
    const sorted = [ship('a', 'x', 1), ship('b', 'x', 1), ship('a', 'x', 2)];
    expect(Array.from(shipmentOrder(sorted))).toEqual([0, 1, 2]);
    // one pair out of order, at the end, by time or by id
    expect(Array.from(shipmentOrder([...sorted, ship('z', 'x', 1)]))).toEqual([0, 1, 3, 2]);
    expect(Array.from(shipmentOrder([ship('b', 'x', 1), ship('a', 'x', 1)]))).toEqual([1, 0]);
    expect(Array.from(shipmentOrder([ship('a', 'x', 1), ship('a', 'x', 1)]))).toEqual([0, 1]);
    expect(Array.from(shipmentOrder([]))).toEqual([]);
  });

  // three ways to key the times: integers over a small span (time − earliest), fractions and a span too
  // wide for exact keys (both: the time's rank among the sorted times)
  it.each([
    ['integer times', (t: number) => 1_700_000_000_000 + t * 1000],
    ['fractional times', (t: number) => t * 1000 + 0.5],
    ['a span too wide for time × n keys', (t: number) => t * 1e15],
  ])('equals a comparator sort on random input with duplicate times: %s', (_name, time) => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: -5, max: 5 }), fc.string({ maxLength: 3 }))), (rows) => {
        const s = rows.map(([t, id]) => ship(id, 'x', time(t)));
        const expected = s
          .map((_, i) => i)
          .sort((a, b) => s[a]!.createdAt - s[b]!.createdAt || (s[a]!.id < s[b]!.id ? -1 : s[a]!.id > s[b]!.id ? 1 : a - b));
        const got = Array.from(shipmentOrder(s));
        // equal (time, id) pairs may come in either order; compare what they are
        expect(got.map((i) => [s[i]!.createdAt, s[i]!.id])).toEqual(expected.map((i) => [s[i]!.createdAt, s[i]!.id]));
        expect([...got].sort((a, b) => a - b)).toEqual(s.map((_, i) => i));
      }),
    );
  });
});

describe('properties over random companies and shipments', () => {
  it('equals the brute-force reference, decision by decision (winner, loads, runners-up, held)', () => {
    fc.assert(
      fc.property(scenarioArb(), ({ companies, shipments }) => {
        const d = distribute(companies, shipments);
        const ref = distributeReference(companies, shipments);
        const got = Array.from({ length: d.order.length }, (_, k) => {
          const { creatorId: _c, ...rest } = d.decisionAt(k);
          return rest;
        });
        expect(got).toEqual(ref.decisions);
        expect(companies.map((c, i) => [c.id, d.finalLoads[i]])).toEqual(companies.map((c) => [c.id, ref.loads.get(c.id)]));
        expect(d.held).toBe(ref.decisions.filter((x) => x.winner === null).length);
      }),
      { numRuns: 300 },
    );
  });

  it('never passes 90 %, never picks a suspended company or the creator, moves loads by the load rule, decides every shipment once', () => {
    fc.assert(
      fc.property(scenarioArb({ max: 6, maxShipments: 150 }), ({ companies, shipments }) => {
        const d = distribute(companies, shipments);
        expect(new Set(d.order).size).toBe(shipments.length);
        const received = new Array<number>(companies.length).fill(0);
        const loads = companies.map((c) => c.load);
        const created = new Set<string>();
        for (let k = 0; k < d.order.length; k++) {
          const w = d.winner[k]!;
          const creator = companies.findIndex((c) => c.id === shipments[d.order[k]!]!.creatorId);
          if (creator >= 0) created.add(companies[creator]!.id);
          if (w < 0) continue;
          received[w]!++;
          expect(companies[w]!.status).toBe('active');
          expect(w).not.toBe(creator);
          expect(d.winnerLoad[k]).toBe(loads[w]);
          loads[w]!++;
          expect(loads[w]! * 10).toBeLessThanOrEqual(companies[w]!.capacity * 9); // never past 90 %, at any turn
          if (creator >= 0 && loads[creator]! > 0) loads[creator]!--;
        }
        companies.forEach((c, i) => {
          expect(d.finalLoads[i]).toBe(loads[i]);
          if (received[i]! > 0) expect(d.finalLoads[i]! * 10).toBeLessThanOrEqual(c.capacity * 9);
          if (c.status === 'suspended' || c.capacity === 1) expect(received[i]).toBe(0);
          // only a creator's own hand-overs can bring a company that could not take work back in
          if (!canTake(c.load, c.capacity) && !created.has(c.id)) expect(received[i]).toBe(0);
        });
        expect(d.assigned + d.held).toBe(shipments.length);
        expect(d.assigned).toBe(received.reduce((a, b) => a + b, 0));
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic: the same companies and shipments in another array order give the same decisions', () => {
    fc.assert(
      fc.property(
        scenarioArb().chain(({ companies, shipments }) =>
          fc
            .tuple(
              fc.shuffledSubarray(companies, { minLength: companies.length, maxLength: companies.length }),
              fc.shuffledSubarray(shipments, { minLength: shipments.length, maxLength: shipments.length }),
            )
            .map(([c2, s2]) => ({ companies, shipments, c2, s2 })),
        ),
        ({ companies, shipments, c2, s2 }) => {
          const a = distribute(companies, shipments);
          const b = distribute(c2, s2);
          expect(turns(b)).toEqual(turns(a));
          const loadsById = (d: Distribution) => Object.fromEntries(d.companies.map((c, i) => [c.id, d.finalLoads[i]]));
          expect(loadsById(b)).toEqual(loadsById(a));
        },
      ),
      { numRuns: 200 },
    );
  });
});
