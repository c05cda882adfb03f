/**
 * The webhook body (seed 003 phase 6): `{event, timestamp, webhookId, endpointId?, data}`. Pure apart
 * from the randomness in `newMessageId`.
 *
 * `webhookId` is the MESSAGE id — the seed's example carries the same "wh_123" in the body and in
 * `X-Webhook-ID`, and Standard Webhooks' `webhook-id` is the message id too. One message = one event
 * for one endpoint; it keeps its id on every retry and on manual replay, so partners dedupe on it
 * (the idempotency key). The endpoint's own id, useful to partners with several endpoints, goes in
 * the extra `endpointId` field.
 *
 * The string is built once per message and stored; every attempt sends those exact bytes (the
 * signature covers them), only the attempt timestamp in the headers changes.
 */
import { randomString } from '../../lib/ids.js';

export interface WebhookPayload<D = unknown> {
  event: string;
  /** When the event happened (ISO-8601, UTC), not when this attempt was sent. */
  timestamp: string;
  /** The message id: the partner's idempotency key. */
  webhookId: string;
  endpointId?: string;
  data: D;
}

export interface PayloadInput {
  event: string;
  occurredAt: Date;
  messageId: string;
  endpointId?: string;
  data: unknown;
}

export const MESSAGE_ID_PREFIX = 'msg';
const MESSAGE_ID = /^msg_[0-9a-z]{20}$/;

/** `msg_` + 20 × [0-9a-z], like `newId` in lib/ids.ts (that table has no message kind). No '.', by construction. */
export function newMessageId(): string {
  return `${MESSAGE_ID_PREFIX}_${randomString(20)}`;
}

export function isMessageId(value: string): boolean {
  return MESSAGE_ID.test(value);
}

/** Standard Webhooks: full-stop hierarchical names of [a-zA-Z0-9_], e.g. `shipment.updated`. */
const EVENT_TYPE = /^[a-zA-Z0-9_]+(?:\.[a-zA-Z0-9_]+)*$/;
/** Ids go into headers and the signed text: printable ASCII, no '.'. */
const SAFE_ID = /^[\x21-\x2d\x2f-\x7e]+$/;

/**
 * Why `data` would not survive JSON unchanged, or null. JSON.stringify silently drops undefined and
 * functions, turns NaN/Infinity into null and Maps into {}: the partner would then see something else
 * than we logged. Dates are allowed (they serialise to their ISO string).
 */
function jsonProblem(value: unknown, path: string, seen: Set<object> = new Set()): string | null {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : `${path} is ${value}`;
  if (typeof value !== 'object') return `${path} is a ${typeof value}`;
  if (value instanceof Date) return Number.isFinite(value.getTime()) ? null : `${path} is an invalid Date`;
  if (seen.has(value)) return `${path} is circular`;
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const p = jsonProblem(value[i], `${path}[${i}]`, seen);
        if (p) return p;
      }
      return null;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return `${path} is not a plain object`;
    for (const [k, v] of Object.entries(value)) {
      const p = jsonProblem(v, `${path}.${k}`, seen);
      if (p) return p;
    }
    return null;
  } finally {
    seen.delete(value);
  }
}

/**
 * The JSON body. Top-level keys always come in the order event, timestamp, webhookId, endpointId,
 * data (`endpointId` omitted when absent); `data` keeps the caller's key order.
 */
export function buildPayload(input: PayloadInput): string {
  const { event, occurredAt, messageId, endpointId, data } = input;
  if (!EVENT_TYPE.test(event)) throw new TypeError(`invalid webhook event type ${JSON.stringify(event)}`);
  if (!SAFE_ID.test(messageId)) throw new TypeError(`invalid webhook message id ${JSON.stringify(messageId)}`);
  if (endpointId !== undefined && !SAFE_ID.test(endpointId)) throw new TypeError(`invalid webhook endpoint id ${JSON.stringify(endpointId)}`);
  if (!Number.isFinite(occurredAt.getTime())) throw new TypeError('webhook occurredAt is an invalid Date');
  if (data === undefined) throw new TypeError('webhook data is undefined (use null for "no data")');

  const payload: WebhookPayload = {
    event,
    timestamp: occurredAt.toISOString(),
    webhookId: messageId,
    ...(endpointId === undefined ? {} : { endpointId }),
    data,
  };
  const problem = jsonProblem(data, 'data');
  if (problem) throw new TypeError(`webhook ${problem}`);
  return JSON.stringify(payload);
}
