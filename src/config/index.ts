import path from 'node:path';
import type { CarriersConfig } from '../carriers/settings.js';
import { loadAlertsConfig, type AlertsConfig } from './alerts.js';
import { loadAnomaliesConfig, type AnomaliesConfig } from './anomalies.js';
import { loadCarriersConfig } from './carriers.js';
import { loadMetricsConfig, type MetricsConfig } from './metrics.js';
import { envReader, type Env } from './env.js';
import { loadStorageConfig, type StorageConfig } from './storage.js';
import { loadWebhooksConfig, type WebhooksConfig } from './webhooks.js';

/**
 * Configuration is read once from the environment (through the one reader, env.ts), validated as a
 * whole, and frozen. A bad value stops start-up with every problem listed (not just the first), so an
 * operator fixes a deployment in one pass. Each area's settings are read in this folder
 * (carriers.ts, webhooks.ts): modules never read the environment.
 */
export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly http: {
    readonly port: number;
    readonly host: string;
    readonly publicUrl: string;
    readonly bodyLimit: number;
    readonly trustProxy: boolean;
  };
  readonly db: {
    /** undefined → embedded PGlite in `dataDir` */
    readonly url: string | undefined;
    readonly poolMax: number;
    /** PostgreSQL: longest statement on the pool's connections (0 = no limit); migrations and pruning run without it. */
    readonly statementTimeoutMs: number;
    /** PostgreSQL: longest wait for a new connection or a free one in the pool. */
    readonly connectTimeoutMs: number;
  };
  readonly dataDir: string;
  readonly redisUrl: string | undefined;
  readonly auth: {
    /** undefined → generated and kept in DATA_DIR (embedded mode only) */
    readonly jwtSecret: string | undefined;
    readonly tokenTtlSeconds: number;
    readonly adminEmail: string | undefined;
    readonly adminPassword: string | undefined;
  };
  readonly mail: {
    readonly smtpUrl: string | undefined;
    readonly from: string;
  };
  readonly retention: {
    readonly apiLogDays: number;
    /** Webhook delivery attempts and finished messages older than this are pruned daily. */
    readonly webhookLogDays: number;
  };
  /** The API log: every API request kept in `api_logs`, written in batches (docs/api-log.md). */
  readonly apiLog: { readonly enabled: boolean };
  readonly webhooks: WebhooksConfig;
  /** Carrier gateway: per-carrier settings, client resilience, cache, JNE callback, NSQ. */
  readonly carriers: CarriersConfig;
  readonly idempotency: {
    /** A claimed Idempotency-Key with no answer after this long belongs to a request that died: it may be taken over. */
    readonly staleSeconds: number;
  };
  readonly ops: {
    /** An outbox whose oldest due row has waited longer than this is stuck: /readyz says so and an admin alert is raised. */
    readonly outboxStuckSeconds: number;
  };
  /** Balance engine anomaly thresholds (docs/balance.md "Anomalies"). */
  readonly anomalies: AnomaliesConfig;
  /** Operational alerts (docs/alerts.md): window, thresholds, evaluation interval, the alert webhook. */
  readonly alerts: AlertsConfig;
  /** Object storage for files the hub hands out (local folder, or S3 when S3_BUCKET is set). */
  readonly storage: StorageConfig;
  /** The POD backfill's defaults (docs/pod.md): per-carrier requests/s and rows tracked at once. */
  readonly pod: { readonly backfillRate: number; readonly backfillConcurrency: number };
  /** Order reports (docs/reports.md): how long a request waits for the file, how long files are kept. */
  readonly reports: { readonly syncWaitMs: number; readonly ttlHours: number; readonly perMinute: number };
  /** Prometheus metrics (docs/metrics.md): collection on/off, the token and the internal listener. */
  readonly metrics: MetricsConfig;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const reader = envReader(env, problems);
  const { str, int, bool, url } = reader;

  const nodeEnv = str('NODE_ENV') ?? 'development';
  if (!['development', 'production', 'test'].includes(nodeEnv)) {
    problems.push(`NODE_ENV must be development, production or test (got "${nodeEnv}")`);
  }
  const port = int('PORT', 3000, 0, 65535);
  const host = str('HOST') ?? '127.0.0.1';
  const dbUrl = url('DATABASE_URL', ['postgres:', 'postgresql:']);
  const redisUrl = url('REDIS_URL', ['redis:', 'rediss:']);
  const smtpUrl = url('SMTP_URL', ['smtp:', 'smtps:']);
  const jwtSecret = str('JWT_SECRET');
  if (jwtSecret !== undefined && jwtSecret.length < 32) {
    problems.push('JWT_SECRET must be at least 32 characters');
  }
  if (dbUrl !== undefined && jwtSecret === undefined) {
    // Several processes share a real database; a generated per-folder secret would differ between them.
    problems.push('JWT_SECRET is required when DATABASE_URL is set');
  }
  const adminEmail = str('ADMIN_EMAIL');
  const adminPassword = str('ADMIN_PASSWORD');
  if (adminEmail !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(adminEmail)) {
    problems.push('ADMIN_EMAIL is not a valid email address');
  }
  if (adminPassword !== undefined && adminPassword.length < 8) {
    problems.push('ADMIN_PASSWORD must be at least 8 characters');
  }
  if ((adminEmail === undefined) !== (adminPassword === undefined)) {
    problems.push('ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
  }
  const logLevel = (str('LOG_LEVEL') ?? (nodeEnv === 'test' ? 'silent' : 'info')) as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const publicUrl = url('PUBLIC_URL', ['http:', 'https:']);
  const webhooks = loadWebhooksConfig(reader);
  const dataDir = path.resolve(str('DATA_DIR') ?? '.data');

  const config: Config = {
    env: nodeEnv as Config['env'],
    http: {
      port,
      host,
      publicUrl: publicUrl ?? `http://${urlHost(host)}:${port}`,
      bodyLimit: int('BODY_LIMIT_BYTES', 1_048_576, 1024, 50 * 1_048_576),
      trustProxy: bool('TRUST_PROXY', false),
    },
    db: {
      url: dbUrl,
      poolMax: int('DB_POOL_MAX', 10, 1, 200),
      statementTimeoutMs: int('DB_STATEMENT_TIMEOUT_MS', 5000, 0, 3_600_000),
      connectTimeoutMs: int('DB_CONNECT_TIMEOUT_MS', 3000, 100, 600_000),
    },
    dataDir,
    redisUrl,
    auth: {
      jwtSecret,
      tokenTtlSeconds: 86_400,
      adminEmail,
      adminPassword,
    },
    mail: { smtpUrl, from: str('MAIL_FROM') ?? 'FastForward <no-reply@fastforward.local>' },
    retention: { apiLogDays: int('API_LOG_RETENTION_DAYS', 30, 1, 3650), webhookLogDays: int('WEBHOOK_LOG_RETENTION_DAYS', 30, 1, 3650) },
    apiLog: { enabled: bool('API_LOG_ENABLED', true) },
    webhooks,
    carriers: loadCarriersConfig(env, problems),
    ops: { outboxStuckSeconds: int('OUTBOX_STUCK_SECONDS', 120, 5, 86_400) },
    idempotency: { staleSeconds: int('IDEMPOTENCY_STALE_SECONDS', 60, 1, 86_400) },
    anomalies: loadAnomaliesConfig(reader),
    alerts: loadAlertsConfig(reader),
    storage: loadStorageConfig(reader, dataDir),
    pod: { backfillRate: reader.num('POD_BACKFILL_RATE', 5, 0.1, 10_000), backfillConcurrency: int('POD_BACKFILL_CONCURRENCY', 8, 1, 256) },
    reports: {
      syncWaitMs: int('REPORT_SYNC_WAIT_MS', 3000, 0, 30_000),
      // At most 7 days: the longest an S3 presigned link can live.
      ttlHours: int('REPORT_TTL_HOURS', 24, 1, 168),
      perMinute: int('REPORT_RATE_PER_MINUTE', 10, 1, 10_000),
    },
    metrics: loadMetricsConfig(reader),
    logLevel,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze(config);
}

/** A listen address as it goes in a URL: wildcards become localhost, IPv6 literals get brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}
