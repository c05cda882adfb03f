import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasCapacity, quotaPeriod, secondsUntilNextPeriod, TIER_NAMES, TIERS, tierLimits } from './tiers.js';

describe('TIERS (seed 003, "Rate Limiting & Quotas")', () => {
  it('has exactly the three seed tiers', () => {
    expect(Object.keys(TIERS).sort()).toEqual(['enterprise', 'professional', 'starter']);
    expect([...TIER_NAMES]).toEqual(['starter', 'professional', 'enterprise']);
  });

  it('requests per minute: 60 / 500 / unlimited', () => {
    expect(TIERS.starter.requestsPerMinute).toBe(60);
    expect(TIERS.professional.requestsPerMinute).toBe(500);
    expect(TIERS.enterprise.requestsPerMinute).toBeNull();
  });

  it('monthly shipments: 1,000 / 10,000 / unlimited', () => {
    expect(TIERS.starter.monthlyShipments).toBe(1_000);
    expect(TIERS.professional.monthlyShipments).toBe(10_000);
    expect(TIERS.enterprise.monthlyShipments).toBeNull();
  });

  it('tier bonus of the balance engine: 0 / 5 / 10 (seed phase 5)', () => {
    expect(TIER_NAMES.map((t) => TIERS[t].bonus)).toEqual([0, 5, 10]);
  });

  it('capacities are finite positive integers that grow with the tier', () => {
    const caps = TIER_NAMES.map((t) => TIERS[t].capacity);
    for (const c of caps) expect(Number.isSafeInteger(c) && c > 0).toBe(true);
    expect(caps[0]!).toBeLessThan(caps[1]!);
    expect(caps[1]!).toBeLessThan(caps[2]!);
  });

  it('tierLimits maps the tier table to company columns', () => {
    expect(tierLimits('starter')).toEqual({ capacity: TIERS.starter.capacity, monthlyQuota: 1_000, rateLimitPerMinute: 60 });
    expect(tierLimits('professional')).toEqual({ capacity: TIERS.professional.capacity, monthlyQuota: 10_000, rateLimitPerMinute: 500 });
    expect(tierLimits('enterprise')).toEqual({ capacity: TIERS.enterprise.capacity, monthlyQuota: null, rateLimitPerMinute: null });
  });
});

describe('hasCapacity: used < capacity × 0.9', () => {
  it.each([
    [0, 1_000, true],
    [899, 1_000, true],
    [900, 1_000, false], // exactly 90 %: refused
    [901, 1_000, false],
    [1_000, 1_000, false],
    [8_999, 10_000, true],
    [9_000, 10_000, false],
    [8, 10, true],
    [9, 10, false],
    [0, 1, true], // 0 < 0.9
    [1, 1, false],
    [0, 0, false], // no capacity at all
    [62, 70, true],
    [63, 70, false],
    [26, 30, true],
    [27, 30, false],
  ])('used %i of %i → %s', (used, capacity, expected) => {
    expect(hasCapacity(used, capacity)).toBe(expected);
  });

  it('agrees with exact integer arithmetic (10·used < 9·capacity) for any counts (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 10_000_000 }), (used, capacity) => {
        expect(hasCapacity(used, capacity)).toBe(used * 10 < capacity * 9);
      }),
      { numRuns: 2_000 },
    );
  });

  it('at the boundary: the largest used still accepted is ⌈0.9·capacity⌉ − 1 (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), (capacity) => {
        const firstRefused = Math.ceil((capacity * 9) / 10);
        expect(hasCapacity(firstRefused - 1, capacity)).toBe(true);
        expect(hasCapacity(firstRefused, capacity)).toBe(false);
      }),
      { numRuns: 2_000 },
    );
  });

  it('is monotonic: more used never frees capacity, more capacity never removes it (property)', () => {
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.nat(1_000_000), fc.nat(1_000), (used, capacity, d) => {
        if (!hasCapacity(used, capacity)) expect(hasCapacity(used + d, capacity)).toBe(false);
        if (hasCapacity(used, capacity)) expect(hasCapacity(used, capacity + d)).toBe(true);
      }),
    );
  });
});

describe('quotaPeriod', () => {
  it('is the UTC calendar month as YYYY-MM', () => {
    expect(quotaPeriod(new Date('2025-01-20T15:30:00Z'))).toBe('2025-01');
    expect(quotaPeriod(new Date('2025-01-01T00:00:00.000Z'))).toBe('2025-01');
    expect(quotaPeriod(new Date('2025-01-31T23:59:59.999Z'))).toBe('2025-01');
    expect(quotaPeriod(new Date('2025-12-31T23:59:59.999Z'))).toBe('2025-12');
    expect(quotaPeriod(new Date('2026-01-01T00:00:00.000Z'))).toBe('2026-01');
  });

  it('uses UTC, not local time', () => {
    // 2025-01-31T22:00-05:00 is already February in UTC.
    expect(quotaPeriod(new Date('2025-01-31T22:00:00-05:00'))).toBe('2025-02');
  });

  it('matches /^\\d{4}-(0[1-9]|1[0-2])$/ and the UTC fields (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }), (d) => {
        const p = quotaPeriod(d);
        expect(p).toMatch(/^\d{4}-(0[1-9]|1[0-2])$/);
        expect(p).toBe(`${String(d.getUTCFullYear()).padStart(4, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
      }),
    );
  });
});

describe('secondsUntilNextPeriod', () => {
  const at = (s: string) => secondsUntilNextPeriod(new Date(s));

  it('counts to the first instant of the next UTC month', () => {
    expect(at('2025-01-31T23:59:00Z')).toBe(60);
    expect(at('2025-01-31T23:59:59Z')).toBe(1);
    expect(at('2025-01-31T00:00:00Z')).toBe(86_400);
    expect(at('2025-04-30T12:00:00Z')).toBe(12 * 3600);
  });

  it('rounds a partial second up, and is never 0', () => {
    expect(at('2025-01-31T23:59:59.001Z')).toBe(1);
    expect(at('2025-01-31T23:59:59.999Z')).toBe(1);
    expect(at('2025-01-31T23:59:58.500Z')).toBe(2);
  });

  it('from the very start of a month waits the whole month', () => {
    expect(at('2025-01-01T00:00:00Z')).toBe(31 * 86_400);
    expect(at('2025-04-01T00:00:00Z')).toBe(30 * 86_400);
  });

  it('does not depend on the process time zone', () => {
    const saved = process.env.TZ;
    try {
      for (const tz of ['America/New_York', 'Pacific/Kiritimati']) {
        process.env.TZ = tz;
        expect(at('2025-01-31T23:59:00Z')).toBe(60);
        expect(at('2025-12-31T23:00:00Z')).toBe(3600);
        expect(quotaPeriod(new Date('2025-01-31T23:00:00Z'))).toBe('2025-01');
        expect(quotaPeriod(new Date('2025-02-01T01:00:00Z'))).toBe('2025-02');
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('December rolls over to January of the next year', () => {
    expect(at('2025-12-31T23:00:00Z')).toBe(3600);
    expect(at('2025-12-01T00:00:00Z')).toBe(31 * 86_400);
    expect(at('2025-12-15T00:00:00Z')).toBe(17 * 86_400);
  });

  it('February: 29 days in a leap year, 28 otherwise', () => {
    expect(at('2024-02-01T00:00:00Z')).toBe(29 * 86_400);
    expect(at('2024-02-28T00:00:00Z')).toBe(2 * 86_400);
    expect(at('2024-02-29T00:00:00Z')).toBe(86_400);
    expect(at('2025-02-01T00:00:00Z')).toBe(28 * 86_400);
    expect(at('2025-02-28T00:00:00Z')).toBe(86_400);
    expect(at('2000-02-01T00:00:00Z')).toBe(29 * 86_400); // divisible by 400
    expect(at('2100-02-01T00:00:00Z')).toBe(28 * 86_400); // divisible by 100 only
  });

  it('lands exactly in the next quota period and no further (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('9000-01-01T00:00:00Z'), noInvalidDate: true }), (d) => {
        const s = secondsUntilNextPeriod(d);
        expect(Number.isInteger(s)).toBe(true);
        expect(s).toBeGreaterThanOrEqual(1);
        expect(s).toBeLessThanOrEqual(31 * 86_400);
        const then = new Date(d.getTime() + s * 1000);
        expect(quotaPeriod(then)).not.toBe(quotaPeriod(d));
        // One second earlier is still this period, unless that is before now.
        const justBefore = new Date(d.getTime() + (s - 1) * 1000);
        if (s > 1) expect(quotaPeriod(justBefore)).toBe(quotaPeriod(d));
        // And it lands on the first day of the next month, within the first second.
        expect(then.getUTCDate()).toBe(1);
        expect(then.getUTCHours() + then.getUTCMinutes() + then.getUTCSeconds()).toBe(0);
      }),
      { numRuns: 1_000 },
    );
  });
});
