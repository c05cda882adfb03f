import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { bearerAuth, errors, noAuth } from '../../http/common.schemas.js';
import { EVENT_TYPES } from '../events/events.js';
import { TestResultSchema, WebhookUrlSchema } from '../webhooks/webhooks.schemas.js';
import {
  ApiKeySchema,
  CompanySchema,
  CreateKeyBody,
  KeyParams,
  NewApiKeySchema,
  OnboardingBody,
  OnboardingOptions,
  OnboardingResponse,
} from './partners.schemas.js';
import { TIER_NAMES, TIERS } from './tiers.js';

/** Unauthenticated: onboarding (phase 1). Rate-limited per IP by the caller's scope. */
export const onboardingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/onboarding',
    {
      schema: {
        tags: ['Onboarding'],
        operationId: 'onboardCompany',
        summary: 'Register a company: returns its first API key and secret (the secret is shown only here)',
        security: noAuth,
        body: OnboardingBody,
        response: { 201: OnboardingResponse, ...errors(400, 409, 429) },
      },
    },
    async (req, reply) => reply.code(201).send(await app.services.partners.onboard(req.body)),
  );
  app.get(
    '/onboarding/options',
    {
      schema: {
        tags: ['Onboarding'],
        operationId: 'getOnboardingOptions',
        summary: 'What onboarding offers: the tiers with their limits, and the webhook events to subscribe to',
        security: noAuth,
        response: { 200: OnboardingOptions, ...errors(429) },
      },
    },
    async () => ({
      tiers: TIER_NAMES.map((name) => ({ name, ...TIERS[name] })),
      events: [...EVENT_TYPES],
    }),
  );
  app.post(
    '/onboarding/webhook-test',
    {
      schema: {
        tags: ['Onboarding'],
        operationId: 'testOnboardingWebhookUrl',
        summary: "Send a signed webhook.test to a URL before registering it, and return the receiver's answer",
        description:
          'For the onboarding wizard\'s "send test": the URL gets the same checks as a webhook (http(s), no private or loopback address). Signed with a throwaway secret — the webhook\'s own is made at activation — so the receiver cannot verify this one. Nothing is stored.',
        security: noAuth,
        body: Type.Object({ url: WebhookUrlSchema }, { additionalProperties: false }),
        response: { 200: Type.Omit(TestResultSchema, ['messageId']), ...errors(400, 429) },
      },
    },
    async (req) => app.services.webhooks.probeUrl(req.body.url),
  );
};

/** Authenticated: the company's own profile and keys. */
export const keyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const svc = app.services.partners;
  const tags = ['API keys'];
  app.get(
    '/me',
    {
      schema: {
        tags: ['Onboarding'],
        operationId: 'getMyCompany',
        summary: 'Your company, tier and limits',
        security: bearerAuth,
        response: { 200: CompanySchema, ...errors(401, 429) },
      },
    },
    async (req) => svc.getCompany(req.partner!.companyId),
  );
  app.get(
    '/keys',
    {
      schema: {
        tags,
        operationId: 'listApiKeys',
        summary: 'List your API keys',
        security: bearerAuth,
        response: { 200: Type.Object({ data: Type.Array(ApiKeySchema) }), ...errors(401, 429) },
      },
    },
    async (req) => ({ data: await svc.listKeys(req.partner!.companyId) }),
  );
  app.post(
    '/keys',
    {
      schema: {
        tags,
        operationId: 'createApiKey',
        summary: 'Create an API key (at most 20 active per company); its secret is in this response only',
        security: bearerAuth,
        body: Type.Union([CreateKeyBody, Type.Null()]),
        response: { 201: NewApiKeySchema, ...errors(400, 401, 409, 429) },
      },
    },
    async (req, reply) => reply.code(201).send(await svc.createKey(req.partner!.companyId, req.body?.name ?? 'API key')),
  );
  app.delete(
    '/keys/:id',
    {
      schema: {
        tags,
        operationId: 'revokeApiKey',
        summary: 'Revoke an API key; tokens issued for it stop working at once',
        security: bearerAuth,
        params: KeyParams,
        response: { 200: ApiKeySchema, ...errors(400, 401, 404, 409, 429) },
      },
    },
    async (req) => svc.revokeKey(req.partner!.companyId, req.params.id),
  );
};
