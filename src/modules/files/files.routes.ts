/**
 * `GET /files/<key>`: the local object store's downloads (order reports). No bearer token: the signed,
 * expiring query (`expires`, `name`, `sig`) is the credential, so a link can be handed to a browser or
 * another system. Registered only when files are kept in the local folder (with S3, links go to S3).
 */
import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { appError } from '../../errors.js';
import { errors } from '../../http/common.schemas.js';
import { attachmentDisposition } from '../../storage/disposition.js';
import type { LocalObjectStore } from '../../storage/local.js';

const CONTENT_TYPES: Record<string, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export function fileRoutes(store: LocalObjectStore): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/files/*',
      {
        schema: {
          tags: ['Files'],
          operationId: 'downloadFile',
          summary: 'Download a file through a signed, expiring link (order reports)',
          description:
            "The links come from the API (a report's `url`); they are valid until `expires` and only with their own `sig`. A link that was changed answers 403 `FILE_LINK_INVALID`, an expired one 410 `FILE_LINK_EXPIRED`, a deleted file 404 `FILE_NOT_FOUND`.",
          security: [],
          params: Type.Object({ '*': Type.String({ maxLength: 1100, description: 'The object key' }) }),
          querystring: Type.Object(
            {
              expires: Type.Integer({ minimum: 0, maximum: 253_402_300_799, description: 'Unix seconds after which the link is refused' }),
              name: Type.Optional(Type.String({ maxLength: 128, pattern: '^[^\\u0000-\\u001f\\u007f]*$', description: 'The file name to save as' })),
              sig: Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$', description: 'HMAC-SHA256 of key, expiry and name' }),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Unsafe<Readable>({ type: 'string', format: 'binary', description: 'The file, streamed (CSV or XLSX)' }),
            ...errors(400, 403, 404, 410),
          },
        },
      },
      async (req, reply) => {
        const key = req.params['*'];
        const name = req.query.name ?? '';
        const verdict = store.verify(key, req.query.expires, name, req.query.sig);
        if (verdict === 'invalid') throw appError('FILE_LINK_INVALID');
        if (verdict === 'expired') throw appError('FILE_LINK_EXPIRED');
        const file = await store.open(key);
        if (!file) throw appError('FILE_NOT_FOUND');
        const ext = /\.([a-z0-9]+)$/.exec(key)?.[1] ?? '';
        void reply
          .header('content-type', CONTENT_TYPES[ext] ?? 'application/octet-stream')
          .header('content-length', String(file.bytes))
          .header('content-disposition', attachmentDisposition(name || key.split('/').pop()!))
          .header('cache-control', 'private, no-store')
          .header('x-content-type-options', 'nosniff');
        return reply.send(file.body);
      },
    );
  };
}
