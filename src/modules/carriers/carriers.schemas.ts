import { Type, type Static } from 'typebox';
import { Nullable, Str, Timestamp } from '../../http/common.schemas.js';
import { CARRIER_CODES } from '../../carriers/carriers.js';
import { UNIFIED_STATUSES, type UnifiedTracking } from '../../carriers/model.js';

export const CourierSchema = Type.Enum(CARRIER_CODES, { description: 'Carrier code' });
/** Letters, digits and dashes; what every carrier prints (checked again by isValidAwb). */
export const AWB_PATTERN = '^[A-Za-z0-9-]{4,40}$';
export const AwbSchema = Type.String({ pattern: AWB_PATTERN, description: "The carrier's airway bill number" });

/** OAuth 2.0 client credentials (RFC 6749 §4.4), as JSON or as a form; the API key and secret are the client id and secret. */
export const GatewayAuthBody = Type.Object(
  {
    grant_type: Type.Optional(Type.Literal('client_credentials')),
    // Accepted and ignored: the gateway has one scope (tracking).
    scope: Type.Optional(Str(200, 0)),
    client_id: Type.Optional(Str(128)),
    client_secret: Type.Optional(Str(256)),
    clientId: Type.Optional(Str(128)),
    clientSecret: Type.Optional(Str(256)),
  },
  { additionalProperties: false },
);
export type GatewayAuthInput = Static<typeof GatewayAuthBody>;

export const GatewayAuthResponse = Type.Object({
  access_token: Type.String(),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer({ description: 'Seconds' }),
});

export const HistoryItem = Type.Object({
  time: Timestamp,
  status: Type.Enum(UNIFIED_STATUSES),
  location: Nullable(Type.String()),
  description: Type.String(),
  rawCode: Type.String({ description: "The carrier's own code (or status text), verbatim" }),
  rawText: Type.String(),
});

/** The unified tracking; `podReceiverName` and `image_url` keep exactly the names the seed's CMS reads. */
export const GatewayTrackingResponse = Type.Object({
  awb: Type.String(),
  courier: CourierSchema,
  status: Type.Enum(UNIFIED_STATUSES),
  rawStatus: Type.String(),
  podReceiverName: Nullable(Type.String()),
  image_url: Nullable(Type.String()),
  relation: Nullable(
    Type.String({ description: "The receiver's relation to the addressee as the carrier words it (null where the carrier has none)" }),
  ),
  signatureUrl: Nullable(Type.String({ description: "A link to the receiver's signature image (null where the carrier has none)" })),
  history: Type.Array(HistoryItem),
  fetchedAt: Timestamp,
  cached: Type.Boolean(),
});
export type GatewayTrackingView = Static<typeof GatewayTrackingResponse>;

export function historyOf(t: UnifiedTracking) {
  return t.events.map((e) => ({
    time: e.at,
    status: e.status,
    location: e.location,
    description: e.description,
    rawCode: e.rawCode,
    rawText: e.rawText,
  }));
}

export function gatewayView(t: UnifiedTracking, fetchedAt: number, cached: boolean): GatewayTrackingView {
  return {
    awb: t.awb,
    courier: t.carrier,
    status: t.status,
    rawStatus: t.rawStatus,
    podReceiverName: t.podReceiverName,
    image_url: t.image_url,
    relation: t.relation,
    signatureUrl: t.signatureUrl,
    history: historyOf(t),
    fetchedAt: new Date(fetchedAt).toISOString(),
    cached,
  };
}

export const CallbackAck = Type.Object({
  status: Type.Boolean({ description: 'true: stored (or an exact duplicate of one stored)' }),
  message: Type.String(),
  callbackId: Type.Integer(),
});

/** CMS single tracking (seed "Single tracking from CMS"). */
export const CmsTrackingResponse = Type.Object({
  trackingNumber: Type.String(),
  awb: Nullable(Type.String()),
  courier: Nullable(CourierSchema),
  status: Type.String({ description: "The order's status in the hub, after this tracking was applied" }),
  carrierStatus: Nullable(Type.String({ description: "The carrier's unified status (null when answered from the database)" })),
  rawStatus: Nullable(Type.String()),
  podReceiverName: Nullable(Type.String()),
  image_url: Nullable(Type.String()),
  relation: Nullable(Type.String({ description: "The receiver's relation to the addressee (carrier's answer, else the stored POD)" })),
  signatureUrl: Nullable(Type.String({ description: "A link to the receiver's signature image (carrier's answer, else the stored POD)" })),
  history: Type.Array(
    Type.Object({
      time: Timestamp,
      status: Type.String(),
      location: Nullable(Type.String()),
      description: Nullable(Type.String()),
      rawCode: Nullable(Type.String()),
    }),
  ),
  source: Type.Union([Type.Literal('carrier'), Type.Literal('database')], {
    description: '`database` when the carrier could not be reached (or the order has no carrier): the stored history and POD',
  }),
  carrierError: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
});
export type CmsTrackingView = Static<typeof CmsTrackingResponse>;
