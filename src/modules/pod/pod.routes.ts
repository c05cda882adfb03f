/** Admin API of the POD backfill: start (or resume) a run on the worker, follow it, list runs. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { appError } from '../../errors.js';
import { adminAuth, errors, PageQuery, Pagination, SerialId } from '../../http/common.schemas.js';
import { pagination } from '../../lib/page.js';
import { BACKFILL_DEFAULTS, type BackfillOptions } from './backfill.logic.js';
import { BackfillBody, BackfillRunSchema, runView } from './pod.schemas.js';

const tags = ['Admin'];

export const adminPodRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const svc = () => app.services.podBackfill;

  app.post(
    '/pod/backfill',
    {
      schema: {
        tags,
        operationId: 'adminStartPodBackfill',
        summary: 'Start the POD backfill on the worker (or resume the paused one): fills empty receiver names from the carriers',
        description:
          'One run at a time across processes: 409 POD_BACKFILL_RUNNING while one is alive. A paused run, or one whose process died, is resumed with its own options (unless `restart`). Follow it with GET /api/admin/pod/backfill/{id}.',
        security: adminAuth,
        body: BackfillBody,
        response: { 202: Type.Object({ run: BackfillRunSchema, resumed: Type.Boolean() }), ...errors(400, 401, 409) },
      },
    },
    async (req, reply) => {
      const b = req.body;
      if (b.since && b.until && b.since >= b.until) throw appError('VALIDATION_FAILED', 'since must be before until');
      const d = svc().defaults;
      const opts: BackfillOptions = {
        carrier: b.carrier ?? null,
        since: b.since ?? null,
        until: b.until ?? null,
        limit: b.limit ?? null,
        concurrency: b.concurrency ?? d.concurrency,
        rate: b.rate ?? d.rate,
        recheckHours: b.recheckHours ?? BACKFILL_DEFAULTS.recheckHours,
      };
      const jobs = app.deps.jobs;
      const r = await svc().open('admin', opts, {
        restart: b.restart ?? false,
        claim: false,
        enqueue: (tx, runId) => jobs.send('pod.backfill', { runId }, { tx }),
      });
      const found = await svc().get(r.run.id);
      return reply.code(202).send({ run: runView(found!.run, found!.report), resumed: r.resumed });
    },
  );

  app.get(
    '/pod/backfill',
    {
      schema: {
        tags,
        operationId: 'adminListPodBackfills',
        summary: 'POD backfill runs, newest first, with their counters',
        security: adminAuth,
        querystring: Type.Object({ ...PageQuery }, { additionalProperties: false }),
        response: { 200: Type.Object({ data: Type.Array(BackfillRunSchema), pagination: Pagination }), ...errors(400, 401) },
      },
    },
    async (req) => {
      const { rows, total } = await svc().list(req.query.limit, req.query.offset);
      const data = await Promise.all(rows.map(async (r) => runView(r, (await svc().get(r.id))!.report)));
      return { data, pagination: pagination(req.query, data.length, total) };
    },
  );

  app.get(
    '/pod/backfill/:id',
    {
      schema: {
        tags,
        operationId: 'adminGetPodBackfill',
        summary: 'One POD backfill run: status, progress counters by carrier, and the final report once ended',
        security: adminAuth,
        params: Type.Object({ id: SerialId }),
        response: { 200: BackfillRunSchema, ...errors(400, 401, 404) },
      },
    },
    async (req) => {
      const found = await svc().get(req.params.id);
      if (!found) throw appError('POD_BACKFILL_NOT_FOUND', req.params.id);
      return runView(found.run, found.report);
    },
  );
};
