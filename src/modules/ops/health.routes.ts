import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors } from '../../http/common.schemas.js';
import { pingDatabase } from './ops.repo.js';

export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['Operations'],
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
        tags: ['Operations'],
        summary: 'Readiness: the database answers',
        response: { 200: Type.Object({ status: Type.Literal('ready'), databaseMs: Type.Number() }), ...errors(503) },
      },
    },
    async () => ({ status: 'ready' as const, databaseMs: await pingDatabase(app.deps.database.pool) }),
  );
};
