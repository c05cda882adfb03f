import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isNoop, usageDelta } from './load.js';
import { SHIPMENT_STATUSES } from './status.js';

/** Written by hand from the rule: [from, to, active, delivered, failed]. */
const TABLE: ReadonlyArray<readonly [string, string, number, number, number]> = [
  ['pending', 'assigned', 0, 0, 0],
  ['pending', 'cancelled', -1, 0, 0],
  ['assigned', 'picked_up', 0, 0, 0],
  ['assigned', 'cancelled', -1, 0, 0],
  ['assigned', 'failed', -1, 0, 1],
  ['picked_up', 'returned', -1, 0, 1],
  ['out_for_delivery', 'delivered', -1, 1, 0],
  ['out_for_delivery', 'failed', -1, 0, 1],
  // failed → returned: was already counted as failed and no longer active.
  ['failed', 'returned', 0, 0, 0],
  // A carrier's redelivery after a failed attempt reopens the shipment.
  ['failed', 'out_for_delivery', 1, 0, -1],
  ['failed', 'delivered', 0, 1, -1],
  ['in_transit', 'in_transit', 0, 0, 0],
];

describe('usageDelta', () => {
  it.each(TABLE)('%s → %s', (from, to, active, delivered, failed) => {
    expect(usageDelta(from, to)).toEqual({ active, delivered, failed });
  });

  it('summed along any path, it equals the end state minus the start state (counters = counts)', () => {
    const countOf = (s: string) => ({
      active: ['delivered', 'failed', 'returned', 'cancelled'].includes(s) ? 0 : 1,
      delivered: s === 'delivered' ? 1 : 0,
      failed: s === 'failed' || s === 'returned' ? 1 : 0,
    });
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...SHIPMENT_STATUSES), { minLength: 1, maxLength: 20 }), (path) => {
        const sum = { active: 0, delivered: 0, failed: 0 };
        for (let i = 1; i < path.length; i++) {
          const d = usageDelta(path[i - 1]!, path[i]!);
          sum.active += d.active;
          sum.delivered += d.delivered;
          sum.failed += d.failed;
        }
        const a = countOf(path[0]!);
        const b = countOf(path.at(-1)!);
        expect(sum).toEqual({ active: b.active - a.active, delivered: b.delivered - a.delivered, failed: b.failed - a.failed });
      }),
    );
  });

  it('isNoop', () => {
    expect(isNoop(usageDelta('assigned', 'picked_up'))).toBe(true);
    expect(isNoop(usageDelta('assigned', 'cancelled'))).toBe(false);
  });
});
