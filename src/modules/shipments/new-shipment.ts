/**
 * The rows and the answer of a shipment create, built from the request alone: no database, no clock and
 * no randomness here (the service passes the time, the generated suffix and the id source in), so each
 * builder is tested with values written by hand.
 */
import type { IdKind } from '../../lib/ids.js';
import { distanceClassOf, quoteCents, type DistanceClass } from '../balance/engine/pricing.js';
import type { NewShipment, QuoteBasis } from './shipments.repo.js';
import type { CreateShipmentInput, ShipmentView } from './shipments.schemas.js';

/** Where the builders take their ids from: `newId` in the service, a counter in the tests. */
export type IdSource = (kind: IdKind) => string;

type PackageInput = CreateShipmentInput['packages'][number];
type Stamps = { created_at: Date; updated_at: Date; event_at: Date; total_cost: number | null; price_quote: ShipmentView['priceQuote'] };

/** The answer to a create but for what the create statement decides (its timestamps). */
export type CreatedAnswer = Omit<ShipmentView, 'createdAt' | 'updatedAt' | 'trackingEvents'>;

/** Letters of a generated tracking number's suffix: no I and no O, which read as 1 and 0. */
export const TRACKING_SUFFIX_ALPHABET = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** The tracking number given when the sender names none: `FF-<year of now, UTC>-<suffix>`. */
export function generatedTrackingNumber(now: Date, suffix: string): string {
  return `FF-${now.getUTCFullYear()}-${suffix}`;
}

/** Package rows numbered from 1, each tracked as the shipment's number with `-001`, `-002`, … */
export function packageRows(trackingNumber: string, packages: readonly PackageInput[], newId: IdSource): NewShipment['packages'] {
  return packages.map((p, i) => ({
    id: newId('package'),
    seq: i + 1,
    tracking_number: `${trackingNumber}-${String(i + 1).padStart(3, '0')}`,
    weight: p.weight,
    dimensions: p.dimensions ?? null,
    contents: p.contents ?? null,
  }));
}

/** A carrier shipment's carrier and AWB as stored and shown: the AWB in capitals. */
function courierOf(input: CreateShipmentInput): ShipmentView['courier'] {
  return input.courier ? { code: input.courier.code, awb: input.courier.awb.toUpperCase() } : null;
}

/**
 * The distance class of a partner shipment (the request's, else read from the addresses); null for a
 * carrier shipment, which the hub neither prices nor distributes.
 */
export function distanceClassFor(input: CreateShipmentInput): DistanceClass | null {
  if (input.courier) return null;
  return input.distanceClass ?? distanceClassOf(input.pickupLocation.address, input.dropoffLocation.address);
}

/**
 * The quote before the creator's multiplier, which the create statement applies (it reads the
 * multiplier in the same statement): null when the creator set its own price, and for carrier shipments.
 */
export function quoteBasisFor(input: CreateShipmentInput, distanceClass: DistanceClass | null): QuoteBasis | null {
  if (input.totalCost !== undefined || distanceClass === null) return null;
  // Summed in grams: the weights are stored to the gram, and float kg sums drift.
  const grams = input.packages.reduce((n, p) => n + Math.round(p.weight * 1000), 0);
  const c = quoteCents({ weightKg: grams / 1000, packageCount: input.packages.length, distanceClass });
  return {
    subtotalCents: c.subtotalCents,
    distanceClass,
    subtotal: c.subtotalCents / 100,
    parts: { base: c.baseCents / 100, weight: c.weightCents / 100, extraPackages: c.extraPackagesCents / 100 },
  };
}

/**
 * What the create statement inserts: the shipment, its packages, its first tracking event ("Shipment
 * created" at the pickup place) and its `shipment.created` event. `idempotency` is left null: the
 * service sets it once it has the answer.
 */
export function newShipmentRow(companyId: string, input: CreateShipmentInput, trackingNumber: string, newId: IdSource): NewShipment {
  const id = newId('shipment');
  const packages = packageRows(trackingNumber, input.packages, newId);
  const location = input.pickupLocation.name ?? 'Warehouse';
  const courier = courierOf(input);
  const distanceClass = distanceClassFor(input);
  return {
    id,
    companyId,
    trackingNumber,
    customerName: input.customer.name,
    customerEmail: input.customer.email,
    customerPhone: input.customer.phone,
    pickupAddress: input.pickupLocation.address,
    dropoffAddress: input.dropoffLocation.address,
    totalCost: input.totalCost ?? null,
    distanceClass,
    quote: quoteBasisFor(input, distanceClass),
    estimatedDelivery: input.estimatedDelivery ? new Date(input.estimatedDelivery) : null,
    carrier: courier?.code ?? null,
    carrierAwb: courier?.awb ?? null,
    packages,
    firstEvent: { id: newId('trackingEvent'), location, notes: 'Shipment created' },
    domainEvent: {
      id: newId('event'),
      type: 'shipment.created',
      data: {
        shipmentId: id,
        trackingNumber,
        previousStatus: null,
        currentStatus: 'pending',
        location,
        ...(courier ? { courier } : {}),
      },
    },
    idempotency: null,
  };
}

/** The answer for the shipment that `row` creates, without the timestamps (stored with an Idempotency-Key as is). */
export function createdAnswer(row: NewShipment, input: CreateShipmentInput): CreatedAnswer {
  return {
    id: row.id,
    trackingNumber: row.trackingNumber,
    status: 'pending',
    customerName: input.customer.name,
    customer: { ...input.customer },
    pickupLocation: { address: input.pickupLocation.address },
    dropoffLocation: { address: input.dropoffLocation.address },
    companyId: row.companyId,
    assignedCompanyId: null,
    courier: courierOf(input),
    // A quoted price is the create statement's (it applies the multiplier): filled in from its result.
    totalCost: input.totalCost ?? null,
    distanceClass: row.distanceClass,
    priceQuote: null,
    estimatedDelivery: row.estimatedDelivery?.toISOString() ?? null,
    currentLocation: row.firstEvent.location,
    packages: row.packages.map((p) => ({
      id: p.id,
      trackingNumber: p.tracking_number,
      weight: p.weight,
      dimensions: p.dimensions,
      contents: p.contents,
    })),
  };
}

/** The whole answer: `answer` completed with what the create statement decided (times, price) and the first event. */
export function createdView(answer: CreatedAnswer, firstEvent: NewShipment['firstEvent'], stamps: Stamps): ShipmentView {
  return {
    ...answer,
    totalCost: stamps.total_cost,
    priceQuote: stamps.price_quote,
    createdAt: stamps.created_at.toISOString(),
    updatedAt: stamps.updated_at.toISOString(),
    trackingEvents: [
      { id: firstEvent.id, status: 'pending', location: firstEvent.location, notes: firstEvent.notes, timestamp: stamps.event_at.toISOString() },
    ],
  };
}
