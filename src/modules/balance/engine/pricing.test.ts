import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adjustMultipliers, applyMultiplier, distanceClassOf, quote, targetMultiplier, type DistanceClass } from './pricing.js';

const isCents = (x: number) => Math.abs(x * 100 - Math.round(x * 100)) < 1e-9;

describe('quote', () => {
  // Worked by hand from the price list (cents): base local 500 / regional 1200 / national 2500, per kg
  // 50 / 100 / 200 (rounded up to the cent), 150 per package after the first; × multiplier, half up.
  it.each<[string, DistanceClass, number, number, number, number, { base: number; weight: number; extraPackages: number }, number]>([
    ['local, 2.5 kg', 'local', 2.5, 1, 1, 6.25, { base: 5, weight: 1.25, extraPackages: 0 }, 6.25],
    ['national, 2.5 kg', 'national', 2.5, 1, 1, 30, { base: 25, weight: 5, extraPackages: 0 }, 30],
    ['regional, 3 packages, 1.15 (2150.5 cents → 2151)', 'regional', 3.7, 3, 1.15, 18.7, { base: 12, weight: 3.7, extraPackages: 3 }, 21.51],
    ['one gram still costs a cent', 'local', 0.001, 1, 0.9, 5.01, { base: 5, weight: 0.01, extraPackages: 0 }, 4.51],
    ['national, 2 packages, 1.30', 'national', 10, 2, 1.3, 46.5, { base: 25, weight: 20, extraPackages: 1.5 }, 60.45],
    ['0.333 kg regional, 1.05 (1295.7 → 1296)', 'regional', 0.333, 1, 1.05, 12.34, { base: 12, weight: 0.34, extraPackages: 0 }, 12.96],
  ])('%s', (_, distanceClass, weightKg, packageCount, multiplier, subtotal, parts, total) => {
    expect(quote({ weightKg, packageCount, distanceClass }, multiplier)).toEqual({ total, subtotal, multiplier, distanceClass, parts });
  });

  it('is whole cents, the parts sum to the subtotal, and the total is the subtotal × multiplier to the half cent', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }).map((g) => g / 1000),
        fc.integer({ min: 1, max: 100 }),
        fc.constantFrom<DistanceClass>('local', 'regional', 'national'),
        fc.integer({ min: 90, max: 130 }).map((h) => h / 100),
        (weightKg, packageCount, distanceClass, m) => {
          const q = quote({ weightKg, packageCount, distanceClass }, m);
          for (const x of [q.total, q.subtotal, q.parts.base, q.parts.weight, q.parts.extraPackages]) expect(isCents(x)).toBe(true);
          expect(Math.round((q.parts.base + q.parts.weight + q.parts.extraPackages) * 100)).toBe(Math.round(q.subtotal * 100));
          expect(Math.abs(q.total - q.subtotal * m)).toBeLessThanOrEqual(0.005 + 1e-6);
          // More weight never costs less.
          expect(quote({ weightKg: weightKg + 1, packageCount, distanceClass }, m).total).toBeGreaterThanOrEqual(q.total);
        },
      ),
    );
  });

  it('applyMultiplier rounds half up in integers', () => {
    expect(applyMultiplier(1870, 115)).toBe(2151); // 2150.5
    expect(applyMultiplier(1000, 105)).toBe(1050);
    expect(applyMultiplier(1, 90)).toBe(1); // 0.9
    expect(applyMultiplier(1, 149)).toBe(1); // 1.49
  });
});

describe('distanceClassOf', () => {
  it.each<[string, string, DistanceClass]>([
    ['123 Warehouse St, New York, NY', '456 Home Ave, Los Angeles, CA', 'national'],
    ['1 Main St, Austin, TX', '9 Oak Rd, Austin, TX', 'local'],
    ['1 Main St, Austin, TX', '9 Oak Rd, Dallas, TX 75201', 'regional'],
    ['1 Main St,  AUSTIN , tx', '2 Elm, Austin, TX', 'local'],
    ['Jl. MH Thamrin 1, Jakarta', 'Jl. Sudirman 5, Jakarta', 'local'],
    ['Jl. MH Thamrin 1, Jakarta', 'Jl. Asia Afrika 8, Bandung', 'national'],
    ['Jl. A 1, Bandung, Jawa Barat', 'Jl. B 2, Bogor, Jawa Barat', 'regional'],
    ['Jakarta', 'jakarta', 'local'],
    [',, ,', '1 Main St, Austin, TX', 'national'],
    ['12345', '12345', 'national'],
  ])('%s → %s', (a, b, want) => {
    expect(distanceClassOf(a, b)).toBe(want);
    expect(distanceClassOf(b, a)).toBe(want);
  });
});

describe('targetMultiplier', () => {
  it.each([
    [50, 50, 1.0],
    [50, 72, 1.22],
    [50, 95, 1.3], // 1.45 → the upper bound
    [50, 30, 0.9], // 0.80 → the lower bound
    [50, 45, 0.95],
    [90, 90, 1.1], // system 10 points above 80: every target +0.10
    [85, 70, 0.9], // −0.15 relative, +0.05 surge
    [40, 52.5, 1.13], // 1.125 half up
    [0, 0, 1.0],
  ])('system %s %%, company %s %% → %s', (system, company, want) => {
    expect(targetMultiplier(system, company)).toBe(want);
  });
});

describe('adjustMultipliers', () => {
  it('moves each toward its target by at most 0.05, returns only changes, says why', () => {
    const changes = adjustMultipliers(
      [
        { id: 'a', utilization: 72, priceMultiplier: 1.0 },
        { id: 'b', utilization: 50, priceMultiplier: 1.0 },
        { id: 'c', utilization: 30, priceMultiplier: 1.0 },
        { id: 'd', utilization: 52, priceMultiplier: 1.0 },
        { id: 'e', utilization: 72, priceMultiplier: 1.2 },
        { id: 'f', utilization: 50, priceMultiplier: 1.4 },
        { id: 'g', utilization: 90, priceMultiplier: 1.3 },
      ],
      50,
    );
    expect(changes.map(({ companyId, from, to, target }) => [companyId, from, to, target])).toEqual([
      ['a', 1.0, 1.05, 1.22],
      ['c', 1.0, 0.95, 0.9],
      ['d', 1.0, 1.02, 1.02],
      ['e', 1.2, 1.22, 1.22],
      ['f', 1.4, 1.3, 1.0], // outside the bounds: brought back within them first
    ]);
    expect(changes[0]!.reason).toBe("utilization 72.0% is above the system's 50.0%: target 1.22, raised 1.00 → 1.05");
    expect(changes[1]!.reason).toBe("utilization 30.0% is below the system's 50.0%: target 0.90, lowered 1.00 → 0.95");
  });

  it('names the surge when the system is above 80 %', () => {
    const [c] = adjustMultipliers([{ id: 'x', utilization: 90, priceMultiplier: 1 }], 90);
    expect(c!.reason).toBe("utilization 90.0% equals the system's, system above 80%: target 1.10, raised 1.00 → 1.05");
  });

  it('stays within 0.90–1.30, two decimals, one step at most, always closer to the target; repeated runs reach it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 90, max: 130 }).map((h) => h / 100),
        fc.double({ min: 0, max: 150, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (m, util, system) => {
          const target = targetMultiplier(system, util);
          expect(target).toBeGreaterThanOrEqual(0.9);
          expect(target).toBeLessThanOrEqual(1.3);
          let current = m;
          for (let run = 0; run < 10; run++) {
            const [c] = adjustMultipliers([{ id: 'x', utilization: util, priceMultiplier: current }], system);
            if (!c) break;
            expect(c.from).toBe(current);
            expect(c.to).not.toBe(c.from);
            expect(c.to).toBeGreaterThanOrEqual(0.9);
            expect(c.to).toBeLessThanOrEqual(1.3);
            expect(isCents(c.to)).toBe(true);
            expect(Math.round(Math.abs(c.to - c.from) * 100)).toBeLessThanOrEqual(5);
            expect(Math.abs(c.target - c.to)).toBeLessThan(Math.abs(c.target - c.from));
            current = c.to;
          }
          // 0.40 apart at most: eight steps of 0.05.
          expect(current).toBe(target);
        },
      ),
    );
  });
});
