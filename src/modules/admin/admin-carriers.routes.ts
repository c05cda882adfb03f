import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { appError } from '../../errors.js';
import { adminAuth, errors, Nullable, PageQuery, Pagination, SerialId, Timestamp } from '../../http/common.schemas.js';
import { pagination } from '../../lib/page.js';

const CallbackSchema = Type.Object({
  id: Type.Integer(),
  carrier: Type.String(),
  status: Type.Union([Type.Literal('accepted'), Type.Literal('rejected'), Type.Literal('dead')], {
    description: '`dead`: accepted, then set aside after repeated publish or apply failures (see lastError); replayable',
  }),
  rejectCode: Nullable(Type.String()),
  remoteIp: Nullable(Type.String()),
  awb: Nullable(Type.String()),
  duplicates: Type.Integer({ description: 'Exact copies received after this one (acknowledged, not stored again)' }),
  receivedAt: Timestamp,
  publishedAt: Nullable(Timestamp),
  appliedAt: Nullable(Timestamp),
  applyNote: Nullable(Type.String()),
  attempts: Type.Integer({ description: 'Failed publish attempts' }),
  lastError: Nullable(Type.String()),
  deadAt: Nullable(Timestamp),
  rawBody: Type.String({ description: 'The body exactly as received (rejected ones cut to 8 KB)' }),
});

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** Audit and replay of carrier callbacks: the raw payload is kept, auditable and replayable. */
export const adminCarrierRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/carrier-callbacks',
    {
      schema: {
        tags: ['Admin'],
        operationId: 'adminListCarrierCallbacks',
        summary: 'Stored carrier callbacks, newest first: raw body, outcome, when published and applied',
        security: adminAuth,
        querystring: Type.Object(
          {
            status: Type.Optional(Type.Union([Type.Literal('accepted'), Type.Literal('rejected'), Type.Literal('dead')])),
            awb: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9-]{4,40}$' })),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ data: Type.Array(CallbackSchema), pagination: Pagination }), ...errors(400, 401) },
      },
    },
    async (req) => {
      const q = req.query;
      const { rows, total } = await app.services.carriers.callbacks.list({
        status: q.status ?? null,
        awb: q.awb ?? null,
        limit: q.limit,
        offset: q.offset,
      });
      return {
        data: rows.map((r) => ({
          id: r.id,
          carrier: r.carrier,
          status: r.status as 'accepted' | 'rejected' | 'dead',
          rejectCode: r.reject_code,
          remoteIp: r.remote_ip,
          awb: r.awb,
          duplicates: r.duplicates,
          receivedAt: r.received_at.toISOString(),
          publishedAt: iso(r.published_at),
          appliedAt: iso(r.applied_at),
          applyNote: r.apply_note,
          attempts: r.attempts,
          lastError: r.last_error,
          deadAt: iso(r.dead_at),
          rawBody: r.raw_body,
        })),
        pagination: pagination(q, rows.length, total),
      };
    },
  );

  app.post(
    '/carrier-callbacks/:id/replay',
    {
      schema: {
        tags: ['Admin'],
        operationId: 'adminReplayCarrierCallback',
        summary:
          'Apply a stored or dead-lettered callback again (published anew to callback-update-status with a fresh attempt budget; applying is idempotent)',
        security: adminAuth,
        params: Type.Object({ id: SerialId }),
        response: { 202: Type.Object({ id: Type.Integer(), status: Type.Literal('requeued') }), ...errors(400, 401, 404, 409) },
      },
    },
    async (req, reply) => {
      const outcome = await app.services.admin.replayCallback(req.admin!.adminId, req.params.id);
      if (outcome === 'missing') throw appError('CALLBACK_NOT_FOUND', req.params.id);
      if (outcome === 'rejected') throw appError('CALLBACK_NOT_REPLAYABLE', req.params.id);
      app.services.carriers.wake.relay();
      return reply.code(202).send({ id: req.params.id, status: 'requeued' as const });
    },
  );
};
