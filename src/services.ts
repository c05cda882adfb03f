import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from './config/index.js';
import type { Database } from './db/client.js';
import type { Jobs } from './jobs/queue.js';
import { resolveJwtSecret } from './lib/jwt-secret.js';
import { createAdminService } from './modules/admin/admin.service.js';
import { createDashboardService } from './modules/admin/dashboard.service.js';
import { deriveCsrfKey } from './modules/admin/session.js';
import { createAlertsService } from './modules/alerts/alerts.service.js';
import { createAlertNotifier } from './modules/alerts/notifier.js';
import { createAuthService } from './modules/auth/auth.service.js';
import { createAnomaliesService } from './modules/balance/anomalies.service.js';
import { createBalanceService } from './modules/balance/balance.service.js';
import { createAuthInvalidation } from './modules/auth/invalidation.js';
import { PrincipalCache } from './modules/auth/principal-cache.js';
import { createTokenService } from './modules/auth/tokens.js';
import { createJneCallbacks } from './modules/carriers/callbacks.service.js';
import { createCmsTracking } from './modules/carriers/cms.service.js';
import { createGateway } from './modules/carriers/gateway.service.js';
import { createCarrierRegistry } from './carriers/registry.js';
import { createUnmappedReporter } from './carriers/unmapped.js';
import { createPartnersService } from './modules/partners/partners.service.js';
import { createTrackingApplier } from './modules/shipments/carrier-tracking.service.js';
import { createShipmentsService } from './modules/shipments/shipments.service.js';
import { createSigningKeys } from './modules/webhooks/endpoint-secrets.js';
import { createWebhooksService } from './modules/webhooks/webhooks.service.js';
import { createOutboxMonitor } from './modules/ops/outbox.service.js';
import { createMetrics } from './modules/ops/metrics.js';
import { createPodBackfill } from './modules/pod/pod.service.js';
import { createTrackService } from './modules/track/track.service.js';
import { deriveSubscriptionKey } from './modules/track/tokens.js';
import { createReportsService } from './modules/reports/reports.service.js';
import { createObjectStore } from './storage/index.js';

/** What the hub is made of at run time; built once per process and shared by API and workers. */
export interface HubDeps {
  config: Config;
  database: Database;
  jobs: Jobs;
  redis: Redis | undefined;
  log: Logger;
}

export function createServices(deps: HubDeps) {
  const { config, database, jobs, log } = deps;
  // This hub's own Prometheus registry (docs/metrics.md); the modules report through their seams below.
  const metrics = createMetrics({ enabled: config.metrics.enabled });
  // The principal cache and its invalidation are the auth module's; partners and admin report their
  // changes through `invalidation`, and auth reads keys through the partners service.
  const cache = new PrincipalCache();
  const invalidation = createAuthInvalidation(cache);
  const master = resolveJwtSecret(config.auth.jwtSecret, config.dataDir);
  const tokens = createTokenService(master, config.auth.tokenTtlSeconds);
  // Webhook signing secrets are sealed under the same master secret (every process has it); the
  // webhook service and the dispatcher (workers.ts) share these keys, so the secret is resolved once.
  const webhookSigningKeys = createSigningKeys(master);
  const webhooks = createWebhooksService({ database, config, log, keys: webhookSigningKeys });
  const carrierLog = log.child({ module: 'carriers' });
  // One reporter for the gateway path and the apply path: an unmapped code warns once, not once per path.
  const reportUnmapped = createUnmappedReporter(carrierLog);
  const registry = createCarrierRegistry(config.carriers, carrierLog, { reportUnmapped, observer: metrics.carriers });
  const gateway = createGateway({ database, registry, cacheSeconds: config.carriers.cacheSeconds });
  const apply = createTrackingApplier({ database, log, reportUnmapped });
  // Set by the worker role in this process: a stored callback wakes the relay at once instead of at its next poll.
  const wake = { relay: (): void => {} };
  const carriers = {
    registry,
    gateway,
    apply,
    wake,
    cms: createCmsTracking({ database, gateway, apply, config: config.carriers, log }),
    callbacks: metrics.callbacks('jne', createJneCallbacks({ database, config: config.carriers, log, onAccepted: () => wake.relay() })),
  };
  const partners = createPartnersService({ database, jobs, keyChanges: invalidation, webhooks, publicUrl: config.http.publicUrl });
  const auth = createAuthService({ database, tokens, cache, partners, log });
  const shipments = createShipmentsService({ database });
  // One notifier for the operational alerts and the anomalies: both are posted to ALERT_WEBHOOK_URL.
  const notifyAlerts = createAlertNotifier({ jobs, webhookUrl: config.alerts.webhookUrl });
  const anomalies = createAnomaliesService({ database, config, onChanged: notifyAlerts });
  // Files the hub hands out (reports): links of the local store are signed under the master secret.
  const storage = createObjectStore(config.storage, { publicUrl: config.http.publicUrl, masterSecret: master });
  const outboxes = createOutboxMonitor({
    database,
    queues: jobs.queues,
    thresholdSeconds: config.ops.outboxStuckSeconds,
    log: log.child({ module: 'outboxes' }),
  });
  // Queue depths at scrape time from the monitor's verdict, cached for a few seconds: scrapes cost no query of their own.
  metrics.readQueueDepthsFrom(() => outboxes.verdict(), jobs.queues);
  const balance = metrics.balance(createBalanceService({ database, shipments, anomalies, log: log.child({ module: 'balance' }) }));
  // The public tracking page and its "notify me" links (signed under the master secret).
  const trackingKey = deriveSubscriptionKey(master);
  // The admin dashboard's CSRF tokens (HMACs of the session's token).
  const adminCsrfKey = deriveCsrfKey(master);
  return {
    carriers,
    outboxes,
    metrics,
    alerts: createAlertsService({
      database,
      jobs,
      config,
      outboxes,
      circuits: () => registry.circuits(),
      notify: notifyAlerts,
      log: log.child({ module: 'alerts' }),
    }),
    cache,
    tokens,
    webhooks,
    webhookSigningKeys,
    auth,
    partners,
    shipments,
    anomalies,
    /** Queues the ALERT_WEBHOOK_URL posts of alerts opened or resolved in a transaction (every kind of alert). */
    notifyAlerts,
    podBackfill: createPodBackfill({
      database,
      registry,
      defaults: { rate: config.pod.backfillRate, concurrency: config.pod.backfillConcurrency },
      log: log.child({ module: 'pod-backfill' }),
    }),
    storage,
    track: createTrackService({ database, jobs, publicUrl: config.http.publicUrl, key: trackingKey }),
    trackingKey,
    adminCsrfKey,
    reports: createReportsService({
      database,
      jobs,
      store: storage.store,
      config: config.reports,
      publicUrl: config.http.publicUrl,
      log: log.child({ module: 'reports' }),
    }),
    balance,
    dashboard: createDashboardService({ database, balance, registry }),
    admin: createAdminService({ database, jobs, tokens, cache, invalidation, auth, companies: partners, callbacks: carriers.callbacks, log }),
  };
}

export type Services = ReturnType<typeof createServices>;
