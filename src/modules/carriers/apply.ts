/**
 * What a carrier's tracking does to one of our carrier shipments (issue 4 §4, §6, §7). Pure: the
 * callback consumer, the refresh schedule and CMS tracking all apply tracking through this plan, so
 * the three can never disagree about a status.
 */
import { newId } from '../../lib/ids.js';
import { isShipmentStatus, type ShipmentStatus } from '../shipments/status.js';
import type { CarrierCode, TrackingEvent, UnifiedStatus, UnifiedTracking } from '../../carriers/model.js';
import { CARRIER_FINAL, mergeStatus } from '../../carriers/status-merge.js';

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

/**
 * The shipment's next status: the carrier's status merged onto ours (never backwards from a final
 * status; `exception` / `unknown` change nothing — their raw code is kept on the event).
 */
export function planStatus(current: string, carrierStatus: UnifiedStatus): StatusPlan {
  const cur: ShipmentStatus = isShipmentStatus(current) ? current : 'pending';
  const merged = mergeStatus(asUnified(cur), carrierStatus);
  const next: ShipmentStatus = merged === 'exception' || merged === 'unknown' ? cur : merged;
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

/** POD fields worth saving: only a delivered shipment has a receiver; a photo may come alone. */
export function podOf(t: UnifiedTracking): { receiverName: string | null; imageUrl: string | null; podCode: string | null; deliveredAt: string | null } | null {
  if (!t.podReceiverName && !t.image_url) return null;
  const delivered = [...t.events].reverse().find((e) => e.status === 'delivered');
  return { receiverName: t.podReceiverName, imageUrl: t.image_url, podCode: delivered?.rawCode ?? null, deliveredAt: delivered?.at ?? null };
}

/** The message published on `callback-update-status` (the pg-boss queue and NSQ): self-contained. */
export interface CallbackUpdateMessage {
  callbackId: number;
  carrier: CarrierCode;
  awb: string;
  receivedAt: string;
  tracking: UnifiedTracking;
}
