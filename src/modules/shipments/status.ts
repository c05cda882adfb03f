/**
 * The shipment status machine (the statuses of the partner API; README "API walk-through"). Pure: no I/O.
 *
 *   pending → assigned → picked_up → in_transit → out_for_delivery → delivered
 *   failure ends: failed (→ returned), returned, cancelled (only before pickup)
 */
export const SHIPMENT_STATUSES = [
  'pending',
  'assigned',
  'picked_up',
  'in_transit',
  'out_for_delivery',
  'delivered',
  'failed',
  'returned',
  'cancelled',
] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

const TRANSITIONS: Record<ShipmentStatus, readonly ShipmentStatus[]> = {
  pending: ['assigned', 'cancelled'],
  assigned: ['picked_up', 'failed', 'cancelled'],
  picked_up: ['in_transit', 'failed', 'returned'],
  in_transit: ['out_for_delivery', 'failed', 'returned'],
  out_for_delivery: ['delivered', 'failed', 'returned'],
  failed: ['returned'],
  delivered: [],
  returned: [],
  cancelled: [],
};

export const FINAL_STATUSES: ReadonlySet<ShipmentStatus> = new Set(['delivered', 'failed', 'returned', 'cancelled']);

/** Statuses a carrier company posts through `POST /shipments/:id/events`. */
export const CARRIER_POSTABLE = [
  'picked_up',
  'in_transit',
  'out_for_delivery',
  'delivered',
  'failed',
  'returned',
] as const satisfies readonly ShipmentStatus[];

export function canTransition(from: ShipmentStatus, to: ShipmentStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function allowedNext(from: ShipmentStatus): readonly ShipmentStatus[] {
  return TRANSITIONS[from];
}

export function isActive(s: ShipmentStatus): boolean {
  return !FINAL_STATUSES.has(s);
}

export function isShipmentStatus(s: string): s is ShipmentStatus {
  return (SHIPMENT_STATUSES as readonly string[]).includes(s);
}

/** The seed's five tracking stages (phase 7.3). */
export const STAGES = ['pending', 'picked_up', 'in_transit', 'out_for_delivery', 'delivered'] as const;

/**
 * Progress % = (index + 1) / 5 × 100. `assigned` is still the pending stage. For a shipment that left
 * the happy path (failed, returned, cancelled) the furthest stage it reached counts.
 */
export function progressPercentage(status: ShipmentStatus, history: readonly string[]): number {
  const stageOf = (s: string): number => (s === 'assigned' ? 0 : (STAGES as readonly string[]).indexOf(s));
  let idx = stageOf(status);
  if (idx < 0) idx = Math.max(0, ...history.map(stageOf));
  return Math.round(((idx + 1) / STAGES.length) * 100);
}

/**
 * Estimated delivery when the creator gave none: two days after creation, at 17:00 UTC (the seed's
 * example: created 2025-01-20T15:30Z → 2025-01-22T17:00Z).
 */
export function defaultEstimatedDelivery(createdAt: Date): Date {
  return new Date(Date.UTC(createdAt.getUTCFullYear(), createdAt.getUTCMonth(), createdAt.getUTCDate() + 2, 17, 0, 0));
}

/** Which domain event a status change raises. */
export function eventTypeFor(to: ShipmentStatus): 'shipment.delivered' | 'shipment.cancelled' | 'shipment.assigned' | 'shipment.updated' {
  if (to === 'delivered') return 'shipment.delivered';
  if (to === 'cancelled') return 'shipment.cancelled';
  if (to === 'assigned') return 'shipment.assigned';
  return 'shipment.updated';
}
