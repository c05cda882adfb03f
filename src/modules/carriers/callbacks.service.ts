/**
 * JNE's push callback (the seed's "Existing Flow"): authenticate the caller before
 * reading the JSON, validate, keep the raw body, drop exact duplicates, save the POD, and acknowledge
 * with ONE database statement. Publishing to `callback-update-status` happens after the answer, from
 * the stored row (relay.ts): a 200 therefore always means "committed", and no acknowledged callback
 * can be lost, whatever crashes next.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import net from 'node:net';
import type { Logger } from 'pino';
import type { Database } from '../../db/client.js';
import { AppError, appError } from '../../errors.js';
import { storableText, unstorablePath } from '../../lib/storable.js';
import { podOf } from '../../carriers/pod.js';
import { isValidAwb } from '../../carriers/awb.js';
import type { Tx } from '../../db/tx.js';
import { insertAcceptedCallback, insertRejectedCallback, listCallbacks, requeueCallback } from './carriers.repo.js';
import { parseJneCallback } from '../../carriers/jne/mapper.js';
import { CarrierPayloadError } from '../../carriers/model.js';
import type { CarriersConfig } from '../../carriers/settings.js';

/** Rejected bodies are kept for audit, cut to this size. */
const REJECTED_BODY_MAX = 8 * 1024;
/** At most this many rejected callbacks stored per address per minute: a flood must not fill the table. */
const REJECTED_PER_MINUTE = 60;

export function buildAllowList(entries: readonly string[]): net.BlockList | null {
  if (entries.length === 0) return null;
  const list = new net.BlockList();
  for (const e of entries) {
    const [addr, bits] = e.split('/') as [string, string | undefined];
    const family = net.isIPv6(addr) ? 'ipv6' : 'ipv4';
    if (bits !== undefined) list.addSubnet(addr, Number(bits), family);
    else list.addAddress(addr, family);
  }
  return list;
}

/** An IPv4-mapped IPv6 address (::ffff:1.2.3.4) is the IPv4 address for the allow-list. */
function normaliseIp(ip: string): { addr: string; family: 'ipv4' | 'ipv6' } {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (m) return { addr: m[1]!, family: 'ipv4' };
  return { addr: ip, family: net.isIPv6(ip) ? 'ipv6' : 'ipv4' };
}

const digest = (s: string) => createHash('sha256').update(s).digest();

export function createJneCallbacks(deps: { database: Database; config: CarriersConfig; log: Logger; onAccepted?: () => void }) {
  const { database, log } = deps;
  const secret = deps.config.jneCallback.secret;
  const secretDigest = secret ? digest(secret) : null;
  const allow = buildAllowList(deps.config.jneCallback.allowedIps);
  const rejectedWindow = new Map<string, number>();
  let windowStart = Date.now();

  /** Constant time: both sides are hashed to 32 bytes first, so neither length nor content leaks. */
  function tokenOk(token: string | undefined): boolean {
    if (!secretDigest || token === undefined) return false;
    return timingSafeEqual(digest(token), secretDigest);
  }

  function ipOk(ip: string): boolean {
    if (!allow) return true;
    const { addr, family } = normaliseIp(ip);
    return allow.check(addr, family);
  }

  async function reject(ip: string, rawBody: string, err: AppError): Promise<never> {
    const now = Date.now();
    if (now - windowStart > 60_000) {
      rejectedWindow.clear();
      windowStart = now;
    }
    const n = (rejectedWindow.get(ip) ?? 0) + 1;
    rejectedWindow.set(ip, n);
    if (n <= REJECTED_PER_MINUTE) {
      // Kept for the record only, so made storable: a raw NUL must not make the audit row fail too.
      const kept = storableText(rawBody.slice(0, REJECTED_BODY_MAX));
      await insertRejectedCallback(database.pool, { carrier: 'jne', remoteIp: ip, rawBody: kept, rejectCode: err.code }).catch((e: unknown) =>
        log.error({ err: e }, 'could not store a rejected callback'),
      );
    }
    log.warn({ ip, code: err.code, reason: err.message }, 'JNE callback rejected');
    throw err;
  }

  /** Authentication only: header and address. Called before the body is parsed. */
  function authenticated(token: string | undefined, ip: string): boolean {
    return tokenOk(token) && ipOk(ip);
  }

  return {
    /** Also the per-address failure limit's test (app.ts), which runs before the route reads the body. */
    authenticated,

    async receive(rawBody: string, token: string | undefined, ip: string): Promise<{ callbackId: number; duplicate: boolean }> {
      if (!authenticated(token, ip)) return reject(ip, rawBody, appError('CALLBACK_UNAUTHORIZED'));
      let payload: unknown;
      try {
        payload = JSON.parse(rawBody);
      } catch {
        return reject(ip, rawBody, appError('CALLBACK_INVALID', 'body is not JSON'));
      }
      // Before anything is acknowledged: a string PostgreSQL cannot store (NUL, an unpaired surrogate,
      // raw or as a \u escape) would be accepted here and then fail every later statement that carries
      // it — the relay's batch included.
      const bad = unstorablePath(payload);
      if (bad) return reject(ip, rawBody, appError('CALLBACK_INVALID', `${bad.slice(0, 100)} holds a NUL character or an unpaired surrogate`));
      let tracking;
      try {
        tracking = parseJneCallback(payload);
      } catch (err) {
        // Whatever the mapper cannot read is the caller's fault, never a 500 (and never retried by JNE forever).
        const reason = err instanceof CarrierPayloadError ? err.message : 'body could not be read';
        return reject(ip, rawBody, appError('CALLBACK_INVALID', reason.slice(0, 300)));
      }
      // The AWB keys the shipment, the POD row and the gateway cache: the hub's AWB syntax, upper case
      // as shipments store it (a path or a 200-character string is not an AWB).
      const awb = tracking.awb.toUpperCase();
      if (!isValidAwb(awb)) return reject(ip, rawBody, appError('CALLBACK_INVALID', 'awb is not a valid airway bill number'));
      tracking = { ...tracking, awb };
      const res = await insertAcceptedCallback(database.pool, {
        carrier: 'jne',
        remoteIp: ip,
        rawBody,
        bodyHash: createHash('sha256').update(rawBody).digest('hex'),
        awb: tracking.awb,
        pod: podOf(tracking),
      });
      if (res.inserted) deps.onAccepted?.();
      return { callbackId: res.id, duplicate: !res.inserted };
    },

    /** The admin's audit: stored callbacks, newest first. */
    list(q: { status: 'accepted' | 'rejected' | 'dead' | null; awb: string | null; limit: number; offset: number }) {
      return listCallbacks(database.pool, q);
    },

    /**
     * Publishes a stored callback anew with a fresh attempt budget, inside the caller's transaction (the
     * admin service records the replay in the same one); rejected callbacks are never replayed.
     */
    requeue(tx: Tx, id: number, note: string): Promise<'requeued' | 'rejected' | 'missing'> {
      return requeueCallback(tx.client, id, note);
    },
  };
}

export type JneCallbacks = ReturnType<typeof createJneCallbacks>;
