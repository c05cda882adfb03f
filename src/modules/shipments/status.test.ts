import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allowedNext,
  CARRIER_POSTABLE,
  canTransition,
  defaultEstimatedDelivery,
  eventTypeFor,
  FINAL_STATUSES,
  isActive,
  isShipmentStatus,
  progressPercentage,
  SHIPMENT_STATUSES,
  STAGES,
  type ShipmentStatus,
} from './status.js';

/**
 * The expected table, written out independently of the module (the product's status rules):
 * the happy path, failure from assigned onwards, return once the parcel has been picked up (or after
 * a failure), cancellation only before pickup.
 */
const EXPECTED: ReadonlyArray<readonly [ShipmentStatus, ShipmentStatus]> = [
  ['pending', 'assigned'],
  ['pending', 'cancelled'],
  ['assigned', 'picked_up'],
  ['assigned', 'failed'],
  ['assigned', 'cancelled'],
  ['picked_up', 'in_transit'],
  ['picked_up', 'failed'],
  ['picked_up', 'returned'],
  ['in_transit', 'out_for_delivery'],
  ['in_transit', 'failed'],
  ['in_transit', 'returned'],
  ['out_for_delivery', 'delivered'],
  ['out_for_delivery', 'failed'],
  ['out_for_delivery', 'returned'],
  ['failed', 'returned'],
];
const allowed = new Set(EXPECTED.map(([a, b]) => `${a}>${b}`));
const ALL_PAIRS = SHIPMENT_STATUSES.flatMap((from) => SHIPMENT_STATUSES.map((to) => [from, to] as const));
const FAILURE_ENDS: ReadonlySet<ShipmentStatus> = new Set(['failed', 'returned', 'cancelled']);
/** Order along the happy path; `assigned` sits between pending and pickup. */
const RANK: Record<string, number> = { pending: 0, assigned: 1, picked_up: 2, in_transit: 3, out_for_delivery: 4, delivered: 5 };

describe('status set', () => {
  it('has the nine statuses of the issue, in happy-path order', () => {
    expect([...SHIPMENT_STATUSES]).toEqual([
      'pending',
      'assigned',
      'picked_up',
      'in_transit',
      'out_for_delivery',
      'delivered',
      'failed',
      'returned',
      'cancelled',
    ]);
  });

  it('final statuses are delivered, failed, returned and cancelled', () => {
    expect([...FINAL_STATUSES].sort()).toEqual(['cancelled', 'delivered', 'failed', 'returned']);
    for (const s of SHIPMENT_STATUSES) expect(isActive(s)).toBe(!FINAL_STATUSES.has(s));
  });

  it('isShipmentStatus accepts exactly the nine names', () => {
    for (const s of SHIPMENT_STATUSES) expect(isShipmentStatus(s)).toBe(true);
    for (const s of ['', 'Pending', 'PENDING', 'shipped', 'in-transit', ' pending', 'pending ', 'toString', '__proto__', 'constructor']) {
      expect(isShipmentStatus(s)).toBe(false);
    }
  });

  it('carriers may post every status after assignment, but not pending, assigned or cancelled', () => {
    expect([...CARRIER_POSTABLE].sort()).toEqual(['delivered', 'failed', 'in_transit', 'out_for_delivery', 'picked_up', 'returned']);
  });
});

describe('canTransition', () => {
  it('the full 9×9 grid is 81 pairs', () => {
    expect(ALL_PAIRS).toHaveLength(81);
  });

  it.each(EXPECTED)('allows %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
    expect(allowedNext(from)).toContain(to);
  });

  const refused = ALL_PAIRS.filter(([a, b]) => !allowed.has(`${a}>${b}`));
  it('refuses the 66 pairs not in the table', () => {
    expect(refused).toHaveLength(81 - EXPECTED.length);
  });
  it.each(refused)('refuses %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
    expect(allowedNext(from)).not.toContain(to);
  });

  it('allowedNext lists exactly the table, without duplicates', () => {
    for (const from of SHIPMENT_STATUSES) {
      const next = allowedNext(from);
      expect(new Set(next).size).toBe(next.length);
      expect([...next].sort()).toEqual(
        EXPECTED.filter(([a]) => a === from)
          .map(([, b]) => b)
          .sort(),
      );
    }
  });

  it('no status moves to itself', () => {
    for (const s of SHIPMENT_STATUSES) expect(canTransition(s, s)).toBe(false);
  });

  it('final statuses have no way out except failed → returned', () => {
    for (const s of FINAL_STATUSES) {
      expect(allowedNext(s)).toEqual(s === 'failed' ? ['returned'] : []);
    }
  });

  it('cancellation is possible only before pickup', () => {
    expect(SHIPMENT_STATUSES.filter((s) => canTransition(s, 'cancelled'))).toEqual(['pending', 'assigned']);
  });

  it('nothing goes back to pending, and only pending leads to assigned', () => {
    expect(SHIPMENT_STATUSES.filter((s) => canTransition(s, 'pending'))).toEqual([]);
    expect(SHIPMENT_STATUSES.filter((s) => canTransition(s, 'assigned'))).toEqual(['pending']);
  });

  it('delivered is reached only from out_for_delivery', () => {
    expect(SHIPMENT_STATUSES.filter((s) => canTransition(s, 'delivered'))).toEqual(['out_for_delivery']);
  });

  it('every status is reachable from pending', () => {
    const seen = new Set<ShipmentStatus>(['pending']);
    const queue: ShipmentStatus[] = ['pending'];
    while (queue.length > 0) {
      for (const n of allowedNext(queue.shift()!)) {
        if (!seen.has(n)) {
          seen.add(n);
          queue.push(n);
        }
      }
    }
    expect([...seen].sort()).toEqual([...SHIPMENT_STATUSES].sort());
  });
});

describe('random walks over allowed transitions (property)', () => {
  // A walk: from pending, at each step pick one of the allowed next statuses (by index), until none is left.
  const walk = fc.array(fc.nat(), { minLength: 0, maxLength: 12 }).map((choices) => {
    const path: ShipmentStatus[] = ['pending'];
    for (const c of choices) {
      const next = allowedNext(path[path.length - 1]!);
      if (next.length === 0) break;
      path.push(next[c % next.length]!);
    }
    return path;
  });

  it('never leaves a final status (except failed → returned) and never moves backwards except into a failure end', () => {
    fc.assert(
      fc.property(walk, (path) => {
        for (let i = 1; i < path.length; i++) {
          const from = path[i - 1]!;
          const to = path[i]!;
          expect(canTransition(from, to)).toBe(true);
          if (FINAL_STATUSES.has(from)) expect([from, to]).toEqual(['failed', 'returned']);
          if (!FAILURE_ENDS.has(to)) expect(RANK[to]!).toBeGreaterThan(RANK[from]!);
        }
        // Once final, always final; a walk visits each status at most once.
        const firstFinal = path.findIndex((s) => FINAL_STATUSES.has(s));
        if (firstFinal >= 0) for (const s of path.slice(firstFinal)) expect(FINAL_STATUSES.has(s)).toBe(true);
        expect(new Set(path).size).toBe(path.length);
      }),
      { numRuns: 500 },
    );
  });

  it('tracking progress never goes down along a walk', () => {
    fc.assert(
      fc.property(walk, (path) => {
        let prev = 0;
        for (let i = 0; i < path.length; i++) {
          const p = progressPercentage(path[i]!, path.slice(0, i + 1));
          expect(p).toBeGreaterThanOrEqual(prev);
          expect([20, 40, 60, 80, 100]).toContain(p);
          prev = p;
        }
      }),
      { numRuns: 500 },
    );
  });

  it('a walk that reaches delivered went through the whole happy path', () => {
    fc.assert(
      fc.property(walk, (path) => {
        if (path.includes('delivered')) {
          expect(path).toEqual(['pending', 'assigned', 'picked_up', 'in_transit', 'out_for_delivery', 'delivered']);
        }
      }),
    );
  });
});

describe('progressPercentage', () => {
  it('uses the seed stages', () => {
    expect([...STAGES]).toEqual(['pending', 'picked_up', 'in_transit', 'out_for_delivery', 'delivered']);
  });

  it.each([
    ['pending', 20],
    ['assigned', 20],
    ['picked_up', 40],
    ['in_transit', 60], // the seed's example response
    ['out_for_delivery', 80],
    ['delivered', 100],
  ] as const)('%s → %i %%', (status, pct) => {
    expect(progressPercentage(status, [])).toBe(pct);
    expect(progressPercentage(status, ['pending'])).toBe(pct);
  });

  it('a happy-path status ignores history (the status itself counts)', () => {
    expect(progressPercentage('picked_up', ['pending', 'assigned', 'picked_up', 'in_transit', 'out_for_delivery'])).toBe(40);
  });

  it.each(['failed', 'returned', 'cancelled'] as const)('%s uses the furthest stage in its history', (end) => {
    expect(progressPercentage(end, [])).toBe(20);
    expect(progressPercentage(end, ['pending'])).toBe(20);
    expect(progressPercentage(end, ['pending', 'assigned'])).toBe(20);
    expect(progressPercentage(end, ['pending', 'assigned', 'picked_up'])).toBe(40);
    expect(progressPercentage(end, ['pending', 'assigned', 'picked_up', 'in_transit', end])).toBe(60);
    expect(progressPercentage(end, ['pending', 'assigned', 'picked_up', 'in_transit', 'out_for_delivery', 'failed', end])).toBe(80);
    // Order does not matter: the furthest, not the last.
    expect(progressPercentage(end, ['out_for_delivery', 'pending', 'failed'])).toBe(80);
    // Unknown strings in history are ignored.
    expect(progressPercentage(end, ['bogus', 'picked_up', ''])).toBe(40);
  });

  it('is always one of 20/40/60/80/100 (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SHIPMENT_STATUSES),
        fc.array(fc.oneof(fc.constantFrom(...SHIPMENT_STATUSES), fc.string()), { maxLength: 30 }),
        (status, history) => {
          const p = progressPercentage(status, history);
          expect(Number.isInteger(p)).toBe(true);
          expect([20, 40, 60, 80, 100]).toContain(p);
        },
      ),
    );
  });
});

describe('defaultEstimatedDelivery', () => {
  const iso = (s: string) => defaultEstimatedDelivery(new Date(s)).toISOString();

  it('the seed example: created 2025-01-20T15:30Z → 2025-01-22T17:00Z', () => {
    expect(iso('2025-01-20T15:30:00Z')).toBe('2025-01-22T17:00:00.000Z');
  });

  it('is two calendar days later at 17:00 UTC whatever the time of day', () => {
    expect(iso('2025-01-20T00:00:00Z')).toBe('2025-01-22T17:00:00.000Z');
    expect(iso('2025-01-20T23:59:59.999Z')).toBe('2025-01-22T17:00:00.000Z');
    expect(iso('2025-01-20T17:00:00Z')).toBe('2025-01-22T17:00:00.000Z');
  });

  it('uses the UTC date, not a local one (offset input)', () => {
    // 2025-01-20T23:30-05:00 is 2025-01-21T04:30Z.
    expect(iso('2025-01-20T23:30:00-05:00')).toBe('2025-01-23T17:00:00.000Z');
  });

  it('does not depend on the process time zone', () => {
    const saved = process.env.TZ;
    try {
      for (const tz of ['America/New_York', 'Pacific/Kiritimati', 'Asia/Kolkata']) {
        process.env.TZ = tz;
        expect(iso('2025-01-20T15:30:00Z')).toBe('2025-01-22T17:00:00.000Z');
        expect(iso('2025-01-20T02:00:00Z')).toBe('2025-01-22T17:00:00.000Z');
        expect(iso('2025-12-31T23:00:00Z')).toBe('2026-01-02T17:00:00.000Z');
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('rolls over months and years', () => {
    expect(iso('2025-01-30T10:00:00Z')).toBe('2025-02-01T17:00:00.000Z');
    expect(iso('2025-04-29T10:00:00Z')).toBe('2025-05-01T17:00:00.000Z');
    expect(iso('2025-12-30T10:00:00Z')).toBe('2026-01-01T17:00:00.000Z');
    expect(iso('2025-12-31T23:59:00Z')).toBe('2026-01-02T17:00:00.000Z');
  });

  it('knows leap years', () => {
    expect(iso('2024-02-28T12:00:00Z')).toBe('2024-03-01T17:00:00.000Z');
    expect(iso('2024-02-27T12:00:00Z')).toBe('2024-02-29T17:00:00.000Z');
    expect(iso('2025-02-27T12:00:00Z')).toBe('2025-03-01T17:00:00.000Z');
    expect(iso('2100-02-27T12:00:00Z')).toBe('2100-03-01T17:00:00.000Z'); // 2100 is not a leap year
  });

  it('does not mutate its input', () => {
    const d = new Date('2025-01-20T15:30:00Z');
    defaultEstimatedDelivery(d);
    expect(d.toISOString()).toBe('2025-01-20T15:30:00.000Z');
  });

  it('is always 41 to 65 hours after creation, at 17:00:00.000 UTC (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true }), (d) => {
        const e = defaultEstimatedDelivery(d);
        const hours = (e.getTime() - d.getTime()) / 3_600_000;
        expect(hours).toBeGreaterThan(41);
        expect(hours).toBeLessThanOrEqual(65);
        expect([e.getUTCHours(), e.getUTCMinutes(), e.getUTCSeconds(), e.getUTCMilliseconds()]).toEqual([17, 0, 0, 0]);
        const dayMs = 86_400_000;
        const days = Math.floor(e.getTime() / dayMs) - Math.floor(d.getTime() / dayMs);
        expect(days).toBe(2);
      }),
    );
  });
});

describe('eventTypeFor', () => {
  it.each([
    ['delivered', 'shipment.delivered'],
    ['cancelled', 'shipment.cancelled'],
    ['assigned', 'shipment.assigned'],
    ['pending', 'shipment.updated'],
    ['picked_up', 'shipment.updated'],
    ['in_transit', 'shipment.updated'],
    ['out_for_delivery', 'shipment.updated'],
    ['failed', 'shipment.updated'],
    ['returned', 'shipment.updated'],
  ] as const)('%s → %s', (to, type) => {
    expect(eventTypeFor(to)).toBe(type);
  });
});
