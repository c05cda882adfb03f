import { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { AppError } from '../errors.js';
import type { RefusalSink } from './rate-limit-refusals.js';
import { FailoverStore, redisHealth } from './rate-limit-store.js';

const MINUTE = 60_000;

/** A budget: `max` requests per `windowMs` per key, named `policy` in the headers. */
export interface Limit {
  readonly store: FailoverStore;
  readonly policy: string;
  readonly max: number;
  readonly windowMs: number;
  /** Where refusals are counted (docs/balance.md "Anomalies"); none: not recorded. */
  readonly refusals?: RefusalSink | undefined;
}

/**
 * Every budget of one process. Each is ONE counter per key, whichever door spends it: the partner
 * API, the 3PL gateway and CMS tracking spend the same company budget; `/api/partner/auth` and
 * `/v1/authentication` the same per-address and per-API-key credential budgets. In Redis each budget
 * has its own name space (so every process shares it); in memory its own map.
 */
export interface RateLimits {
  /** Per company; policy and max come from the company's tier (enterprise: unlimited). */
  readonly company: FailoverStore;
  /** Credential checks per client address. */
  readonly credentials: Limit;
  /**
   * Credential checks per API key, from all addresses together: caps a guesser spread over many
   * addresses. Five addresses' worth, so that one address guessing cannot lock the key's owner out.
   */
  readonly credentialKeys: Limit;
  readonly adminLogin: Limit;
  readonly onboarding: Limit;
  /** Failed callback authentications (wrong X-Callback-Token, or an address off the allow-list) per address. */
  readonly callbackFailures: Limit;
  /** Order report creations per company (or admin): each one is an export job. */
  readonly reports: Limit;
  /** The public tracking page's API (no login), per client address. */
  readonly publicTracking: Limit;
  /** "Notify me" sign-ups per client address: each one mails a confirmation to the address given. */
  readonly trackingSubscribe: Limit;
  /** Counts the 429s of every budget (the company one included: `limitPerCompany` takes it). */
  readonly refusals: RefusalSink | undefined;
}

export function createRateLimits(deps: {
  redis: Redis | undefined;
  log: Logger;
  refusals?: RefusalSink | undefined;
  /** Report creations per company (or admin) per minute (REPORT_RATE_PER_MINUTE). */
  reportsPerMinute?: number;
}): RateLimits {
  const health = deps.redis ? redisHealth(deps.redis, deps.log) : undefined;
  const store = (nameSpace: string) => new FailoverStore(nameSpace, health);
  const refusals = deps.refusals;
  return {
    company: store('ff-rl-partner:'),
    credentials: { store: store('ff-rl-auth:'), policy: 'auth', max: 60, windowMs: MINUTE, refusals },
    credentialKeys: { store: store('ff-rl-auth-key:'), policy: 'auth-key', max: 300, windowMs: MINUTE, refusals },
    adminLogin: { store: store('ff-rl-admin-login:'), policy: 'admin-login', max: 20, windowMs: MINUTE, refusals },
    onboarding: { store: store('ff-rl-onboarding:'), policy: 'onboarding', max: 20, windowMs: 60 * MINUTE, refusals },
    callbackFailures: { store: store('ff-rl-callback-auth:'), policy: 'callback-auth', max: 20, windowMs: MINUTE, refusals },
    reports: { store: store('ff-rl-reports:'), policy: 'reports', max: deps.reportsPerMinute ?? 10, windowMs: MINUTE, refusals },
    publicTracking: { store: store('ff-rl-public-tracking:'), policy: 'public-tracking', max: 120, windowMs: MINUTE, refusals },
    trackingSubscribe: { store: store('ff-rl-tracking-subscribe:'), policy: 'tracking-subscribe', max: 10, windowMs: 60 * MINUTE, refusals },
    refusals,
  };
}

/**
 * Per-company limits by tier on authenticated partner routes (60 / 500 / unlimited per minute).
 * Register after the hook that sets `request.partner`.
 */
export function limitPerCompany(scope: FastifyInstance, store: FailoverStore, refusals?: RefusalSink): void {
  scope.addHook('onRequest', async (req, reply) => {
    const p = req.partner;
    if (!p) return;
    // Enterprise (null limit) is unlimited: no counter at all, and headers that say so.
    if (p.rateLimitPerMinute == null) return writeUnlimitedHeaders(reply);
    await spend(req, reply, p.companyId, { store, policy: p.tier, max: p.rateLimitPerMinute, windowMs: MINUTE, refusals });
  });
}

/** Per client address, before the body is read (IPv6 addresses count per /64, as one host usually has one). */
export function limitPerIp(scope: FastifyInstance, limit: Limit): void {
  scope.addHook('onRequest', (req, reply) => spend(req, reply, normalizeIP(req.ip), limit));
}

/** Per credential (an API key), once the body is parsed; requests without one are left to the handler's 400/401. */
export function limitPerCredential(scope: FastifyInstance, limit: Limit, credentialOf: (req: FastifyRequest) => unknown): void {
  scope.addHook('preHandler', async (req, reply) => {
    const id = credentialOf(req);
    // Longer than any key the hub issues: refused by the handler anyway, and not worth a counter.
    if (typeof id !== 'string' || id === '' || id.length > 128) return;
    await spend(req, reply, id, limit);
  });
}

/**
 * Per client address, counting only the requests `failed` says are unauthenticated. Once an address
 * has used its budget, every request from it is refused until the window resets, the right
 * credentials too: otherwise 429 would mean "wrong" and 200 "right", and guessing would go on.
 */
export function limitFailuresPerIp(scope: FastifyInstance, limit: Limit, failed: (req: FastifyRequest) => boolean): void {
  scope.addHook('onRequest', async (req, reply) => {
    const ip = normalizeIP(req.ip);
    if (failed(req)) return spend(req, reply, ip, limit);
    const { current, ttl } = await limit.store.peek(ip, limit.windowMs, limit.max);
    if (current >= limit.max) refuse(req, reply, limit, ttl);
  });
}

/** Remaining count behind the headers already written on this request. */
const shown = new WeakMap<FastifyRequest, number>();

/**
 * Counts the request and writes the headers, or answers 429. When several budgets apply (address and
 * API key), the headers describe the one closest to running out: that is the one the client hits next.
 */
async function spend(req: FastifyRequest, reply: FastifyReply, key: string, limit: Limit): Promise<void> {
  const { current, ttl } = await limit.store.incr(key, limit.windowMs, limit.max);
  if (current > limit.max) refuse(req, reply, limit, ttl);
  const remaining = limit.max - current;
  const before = shown.get(req);
  if (before === undefined || remaining < before) {
    shown.set(req, remaining);
    writeHeaders(reply, limit, remaining, seconds(ttl));
  }
}

function refuse(req: FastifyRequest, reply: FastifyReply, limit: Limit, ttl: number): never {
  // Counted in memory (no await, no I/O on the 429 path); the recorder writes per minute in the background.
  const p = req.partner;
  limit.refusals?.refused({ policy: limit.policy, ip: normalizeIP(req.ip), companyId: p?.companyId, apiKeyId: p?.apiKeyId });
  const s = seconds(ttl);
  writeHeaders(reply, limit, 0, s);
  void reply.header('retry-after', String(s));
  throw new AppError('RATE_LIMITED', [s]);
}

/** Never 0: a client told "retry in 0 seconds" retries at once. */
const seconds = (ttlMs: number) => Math.max(1, Math.ceil(ttlMs / 1000));

/**
 * The seed's headers, with `X-RateLimit-Reset` as a timestamp (Unix seconds, as GitHub sends it), plus
 * the IETF `RateLimit` and `RateLimit-Policy` fields (draft-ietf-httpapi-ratelimit-headers).
 */
function writeHeaders(reply: FastifyReply, limit: Limit, remaining: number, seconds: number): void {
  void reply.header('x-ratelimit-limit', String(limit.max));
  void reply.header('x-ratelimit-remaining', String(remaining));
  void reply.header('x-ratelimit-reset', String(Math.floor(Date.now() / 1000) + seconds));
  void reply.header('ratelimit-policy', `"${limit.policy}";q=${limit.max};w=${limit.windowMs / 1000}`);
  void reply.header('ratelimit', `"${limit.policy}";r=${remaining};t=${seconds}`);
}

/**
 * An unlimited company (enterprise, or an override lifted to null) still gets the three `X-RateLimit-*`
 * headers, so that a client reading them on every response finds them: limit and remaining are the
 * word `unlimited` (a number would be a limit), and the reset is the end of the current minute, the
 * window the other tiers count in. The IETF fields are left out: `RateLimit-Policy` requires a quota
 * (`q`), the draft has no value for "no quota", and it lets a server omit both fields.
 */
function writeUnlimitedHeaders(reply: FastifyReply): void {
  void reply.header('x-ratelimit-limit', 'unlimited');
  void reply.header('x-ratelimit-remaining', 'unlimited');
  void reply.header('x-ratelimit-reset', String(Math.ceil((Date.now() + 1) / MINUTE) * 60));
}
