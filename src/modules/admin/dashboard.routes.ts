/**
 * Admin routes the integrations dashboard needs beyond the admin API: its session (cookie login and
 * logout), the overview cards and their live stream (server-sent events), a company's API keys and
 * analytics, and the carriers' traffic. All of them are plain admin API routes too (bearer or session).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { adminAuth, errors, Nullable, noAuth, Str } from '../../http/common.schemas.js';
import { idPattern } from '../../lib/ids.js';
import { SystemHealthSchema } from '../balance/balance.schemas.js';
import { ApiKeySchema, CreateKeyBody, NewApiKeySchema } from '../partners/partners.schemas.js';
import { csrfToken, SESSION_COOKIE, sessionCookieOptions } from './session.js';

const tags = ['Admin dashboard'];
const security = adminAuth;
const CompanyParams = Type.Object({ id: Type.String({ pattern: idPattern('company') }) });
const SessionAnswer = Type.Object({
  admin: Type.Object({ id: Type.String(), email: Type.String() }),
  csrfToken: Nullable(Type.String({ description: 'Send it back as X-CSRF-Token on every POST, PATCH and DELETE made with the session cookie' })),
  expiresIn: Type.Optional(Type.Integer({ description: 'Seconds the session lasts (12 hours)' })),
});
const Overview = Type.Object({
  connectedCompanies: Type.Integer({ description: 'Active companies' }),
  companies: Type.Integer(),
  activeShipments: Type.Integer({ description: 'Shipments not yet delivered, failed, returned or cancelled' }),
  pendingShipments: Type.Integer({ description: 'Pending partner shipments no company has yet' }),
  openAlerts: Type.Integer({ description: 'Alerts and anomalies neither resolved nor acknowledged' }),
  systemHealth: SystemHealthSchema,
  revenue: Type.Number({ description: 'total_cost of delivered shipments (as the balance status reports it)' }),
  at: Type.String({ format: 'date-time' }),
});
const Rate = Nullable(Type.Number({ description: 'Percent, one decimal; null when there is nothing to rate' }));
const Analytics = Type.Object({
  companyId: Type.String(),
  days: Type.Integer(),
  volume: Type.Array(Type.Object({ date: Type.String({ description: 'UTC day, YYYY-MM-DD' }), created: Type.Integer(), delivered: Type.Integer() })),
  onTime: Type.Object({ delivered: Type.Integer(), onTime: Type.Integer(), rate: Rate }),
  webhooks: Type.Object({ attempts: Type.Integer(), succeeded: Type.Integer(), rate: Rate }),
});
const Traffic = Type.Object({ requests: Type.Integer(), errors: Type.Integer({ description: '5xx answers' }) });
const CarriersAnswer = Type.Object({
  window: Type.Literal('24h'),
  traffic: Type.Object({ gateway: Traffic, cms: Traffic, callbacks: Traffic }),
  carriers: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      configured: Type.Boolean(),
      pushesCallbacks: Type.Boolean(),
      circuit: Type.Union([Type.Literal('closed'), Type.Literal('open'), Type.Literal('half_open')]),
      processesWithOpenCircuit: Type.Integer(),
      activeShipments: Type.Integer(),
      callbacks: Type.Object({ accepted: Type.Integer(), rejected: Type.Integer(), duplicates: Type.Integer(), dead: Type.Integer() }),
    }),
  ),
});

/** Seconds between two overview events of the live stream. */
export const STREAM_INTERVAL_MS = 5000;

/** Unauthenticated: the session login (rate-limited per IP by the caller's scope, with /login). */
export function adminSessionLoginRoutes(opts: { secureCookie: boolean }): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/session',
      {
        schema: {
          tags,
          operationId: 'adminCreateSession',
          summary: 'Dashboard login: email + password → an HttpOnly session cookie and its CSRF token',
          description: `Sets \`${SESSION_COOKIE}\` (HttpOnly, SameSite=Strict, Path=/api/admin, Secure in production). Requests with the cookie that change anything must send \`X-CSRF-Token\`.`,
          security: noAuth,
          body: Type.Object({ email: Str(254, 3), password: Str(256) }, { additionalProperties: false }),
          response: { 200: SessionAnswer, ...errors(400, 401, 429) },
        },
      },
      async (req, reply) => {
        const r = await app.services.admin.login(req.body.email, req.body.password, { ip: req.ip, userAgent: req.headers['user-agent'] });
        void reply.setCookie(SESSION_COOKIE, r.token, sessionCookieOptions(opts.secureCookie, r.expiresIn));
        return { admin: r.admin, csrfToken: csrfToken(app.services.adminCsrfKey, r.token), expiresIn: r.expiresIn };
      },
    );
  };
}

/** Authenticated (the caller's scope resolves the admin from the bearer token or the session cookie). */
export function adminDashboardRoutes(opts: { secureCookie: boolean }): FastifyPluginAsyncTypebox {
  return async (app) => {
    const dashboard = app.services.dashboard;
    const partners = app.services.partners;
    const streams = new Set<FastifyReply>();
    app.addHook('onClose', async () => {
      for (const s of streams) s.raw.end();
    });

    app.get(
      '/session',
      {
        schema: {
          tags,
          operationId: 'adminGetSession',
          summary: 'Who is signed in, and the CSRF token of this session (null when called with a bearer token)',
          security,
          response: { 200: SessionAnswer, ...errors(401) },
        },
      },
      async (req) => {
        const cookie = req.cookies[SESSION_COOKIE];
        return {
          admin: { id: req.admin!.adminId, email: req.admin!.email },
          csrfToken: cookie && !req.headers.authorization ? csrfToken(app.services.adminCsrfKey, cookie) : null,
        };
      },
    );

    app.delete(
      '/session',
      {
        schema: {
          tags,
          operationId: 'adminDeleteSession',
          summary: 'Log out: clears the session cookie',
          security,
          response: { 204: Type.Null(), ...errors(401, 403) },
        },
      },
      async (_req, reply) => reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(opts.secureCookie, 0)).code(204).send(null),
    );

    app.get(
      '/overview',
      {
        schema: {
          tags,
          operationId: 'adminGetOverview',
          summary: 'The overview cards: connected companies, active shipments, system health, revenue, open alerts',
          security,
          response: { 200: Overview, ...errors(401) },
        },
      },
      async () => dashboard.overview(),
    );

    app.get(
      '/stream',
      {
        schema: {
          tags,
          operationId: 'adminStreamOverview',
          summary: 'Server-sent events: an `overview` event at once and every 5 seconds while the connection is open',
          description:
            'Each event\'s data is the JSON of GET /api/admin/overview. An `error` event (`{"code": …}`) says one computation failed; the stream goes on.',
          security,
          response: {
            200: {
              description: 'The event stream',
              content: { 'text/event-stream': { schema: Type.String({ description: 'event: overview, data: the overview JSON' }) } },
            },
            ...errors(401),
          },
        },
      },
      async (req, reply) => {
        reply.hijack();
        reply.raw.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache, no-transform',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
          'x-request-id': req.id,
        });
        streams.add(reply);
        const send = async () => {
          try {
            reply.raw.write(`event: overview\ndata: ${JSON.stringify(await dashboard.overview())}\n\n`);
          } catch (err) {
            req.log.warn({ err }, 'dashboard stream: overview failed');
            reply.raw.write(`event: error\ndata: {"code":"OVERVIEW_FAILED"}\n\n`);
          }
        };
        await send();
        const timer = setInterval(() => void send(), STREAM_INTERVAL_MS);
        reply.raw.on('close', () => {
          clearInterval(timer);
          streams.delete(reply);
        });
      },
    );

    app.get(
      '/companies/:id/keys',
      {
        schema: {
          tags,
          operationId: 'adminListCompanyKeys',
          summary: "A company's API keys (never their secrets)",
          security,
          params: CompanyParams,
          response: { 200: Type.Object({ data: Type.Array(ApiKeySchema) }), ...errors(400, 401, 404) },
        },
      },
      async (req) => {
        await app.services.admin.getCompany(req.params.id);
        return { data: await partners.listKeys(req.params.id) };
      },
    );

    app.post(
      '/companies/:id/keys',
      {
        schema: {
          tags,
          operationId: 'adminIssueCompanyKey',
          summary: 'Issue a company a new API key; its secret is in this response only',
          security,
          params: CompanyParams,
          body: Type.Union([CreateKeyBody, Type.Null()]),
          response: { 201: NewApiKeySchema, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (req, reply) => {
        await app.services.admin.getCompany(req.params.id);
        return reply.code(201).send(await partners.createKey(req.params.id, req.body?.name ?? 'issued by an admin'));
      },
    );

    app.delete(
      '/companies/:id/keys/:keyId',
      {
        schema: {
          tags,
          operationId: 'adminRevokeCompanyKey',
          summary: "Revoke a company's API key, its last one included; tokens issued for it stop working at once",
          security,
          params: Type.Object({ id: Type.String({ pattern: idPattern('company') }), keyId: Type.String({ pattern: idPattern('apiKey') }) }),
          response: { 200: ApiKeySchema, ...errors(400, 401, 403, 404) },
        },
      },
      async (req) => partners.revokeKey(req.params.id, req.params.keyId, { allowLast: true }),
    );

    app.get(
      '/companies/:id/analytics',
      {
        schema: {
          tags,
          operationId: 'adminGetCompanyAnalytics',
          summary: "A company's volume per day, on-time rate and webhook success over the last days",
          security,
          params: CompanyParams,
          querystring: Type.Object({ days: Type.Integer({ minimum: 1, maximum: 90, default: 30 }) }, { additionalProperties: false }),
          response: { 200: Analytics, ...errors(400, 401, 404) },
        },
      },
      async (req) => dashboard.analytics(req.params.id, req.query.days),
    );

    app.get(
      '/carriers',
      {
        schema: {
          tags,
          operationId: 'adminGetCarriers',
          summary: 'Carriers over the last 24 h: gateway traffic, callbacks (accepted, rejected, duplicates), circuit state, active shipments',
          security,
          response: { 200: CarriersAnswer, ...errors(401) },
        },
      },
      async () => dashboard.carriers(),
    );
  };
}
