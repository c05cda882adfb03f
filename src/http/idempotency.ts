import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/client.js';
import { AppError } from '../errors.js';
import * as repo from '../modules/idempotency/idempotency.repo.js';

const TTL_SECONDS = 24 * 3600;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** POST routes that honour `Idempotency-Key` (Stripe semantics). */
    idempotent?: boolean;
  }
  interface FastifyRequest {
    idempotencyKey?: string;
  }
}

/**
 * `Idempotency-Key` on POST: the same key and body within 24 h replays the first response (with
 * `Idempotent-Replayed: true`); the same key with another body is 422; a key whose first request is
 * still running is 409. 5xx answers are not stored, so the client can retry them with the same key.
 * Keys are per company. Must run after the partner is known and the body validated (preHandler).
 */
export function registerIdempotency(scope: FastifyInstance, db: Db): void {
  // Attached only to the routes that declare `config.idempotent` (onRoute), so every other request
  // skips two async hooks.
  scope.addHook('onRoute', (route) => {
    if (!(route.config as { idempotent?: boolean } | undefined)?.idempotent) return;
    route.preHandler = [...asArray(route.preHandler), preHandler];
    route.onSend = [...asArray(route.onSend), onSend];
  });

  async function preHandler(req: FastifyRequest, reply: FastifyReply) {
    if (!req.partner) return;
    const raw = req.headers['idempotency-key'];
    if (raw === undefined) return;
    const key = Array.isArray(raw) ? raw[0]! : raw;
    if (!KEY_PATTERN.test(key)) {
      throw new AppError('VALIDATION_FAILED', ['Idempotency-Key must be 1–255 visible ASCII characters']);
    }
    const path = req.routeOptions.url ?? req.url;
    const requestHash = hashRequest(req.method, req.url, req.body);
    const companyId = req.partner.companyId;
    if (await repo.claim(db, { companyId, key, method: req.method, path, requestHash, ttlSeconds: TTL_SECONDS })) {
      req.idempotencyKey = key;
      return;
    }
    const prior = await repo.find(db, companyId, key);
    if (!prior) throw new AppError('IDEMPOTENCY_KEY_IN_PROGRESS'); // claimed and released in between: let the client retry
    if (prior.requestHash !== requestHash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
    if (prior.responseStatus === null) throw new AppError('IDEMPOTENCY_KEY_IN_PROGRESS');
    void reply.header('idempotent-replayed', 'true');
    return reply.code(prior.responseStatus).send(prior.responseBody);
  }

  async function onSend(req: FastifyRequest, reply: FastifyReply, payload: unknown) {
    const key = req.idempotencyKey;
    if (!key || !req.partner) return payload;
    req.idempotencyKey = undefined;
    if (reply.statusCode >= 500) {
      await repo.release(db, req.partner.companyId, key);
    } else {
      const body = typeof payload === 'string' ? safeJson(payload) : null;
      await repo.complete(db, req.partner.companyId, key, reply.statusCode, body);
    }
    return payload;
  }
}

function asArray<T>(v: T | T[] | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function hashRequest(method: string, url: string, body: unknown): string {
  return createHash('sha256').update(`${method}\n${url}\n${canonicalJson(body)}`).digest('hex');
}

/** Key order must not matter: `{"a":1,"b":2}` and `{"b":2,"a":1}` are the same request. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(',')}}`;
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}
