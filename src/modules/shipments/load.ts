/**
 * The load rule's counters (docs/balance.md "The load rule"), as changes. Pure: no I/O.
 *
 * `company_usage.active_shipments` of a company is the number of its shipments that are not final,
 * where "its" means it is responsible for them: the assignee when there is one, else the creator. The
 * record counters (`delivered`, `delivered_on_time`, `failed`) count the assignee's finished
 * shipments. Every writer of a shipment's status moves the counters by the difference between the
 * shipment's old and new status, in the transaction that changes it — so the counters always equal
 * what a count over the shipments table gives (the migration's recount is that count).
 */
import { FINAL_STATUSES, type ShipmentStatus } from './status.js';

/** Counts in the record's `failed`: the shipment ended without delivery while assigned. */
const FAILED_ENDS: ReadonlySet<string> = new Set(['failed', 'returned']);

export interface UsageDelta {
  /** Change of the responsible company's load: −1 when the shipment becomes final, +1 if it reopens. */
  active: number;
  /** Change of the assignee's `delivered` (and `delivered_on_time` when it was on time). */
  delivered: number;
  /** Change of the assignee's `failed`. */
  failed: number;
}

/**
 * What a status change does to the responsible company's counters. The partner API never leaves a
 * final status; a carrier's `failed` does (redelivery: failed → out_for_delivery, or → delivered), and
 * the same difference keeps the counters equal to the count then too. `delivered` and `failed` apply
 * only when the shipment has an assignee (the repo checks that).
 */
export function usageDelta(from: string, to: string): UsageDelta {
  const final = (s: string) => FINAL_STATUSES.has(s as ShipmentStatus);
  const bit = (b: boolean) => (b ? 1 : 0);
  return {
    active: bit(!final(to)) - bit(!final(from)),
    delivered: bit(to === 'delivered') - bit(from === 'delivered'),
    failed: bit(FAILED_ENDS.has(to)) - bit(FAILED_ENDS.has(from)),
  };
}

export function isNoop(d: UsageDelta): boolean {
  return d.active === 0 && d.delivered === 0 && d.failed === 0;
}
