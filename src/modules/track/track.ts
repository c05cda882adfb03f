/**
 * The public tracking page's data ("Lacak"): what a customer may see of a shipment without logging
 * in — its stage, where it is, when it should arrive, the events' statuses, places and times, and once
 * delivered the photo and the receiver's name masked ("A*** Y***"). Nothing else: no customer name,
 * email, phone or address, no event notes (a carrier's note can name the receiver in full), no cost.
 * Pure: row → view.
 */
import type { Static } from 'typebox';
import type { PublicTracking } from './track.schemas.js';
import { defaultEstimatedDelivery, isShipmentStatus, progressPercentage, STAGES, type ShipmentStatus } from '../shipments/status.js';

export type PublicTrackingView = Static<typeof PublicTracking>;

/** What the repository reads for the page (one statement). */
export interface PublicTrackingRow {
  tracking_number: string;
  status: string;
  carrier: string | null;
  estimated_delivery: string | null;
  created_at: string;
  current_location: string | null;
  events: Array<{ status: string; location: string | null; timestamp: string }>;
  pod_receiver_name: string | null;
  pod_image_url: string | null;
  pod_delivered_at: string | null;
}

/**
 * "Andi Yusuf" → "A*** Y***": each word's first character (a whole code point, so "Ñ" and emoji stay
 * whole) followed by three stars, whatever the word's length — the length is not revealed either.
 */
export function maskName(name: string | null | undefined): string | null {
  const words = (name ?? '').trim().split(/\s+/u).filter(Boolean);
  if (words.length === 0) return null;
  return words.map((w) => `${Array.from(w)[0]!.toUpperCase()}***`).join(' ');
}

/** Only web addresses reach the page's `<img src>`: anything else (javascript:, data:, a path) is dropped. */
export function safePhotoUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.toString() : null;
  } catch {
    return null;
  }
}

export function buildPublicTracking(row: PublicTrackingRow): PublicTrackingView {
  const status: ShipmentStatus = isShipmentStatus(row.status) ? row.status : 'pending';
  // In time order: a carrier's events can arrive after the hub's own later ones (a backdated scan).
  const events = row.events
    .map((e) => ({ status: e.status, location: e.location, timestamp: e.timestamp }))
    .sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0));
  const firstAt = (stage: string) => events.find((e) => e.status === stage || (stage === 'pending' && e.status === 'assigned'))?.timestamp ?? null;
  const progress = progressPercentage(
    status,
    events.map((e) => e.status),
  );
  const reachedCount = Math.round((progress / 100) * STAGES.length);
  const delivered = status === 'delivered';
  const deliveredEvent = delivered ? [...events].reverse().find((e) => e.status === 'delivered') : undefined;
  const estimated = deliveredEvent?.timestamp ?? row.estimated_delivery ?? defaultEstimatedDelivery(new Date(row.created_at)).toISOString();
  const lastLocated = [...events].reverse().find((e) => e.location);
  const hasPod = delivered && (row.pod_receiver_name || row.pod_image_url);
  return {
    trackingNumber: row.tracking_number,
    status,
    stages: STAGES.map((stage, i) => ({ stage, reached: i < reachedCount, at: i < reachedCount ? firstAt(stage) : null })),
    progressPercentage: progress,
    currentLocation: row.current_location ?? lastLocated?.location ?? null,
    estimatedDelivery: status === 'cancelled' ? null : estimated,
    carrier: row.carrier,
    events,
    proofOfDelivery: hasPod
      ? {
          receiverName: maskName(row.pod_receiver_name),
          photoUrl: safePhotoUrl(row.pod_image_url),
          deliveredAt: row.pod_delivered_at ?? deliveredEvent?.timestamp ?? null,
        }
      : null,
  };
}
