/**
 * Order reports over HTTP: the CMS's `GET /v2/public/orders/reports` (partner bearer; the caller's own
 * shipments) and the admin equivalents (any company, or all). Creating a report is expensive: it has a
 * budget of its own per company (or admin) on top of the usual limits.
 */
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { adminAuth, bearerAuth, errors } from '../../http/common.schemas.js';
import { limitPerCredential, type Limit } from '../../http/rate-limit.js';
import { idPattern } from '../../lib/ids.js';
import { ReportAccepted, ReportId, reportFilterFields, ReportSchema } from './reports.schemas.js';
import type { PresentedReport } from './reports.service.js';

const PARTNER_BASE = '/v2/public/orders/reports';
const ADMIN_BASE = '/api/admin/reports';

function answer(reply: FastifyReply, r: PresentedReport) {
  if (r.status === 'pending' || r.status === 'running') {
    void reply.code(202).header('location', r.pollUrl);
    return { id: r.id, status: r.status, pollUrl: r.pollUrl };
  }
  return r;
}

const CREATE_DESCRIPTION =
  'Exports the shipments with their proof of delivery (docs/reports.md lists the columns) as CSV or XLSX. Answers 200 with the download `url` when the file is ready within a few seconds (`REPORT_SYNC_WAIT_MS`), else 202 with `pollUrl` (and `Location`); `report.available` is sent to the webhooks when it is done. A report covers at most 366 days of `created_at`.';

/** Partner routes; `create` is the budget of report creations per company. */
export function reportRoutes(create: Limit): FastifyPluginAsyncTypebox {
  return async (app) => {
    await app.register(async (scope) => {
      limitPerCredential(scope, create, (req) => req.partner?.companyId);
      const s = scope.withTypeProvider<TypeBoxTypeProvider>();
      s.get(
        PARTNER_BASE,
        {
          schema: {
            tags: ['Reports'],
            operationId: 'requestOrderReport',
            summary: 'Download an order report (CSV or XLSX) of your shipments',
            description: CREATE_DESCRIPTION,
            security: bearerAuth,
            querystring: Type.Object(reportFilterFields, { additionalProperties: false }),
            response: { 200: ReportSchema, 202: ReportAccepted, ...errors(400, 401, 429) },
          },
        },
        async (req, reply) => {
          const p = req.partner!;
          const r = await app.services.reports.request({ companyId: p.companyId, requestedBy: p.apiKeyId, pollBase: PARTNER_BASE }, { ...req.query, format: req.query.format ?? 'csv' });
          return answer(reply, r);
        },
      );
    });
    app.get(
      `${PARTNER_BASE}/:id`,
      {
        schema: {
          tags: ['Reports'],
          operationId: 'getOrderReport',
          summary: 'One of your order reports: its status and, when ready, its download link',
          security: bearerAuth,
          params: Type.Object({ id: ReportId }),
          response: { 200: ReportSchema, ...errors(400, 401, 404, 429) },
        },
      },
      async (req) => app.services.reports.get(req.partner!.companyId, req.params.id, PARTNER_BASE),
    );
  };
}

/** Admin routes (mounted under /api/admin). */
export function adminReportRoutes(create: Limit): FastifyPluginAsyncTypebox {
  return async (app) => {
    await app.register(async (scope) => {
      limitPerCredential(scope, create, (req) => (req.admin ? `admin:${req.admin.adminId}` : undefined));
      const s = scope.withTypeProvider<TypeBoxTypeProvider>();
      s.get(
        '/reports',
        {
          schema: {
            tags: ['Admin'],
            operationId: 'adminRequestOrderReport',
            summary: "Download an order report of one company's shipments, or of every company's",
            description: `${CREATE_DESCRIPTION} Without \`companyId\` the report covers every company and sends no event.`,
            security: adminAuth,
            querystring: Type.Object(
              { ...reportFilterFields, companyId: Type.Optional(Type.String({ pattern: idPattern('company'), description: 'The company (default: all)' })) },
              { additionalProperties: false },
            ),
            response: { 200: ReportSchema, 202: ReportAccepted, ...errors(400, 401, 404, 429) },
          },
        },
        async (req, reply) => {
          const { companyId, ...q } = req.query;
          const r = await app.services.reports.request(
            { companyId: companyId ?? null, requestedBy: req.admin!.adminId, pollBase: ADMIN_BASE },
            { ...q, format: q.format ?? 'csv' },
          );
          return answer(reply, r);
        },
      );
    });
    app.get(
      '/reports/:id',
      {
        schema: {
          tags: ['Admin'],
          operationId: 'adminGetOrderReport',
          summary: 'Any order report: its status and, when ready, its download link',
          security: adminAuth,
          params: Type.Object({ id: ReportId }),
          response: { 200: ReportSchema, ...errors(400, 401, 404) },
        },
      },
      async (req) => app.services.reports.get(undefined, req.params.id, ADMIN_BASE),
    );
  };
}
