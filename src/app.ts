import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import { ErrorResponse } from './http/common.schemas.js';
import { openApiOptions } from './http/openapi.js';
import { registerErrorHandling, toAppError } from './http/error-handler.js';
import { registerIdempotency } from './modules/idempotency/idempotency.hooks.js';
import { hubValidatorBuilder } from './http/validation.js';
import { createRateLimits, limitFailuresPerIp, limitPerCompany, limitPerCredential, limitPerIp } from './http/rate-limit.js';
import { createRefusalRecorder, type RefusalRecorder } from './http/rate-limit-refusals.js';
import { adminWebhookRoutes } from './modules/admin/admin-webhooks.routes.js';
import { adminCarrierRoutes } from './modules/admin/admin-carriers.routes.js';
import { adminOutboxRoutes } from './modules/admin/admin-outboxes.routes.js';
import { adminPodRoutes } from './modules/pod/pod.routes.js';
import { adminLoginRoutes, adminRoutes } from './modules/admin/admin.routes.js';
import { registerAdminAuth } from './modules/admin/admin-auth.js';
import { adminDashboardRoutes, adminSessionLoginRoutes } from './modules/admin/dashboard.routes.js';
import type { Partner } from './modules/auth/auth.service.js';
import { addRefusalCounts } from './modules/auth/rate-limit-refusals.repo.js';
import { createApiLogWriter, registerApiLog } from './modules/auth/api-log.hooks.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { balanceRoutes } from './modules/balance/balance.routes.js';
import type { AdminClaims } from './modules/auth/tokens.js';
import {
  callbackRoutes,
  cmsTrackingRoutes,
  gatewayAuthRoutes,
  gatewayCredentials,
  gatewayTrackingRoutes,
} from './modules/carriers/carriers.routes.js';
import { healthRoutes } from './modules/ops/health.routes.js';
import { metricsRoutes, registerHttpMetrics } from './modules/ops/metrics.routes.js';
import { keyRoutes, onboardingRoutes } from './modules/partners/partners.routes.js';
import { shipmentRoutes } from './modules/shipments/shipments.routes.js';
import { ShipmentSchema } from './modules/shipments/shipments.schemas.js';
import { trackingRoutes } from './modules/tracking/tracking.routes.js';
import { trackRoutes } from './modules/track/track.routes.js';
import { webhookRoutes } from './modules/webhooks/webhooks.routes.js';
import { fileRoutes } from './modules/files/files.routes.js';
import { registerWebPages } from './modules/web/web.routes.js';
import { adminReportRoutes, reportRoutes } from './modules/reports/reports.routes.js';
import { createServices, type HubDeps, type Services } from './services.js';

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
    deps: HubDeps;
    /** The 429 counter of this app: `flush()` writes what it holds now (tests, shutdown). */
    refusals: RefusalRecorder;
  }
  interface FastifyRequest {
    partner: Partner | null;
    admin: AdminClaims | null;
  }
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The HTTP application, apart from any server: tests call `buildApp()` and `app.inject()`. */
export async function buildApp(deps: HubDeps, services: Services = createServices(deps)): Promise<FastifyInstance> {
  const { config } = deps;
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    bodyLimit: config.http.bodyLimit,
    trustProxy: config.http.trustProxy,
    // false: genReqId reads and validates X-Request-Id itself; Fastify would otherwise echo any value unchecked.
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    routerOptions: { maxParamLength: 256 },
    // While closing, the error handler answers 503 SERVICE_UNAVAILABLE in the one envelope.
    return503OnClosing: false,
    // Errors raised before routing (a bad percent-encoding, a path parameter over maxParamLength)
    // bypass the error handler: answer them in the same envelope, with a registered code.
    frameworkErrors: (err, req, reply) => {
      const e = toAppError(err);
      void (reply as FastifyReply)
        .code(e.statusCode)
        .type('application/json; charset=utf-8')
        .send({ code: e.code, message: e.message, requestId: req.id });
    },
    // allErrors: a partner sees every problem in one answer; safe because every string and array is bounded.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: true } },
    // Bodies are validated without type coercion, query strings and params with it (and no ±Infinity): ./http/validation.ts.
    schemaController: { compilersFactory: { buildValidator: hubValidatorBuilder() } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('services', services);
  app.decorate('deps', deps);
  app.decorateRequest('partner', null);
  app.decorateRequest('admin', null);
  app.addHook('onSend', async (req, reply) => {
    void reply.header('x-request-id', req.id);
  });
  registerErrorHandling(app);
  // Before every route: each answer is counted under its route pattern.
  registerHttpMetrics(app, services.metrics);
  // The API log: every API request queued in onResponse and written to api_logs in batches, off the
  // request path; before any route, so every scope inherits its hooks. Flushed on close.
  registerApiLog(app, createApiLogWriter({ database: deps.database, log: deps.log }), config.apiLog.enabled);
  app.addSchema(ErrorResponse);
  app.addSchema(ShipmentSchema);

  await app.register(swagger, openApiOptions(config.http.publicUrl));
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { deepLinking: true, tryItOutEnabled: true } });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(healthRoutes);
  await app.register(metricsRoutes({ metrics: services.metrics, token: config.metrics.token }));

  // One budget per company and one per address / API key for credential checks, whichever door is used.
  // 429s are counted in memory and written per minute every few seconds (and once more on close).
  const refusals = createRefusalRecorder({ write: (rows) => addRefusalCounts(deps.database.pool, rows), log: deps.log });
  refusals.start();
  app.decorate('refusals', refusals);
  app.addHook('onClose', () => refusals.stop());
  const limits = createRateLimits({ ...deps, refusals: services.metrics.refusals(refusals), reportsPerMinute: config.reports.perMinute });
  await app.register(
    async (api) => {
      await api.register(async (s) => {
        limitPerIp(s, limits.onboarding);
        await s.register(onboardingRoutes);
      });
      await api.register(async (s) => {
        limitPerIp(s, limits.credentials);
        limitPerCredential(s, limits.credentialKeys, (req) => (req.body as { apiKey?: unknown } | undefined)?.apiKey);
        await s.register(authRoutes);
      });
      await api.register(async (s) => {
        s.addHook('onRequest', async (req) => {
          req.partner = await services.auth.resolvePartner(req.headers.authorization);
        });
        limitPerCompany(s, limits.company, limits.refusals);
        registerIdempotency(s, deps.database.db, { staleSeconds: config.idempotency.staleSeconds });
        await s.register(keyRoutes);
        await s.register(shipmentRoutes);
        await s.register(trackingRoutes);
        await s.register(webhookRoutes);
      });
    },
    { prefix: '/api/partner' },
  );

  // The public tracking page's API: no login, a budget per client address.
  await app.register(
    async (s) => {
      limitPerIp(s, limits.publicTracking);
      await s.register(trackRoutes({ subscribe: limits.trackingSubscribe }));
    },
    { prefix: '/api/public' },
  );

  // The 3PL gateway (seed: evm-3pl-client-gateway) and CMS tracking: the same credentials, tokens and
  // per-company limits as the partner API (the same counters).
  await app.register(async (s) => {
    limitPerIp(s, limits.credentials);
    limitPerCredential(s, limits.credentialKeys, (req) => gatewayCredentials(req).id);
    await s.register(gatewayAuthRoutes);
  });
  await app.register(async (s) => {
    s.addHook('onRequest', async (req) => {
      req.partner = await services.auth.resolvePartner(req.headers.authorization);
    });
    limitPerCompany(s, limits.company, limits.refusals);
    await s.register(gatewayTrackingRoutes);
    await s.register(cmsTrackingRoutes);
  });
  // Order reports: the same partner tokens and company budget, plus a budget of report creations.
  await app.register(async (s) => {
    s.addHook('onRequest', async (req) => {
      req.partner = await services.auth.resolvePartner(req.headers.authorization);
    });
    limitPerCompany(s, limits.company, limits.refusals);
    await s.register(reportRoutes(limits.reports));
  });
  // Downloads of the local object store: the signed link is the credential (no bearer).
  if (services.storage.local) await app.register(fileRoutes(services.storage.local));
  // Carriers' pushes: authenticated by their own secret (no bearer), not rate-limited per company;
  // failed authentications are, per address (a guesser gets 429 before reaching the service).
  await app.register(async (s) => {
    limitFailuresPerIp(s, limits.callbackFailures, (req) => {
      const token = req.headers['x-callback-token'];
      return !services.carriers.callbacks.authenticated(typeof token === 'string' ? token : undefined, req.ip);
    });
    await s.register(callbackRoutes);
  });

  // The dashboard's session cookie is Secure wherever the hub is reached over https, and in production.
  const secureCookie = config.env === 'production' || config.http.publicUrl.startsWith('https:');
  await app.register(
    async (api) => {
      await api.register(fastifyCookie);
      await api.register(async (s) => {
        limitPerIp(s, limits.adminLogin);
        await s.register(adminLoginRoutes);
        await s.register(adminSessionLoginRoutes({ secureCookie }));
      });
      await api.register(async (s) => {
        registerAdminAuth(s, services);
        await s.register(adminRoutes);
        await s.register(adminDashboardRoutes({ secureCookie }));
        await s.register(adminWebhookRoutes);
        await s.register(adminCarrierRoutes);
        await s.register(adminOutboxRoutes);
        await s.register(adminPodRoutes);
        await s.register(balanceRoutes);
        await s.register(adminReportRoutes(limits.reports));
      });
    },
    { prefix: '/api/admin' },
  );

  // The pages (onboarding wizard, admin dashboard, public tracking), when they were built.
  if (!(await registerWebPages(app))) deps.log.warn('the pages are not built (dist/web is missing): run npm run build to serve them');

  return app;
}
