import closeWithGrace from 'close-with-grace';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './app.js';
import type { Config } from './config/index.js';
import { openDatabase, type Database } from './db/client.js';
import { runMigrations } from './db/migrate.js';
import { retryWhileUnavailable } from './db/startup.js';
import { createRateLimitRedis, redisHealth, redisReady } from './http/rate-limit-store.js';
import { startJobs, type Jobs } from './jobs/queue.js';
import { createLogger } from './lib/logger.js';
import { listenAuthChanges } from './modules/auth/invalidation.js';
import { createMailer } from './modules/mail/mailer.js';
import { startHeartbeat } from './modules/ops/heartbeat.js';
import { listenMetrics, type MetricsListener } from './modules/ops/metrics.routes.js';
import { createServices, type HubDeps, type Services } from './services.js';
import { createWorkers, JOB_DEFINITIONS, type WorkerPolls } from './workers.js';

export type Role = 'all' | 'api' | 'worker';

export interface Hub {
  deps: HubDeps;
  services: Services;
  app: FastifyInstance | undefined;
  /** Starts the job workers and schedules (worker roles); openHub does it unless told to defer. */
  startWorkers(): Promise<void>;
  close(): Promise<void>;
}

/** Opens the database, applies migrations, starts the job queue: everything a role needs. */
export async function openHub(config: Config, opts: { role: Role; log?: Logger; deferWorkers?: boolean; polls?: WorkerPolls }): Promise<Hub> {
  const log = opts.log ?? createLogger(config);
  const started = Date.now();
  const database: Database = await openDatabase({
    url: config.db.url,
    dataDir: config.db.url ? null : `${config.dataDir}/pgdata`,
    poolMax: config.db.poolMax,
    statementTimeoutMs: config.db.statementTimeoutMs,
    connectTimeoutMs: config.db.connectTimeoutMs,
    log,
  });
  const closers: Array<() => Promise<unknown>> = [() => database.close()];
  // Once: a signal and a failing start-up may both ask for it.
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      for (const c of closers.reverse()) await c().catch((err) => log.error({ err }, 'error while closing'));
    })());
  try {
    // Started while PostgreSQL is down or restarting: wait for it (one line per attempt), do not exit.
    await retryWhileUnavailable('start-up', () => runMigrations(database), log);
    const jobs: Jobs = await startJobs(database, log, { worker: opts.role !== 'api', definitions: JOB_DEFINITIONS });
    // Once, whichever closer gets there first (see the second push below).
    let jobsStopped: Promise<void> | undefined;
    const stopJobs = () => (jobsStopped ??= jobs.stop());
    closers.push(stopJobs);
    const redis = config.redisUrl ? createRateLimitRedis(config.redisUrl) : undefined;
    if (redis) {
      // Logs Redis going away and coming back, once each; until it answers, limits count in memory.
      const health = redisHealth(redis, log);
      if (!(await redisReady(redis, 2_000))) health.markDown(new Error('not reachable at start-up'));
      closers.push(async () => redis.quit().catch(() => redis.disconnect()));
    }
    const deps: HubDeps = { config, database, jobs, redis, log };
    const services = createServices(deps);
    // Every process watches the outboxes, so a stuck one is reported even when no worker is alive.
    services.outboxes.start();
    closers.push(async () => services.outboxes.stop());
    // Every process ticks the alert evaluator (one evaluation per interval cluster-wide; docs/alerts.md).
    services.alerts.start();
    closers.push(() => services.alerts.stop());
    closers.push(async () => services.carriers.registry.close());
    closers.push(() => services.storage.store.close());
    // A wrong bucket, region or key is said at start-up, not at the first report; not fatal: the
    // bucket may come later, and each report says why it failed meanwhile.
    if (services.storage.s3) {
      const s3 = services.storage.s3;
      void s3.check().then(
        () => log.info('object store: S3 bucket reachable'),
        (err: unknown) => log.warn({ err }, 'object store: S3 bucket check failed; reports will fail until it passes'),
      );
    }
    const listener = listenAuthChanges(database, services.cache, log);
    closers.push(() => listener.close());

    const bootstrap = await services.admin.bootstrap(config.auth.adminEmail, config.auth.adminPassword);
    if (bootstrap === 'created') log.info({ email: config.auth.adminEmail }, 'admin account created from ADMIN_EMAIL');

    let mailer: ReturnType<typeof createMailer> | undefined;
    let heartbeat: ReturnType<typeof startHeartbeat> | undefined;
    // Same place in the closing order as when workers start here (closers run in reverse).
    closers.push(async () => mailer?.close());
    closers.push(async () => heartbeat?.stop());
    // Jobs and background workers in flight finish right after HTTP closes, before the mailer, carrier
    // clients, object store and Redis they use are closed (closers run in reverse); still beating meanwhile.
    closers.push(stopJobs);
    const startWorkers = async () => {
      if (opts.role === 'api' || mailer) return;
      mailer = createMailer({ smtpUrl: config.mail.smtpUrl, from: config.mail.from, dataDir: config.dataDir });
      await jobs.work(createWorkers({ config, database, mailer, log, services, jobs, ...(opts.polls ? { polls: opts.polls } : {}) }));
      // What /readyz of every API process reports: this worker is alive (role all is its own worker).
      heartbeat = startHeartbeat(database, log, opts.role);
    };
    if (!opts.deferWorkers) await startWorkers();
    let app: FastifyInstance | undefined;
    if (opts.role !== 'worker') {
      app = await buildApp(deps, services);
      const a = app;
      // Close HTTP first (stop taking requests), then the rest.
      closers.push(() => a.close());
    }
    log.debug({ ms: Date.now() - started }, 'hub opened');
    return { deps, services, app, startWorkers, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** `fastforward serve`: listen, print where and how to log in, close with grace on signals. */
export async function serve(config: Config, role: Role, onReady?: (hub: Hub) => Promise<void>): Promise<Hub> {
  // Workers start after the HTTP server listens: their start-up is off the path to the first answer.
  const hub = await openHub(config, { role, deferWorkers: true });
  const { log } = hub.deps;
  let metricsListener: MetricsListener | undefined;
  // Before listening: a signal at any point from here on closes the hub gracefully.
  closeWithGrace({ delay: 15_000 }, async ({ signal, err }) => {
    if (err) log.error({ err }, 'closing after an error');
    else log.info({ signal }, 'closing');
    await metricsListener?.close();
    await hub.close();
  });
  if (hub.app) {
    hub.app.server.keepAliveTimeout = 72_000; // longer than common load balancers' idle timeouts
    await hub.app.listen({ port: config.http.port, host: config.http.host });
  }
  // Every role, the worker too (it has no other listener): METRICS_PORT, without a token (docs/metrics.md).
  try {
    metricsListener = await listenMetrics(hub.services.metrics, config.metrics, log);
  } catch (err) {
    await hub.close();
    throw err;
  }
  try {
    await hub.startWorkers();
  } catch (err) {
    await metricsListener?.close();
    await hub.close();
    throw err;
  }
  if (onReady) await onReady(hub);
  const hasAdmin = await hub.services.admin.hasAdmins();
  const lines = [
    `FastForward (${role}) on ${hub.deps.database.kind === 'embedded' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'}${config.redisUrl ? ' + Redis' : ''}`,
  ];
  if (hub.app) {
    const base = config.http.publicUrl;
    lines.push(
      `  API      ${base}/api/partner`,
      `  Gateway  ${base}/v1/authentication, ${base}/v1/tracking/:awb, ${base}/v2/public/shipment/tracking/:n`,
      `  Docs     ${base}/docs   (OpenAPI: ${base}/openapi.json)`,
      `  Health   ${base}/healthz`,
    );
    if (config.metrics.token && config.metrics.enabled) lines.push(`  Metrics  ${base}/metrics (bearer METRICS_TOKEN)`);
    lines.push(
      hasAdmin
        ? `  Admin    POST ${base}/api/admin/login with your admin email and password`
        : '  Admin    none yet: set ADMIN_EMAIL and ADMIN_PASSWORD, or run `npx fastforward admin create --email you@example.com`',
    );
  }
  if (metricsListener) lines.push(`  Metrics  http://${config.metrics.host}:${metricsListener.port}/metrics (internal listener, no token)`);
  if (role !== 'api') lines.push('  Workers  running (webhook deliveries, carrier callbacks and refresh, mail, maintenance schedules)');
  process.stdout.write(`${lines.join('\n')}\n`);
  return hub;
}
