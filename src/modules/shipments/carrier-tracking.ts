/**
 * What a carrier's tracking does to one of our carrier shipments. Pure: the callback consumer, the
 * refresh schedule and CMS tracking all apply tracking through this plan, so the three can never
 * disagree about a status.
 */
import type { PlacedStatus, TrackingEvent, UnifiedStatus } from '../../carriers/model.js';
import { CARRIER_FINAL, mergeStatus } from '../../carriers/status-merge.js';
import { newId } from '../../lib/ids.js';
import { isShipmentStatus, type ShipmentStatus } from './status.js';

export { podOf } from '../../carriers/pod.js';

/**
 * Where the carrier library's statuses meet ours: every status a carrier can place a parcel in is a
 * shipment status (the library declares its list on its own; this fails to compile if they part), and
 * every shipment status but `assigned` is one a carrier can report.
 */
const SHIPMENT_STATUS_OF_CARRIER = {
  pending: 'pending',
  picked_up: 'picked_up',
  in_transit: 'in_transit',
  out_for_delivery: 'out_for_delivery',
  delivered: 'delivered',
  failed: 'failed',
  returned: 'returned',
  cancelled: 'cancelled',
} as const satisfies Record<PlacedStatus, ShipmentStatus> & Record<Exclude<ShipmentStatus, 'assigned'>, PlacedStatus>;

export interface StatusPlan {
  next: ShipmentStatus;
  changed: boolean;
  /** The shipment just reached a carrier-final status: it stops counting against capacity. */
  released: boolean;
}

/** Our status as the carrier scale sees it: `assigned` is a distribution step, still "pending" for a carrier. */
function asUnified(s: ShipmentStatus): UnifiedStatus {
  return s === 'assigned' ? 'pending' : s;
}

function asShipment(s: PlacedStatus): ShipmentStatus {
  return SHIPMENT_STATUS_OF_CARRIER[s];
}

/**
 * The shipment's next status: the carrier's status merged onto ours (never backwards from a final
 * status; `exception` / `unknown` change nothing — their raw code is kept on the event).
 */
export function planStatus(current: string, carrierStatus: UnifiedStatus): StatusPlan {
  const cur: ShipmentStatus = isShipmentStatus(current) ? current : 'pending';
  const merged = mergeStatus(asUnified(cur), carrierStatus);
  const next: ShipmentStatus = merged === 'exception' || merged === 'unknown' ? cur : asShipment(merged);
  const changed = next !== cur && !(cur === 'assigned' && next === 'pending');
  return { next: changed ? next : cur, changed, released: changed && CARRIER_FINAL.has(asUnified(next)) && !CARRIER_FINAL.has(asUnified(cur)) };
}

/** A carrier event as a `tracking_events` row: the unified status, the raw code, the carrier's text as notes. */
export interface CarrierEventRow {
  id: string;
  status: string;
  location: string | null;
  notes: string;
  at: string;
  raw_code: string;
}

export function eventRows(events: readonly TrackingEvent[]): CarrierEventRow[] {
  return events.map((e) => ({
    id: newId('trackingEvent'),
    status: e.status,
    location: e.location,
    notes: e.description,
    at: e.at,
    // The dedupe key with the time: an event without a code (rare) is keyed by its text.
    raw_code: e.rawCode || e.rawText.slice(0, 200),
  }));
}

/** The last known location along the events (oldest first). */
export function lastLocation(events: readonly TrackingEvent[]): string | null {
  for (let i = events.length - 1; i >= 0; i--) if (events[i]!.location) return events[i]!.location;
  return null;
}
