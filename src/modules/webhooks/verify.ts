/**
 * Partner-side verification of a FastForward webhook. Pure: no I/O (the clock is `opts.now`).
 *
 * Standard Webhooks headers (`webhook-id`, `webhook-timestamp`, `webhook-signature`) are preferred:
 * they sign the message id too, and carry one signature per secret during a rotation. When none of
 * them is present the seed's `X-Webhook-Signature` + `X-Webhook-Timestamp` are used; that signature
 * covers only timestamp and body, so partners should also dedupe on `X-Webhook-ID`.
 *
 * The HMAC is computed over the raw bytes received — never over re-serialised JSON — and compared in
 * constant time after a length check (`timingSafeEqual` throws on unequal lengths).
 */
import { timingSafeEqual } from 'node:crypto';
import type { WebhookPayload } from './payload.js';
import { decodeSigningSecret, HEADER, legacySignature, standardSignature } from './signing.js';

export const DEFAULT_TOLERANCE_SECONDS = 5 * 60;

export type WebhookVerificationErrorCode = 'MISSING_HEADERS' | 'TIMESTAMP_OUT_OF_RANGE' | 'INVALID_SIGNATURE' | 'INVALID_PAYLOAD';

/** `code` is stable for programs; `message` is for people and may change. */
export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError';
  constructor(
    readonly code: WebhookVerificationErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export type IncomingHeaders = Record<string, string | string[] | undefined> | Headers;

export interface VerifyOptions {
  /** Allowed clock difference in either direction, seconds. Default 300. */
  toleranceSeconds?: number;
  now?: Date;
}

const fail = (code: WebhookVerificationErrorCode, message: string): never => {
  throw new WebhookVerificationError(code, message);
};

/** Case-insensitive header lookup over a plain object (Node's `req.headers`, Lambda events) or `Headers`. */
function headerReader(headers: IncomingHeaders): (name: string) => string | undefined {
  if (typeof Headers !== 'undefined' && headers instanceof Headers) {
    return (name) => headers.get(name) ?? undefined;
  }
  const lower = new Map<string, string | string[] | undefined>();
  for (const [k, v] of Object.entries(headers)) lower.set(k.toLowerCase(), v);
  return (name) => {
    const v = lower.get(name.toLowerCase());
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) return v;
    // A repeated header is ambiguous for ids and timestamps; signatures may be split over lines.
    if (name.toLowerCase() === HEADER.stdSignature) return v.join(' ');
    return v.length === 1 ? v[0] : fail('MISSING_HEADERS', `header ${name} appears ${v.length} times`);
  };
}

function equalConstantTime(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

function checkTime(sentMs: number, opts: VerifyOptions): void {
  const tolerance = opts.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (!(tolerance >= 0)) throw new RangeError('toleranceSeconds must be ≥ 0');
  const nowMs = (opts.now ?? new Date()).getTime();
  const skew = (nowMs - sentMs) / 1000;
  if (skew > tolerance) fail('TIMESTAMP_OUT_OF_RANGE', `webhook timestamp is ${Math.round(skew)} s old (tolerance ${tolerance} s)`);
  if (-skew > tolerance) fail('TIMESTAMP_OUT_OF_RANGE', `webhook timestamp is ${Math.round(-skew)} s in the future (tolerance ${tolerance} s)`);
}

/** The seed's timestamp format, as sent: `2025-01-20T16:00:00.000Z` (milliseconds optional). */
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;

function verifyStandard(get: (n: string) => string | undefined, body: Buffer, key: Buffer, opts: VerifyOptions): void {
  const id = get(HEADER.stdId);
  const ts = get(HEADER.stdTimestamp);
  const sigs = get(HEADER.stdSignature);
  if (!id || !ts || !sigs) return fail('MISSING_HEADERS', 'webhook-id, webhook-timestamp and webhook-signature are all required');
  if (!/^\d{1,12}$/.test(ts)) return fail('MISSING_HEADERS', 'webhook-timestamp is not an integer number of seconds');
  const seconds = Number(ts);
  checkTime(seconds * 1000, opts);
  const expected = standardSignature(key, id, seconds, body);
  // Every listed signature is compared (no early exit), so timing does not reveal which one matched.
  let ok = false;
  for (const entry of sigs.split(' ')) {
    const comma = entry.indexOf(',');
    if (comma < 0 || entry.slice(0, comma) !== 'v1') continue; // other schemes (v1a: ed25519) are not ours
    if (equalConstantTime(entry.slice(comma + 1), expected)) ok = true;
  }
  if (!ok) fail('INVALID_SIGNATURE', 'no webhook-signature entry matches');
}

function verifyLegacy(get: (n: string) => string | undefined, body: Buffer, key: Buffer, opts: VerifyOptions): void {
  const sig = get(HEADER.signature);
  const ts = get(HEADER.timestamp);
  if (!sig || !ts) return fail('MISSING_HEADERS', 'webhook-* or X-Webhook-Signature + X-Webhook-Timestamp headers are required');
  if (!ISO_UTC.test(ts) || !Number.isFinite(Date.parse(ts))) return fail('MISSING_HEADERS', 'X-Webhook-Timestamp is not an ISO-8601 UTC time');
  checkTime(Date.parse(ts), opts);
  if (!equalConstantTime(sig.toLowerCase(), legacySignature(key, ts, body))) fail('INVALID_SIGNATURE', 'X-Webhook-Signature does not match');
}

function parsePayload(body: Buffer): WebhookPayload {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return fail('INVALID_PAYLOAD', 'webhook body is not JSON');
  }
  const v = value as Partial<Record<keyof WebhookPayload, unknown>> | null;
  if (
    typeof v !== 'object' ||
    v === null ||
    Array.isArray(v) ||
    typeof v.event !== 'string' ||
    typeof v.timestamp !== 'string' ||
    typeof v.webhookId !== 'string' ||
    !('data' in v)
  ) {
    return fail('INVALID_PAYLOAD', 'webhook body is not {event, timestamp, webhookId, data}');
  }
  return v as WebhookPayload;
}

/**
 * Verifies a delivery and returns its parsed payload, or throws `WebhookVerificationError`.
 * `secret` is the endpoint's `whsec_…` string (a malformed secret is a programming error: TypeError).
 */
export function verifyWebhook(rawBody: string | Buffer, headers: IncomingHeaders, secret: string, opts: VerifyOptions = {}): WebhookPayload {
  const key = decodeSigningSecret(secret);
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
  const get = headerReader(headers);
  const standard = [HEADER.stdId, HEADER.stdTimestamp, HEADER.stdSignature].some((n) => get(n) !== undefined);
  if (standard) verifyStandard(get, body, key, opts);
  else verifyLegacy(get, body, key, opts);
  return parsePayload(body);
}
