/**
 * `GET /metrics` (Prometheus text format) and the HTTP request metrics (docs/metrics.md).
 *
 * Where it is served:
 * - on the main port only when METRICS_TOKEN is set, and only with `Authorization: Bearer <token>`
 *   (401 METRICS_UNAUTHORIZED otherwise); without a token it answers 404 METRICS_NOT_EXPOSED, so a
 *   public API never shows its internals by default;
 * - on the internal listener (METRICS_PORT, METRICS_HOST) without a token: that address is meant to
 *   be reachable by the scraper only. It is how a worker process, which has no public server, is scraped.
 * METRICS_ENABLED=false: 404 METRICS_NOT_EXPOSED on the main port, and no internal listener.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { Type } from 'typebox';
import { appError } from '../../errors.js';
import { errors } from '../../http/common.schemas.js';
import { registerErrorHandling } from '../../http/error-handler.js';
import type { HubMetrics } from './metrics.js';

/** The label of requests no route matched: one series, whatever URLs a scanner tries. */
export const UNMATCHED_ROUTE = 'unmatched';

/** Counts every answer of `app` by route pattern (never the raw URL). Register before the routes. */
export function registerHttpMetrics(app: FastifyInstance, metrics: HubMetrics): void {
  if (!metrics.enabled) return;
  // Callback style, not async: no promise per request on this path.
  app.addHook('onResponse', (req, reply, done) => {
    metrics.http(req.method, routeOf(req), reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
}

function routeOf(req: FastifyRequest): string {
  return req.is404 ? UNMATCHED_ROUTE : (req.routeOptions.url ?? UNMATCHED_ROUTE);
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Constant time: both sides are hashed to 32 bytes first, so neither the token's length nor its content leaks. */
export function bearerMatches(header: string | undefined, tokenDigest: Buffer): boolean {
  if (header === undefined) return false;
  const m = /^Bearer +(\S+) *$/i.exec(header);
  return m !== null && timingSafeEqual(digest(m[1]!), tokenDigest);
}

/** The main port's `/metrics`: behind METRICS_TOKEN, or 404 when there is none. */
export function metricsRoutes(deps: { metrics: HubMetrics; token: string | undefined }): FastifyPluginAsyncTypebox {
  const { metrics } = deps;
  const tokenDigest = deps.token !== undefined && metrics.enabled ? digest(deps.token) : null;
  return async (app) => {
    app.get(
      '/metrics',
      {
        schema: {
          tags: ['Operations'],
          operationId: 'getMetrics',
          summary: 'Prometheus metrics of this process (text format)',
          description:
            'Served on this port only when the hub has `METRICS_TOKEN`, with `Authorization: Bearer <METRICS_TOKEN>` (401 `METRICS_UNAUTHORIZED` otherwise); without it, 404 `METRICS_NOT_EXPOSED`. The internal listener (`METRICS_PORT`) serves the same without a token. Families and labels: docs/metrics.md.',
          security: [{ metricsToken: [] }],
          response: {
            200: {
              description: 'The Prometheus text exposition format (version 0.0.4)',
              content: { 'text/plain': { schema: Type.String() } },
            },
            ...errors(401, 404),
          },
        },
      },
      async (req, reply) => {
        if (!tokenDigest) throw appError('METRICS_NOT_EXPOSED');
        if (!bearerMatches(req.headers.authorization, tokenDigest)) {
          void reply.header('www-authenticate', 'Bearer');
          throw appError('METRICS_UNAUTHORIZED');
        }
        return reply.type(metrics.contentType).send(await metrics.scrape());
      },
    );
  };
}

export interface MetricsListener {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * The internal listener: `/metrics` without a token on METRICS_HOST:METRICS_PORT, nothing else (any
 * other path is 404 ROUTE_NOT_FOUND). Undefined when METRICS_PORT is unset or metrics are off.
 */
export async function listenMetrics(
  metrics: HubMetrics,
  cfg: { enabled: boolean; port: number | undefined; host: string },
  log: Logger,
): Promise<MetricsListener | undefined> {
  if (cfg.port === undefined || !cfg.enabled) return undefined;
  // Warnings and errors only: a scrape every few seconds would otherwise log two lines each time.
  const app = Fastify({ loggerInstance: log.child({ module: 'metrics-listener' }, { level: 'warn' }) as FastifyBaseLogger });
  registerErrorHandling(app);
  app.get('/metrics', async (_req, reply) => reply.type(metrics.contentType).send(await metrics.scrape()));
  await app.listen({ port: cfg.port, host: cfg.host });
  const port = (app.server.address() as AddressInfo).port;
  log.info({ host: cfg.host, port }, 'metrics listener started');
  return { port, close: () => app.close() };
}
