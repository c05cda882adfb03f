/**
 * What /readyz answers, decided from what was observed (pure: no I/O, unit-tested).
 *
 * The answer is an object of named checks, each with its own `status`, so a check can be added without
 * changing the others. Only a check that makes THIS process unable to serve turns the answer into a
 * 503 (today: the database); a check about the rest of the system (no live worker, Redis away) makes it
 * `degraded` but keeps 200 — taking every API process out of the load balancer would not bring a worker
 * back, it would only add an API outage to a webhook delay.
 */

/** A worker is stale when its last beat is older than this (it beats every HEARTBEAT_INTERVAL_MS). */
export const WORKER_STALE_AFTER_SECONDS = 30;
/** Beats older than this are not listed (the process is long gone); rows older than a day are deleted. */
export const WORKER_LIST_WITHIN_SECONDS = 3600;

export type CheckStatus = 'ok' | 'degraded' | 'down';

export interface WorkerSeen {
  role: string;
  host: string;
  pid: number;
  lastSeen: Date;
  ageSeconds: number;
}

export type DatabaseObservation = { ok: true; ms: number } | { ok: false; reason: string };
/** Whether the rate-limit Redis answers (only observed when REDIS_URL is configured). */
export type RedisObservation = { ok: true } | { ok: false; reason: string };

/** What the redis check says while Redis is away: limits still hold, but per process. */
export const REDIS_FALLBACK_MESSAGE =
  'Redis is unreachable: rate limits are counted in each process until it is back (a client may get up to one budget per process)';

export interface Readiness {
  /** 200 or 503 */
  httpStatus: number;
  status: 'ready' | 'degraded' | 'unavailable';
  checks: {
    database: { status: CheckStatus; ms?: number; reason?: string };
    workers?: {
      status: CheckStatus;
      staleAfterSeconds: number;
      message?: string;
      workers: Array<{ role: string; host: string; pid: number; lastSeen: string; ageSeconds: number; status: 'ok' | 'stale' }>;
    };
    redis?: { status: CheckStatus; message?: string; reason?: string };
  };
}

export function decideReadiness(input: { database: DatabaseObservation; workers?: WorkerSeen[]; redis?: RedisObservation }): Readiness {
  if (!input.database.ok) {
    return { httpStatus: 503, status: 'unavailable', checks: { database: { status: 'down', reason: input.database.reason } } };
  }
  const checks: Readiness['checks'] = { database: { status: 'ok', ms: input.database.ms } };
  const seen = (input.workers ?? []).map((w) => ({
    role: w.role,
    host: w.host,
    pid: w.pid,
    lastSeen: w.lastSeen.toISOString(),
    ageSeconds: w.ageSeconds,
    status: w.ageSeconds <= WORKER_STALE_AFTER_SECONDS ? ('ok' as const) : ('stale' as const),
  }));
  const live = seen.filter((w) => w.status === 'ok').length;
  checks.workers = {
    status: live > 0 ? 'ok' : 'degraded',
    staleAfterSeconds: WORKER_STALE_AFTER_SECONDS,
    ...(live > 0
      ? {}
      : {
          message:
            seen.length > 0
              ? 'every worker heartbeat is stale: jobs and webhooks are not being worked'
              : 'no worker heartbeat: no worker process is running',
        }),
    workers: seen,
  };
  // Redis away never makes a 503: every limit still holds, counted in this process (rate-limit-store.ts).
  if (input.redis)
    checks.redis = input.redis.ok ? { status: 'ok' } : { status: 'degraded', message: REDIS_FALLBACK_MESSAGE, reason: input.redis.reason };
  const degraded = Object.values(checks).some((c) => c && c.status !== 'ok');
  return { httpStatus: 200, status: degraded ? 'degraded' : 'ready', checks };
}
