import { Type, type Static } from 'typebox';
import { Nullable, Timestamp } from '../../http/common.schemas.js';
import type { TrackingRow } from '../shipments/shipments.service.js';
import { defaultEstimatedDelivery, isShipmentStatus, progressPercentage } from '../shipments/status.js';

/** The seed's tracking response (phase 7.4), field for field. */
export const TrackingResponse = Type.Object({
  tracking: Type.Object({
    trackingNumber: Type.String(),
    status: Type.String(),
    progressPercentage: Type.Integer({ minimum: 0, maximum: 100 }),
    estimatedDelivery: Nullable(Timestamp),
    currentLocation: Nullable(Type.String()),
    customerName: Type.String(),
    pickupAddress: Type.String(),
    dropoffAddress: Type.String(),
    totalCost: Nullable(Type.Number()),
  }),
  packages: Type.Array(Type.Object({ trackingNumber: Type.String(), weight: Type.Number(), contents: Nullable(Type.String()) })),
  events: Type.Array(
    Type.Object({ status: Type.String(), location: Nullable(Type.String()), timestamp: Timestamp, notes: Type.Optional(Nullable(Type.String())) }),
  ),
});
export type TrackingView = Static<typeof TrackingResponse>;

/** Pure: shipment row → tracking view. */
export function buildTracking(s: TrackingRow): TrackingView {
  const status = isShipmentStatus(s.status) ? s.status : 'pending';
  const history = s.events.map((e) => e.status);
  const delivered = status === 'delivered' ? [...s.events].reverse().find((e) => e.status === 'delivered') : undefined;
  const estimated = delivered ? delivered.timestamp : (s.estimated_delivery ?? defaultEstimatedDelivery(new Date(s.created_at)).toISOString());
  const lastLocated = [...s.events].reverse().find((e) => e.location);
  return {
    tracking: {
      trackingNumber: s.tracking_number,
      status,
      progressPercentage: progressPercentage(status, history),
      estimatedDelivery: status === 'cancelled' ? null : estimated,
      currentLocation: s.current_location ?? lastLocated?.location ?? null,
      customerName: s.customer_name,
      pickupAddress: s.pickup_address,
      dropoffAddress: s.dropoff_address,
      totalCost: s.total_cost,
    },
    packages: s.packages.map((p) => ({ trackingNumber: p.trackingNumber, weight: p.weight, contents: p.contents })),
    events: s.events.map((e) => ({ status: e.status, location: e.location, timestamp: e.timestamp, notes: e.notes })),
  };
}
