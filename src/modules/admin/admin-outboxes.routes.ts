/**
 * The hub's outboxes and their dead letters, for operators: how much waits in each (carrier callbacks,
 * webhook messages, job queues), whether one is stuck, and the jobs that failed their last attempt,
 * with a retry. Dead-lettered callbacks are listed and replayed through /carrier-callbacks
 * (status=dead), dead-lettered webhook messages through the webhook message routes (status failed).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { appError } from '../../errors.js';
import { adminAuth, errors, Nullable, PageQuery, Pagination, Timestamp } from '../../http/common.schemas.js';
import { pagination } from '../../lib/page.js';

const JobId = Type.String({ format: 'uuid', description: 'The job id (pg-boss)' });

const OutboxState = Type.Object({
  name: Type.String({ description: '`carrier-callbacks`, `webhook-messages` or `jobs:<queue>`' }),
  waiting: Type.Integer({ description: 'Rows due now' }),
  lagSeconds: Type.Integer({ description: 'How long the oldest due row has waited' }),
  stuck: Type.Boolean({ description: 'lagSeconds is past OUTBOX_STUCK_SECONDS' }),
  deadLettered: Type.Optional(Type.Integer({ description: 'Rows set aside after repeated failures' })),
});

export const OutboxVerdictSchema = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('stuck')]),
  thresholdSeconds: Type.Integer(),
  outboxes: Type.Array(OutboxState),
});

const FailedJob = Type.Object({
  id: Type.String(),
  queue: Type.String(),
  data: Type.Unknown({ description: 'The job payload' }),
  error: Nullable(Type.String({ description: 'The last failure' })),
  attempts: Type.Integer(),
  createdAt: Timestamp,
  failedAt: Nullable(Timestamp),
});

export const adminOutboxRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const QueueName = Type.Union(
    app.deps.jobs.queues.map((q) => Type.Literal(q)),
    { description: 'A job queue' },
  );

  app.get(
    '/outboxes',
    {
      schema: {
        tags: ['Admin'],
        operationId: 'adminListOutboxes',
        summary: 'Outboxes and queues: rows waiting, lag of the oldest, stuck or not, dead letters per queue',
        security: adminAuth,
        response: {
          200: Type.Intersect([OutboxVerdictSchema, Type.Object({ deadLetteredJobs: Type.Record(Type.String(), Type.Integer()) })]),
          ...errors(401),
        },
      },
    },
    async () => app.services.outboxes.summary(),
  );

  app.get(
    '/jobs/failed',
    {
      schema: {
        tags: ['Admin'],
        operationId: 'adminListFailedJobs',
        summary: 'Jobs that failed their last attempt (dead letters), newest first',
        security: adminAuth,
        querystring: Type.Object({ queue: Type.Optional(QueueName), ...PageQuery }, { additionalProperties: false }),
        response: { 200: Type.Object({ data: Type.Array(FailedJob), pagination: Pagination }), ...errors(400, 401) },
      },
    },
    async (req) => {
      const q = req.query;
      const { rows, total } = await app.services.outboxes.failedJobs({ queue: q.queue, limit: q.limit, offset: q.offset });
      return {
        data: rows.map((r) => ({
          id: r.id,
          queue: r.name,
          data: r.data,
          error: typeof (r.output as { message?: unknown } | null)?.message === 'string' ? (r.output as { message: string }).message : null,
          attempts: r.retry_count + 1,
          createdAt: r.created_on.toISOString(),
          failedAt: r.completed_on?.toISOString() ?? null,
        })),
        pagination: pagination(q, rows.length, total),
      };
    },
  );

  app.post(
    '/jobs/:queue/:id/retry',
    {
      schema: {
        tags: ['Admin'],
        operationId: 'adminRetryJob',
        summary: 'Retry a dead-lettered job once more',
        security: adminAuth,
        params: Type.Object({ queue: QueueName, id: JobId }),
        response: { 202: Type.Object({ id: Type.String(), queue: Type.String(), status: Type.Literal('retrying') }), ...errors(400, 401, 404) },
      },
    },
    async (req, reply) => {
      const { queue, id } = req.params;
      if (!(await app.services.admin.retryJob(req.admin!.adminId, queue, id))) throw appError('JOB_NOT_FOUND', id, queue);
      return reply.code(202).send({ id, queue, status: 'retrying' as const });
    },
  );
};
