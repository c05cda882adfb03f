import { Type } from 'typebox';
import { Nullable, Str, Timestamp } from '../../http/common.schemas.js';
import { idPattern } from '../../lib/ids.js';
import { EVENT_TYPES } from '../events/events.js';
import { TIER_NAMES } from './tiers.js';

export const TierSchema = Type.Enum(TIER_NAMES);
export const WebhookEventSchema = Type.Enum(EVENT_TYPES);

export const WebhookRegistration = Type.Object(
  {
    // The pattern also requires a host (`format: 'uri'` alone accepts "https://") and, replacing Str's, excludes NUL.
    url: Str(2048, 8, { format: 'uri', pattern: '^https?://[A-Za-z0-9\\[][^\\u0000\\ud800-\\udfff]*$' }),
    events: Type.Array(WebhookEventSchema, { minItems: 1, maxItems: EVENT_TYPES.length, uniqueItems: true }),
  },
  { additionalProperties: false },
);

export const OnboardingBody = Type.Object(
  {
    company: Type.Object(
      {
        name: Str(200),
        email: Str(254, 3, { format: 'email' }),
        industry: Type.Optional(Str(100)),
      },
      { additionalProperties: false },
    ),
    tier: TierSchema,
    webhooks: Type.Optional(Type.Array(WebhookRegistration, { maxItems: 10 })),
  },
  { additionalProperties: false },
);

export const CompanySchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  email: Type.String(),
  industry: Nullable(Type.String()),
  tier: TierSchema,
  status: Type.Union([Type.Literal('active'), Type.Literal('suspended')]),
  capacity: Type.Integer(),
  monthlyQuota: Nullable(Type.Integer()),
  rateLimitPerMinute: Nullable(Type.Integer()),
  balance: Type.Number(),
  createdAt: Timestamp,
});

export const ApiKeySchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  keyPreview: Type.String(),
  status: Type.Union([Type.Literal('active'), Type.Literal('revoked')]),
  createdAt: Timestamp,
  lastUsedAt: Nullable(Timestamp),
  revokedAt: Nullable(Timestamp),
});

export const NewApiKeySchema = Type.Object({
  ...ApiKeySchema.properties,
  key: Type.String({ description: 'The API key, e.g. ff_sk_live_…' }),
  secret: Type.String({ description: 'Shown once; stored only as a SHA-256 hash' }),
});

export const WebhookSchema = Type.Object({
  id: Type.String(),
  url: Type.String(),
  events: Type.Array(Type.String()),
  enabled: Type.Boolean(),
  createdAt: Timestamp,
});

export const OnboardingResponse = Type.Object({
  company: CompanySchema,
  apiKey: NewApiKeySchema,
  webhooks: Type.Array(WebhookSchema),
  limits: Type.Object({
    requestsPerMinute: Nullable(Type.Integer()),
    monthlyShipments: Nullable(Type.Integer()),
    capacity: Type.Integer(),
  }),
});

export const CreateKeyBody = Type.Object({ name: Type.Optional(Str(100)) }, { additionalProperties: false });
export const KeyParams = Type.Object({ id: Type.String({ pattern: idPattern('apiKey') }) });
