import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DATABASE_RETRY_AFTER_SECONDS, describeDbError, isConnectionError } from '../../db/connection-errors.js';
import { AppError } from '../../errors.js';
import { errors } from '../../http/common.schemas.js';
import { redisHealth } from '../../http/rate-limit-store.js';
import { listHeartbeats } from './ops.repo.js';
import { decideReadiness, WORKER_LIST_WITHIN_SECONDS, type DatabaseObservation, type RedisObservation, type WorkerSeen } from './readiness.js';

/** /readyz answers within this even when the database does not (a frozen server never answers). */
export const READY_DEADLINE_MS = 2000;

const CheckStatus = Type.Union([Type.Literal('ok'), Type.Literal('degraded'), Type.Literal('down')]);
const Readiness = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('degraded')]),
  databaseMs: Type.Number(),
  checks: Type.Object(
    {
      database: Type.Object({ status: CheckStatus, ms: Type.Optional(Type.Number()) }),
      outboxes: Type.Optional(
        Type.Object({
          status: CheckStatus,
          thresholdSeconds: Type.Integer(),
          stuck: Type.Array(Type.Object({ name: Type.String(), waiting: Type.Integer(), lagSeconds: Type.Integer() })),
        }),
      ),
      workers: Type.Optional(
        Type.Object({
          status: CheckStatus,
          staleAfterSeconds: Type.Integer(),
          message: Type.Optional(Type.String()),
          workers: Type.Array(
            Type.Object({
              role: Type.String(),
              host: Type.String(),
              pid: Type.Integer(),
              lastSeen: Type.String({ format: 'date-time' }),
              ageSeconds: Type.Number(),
              status: Type.Union([Type.Literal('ok'), Type.Literal('stale')]),
            }),
          ),
        }),
      ),
      redis: Type.Optional(
        Type.Object(
          { status: CheckStatus, message: Type.Optional(Type.String()), reason: Type.Optional(Type.String()) },
          { description: 'With REDIS_URL: `degraded` while Redis is away (rate limits are then counted per process).' },
        ),
      ),
    },
    { description: 'Named checks, each with its own status; only a check that stops this process from serving makes /readyz 503.' },
  ),
});

export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/healthz',
    {
      schema: {
        // Probes for load balancers and orchestrators, not part of the API partners build clients for
        // (docs/deployment.md documents them).
        hide: true,
        tags: ['Operations'],
        operationId: 'getLiveness',
        summary: 'Liveness: 200 once the hub serves',
        response: { 200: Type.Object({ status: Type.Literal('ok'), database: Type.String() }) },
      },
    },
    async () => ({ status: 'ok' as const, database: app.deps.database.kind }),
  );
  app.get(
    '/readyz',
    {
      schema: {
        hide: true,
        tags: ['Operations'],
        operationId: 'getReadiness',
        summary: 'Readiness: the database answers (503 DATABASE_UNAVAILABLE if not); workers alive and Redis answering (degraded if not)',
        description:
          '200 `ready`, or 200 `degraded` when a check about the rest of the system fails (no worker heartbeat within `staleAfterSeconds`: jobs and webhooks wait; with `REDIS_URL`, Redis unreachable: rate limits are counted per process). 503 `DATABASE_UNAVAILABLE` (with `Retry-After` and the checks in `details`) when the database does not answer within 2 s, and 503 `SERVICE_UNAVAILABLE` while the process shuts down.',
        response: { 200: Readiness, ...errors(503) },
      },
    },
    async () => {
      const { database } = app.deps;
      let observed: DatabaseObservation;
      let workers: WorkerSeen[] | undefined;
      const t0 = performance.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        const deadline = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('no answer')), READY_DEADLINE_MS);
        });
        // One round trip: listing the heartbeats is also the database probe.
        workers = await Promise.race([listHeartbeats(database.pool, WORKER_LIST_WITHIN_SECONDS), deadline]);
        observed = { ok: true, ms: Math.round((performance.now() - t0) * 100) / 100 };
      } catch (err) {
        const timedOut = (err as Error).message === 'no answer';
        if (!timedOut && !isConnectionError(err)) throw err; // a real bug: the error handler's 500
        // The statement may still be pending; its own timeouts end it. Logged once per outage.
        database.health.failed(timedOut ? new Error(`no answer within ${READY_DEADLINE_MS} ms (readyz)`) : err);
        observed = {
          ok: false,
          reason: timedOut ? `no answer within ${READY_DEADLINE_MS} ms` : (describeDbError(err).code ?? describeDbError(err).message),
        };
      } finally {
        clearTimeout(timer);
      }
      // Only when the database answered: a 503 does not need it, and it must not delay one.
      const redis: RedisObservation | undefined = observed.ok && app.deps.redis ? await redisHealth(app.deps.redis, app.deps.log).check() : undefined;
      const r = decideReadiness({ database: observed, workers, ...(redis ? { redis } : {}) });
      if (r.httpStatus !== 200) {
        throw new AppError(
          'DATABASE_UNAVAILABLE',
          [DATABASE_RETRY_AFTER_SECONDS],
          { status: r.status, checks: r.checks },
          { 'retry-after': String(DATABASE_RETRY_AFTER_SECONDS) },
        );
      }
      // A stuck outbox (no worker, or a wedged one) degrades readiness but keeps 200, as a dead worker does.
      let outboxes:
        { status: 'ok' | 'degraded'; thresholdSeconds: number; stuck: Array<{ name: string; waiting: number; lagSeconds: number }> } | undefined;
      try {
        const v = await app.services.outboxes.verdict();
        const stuck = v.outboxes.filter((o) => o.stuck).map((o) => ({ name: o.name, waiting: o.waiting, lagSeconds: o.lagSeconds }));
        outboxes = { status: stuck.length > 0 ? 'degraded' : 'ok', thresholdSeconds: v.thresholdSeconds, stuck };
      } catch {
        outboxes = undefined; // the database answered the probe above; a failed outbox read is not a readiness failure
      }
      const status: 'ready' | 'degraded' = r.status === 'degraded' || outboxes?.status === 'degraded' ? 'degraded' : 'ready';
      return { status, databaseMs: observed.ok ? observed.ms : 0, checks: { ...r.checks, ...(outboxes ? { outboxes } : {}) } };
    },
  );
};
