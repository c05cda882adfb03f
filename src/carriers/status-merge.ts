/**
 * The status merge: how a carrier's statuses, arriving in any order, add up to one status
 * ("out-of-order events never move a shipment backwards from a final status"). Pure.
 */
import type { UnifiedStatus } from './model.js';

/**
 * Final for carrier tracking: delivered, returned, cancelled. Unlike the shipment machine, `failed` is
 * NOT final here: a carrier's failed attempt is followed by redelivery (JNE "AU", antar ulang) or by a
 * return, so it must stay open.
 */
export const CARRIER_FINAL: ReadonlySet<UnifiedStatus> = new Set(['delivered', 'returned', 'cancelled']);

/**
 * Position along the normal progression. `failed` shares the out-for-delivery rank so a redelivery
 * attempt after a failed one (and a new failure after that) both apply, while a late in-transit scan
 * after a failure does not pull the shipment back. Finals rank highest. exception/unknown have no
 * rank: they never overwrite a known status.
 */
const RANK: Partial<Record<UnifiedStatus, number>> = {
  pending: 0,
  picked_up: 1,
  in_transit: 2,
  out_for_delivery: 3,
  failed: 3,
  delivered: 4,
  returned: 4,
  cancelled: 4,
};

export function mergeStatus(current: UnifiedStatus, incoming: UnifiedStatus): UnifiedStatus {
  if (CARRIER_FINAL.has(current)) return current;
  const inc = RANK[incoming];
  if (inc === undefined) return current; // exception/unknown: keep what we know (raw stays in the event)
  const cur = RANK[current];
  if (cur === undefined) return incoming; // we knew nothing yet
  return inc >= cur ? incoming : current;
}

/** Folds statuses in the order received (oldest first), starting from nothing known. */
export function foldStatuses(statuses: Iterable<UnifiedStatus>, start: UnifiedStatus = 'unknown'): UnifiedStatus {
  let s = start;
  for (const x of statuses) s = mergeStatus(s, x);
  return s;
}
