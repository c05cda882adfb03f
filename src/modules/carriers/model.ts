/**
 * The unified tracking model every carrier mapper produces (issue 4 §1, §3). Pure types plus the one
 * error class mappers throw. The gateway returns this shape; `podReceiverName` and `image_url` keep
 * exactly the names the seed's CMS expects, which is why one field is snake_case.
 */
import { SHIPMENT_STATUSES, type ShipmentStatus } from '../shipments/status.js';

export const CARRIER_CODES = ['jne', 'sicepat', 'jnt', 'idexpress', 'sap'] as const;
export type CarrierCode = (typeof CARRIER_CODES)[number];

/**
 * Our shipment statuses minus `assigned` (a partner-distribution step no carrier reports), plus two
 * statuses for carrier codes we cannot place: `exception` (the carrier says something is wrong but not
 * what) and `unknown` (a code missing from our table). Neither ever overwrites a known status.
 */
export type UnifiedStatus = Exclude<ShipmentStatus, 'assigned'> | 'exception' | 'unknown';
export const UNIFIED_STATUSES: readonly UnifiedStatus[] = [
  ...SHIPMENT_STATUSES.filter((st): st is Exclude<ShipmentStatus, 'assigned'> => st !== 'assigned'),
  'exception',
  'unknown',
];

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
