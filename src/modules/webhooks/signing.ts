/**
 * Outgoing webhook headers for one delivery attempt (seed 003 phase 6 + Standard Webhooks v1). Pure
 * except for the randomness in `generateSigningSecret`.
 *
 * Two header families are sent side by side, as the Standard Webhooks migration guide recommends:
 *
 * - the seed's `X-Webhook-*`: `X-Webhook-Signature` = lowercase hex HMAC-SHA256, keyed with the
 *   CURRENT secret only, over `${X-Webhook-Timestamp}.${body}` — the timestamp string is exactly the
 *   header's value (ISO-8601 with milliseconds, e.g. `2025-01-20T16:00:00.000Z`), so a partner
 *   rebuilds the signed text from what they received without re-formatting a date;
 * - Standard Webhooks' `webhook-id` / `webhook-timestamp` / `webhook-signature`: base64 HMAC-SHA256
 *   over `${id}.${unixSeconds}.${body}`, one `v1,` entry per secret, so during a rotation window a
 *   partner holding either the new or the old secret verifies.
 *
 * The attempt time is truncated to whole seconds first, so both timestamps name the same instant
 * (Standard Webhooks only carries seconds). It is the time of THIS attempt and changes on every retry;
 * the event's own time is in the payload.
 */
import { createHmac, randomBytes } from 'node:crypto';

export const SECRET_PREFIX = 'whsec_';
/** Standard Webhooks: 24–64 random bytes. We generate 32 (the HMAC-SHA256 output size). */
export const SECRET_MIN_BYTES = 24;
export const SECRET_MAX_BYTES = 64;
export const SECRET_GENERATED_BYTES = 32;

export const HEADER = {
  contentType: 'Content-Type',
  event: 'X-Webhook-Event',
  timestamp: 'X-Webhook-Timestamp',
  id: 'X-Webhook-ID',
  signature: 'X-Webhook-Signature',
  stdId: 'webhook-id',
  stdTimestamp: 'webhook-timestamp',
  stdSignature: 'webhook-signature',
} as const;

export interface SignInput {
  /** Our message id (`msg_…`): the same on every retry, the partner's idempotency key. */
  messageId: string;
  eventType: string;
  /** When this attempt is sent. */
  timestamp: Date;
  /** The exact raw JSON sent as the request body. */
  body: string;
  /** Decoded HMAC keys, current first; older ones only while a rotation window is open. */
  secrets: readonly Buffer[];
}

/** Canonical base64 (standard alphabet, padded): what the `standardwebhooks` library decodes. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** Header values must not smuggle CR/LF; ids also must not contain '.', the signed-text separator. */
const HEADER_SAFE = /^[\x21-\x7e]+$/;

export function encodeSigningSecret(key: Buffer): string {
  if (key.length < SECRET_MIN_BYTES || key.length > SECRET_MAX_BYTES) {
    throw new RangeError(`a webhook signing secret has ${SECRET_MIN_BYTES}–${SECRET_MAX_BYTES} bytes, got ${key.length}`);
  }
  return SECRET_PREFIX + key.toString('base64');
}

/** A fresh secret as shown to partners: `whsec_` + base64 of 32 random bytes. */
export function generateSigningSecret(): string {
  return encodeSigningSecret(randomBytes(SECRET_GENERATED_BYTES));
}

/**
 * `whsec_<base64>` → the HMAC key bytes. The prefix is required (a bare string is more likely a
 * password or an API secret pasted in the wrong place), and the base64 must be canonical so one
 * secret has exactly one spelling.
 */
export function decodeSigningSecret(secret: string): Buffer {
  const fail = (why: string): never => {
    throw new TypeError(
      `invalid webhook signing secret: ${why} (expected "whsec_" followed by base64 of ${SECRET_MIN_BYTES}–${SECRET_MAX_BYTES} bytes)`,
    );
  };
  if (typeof secret !== 'string') return fail('not a string');
  if (!secret.startsWith(SECRET_PREFIX)) return fail('missing the "whsec_" prefix');
  const b64 = secret.slice(SECRET_PREFIX.length);
  if (b64.length === 0 || !BASE64.test(b64)) return fail('not base64');
  const key = Buffer.from(b64, 'base64');
  if (key.toString('base64') !== b64) return fail('not canonical base64');
  if (key.length < SECRET_MIN_BYTES || key.length > SECRET_MAX_BYTES) return fail(`${key.length} bytes`);
  return key;
}

function hmac(key: Buffer, parts: ReadonlyArray<string | Buffer>): Buffer {
  const h = createHmac('sha256', key);
  for (const p of parts) h.update(p);
  return h.digest();
}

/** The seed's signature: hex HMAC over `${timestampIso}.${body}`. Exported for the verifier. */
export function legacySignature(key: Buffer, timestampIso: string, body: string | Buffer): string {
  return hmac(key, [`${timestampIso}.`, body]).toString('hex');
}

/** One Standard Webhooks signature (without the `v1,` prefix): base64 HMAC over `${id}.${ts}.${body}`. */
export function standardSignature(key: Buffer, messageId: string, unixSeconds: number, body: string | Buffer): string {
  return hmac(key, [`${messageId}.${unixSeconds}.`, body]).toString('base64');
}

export function buildSignedHeaders(input: SignInput): Record<string, string> {
  const { messageId, eventType, timestamp, body, secrets } = input;
  if (!HEADER_SAFE.test(messageId) || messageId.includes('.')) {
    throw new TypeError(`webhook message id must be printable ASCII without '.', got ${JSON.stringify(messageId)}`);
  }
  if (!HEADER_SAFE.test(eventType)) throw new TypeError(`webhook event type must be printable ASCII, got ${JSON.stringify(eventType)}`);
  const ms = timestamp.getTime();
  if (!Number.isFinite(ms)) throw new TypeError('webhook timestamp is an invalid Date');
  if (secrets.length === 0) throw new TypeError('at least one signing secret is needed');
  for (const s of secrets) {
    if (s.length === 0) throw new TypeError('a signing secret is empty');
  }

  const unixSeconds = Math.floor(ms / 1000);
  const timestampIso = new Date(unixSeconds * 1000).toISOString();
  const current = secrets[0]!;
  return {
    [HEADER.contentType]: 'application/json',
    [HEADER.event]: eventType,
    [HEADER.timestamp]: timestampIso,
    [HEADER.id]: messageId,
    [HEADER.signature]: legacySignature(current, timestampIso, body),
    [HEADER.stdId]: messageId,
    [HEADER.stdTimestamp]: String(unixSeconds),
    [HEADER.stdSignature]: secrets.map((k) => `v1,${standardSignature(k, messageId, unixSeconds, body)}`).join(' '),
  };
}
