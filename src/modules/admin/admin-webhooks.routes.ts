import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { adminAuth, errors, Pagination } from '../../http/common.schemas.js';
import {
  AdminWebhookQuery,
  AdminWebhookSchema,
  AlertParams,
  AlertSchema,
  AlertsQuery,
  AttemptList,
  LogsQuery,
  ReplayBody,
  ReplayResult,
  WebhookParams,
  WebhookSchema,
} from '../webhooks/webhooks.schemas.js';

/** Admin view of every company's webhooks and the alerts the delivery worker raises. */
export const adminWebhookRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const svc = app.services.webhooks;
  const tags = ['Admin'];
  const security = adminAuth;

  app.get(
    '/webhooks',
    {
      schema: {
        tags,
        operationId: 'adminListWebhooks',
        summary: 'All webhooks with status (healthy, failing, recovered, disabled) and success rate over a window',
        security,
        querystring: AdminWebhookQuery,
        response: { 200: Type.Object({ data: Type.Array(AdminWebhookSchema), pagination: Pagination }), ...errors(400, 401) },
      },
    },
    async (req) => svc.adminList(req.query),
  );

  app.post(
    '/webhooks/:id/enable',
    {
      schema: {
        tags,
        operationId: 'adminEnableWebhook',
        summary: 'Re-enable a disabled webhook (clears why it was disabled, resolves its alerts)',
        security,
        params: WebhookParams,
        body: Type.Optional(Type.Union([Type.Object({}, { additionalProperties: false }), Type.Null()])),
        response: { 200: WebhookSchema, ...errors(400, 401, 404) },
      },
    },
    async (req) => svc.adminEnable(req.admin!.adminId, req.params.id),
  );

  app.post(
    '/webhooks/:id/replay',
    {
      schema: {
        tags,
        operationId: 'adminReplayWebhook',
        summary: 'Resend one message or every failed one since a time',
        security,
        params: WebhookParams,
        body: ReplayBody,
        response: { 200: ReplayResult, ...errors(400, 401, 404, 409) },
      },
    },
    async (req) => svc.adminReplay(req.admin!.adminId, req.params.id, req.body),
  );

  app.get(
    '/webhooks/:id/logs',
    {
      schema: {
        tags,
        operationId: 'adminListWebhookLogs',
        summary: 'Delivery attempts of a webhook, newest first',
        security,
        params: WebhookParams,
        querystring: LogsQuery,
        response: { 200: AttemptList, ...errors(400, 401, 404) },
      },
    },
    async (req) => svc.adminLogs(req.params.id, req.query),
  );

  app.get(
    '/alerts',
    {
      schema: {
        tags,
        operationId: 'adminListAlerts',
        summary: 'Operator alerts (webhook.endpoint_disabled, outbox.stuck, anomaly.*, alert.*): open ones first, then newest first',
        security,
        querystring: AlertsQuery,
        response: { 200: Type.Object({ data: Type.Array(AlertSchema), pagination: Pagination }), ...errors(400, 401) },
      },
    },
    async (req) => svc.alerts(req.query),
  );

  app.get(
    '/alerts/:id',
    {
      schema: {
        tags,
        operationId: 'adminGetAlert',
        summary: 'One alert with its evidence (details): the numbers, window and threshold that raised it',
        security,
        params: AlertParams,
        response: { 200: AlertSchema, ...errors(400, 401, 404) },
      },
    },
    async (req) => svc.alert(req.params.id),
  );

  app.post(
    '/alerts/:id/acknowledge',
    {
      schema: {
        tags,
        operationId: 'adminAcknowledgeAlert',
        summary: 'Mark an alert as handled (an anomaly stays unresolved until its condition clears)',
        security,
        params: AlertParams,
        body: Type.Optional(Type.Union([Type.Object({}, { additionalProperties: false }), Type.Null()])),
        response: { 200: AlertSchema, ...errors(400, 401, 404) },
      },
    },
    async (req) => svc.acknowledgeAlert(req.admin!.adminId, req.params.id),
  );
};
