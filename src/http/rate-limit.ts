import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { AppError } from '../errors.js';

const WINDOW_MS = 60_000;

export interface RateLimitDeps {
  redis: Redis | undefined;
}

/**
 * Per-company limits by tier on authenticated partner routes (60 / 500 / unlimited per minute),
 * counted in Redis when REDIS_URL is set so every process shares them. Must be registered in a scope
 * whose onRequest hook has already set `request.partner`.
 */
export async function partnerRateLimit(scope: FastifyInstance, deps: RateLimitDeps): Promise<void> {
  await scope.register(rateLimit, {
    hook: 'preParsing',
    timeWindow: WINDOW_MS,
    redis: deps.redis,
    nameSpace: 'ff-rl-partner:',
    keyGenerator: (req) => req.partner!.companyId,
    max: (req) => req.partner!.rateLimitPerMinute ?? 1,
    // Enterprise (null limit) is unlimited: no counter at all.
    allowList: (req) => req.partner?.rateLimitPerMinute == null,
    // Fail open if Redis is down: an outage of the counter store must not take the API down with it.
    skipOnError: true,
    errorResponseBuilder: (_req, ctx) => new AppError('RATE_LIMITED', [Math.ceil(ctx.ttl / 1000)]),
  });
  // Synchronous hooks (done callback): no promise per request for a few header writes.
  scope.addHook('onSend', (req, reply, payload, done) => {
    addStandardHeaders(req, reply, req.partner?.tier ?? 'partner');
    done(null, payload);
  });
}

/** Per-IP limits for unauthenticated routes (auth, onboarding, admin login): slows guessing. */
export async function ipRateLimit(scope: FastifyInstance, deps: RateLimitDeps, policy: string, max: number, windowMs = WINDOW_MS): Promise<void> {
  await scope.register(rateLimit, {
    hook: 'onRequest',
    timeWindow: windowMs,
    max,
    redis: deps.redis,
    nameSpace: `ff-rl-${policy}:`,
    skipOnError: true,
    errorResponseBuilder: (_req, ctx) => new AppError('RATE_LIMITED', [Math.ceil(ctx.ttl / 1000)]),
  });
  scope.addHook('onSend', (req, reply, payload, done) => {
    addStandardHeaders(req, reply, policy, windowMs);
    done(null, payload);
  });
}

/**
 * @fastify/rate-limit reports the reset as seconds from now. The seed wants `X-RateLimit-Reset` as
 * a timestamp (Unix seconds, as GitHub sends it); we also add the IETF `RateLimit` and
 * `RateLimit-Policy` fields (draft-ietf-httpapi-ratelimit-headers).
 */
function addStandardHeaders(_req: FastifyRequest, reply: FastifyReply, policy: string, windowMs = WINDOW_MS): void {
  const limit = reply.getHeader('x-ratelimit-limit');
  const remaining = reply.getHeader('x-ratelimit-remaining');
  const resetIn = reply.getHeader('x-ratelimit-reset');
  if (limit === undefined || resetIn === undefined) return;
  const seconds = Number(resetIn);
  void reply.header('x-ratelimit-reset', String(Math.floor(Date.now() / 1000) + seconds));
  void reply.header('ratelimit-policy', `"${policy}";q=${limit};w=${windowMs / 1000}`);
  void reply.header('ratelimit', `"${policy}";r=${remaining};t=${seconds}`);
}
