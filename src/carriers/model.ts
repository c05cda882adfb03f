/**
 * The unified tracking model every carrier mapper produces (docs/carriers.md, "The unified model").
 * Pure types plus the one error class mappers throw. The gateway returns this shape; `podReceiverName`
 * and `image_url` keep exactly the names the seed's CMS expects, which is why one field is snake_case.
 */

import type { CarrierCode } from './carriers.js';

export type { CarrierCode };

/**
 * What a carrier can say about a parcel: the hub's shipment statuses minus `assigned` (a
 * partner-distribution step no carrier reports), plus two statuses for carrier codes we cannot place:
 * `exception` (the carrier says something is wrong but not what) and `unknown` (a code missing from
 * our table). Neither ever overwrites a known status. The library declares them itself (it knows
 * nothing of the application); the shipments module checks with `satisfies` that every placed status
 * is one of its shipment statuses (src/modules/shipments/carrier-tracking.ts).
 */
export const UNIFIED_STATUSES = [
  'pending',
  'picked_up',
  'in_transit',
  'out_for_delivery',
  'delivered',
  'failed',
  'returned',
  'cancelled',
  'exception',
  'unknown',
] as const;
export type UnifiedStatus = (typeof UNIFIED_STATUSES)[number];
/** The statuses that name a place in the delivery (all but exception/unknown). */
export type PlacedStatus = Exclude<UnifiedStatus, 'exception' | 'unknown'>;

export interface TrackingEvent {
  /** ISO-8601 in UTC. */
  at: string;
  status: UnifiedStatus;
  /** The carrier's own code (or status text where it has no code), verbatim. */
  rawCode: string;
  /** The carrier's own text, verbatim. */
  rawText: string;
  location: string | null;
  description: string;
  /** True when `rawCode` was not in the carrier's table: kept, shown as `unknown`, and to be logged. */
  unmapped: boolean;
}

export interface UnifiedTracking {
  carrier: CarrierCode;
  awb: string;
  status: UnifiedStatus;
  /** Oldest first. */
  events: TrackingEvent[];
  podReceiverName: string | null;
  image_url: string | null;
  /** The receiver's relation to the addressee as the carrier words it ("YANG BERSANGKUTAN", "Resepsionis"…); null where the carrier has none. */
  relation: string | null;
  /** A link to the receiver's signature image; null where the carrier has none. */
  signatureUrl: string | null;
  /** The carrier's latest raw status (code or text), for display and audit. */
  rawStatus: string;
}

export type CarrierPayloadErrorCode =
  | 'not_object' // not the JSON shape this carrier answers with at all
  | 'missing_field'
  | 'invalid_field'
  | 'invalid_date'
  | 'not_found' // the carrier says the AWB does not exist
  | 'carrier_error'; // the carrier answered with an error of its own

/** Thrown by every mapper on a payload it cannot trust; the gateway turns it into a 502 (or 404 for not_found). */
export class CarrierPayloadError extends Error {
  override readonly name = 'CarrierPayloadError';
  constructor(
    readonly carrier: CarrierCode,
    readonly code: CarrierPayloadErrorCode,
    message: string,
  ) {
    super(`${carrier}: ${code}: ${message}`);
  }
}
