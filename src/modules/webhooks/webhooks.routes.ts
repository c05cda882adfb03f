import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { bearerAuth, errors } from '../../http/common.schemas.js';
import {
  AttemptList,
  CreateWebhookBody,
  LogsQuery,
  ReplayBody,
  ReplayResult,
  RotatedSecretSchema,
  TestResultSchema,
  UpdateWebhookBody,
  WebhookParams,
  WebhookSchema,
  WebhookWithSecretSchema,
} from './webhooks.schemas.js';

/** Partner routes (bearer auth, rate limit, tenant isolation: another company's webhook is a 404). */
export const webhookRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const svc = app.services.webhooks;
  const tags = ['Webhooks'];
  const security = bearerAuth;
  app.addHook('onClose', async () => svc.close());

  app.get(
    '/webhooks',
    {
      schema: {
        tags,
        operationId: 'listWebhooks',
        summary: 'List your webhooks',
        security,
        response: { 200: Type.Object({ data: Type.Array(WebhookSchema) }), ...errors(401, 429) },
      },
    },
    async (req) => svc.list(req.partner!.companyId),
  );

  app.post(
    '/webhooks',
    {
      schema: {
        tags,
        operationId: 'createWebhook',
        summary: 'Register a webhook; its signing secret is in this response only',
        description: 'Not idempotent by key: the answer holds a secret, which is never stored in clear.',
        security,
        body: CreateWebhookBody,
        response: { 201: WebhookWithSecretSchema, ...errors(400, 401, 409, 429) },
      },
    },
    async (req, reply) => reply.code(201).send(await svc.create(req.partner!.companyId, req.body)),
  );

  app.get(
    '/webhooks/:id',
    {
      schema: {
        tags,
        operationId: 'getWebhook',
        summary: 'One webhook with its delivery health',
        security,
        params: WebhookParams,
        response: { 200: WebhookSchema, ...errors(400, 401, 404, 429) },
      },
    },
    async (req) => svc.get(req.partner!.companyId, req.params.id),
  );

  app.patch(
    '/webhooks/:id',
    {
      schema: {
        tags,
        operationId: 'updateWebhook',
        summary: 'Change URL, events, description or enabled; enabling a disabled webhook clears why it was disabled',
        security,
        params: WebhookParams,
        body: UpdateWebhookBody,
        response: { 200: WebhookSchema, ...errors(400, 401, 404, 429) },
      },
    },
    async (req) => svc.update(req.partner!.companyId, req.params.id, req.body),
  );

  app.delete(
    '/webhooks/:id',
    {
      schema: {
        tags,
        operationId: 'deleteWebhook',
        summary: 'Delete a webhook, its pending messages and its logs',
        security,
        params: WebhookParams,
        response: { 204: Type.Null(), ...errors(400, 401, 404, 429) },
      },
    },
    async (req, reply) => {
      await svc.remove(req.partner!.companyId, req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/webhooks/:id/test',
    {
      schema: {
        tags,
        operationId: 'testWebhook',
        summary: 'Send a signed webhook.test event now and return the attempt (also in the logs)',
        security,
        params: WebhookParams,
        body: Type.Optional(Type.Union([Type.Object({}, { additionalProperties: false }), Type.Null()])),
        response: { 200: TestResultSchema, ...errors(400, 401, 404, 429) },
      },
    },
    async (req) => svc.sendTest(req.partner!.companyId, req.params.id),
  );

  app.post(
    '/webhooks/:id/rotate-secret',
    {
      schema: {
        tags,
        operationId: 'rotateWebhookSecret',
        summary: 'New signing secret (shown once); the old one keeps signing beside it for 24 h',
        security,
        params: WebhookParams,
        body: Type.Optional(Type.Union([Type.Object({}, { additionalProperties: false }), Type.Null()])),
        response: { 200: RotatedSecretSchema, ...errors(400, 401, 404, 429) },
      },
    },
    async (req) => svc.rotateSecret(req.partner!.companyId, req.params.id),
  );

  app.get(
    '/webhooks/:id/logs',
    {
      schema: {
        tags,
        operationId: 'listWebhookLogs',
        summary: 'Delivery attempts, newest first: status code, response (first 4 KB), error, duration',
        security,
        params: WebhookParams,
        querystring: LogsQuery,
        response: { 200: AttemptList, ...errors(400, 401, 404, 429) },
      },
    },
    async (req) => svc.logs(req.partner!.companyId, req.params.id, req.query),
  );

  app.post(
    '/webhooks/:id/replay',
    {
      schema: {
        tags,
        operationId: 'replayWebhook',
        summary: 'Resend one message ({messageId}) or every failed message since a time ({since}); the webhook must be enabled',
        security,
        params: WebhookParams,
        body: ReplayBody,
        response: { 200: ReplayResult, ...errors(400, 401, 404, 409, 429) },
      },
    },
    async (req) => svc.replay(req.partner!.companyId, req.params.id, req.body),
  );
};
