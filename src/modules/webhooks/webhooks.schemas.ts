import { Type, type Static } from 'typebox';
import { Nullable, PageQuery, Pagination, SerialId, Str, Timestamp } from '../../http/common.schemas.js';
import { idPattern } from '../../lib/ids.js';
import { EVENT_TYPES } from '../events/events.js';

export const WebhookEventSchema = Type.Enum(EVENT_TYPES);
// The pattern also requires a host (`format: 'uri'` alone accepts "https://") and, replacing Str's, excludes NUL.
export const WebhookUrlSchema = Str(2048, 8, {
  format: 'uri',
  pattern: '^https?://[A-Za-z0-9\\[][^\\u0000\\ud800-\\udfff]*$',
  description: 'http(s) URL that receives POSTs; private, loopback and link-local addresses are refused',
});
export const WebhookEventsSchema = Type.Array(WebhookEventSchema, { minItems: 1, maxItems: EVENT_TYPES.length, uniqueItems: true });
const MESSAGE_ID_PATTERN = '^msg_[0-9a-z]{20}$';

export const WebhookParams = Type.Object({ id: Type.String({ pattern: idPattern('webhook') }) });

export const CreateWebhookBody = Type.Object(
  {
    url: WebhookUrlSchema,
    events: WebhookEventsSchema,
    description: Type.Optional(Str(500)),
    enabled: Type.Optional(Type.Boolean({ default: true })),
  },
  { additionalProperties: false },
);
export type CreateWebhookInput = Static<typeof CreateWebhookBody>;

export const UpdateWebhookBody = Type.Object(
  {
    url: Type.Optional(WebhookUrlSchema),
    events: Type.Optional(WebhookEventsSchema),
    description: Type.Optional(Nullable(Str(500))),
    enabled: Type.Optional(Type.Boolean({ description: 'true re-enables a disabled webhook and clears why it was disabled' })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateWebhookInput = Static<typeof UpdateWebhookBody>;

export const WebhookStatusSchema = Type.Enum(['healthy', 'failing', 'recovered', 'disabled'], {
  description: 'disabled: switched off; failing: the latest attempts failed; recovered: a success ended failures within 24 h; healthy: otherwise',
});

export const WebhookSchema = Type.Object({
  id: Type.String(),
  url: Type.String(),
  description: Nullable(Type.String()),
  events: Type.Array(Type.String()),
  enabled: Type.Boolean(),
  status: WebhookStatusSchema,
  disabledReason: Nullable(Type.String()),
  disabledAt: Nullable(Timestamp),
  secretRotationEndsAt: Nullable(Timestamp),
  stats: Type.Object({
    successCount: Type.Integer(),
    failureCount: Type.Integer(),
    consecutiveFailures: Type.Integer(),
    lastSuccessAt: Nullable(Timestamp),
    lastFailureAt: Nullable(Timestamp),
    lastFailureReason: Nullable(Type.String()),
  }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

const SecretField = Type.String({ description: 'whsec_… signing secret: shown only in this response, stored encrypted' });
export const WebhookWithSecretSchema = Type.Object({ ...WebhookSchema.properties, secret: SecretField });

export const RotatedSecretSchema = Type.Object({
  secret: SecretField,
  previousSecretExpiresAt: Nullable(Timestamp),
});

export const TestResultSchema = Type.Object({
  success: Type.Boolean(),
  statusCode: Nullable(Type.Integer()),
  durationMs: Type.Integer(),
  error: Nullable(Type.String()),
  messageId: Type.String(),
  responseBody: Nullable(Type.String({ description: 'First 4 KB of the response' })),
});

export const AttemptSchema = Type.Object({
  id: Type.Integer(),
  messageId: Type.String(),
  eventType: Type.String(),
  attempt: Type.Integer(),
  trigger: Type.String({ description: 'event, replay or test' }),
  success: Type.Boolean(),
  statusCode: Nullable(Type.Integer()),
  responseBody: Nullable(Type.String()),
  error: Nullable(Type.String()),
  durationMs: Type.Integer(),
  createdAt: Timestamp,
});
export const AttemptList = Type.Object({ data: Type.Array(AttemptSchema), pagination: Pagination });

export const LogsQuery = Type.Object(
  {
    messageId: Type.Optional(Type.String({ pattern: MESSAGE_ID_PATTERN })),
    success: Type.Optional(Type.Boolean()),
    ...PageQuery,
  },
  { additionalProperties: false },
);

export const ReplayBody = Type.Object(
  {
    messageId: Type.Optional(Type.String({ pattern: MESSAGE_ID_PATTERN, description: 'Resend this message (the webhook-id of a delivery)' })),
    since: Type.Optional(Type.String({ format: 'date-time', description: 'Resend every failed message created since this time' })),
  },
  { additionalProperties: false, minProperties: 1, maxProperties: 1 },
);
export type ReplayInput = Static<typeof ReplayBody>;
export const ReplayResult = Type.Object({ replayed: Type.Integer(), limit: Type.Integer({ description: 'Most messages one replay resends' }) });

// --- admin ------------------------------------------------------------------------------------------

export const AdminWebhookSchema = Type.Object({
  ...WebhookSchema.properties,
  companyId: Type.String(),
  companyName: Type.String(),
  window: Type.Object({
    hours: Type.Integer(),
    attempts: Type.Integer(),
    successes: Type.Integer(),
    successRate: Nullable(Type.Number({ description: 'successes / attempts in the window; null without attempts' })),
  }),
});

export const AdminWebhookQuery = Type.Object(
  {
    status: Type.Optional(WebhookStatusSchema),
    companyId: Type.Optional(Type.String({ pattern: idPattern('company') })),
    windowHours: Type.Integer({ minimum: 1, maximum: 24 * 90, default: 24 }),
    ...PageQuery,
  },
  { additionalProperties: false },
);

export const AlertSeverity = Type.Union([Type.Literal('info'), Type.Literal('warning'), Type.Literal('critical')]);
export const AlertSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  severity: AlertSeverity,
  /** Condition alerts (anomalies): what it is about; one open alert per (kind, subject) while it lasts. */
  subject: Nullable(Type.String()),
  message: Type.String(),
  companyId: Nullable(Type.String()),
  endpointId: Nullable(Type.String()),
  details: Type.Unknown(),
  createdAt: Timestamp,
  lastSeenAt: Nullable(Timestamp),
  resolvedAt: Nullable(Timestamp),
  acknowledgedAt: Nullable(Timestamp),
  acknowledgedBy: Nullable(Type.String()),
});

export const AlertsQuery = Type.Object(
  {
    open: Type.Optional(Type.Boolean({ description: 'true: neither acknowledged nor resolved; false: acknowledged or resolved' })),
    status: Type.Optional(
      Type.Union([Type.Literal('open'), Type.Literal('acknowledged'), Type.Literal('resolved')], {
        description: 'open: neither acknowledged nor resolved; acknowledged: acknowledged, not resolved; resolved: the condition cleared',
      }),
    ),
    resolved: Type.Optional(Type.Boolean({ description: 'true: the condition cleared (anomalies); false: not resolved' })),
    kind: Type.Optional(Str(64, 1, { description: 'an exact kind, or a prefix ending in ".*" (anomaly.*)' })),
    severity: Type.Optional(AlertSeverity),
    subject: Type.Optional(Str(200)),
    companyId: Type.Optional(Type.String({ pattern: idPattern('company') })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export const AlertParams = Type.Object({ id: SerialId });
