/**
 * How carrier statuses advance a shipment (issue 4 §1: "out-of-order events never move a shipment
 * backwards from a final status"), and which carrier an AWB belongs to. Pure.
 */
import type { CarrierCode, UnifiedStatus } from './model.js';

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

/**
 * AWB patterns, from the samples in carriers.md (one or a few per carrier, so deliberately narrow):
 *   jnt        JD + 10 digits          (JD0000000001)
 *   idexpress  IDD + 12 digits         (IDD955255915888)
 *   sap        3-letter origin + 13 digits (CGK8056427900024), origin ≠ IDD
 *   sicepat    12 digits starting 00   (000434236059)
 *   jne        16 digits               (5403212200022724)
 * Anything else (other lengths, other prefixes, lower case after trimming) → null: the caller must
 * name the courier. Patterns are disjoint by construction; a test checks that.
 */
export const AWB_PATTERNS: ReadonlyArray<readonly [CarrierCode, RegExp]> = [
  ['jnt', /^JD\d{10}$/],
  ['idexpress', /^IDD\d{12}$/],
  ['sap', /^(?!IDD)[A-Z]{3}\d{13}$/],
  ['sicepat', /^00\d{10}$/],
  ['jne', /^\d{16}$/],
];

export function detectCarrier(awb: string): CarrierCode | null {
  const s = awb.trim().toUpperCase();
  const hits = AWB_PATTERNS.filter(([, re]) => re.test(s));
  return hits.length === 1 ? hits[0]![0] : null;
}
