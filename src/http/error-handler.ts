import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { databaseUnavailable, isConnectionError } from '../db/connection-errors.js';
import { AppError, ERRORS, isAppError, type ErrorCode } from '../errors.js';

/**
 * One error handler, one envelope: `{ code, message, details?, requestId }`. Expected errors log at
 * warn; anything else is a 500 whose message and stack stay in the log, never in the response.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  // The API speaks JSON only: without this, Fastify's built-in text/plain parser let a text body
  // through to validation (400 "body must be object") instead of 415 UNSUPPORTED_MEDIA_TYPE.
  app.removeContentTypeParser('text/plain');

  // Requests that reach a closing server (pipelined, or on a kept-alive connection) get 503 in our
  // envelope. Fastify's own answer (return503OnClosing, turned off in app.ts) has another shape.
  let closing = false;
  // server.close() drops only the connections idle at that moment: one answering a request in flight
  // stayed open after its answer until the keep-alive timeout (72 s), so the grace period killed the
  // process (exit 1) after every SIGTERM under traffic. Idle connections are dropped every 100 ms
  // until the server has closed; a request that arrives on one before that gets the 503 below.
  let sweep: NodeJS.Timeout | undefined;
  app.addHook('preClose', async () => {
    closing = true;
    sweep = setInterval(() => app.server.closeIdleConnections(), 100).unref();
  });
  app.addHook('onClose', async () => clearInterval(sweep));
  app.addHook('onRequest', async () => {
    if (closing) throw new AppError('SERVICE_UNAVAILABLE', [], undefined, { connection: 'close', 'retry-after': '1' });
  });
  app.setErrorHandler((err: FastifyError | AppError, req: FastifyRequest, reply: FastifyReply) => {
    const e = toAppError(err, { bodyLimit: req.routeOptions.bodyLimit, contentType: req.headers['content-type'] });
    if (e.code === 'DATABASE_UNAVAILABLE') {
      // Logged once per outage by the database's health (a warning when it starts), not per request.
      req.server.deps?.database.health.failed(err);
      req.log.debug({ code: e.code, cause: (err as Error).message }, 'request failed: database unavailable');
    } else if (e.statusCode >= 500) req.log.error({ err }, 'unhandled error');
    else req.log.warn({ code: e.code, msg: e.message }, 'request rejected');
    if (e.headers) void reply.headers(e.headers);
    const body: Record<string, unknown> = { code: e.code, message: e.message, requestId: req.id };
    if (e.details !== undefined) body.details = e.details;
    return reply.code(e.statusCode).type('application/json; charset=utf-8').send(body);
  });

  app.setNotFoundHandler((req, reply) => {
    const e = new AppError('ROUTE_NOT_FOUND', [req.method, req.url.split('?')[0]!.slice(0, 200)]);
    return reply.code(404).send({ code: e.code, message: e.message, requestId: req.id });
  });
}

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_FAILED',
  FST_ERR_CTP_INVALID_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_BAD_URL: 'VALIDATION_FAILED',
  FST_ERR_ASYNC_CONSTRAINT: 'VALIDATION_FAILED',
};

/** `ctx`: the route's body limit and the request's Content-Type, for the 413 and 415 messages (Fastify's errors carry neither). */
export function toAppError(err: unknown, ctx: { bodyLimit?: number; contentType?: string } = {}): AppError {
  if (isAppError(err)) return err;
  const fe = err as FastifyError & {
    validation?: Array<{ instancePath: string; message?: string; params?: unknown; keyword: string }>;
    validationContext?: string;
  };
  if (fe?.validation) {
    const details = fe.validation.slice(0, 20).map((v) => ({
      field: `${fe.validationContext ?? 'body'}${v.instancePath.replace(/\//g, '.')}`,
      rule: v.keyword,
      message: v.message ?? 'is invalid',
      ...(v.keyword === 'additionalProperties' ? { params: v.params } : {}),
    }));
    const summary = details
      .map((d) => `${d.field} ${d.message}`)
      .slice(0, 3)
      .join('; ');
    return new AppError('VALIDATION_FAILED', [summary], details);
  }
  const mapped = fe?.code ? FASTIFY_CODES[fe.code] : undefined;
  if (mapped === 'PAYLOAD_TOO_LARGE') return new AppError(mapped, [String((fe as { limit?: number }).limit ?? ctx.bodyLimit ?? '')]);
  if (mapped === 'UNSUPPORTED_MEDIA_TYPE') return new AppError(mapped, [JSON.stringify(String(ctx.contentType ?? '').slice(0, 100))]);
  if (mapped === 'VALIDATION_FAILED') return new AppError(mapped, [fe.message.slice(0, 200)]);
  if (mapped) return new AppError(mapped);
  // The database is down, frozen or dropped the connection: the request may succeed if retried.
  if (isConnectionError(err)) return databaseUnavailable();
  const status = typeof fe?.statusCode === 'number' ? fe.statusCode : 500;
  if (status === 405) return new AppError('METHOD_NOT_ALLOWED');
  if (status >= 400 && status < 500) {
    // A client error raised by a plugin we did not map yet: keep it a 4xx with a stable code.
    const byStatus = (Object.keys(ERRORS) as ErrorCode[]).find((c) => ERRORS[c].status === status);
    return new AppError(byStatus ?? 'VALIDATION_FAILED', [String(fe.message ?? '').slice(0, 200)]);
  }
  return new AppError('INTERNAL_ERROR');
}
