/** The public tracking answer's schema (what `buildPublicTracking` in ./track.ts makes). */
import { Type } from 'typebox';
import { Nullable, Timestamp } from '../../http/common.schemas.js';

/** The seed's five stages (STAGES), in order. */
export const PublicStage = Type.Union([
  Type.Literal('pending'),
  Type.Literal('picked_up'),
  Type.Literal('in_transit'),
  Type.Literal('out_for_delivery'),
  Type.Literal('delivered'),
]);

export const PublicTracking = Type.Object(
  {
    trackingNumber: Type.String(),
    status: Type.String({ description: 'pending, assigned, picked_up, in_transit, out_for_delivery, delivered, failed, returned or cancelled' }),
    /** The seed's five stages, each with when it was first reached. */
    stages: Type.Array(Type.Object({ stage: PublicStage, reached: Type.Boolean(), at: Nullable(Timestamp) })),
    progressPercentage: Type.Integer({ minimum: 0, maximum: 100 }),
    currentLocation: Nullable(Type.String()),
    estimatedDelivery: Nullable(Timestamp),
    carrier: Nullable(Type.String({ description: 'The carrier (jne, sicepat, jnt, idexpress, sap) for a carrier shipment' })),
    events: Type.Array(Type.Object({ status: Type.String(), location: Nullable(Type.String()), timestamp: Timestamp })),
    proofOfDelivery: Nullable(
      Type.Object({
        receiverName: Nullable(Type.String({ description: 'Masked: the first letter of each word, then ***' })),
        photoUrl: Nullable(Type.String()),
        deliveredAt: Nullable(Timestamp),
      }),
    ),
  },
  { title: 'PublicTracking' },
);
