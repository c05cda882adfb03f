import { Type } from 'typebox';
import { Nullable, Str, Timestamp } from '../../http/common.schemas.js';
import { idPattern } from '../../lib/ids.js';
import { WebhookEventsSchema, WebhookUrlSchema, WebhookWithSecretSchema } from '../webhooks/webhooks.schemas.js';
import { TIER_NAMES } from './tiers.js';

export const TierSchema = Type.Enum(TIER_NAMES);
/** A webhook registered at onboarding: the same object as POST /api/partner/webhooks creates. */
export const WebhookRegistration = Type.Object({ url: WebhookUrlSchema, events: WebhookEventsSchema }, { additionalProperties: false });

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

export const OnboardingResponse = Type.Object({
  company: CompanySchema,
  apiKey: NewApiKeySchema,
  webhooks: Type.Array(WebhookWithSecretSchema),
  limits: Type.Object({
    requestsPerMinute: Nullable(Type.Integer()),
    monthlyShipments: Nullable(Type.Integer()),
    capacity: Type.Integer(),
  }),
});

export const CreateKeyBody = Type.Object({ name: Type.Optional(Str(100)) }, { additionalProperties: false });
export const KeyParams = Type.Object({ id: Type.String({ pattern: idPattern('apiKey') }) });

export const OnboardingOptions = Type.Object({
  tiers: Type.Array(
    Type.Object({
      name: TierSchema,
      requestsPerMinute: Nullable(Type.Integer({ description: 'null: unlimited' })),
      monthlyShipments: Nullable(Type.Integer({ description: 'null: unlimited' })),
      capacity: Type.Integer({ description: 'Active shipments at once' }),
      bonus: Type.Integer({ description: "The balance engine's tier bonus (score points)" }),
    }),
  ),
  events: Type.Array(Type.String()),
});
