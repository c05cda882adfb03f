import { createHash, randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { isFinalAnswer } from './answers.js';
import * as repo from './idempotency.repo.js';

const TTL_SECONDS = 24 * 3600;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** The key this request holds, under its own claim token. */
export interface IdempotencyClaim {
  key: string;
  claim: string;
  /** Set by a handler whose own transaction stored the answer (shipment create): onSend leaves the key alone. */
  answered: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** POST routes that honour `Idempotency-Key` (Stripe semantics). */
    idempotent?: boolean;
  }
  interface FastifyRequest {
    idempotency?: IdempotencyClaim;
  }
}

/**
 * `Idempotency-Key` on POST: the same key and body within 24 h replays the first final answer (with
 * `Idempotent-Replayed: true`); the same key with another body is 422; a key whose first request is
 * still running is 409. Only final answers are stored (modules/idempotency/answers.ts): a 5xx or a
 * refusal of the moment (capacity, quota) releases the key, so the client's retry runs again.
 * Keys are per company. Must run after the partner is known and the body validated (preHandler).
 *
 * Each claim carries a random token. A claim left without an answer for `staleSeconds` (its request
 * died with its process) is taken over under a new token; from then on the old request can neither
 * store nor release anything, and the shipment-create statement only creates under the current token
 * and stores its 201 in the same commit — so a key maps to at most one shipment whatever crashes.
 */
export function registerIdempotency(scope: FastifyInstance, db: Db, opts: { staleSeconds: number }): void {
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
    const claim = randomUUID();
    const claimed = await repo.claim(db, {
      companyId,
      key,
      claim,
      method: req.method,
      path,
      requestHash,
      ttlSeconds: TTL_SECONDS,
      staleSeconds: opts.staleSeconds,
    });
    if (claimed) {
      req.idempotency = { key, claim, answered: false };
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
    const held = req.idempotency;
    if (!held || held.answered || !req.partner) return payload;
    held.answered = true;
    const body = typeof payload === 'string' ? safeJson(payload) : null;
    const code =
      body && typeof body === 'object' && typeof (body as { code?: unknown }).code === 'string' ? (body as { code: string }).code : undefined;
    try {
      if (isFinalAnswer(reply.statusCode, code)) {
        await repo.complete(db, req.partner.companyId, held.key, held.claim, reply.statusCode, body);
      } else {
        await repo.release(db, req.partner.companyId, held.key, held.claim);
      }
    } catch (err) {
      // The request's own work is done (and, for a 2xx, committed): failing to record it must not turn
      // the answer into a 500 the client would take for "nothing happened". The key stays claimed without
      // an answer: retries get 409 until it is stale, then run again (the shipment create never needs
      // this: its statement stores its answer itself).
      req.log.error({ err, idempotencyKey: held.key, status: reply.statusCode }, 'could not record the Idempotency-Key answer');
    }
    return payload;
  }
}

function asArray<T>(v: T | T[] | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function hashRequest(method: string, url: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method}\n${url}\n${canonicalJson(body)}`)
    .digest('hex');
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
