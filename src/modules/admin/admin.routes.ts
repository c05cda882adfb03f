import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { adminAuth, errors, noAuth, Nullable, PageQuery, Pagination, Str, Timestamp } from '../../http/common.schemas.js';
import { idPattern } from '../../lib/ids.js';
import { CURSOR_PATTERN, STATUS_CLASSES } from '../auth/api-log.js';
import { CompanySchema, TierSchema } from '../partners/partners.schemas.js';
import { ShipmentParams, ShipmentSchema, StatusSchema } from '../shipments/shipments.schemas.js';

const AdminCompany = Type.Object({
  ...CompanySchema.properties,
  usage: Type.Object({ activeShipments: Type.Integer(), monthShipments: Type.Integer(), period: Nullable(Type.String()) }),
});
const CompanyParams = Type.Object({ id: Type.String({ pattern: idPattern('company') }) });
const security = adminAuth;
const tags = ['Admin'];

/** Unauthenticated: admin login (rate-limited per IP by the caller's scope). */
export const adminLoginRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/login',
    {
      schema: {
        tags,
        operationId: 'adminLogin',
        summary: 'Admin login: email + password → bearer token for /api/admin/*',
        security: noAuth,
        body: Type.Object({ email: Str(254, 3), password: Str(256) }, { additionalProperties: false }),
        response: {
          200: Type.Object({ token: Type.String(), expiresIn: Type.Integer(), admin: Type.Object({ id: Type.String(), email: Type.String() }) }),
          ...errors(400, 401, 429),
        },
      },
    },
    async (req) => app.services.admin.login(req.body.email, req.body.password, { ip: req.ip, userAgent: req.headers['user-agent'] }),
  );
};

/** Everything else under /api/admin requires an admin token (hook added by the caller's scope). */
export const adminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const svc = app.services.admin;

  app.get(
    '/companies',
    {
      schema: {
        tags,
        operationId: 'adminListCompanies',
        summary: 'List companies with their usage',
        security,
        querystring: Type.Object(
          { status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('suspended')])), tier: Type.Optional(TierSchema), ...PageQuery },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ data: Type.Array(AdminCompany), pagination: Pagination }), ...errors(400, 401) },
      },
    },
    async (req) => svc.listCompanies(req.query),
  );

  app.get(
    '/companies/:id',
    {
      schema: {
        tags,
        operationId: 'adminGetCompany',
        summary: 'One company',
        security,
        params: CompanyParams,
        response: { 200: AdminCompany, ...errors(400, 401, 404) },
      },
    },
    async (req) => svc.getCompany(req.params.id),
  );

  app.patch(
    '/companies/:id',
    {
      schema: {
        tags,
        operationId: 'adminUpdateCompany',
        summary: 'Change tier, status, balance or limits; suspending a company cuts off its tokens at once',
        security,
        params: CompanyParams,
        body: Type.Object(
          {
            tier: Type.Optional(TierSchema),
            status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('suspended')])),
            balance: Type.Optional(Type.Number({ minimum: -1e9, maximum: 1e9 })),
            capacity: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000_000 })),
            monthlyQuota: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 100_000_000 }))),
            rateLimitPerMinute: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 1_000_000 }))),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: AdminCompany, ...errors(400, 401, 404) },
      },
    },
    async (req) => svc.updateCompany(req.admin!.adminId, req.params.id, req.body),
  );

  app.get(
    '/shipments',
    {
      schema: {
        tags,
        operationId: 'adminListShipments',
        summary: 'Shipments of all companies, newest first',
        security,
        querystring: Type.Object(
          { status: Type.Optional(StatusSchema), companyId: Type.Optional(Type.String({ pattern: idPattern('company') })), ...PageQuery },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ data: Type.Array(ShipmentSchema), pagination: Pagination }), ...errors(400, 401) },
      },
    },
    async (req) => app.services.shipments.listAll(req.query),
  );

  app.post(
    '/shipments/:id/assign',
    {
      schema: {
        tags,
        operationId: 'adminAssignShipment',
        summary: 'Assign a pending shipment to a company by hand (the balance engine does this automatically)',
        description:
          'Refused with 409 COMPANY_NOT_ACTIVE for a suspended company and 409 COMPANY_AT_CAPACITY for one that this shipment would take past 90 % of its capacity. ' +
          "The activity log records the decision: the company's score and parts and the two best other eligible companies (docs/balance.md).",
        security,
        params: ShipmentParams,
        body: Type.Object({ companyId: Type.String({ pattern: idPattern('company') }) }, { additionalProperties: false }),
        response: { 200: ShipmentSchema, ...errors(400, 401, 404, 409) },
      },
    },
    async (req) => {
      await svc.getCompany(req.body.companyId); // 404 for an unknown company
      return app.services.shipments.assign(req.params.id, req.body.companyId, { type: 'admin', id: req.admin!.adminId });
    },
  );

  app.get(
    '/api-logs',
    {
      schema: {
        tags,
        operationId: 'adminListApiLogs',
        summary: 'The API log: every API request and authentication attempt, newest first, searchable',
        description:
          'Rows of kind `request` are API requests (partner API, gateway, callbacks, onboarding, admin API) with the route pattern, ' +
          'status, outcome (`success`, or the error code of the answer: `RATE_LIMITED`), duration and request id; `partner_auth` and `admin_login` ' +
          'are credential checks. Filters combine (and); `from` is inclusive, `to` exclusive. Page with `offset`, or with ' +
          "`cursor` = the previous page's `pagination.nextCursor` (stable while rows are added). `total` counts matching rows " +
          'up to 10,000 (`totalCapped` beyond). Request rows are written in batches: a request shows up within about a second.',
        security,
        querystring: Type.Object(
          {
            companyId: Type.Optional(Type.String({ pattern: idPattern('company') })),
            apiKeyId: Type.Optional(Type.String({ pattern: idPattern('apiKey') })),
            route: Type.Optional(Str(200, 1, { description: 'Route pattern, exactly: `/api/partner/shipments/:id`' })),
            statusClass: Type.Optional(Type.Union(STATUS_CLASSES.map((c) => Type.Literal(c)))),
            kind: Type.Optional(Type.Union([Type.Literal('request'), Type.Literal('partner_auth'), Type.Literal('admin_login')])),
            outcome: Type.Optional(Str(40)),
            from: Type.Optional(Timestamp),
            to: Type.Optional(Timestamp),
            cursor: Type.Optional(
              Type.String({ pattern: CURSOR_PATTERN, maxLength: 40, description: "The previous page's `pagination.nextCursor`" }),
            ),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            data: Type.Array(
              Type.Object({
                id: Type.Integer(),
                at: Type.String(),
                kind: Type.String(),
                ip: Nullable(Type.String()),
                apiKey: Nullable(Type.String()),
                apiKeyId: Nullable(Type.String()),
                companyId: Nullable(Type.String()),
                outcome: Type.String(),
                statusCode: Type.Integer(),
                userAgent: Nullable(Type.String()),
                method: Nullable(Type.String()),
                route: Nullable(Type.String()),
                durationMs: Nullable(Type.Number()),
                requestId: Nullable(Type.String()),
              }),
            ),
            pagination: Type.Object({
              ...Pagination.properties,
              totalCapped: Type.Boolean(),
              nextCursor: Nullable(Type.String()),
            }),
          }),
          ...errors(400, 401),
        },
      },
    },
    async (req) => svc.listApiLogs(req.query),
  );
};
