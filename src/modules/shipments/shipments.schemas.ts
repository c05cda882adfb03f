import { Type, type Static } from 'typebox';
import { Nullable, PageQuery, Pagination, Str, Timestamp } from '../../http/common.schemas.js';
import { idPattern } from '../../lib/ids.js';
import { CARRIER_CODES, carrierCodeList } from '../../carriers/carriers.js';
import { DISTANCE_CLASSES } from '../balance/engine/pricing.js';
import { CARRIER_POSTABLE, SHIPMENT_STATUSES } from './status.js';

export const TRACKING_NUMBER_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$';
export const StatusSchema = Type.Enum(SHIPMENT_STATUSES);

const Customer = Type.Object(
  {
    name: Str(200),
    email: Str(254, 3, { format: 'email' }),
    // E.164-ish: optional +, then digits with common separators; at least 6 digits.
    phone: Str(32, 6, { pattern: '^\\+?[0-9]([0-9 ()-]*[0-9])?$' }),
  },
  { additionalProperties: false },
);
const Location = Type.Object(
  {
    address: Str(500),
    name: Type.Optional(Str(200, 1, { description: 'A label for the place, e.g. "Warehouse"' })),
  },
  { additionalProperties: false },
);
const PackageInput = Type.Object(
  {
    weight: Type.Number({ exclusiveMinimum: 0, maximum: 100_000, description: 'kg, > 0' }),
    dimensions: Type.Optional(
      Str(40, 5, { pattern: '^\\d{1,5}(\\.\\d{1,3})?x\\d{1,5}(\\.\\d{1,3})?x\\d{1,5}(\\.\\d{1,3})?$', description: 'LxWxH, e.g. 12x8x6' }),
    ),
    contents: Type.Optional(Str(500)),
  },
  { additionalProperties: false },
);

export const CreateShipmentBody = Type.Object(
  {
    trackingNumber: Type.Optional(Type.String({ pattern: TRACKING_NUMBER_PATTERN, description: 'Generated (FF-YYYY-XXXXXXXX) when omitted' })),
    customer: Customer,
    pickupLocation: Location,
    dropoffLocation: Location,
    packages: Type.Array(PackageInput, { minItems: 1, maxItems: 100 }),
    totalCost: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 10_000_000,
        description: "Your own price. Without it the hub quotes one (priceQuote in the answer; docs/balance.md 'Pricing')",
      }),
    ),
    distanceClass: Type.Optional(
      Type.Enum(DISTANCE_CLASSES, {
        description: 'Overrides the distance class the hub reads from the two addresses (local: same city; regional: same region)',
      }),
    ),
    estimatedDelivery: Type.Optional(Timestamp),
    courier: Type.Optional(
      Type.Object(
        {
          code: Type.Enum(CARRIER_CODES, { description: carrierCodeList() }),
          awb: Type.String({ pattern: '^[A-Za-z0-9-]{4,40}$', description: "The carrier's airway bill number" }),
        },
        {
          additionalProperties: false,
          description:
            'The shipment already travels with this carrier under this AWB: it is tracked through the carrier gateway and callbacks, never distributed to partner companies.',
        },
      ),
    ),
  },
  { additionalProperties: false },
);
export type CreateShipmentInput = Static<typeof CreateShipmentBody>;

export const UpdateShipmentBody = Type.Object(
  {
    customer: Type.Optional(Customer),
    pickupLocation: Type.Optional(Location),
    dropoffLocation: Type.Optional(Location),
    packages: Type.Optional(Type.Array(PackageInput, { minItems: 1, maxItems: 100 })),
    totalCost: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 10_000_000 }))),
    estimatedDelivery: Type.Optional(Nullable(Timestamp)),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateShipmentInput = Static<typeof UpdateShipmentBody>;

export const ShipmentEventBody = Type.Object(
  {
    status: Type.Enum(CARRIER_POSTABLE),
    location: Type.Optional(Str(300)),
    notes: Type.Optional(Str(1000, 0)),
  },
  { additionalProperties: false },
);
export type ShipmentEventInput = Static<typeof ShipmentEventBody>;

export const CancelBody = Type.Union([Type.Object({ reason: Type.Optional(Str(500, 0)) }, { additionalProperties: false }), Type.Null()]);

export const ShipmentParams = Type.Object({ id: Type.String({ pattern: idPattern('shipment') }) });

export const ListQuery = Type.Object(
  {
    status: Type.Optional(StatusSchema),
    ...PageQuery,
  },
  { additionalProperties: false },
);

export const PackageSchema = Type.Object({
  id: Type.String(),
  trackingNumber: Type.String(),
  weight: Type.Number(),
  dimensions: Nullable(Type.String()),
  contents: Nullable(Type.String()),
});

export const TrackingEventSchema = Type.Object({
  id: Type.String(),
  status: Type.String(),
  location: Nullable(Type.String()),
  notes: Nullable(Type.String()),
  timestamp: Timestamp,
  rawCode: Type.Optional(
    Type.String({ description: "Carrier shipments: the carrier's own status code of this event, verbatim (the carrier's text is in notes)" }),
  ),
});

export const PriceQuoteSchema = Type.Object(
  {
    total: Type.Number({ description: 'subtotal × multiplier, rounded half up to the cent' }),
    subtotal: Type.Number(),
    multiplier: Type.Number({ description: "The creator's demand multiplier when quoted (0.90–1.30)" }),
    distanceClass: Type.Enum(DISTANCE_CLASSES),
    parts: Type.Object({ base: Type.Number(), weight: Type.Number(), extraPackages: Type.Number() }),
  },
  { description: 'How the hub quoted totalCost; null when the creator set the price, and for carrier shipments' },
);

export const ShipmentSchema = Type.Object(
  {
    id: Type.String(),
    trackingNumber: Type.String(),
    status: StatusSchema,
    customerName: Type.String(),
    customer: Type.Object({ name: Type.String(), email: Type.String(), phone: Type.String() }),
    pickupLocation: Type.Object({ address: Type.String() }),
    dropoffLocation: Type.Object({ address: Type.String() }),
    companyId: Type.String({ description: 'The company that created the shipment' }),
    assignedCompanyId: Nullable(Type.String()),
    courier: Nullable(Type.Object({ code: Type.Enum(CARRIER_CODES), awb: Type.String() }, { description: 'Set for carrier shipments' })),
    totalCost: Nullable(Type.Number()),
    distanceClass: Nullable(Type.Enum(DISTANCE_CLASSES, { description: 'Set for partner shipments (not carrier shipments)' })),
    priceQuote: Nullable(PriceQuoteSchema),
    estimatedDelivery: Nullable(Timestamp),
    currentLocation: Nullable(Type.String()),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    packages: Type.Array(PackageSchema),
    trackingEvents: Type.Array(TrackingEventSchema),
  },
  { $id: 'Shipment', title: 'Shipment' },
);
export type ShipmentView = Static<typeof ShipmentSchema>;

export const ShipmentList = Type.Object({ data: Type.Array(Type.Ref('Shipment')), pagination: Pagination });
