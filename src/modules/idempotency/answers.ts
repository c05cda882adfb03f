/**
 * Which answers an Idempotency-Key keeps for 24 h. Pure: no I/O.
 *
 * A stored answer is replayed to every retry with that key, so only answers a retry could never change
 * are stored (Stripe's rule): 2xx, and 4xx that describe the request itself (validation, a duplicate
 * tracking number, a status the shipment can no longer leave). A refusal that depends on the moment —
 * capacity, quota, rate limits, a busy resource — and every 5xx release the key instead, so the client's
 * retry with the same key runs the request again.
 */

/** Error codes of a 4xx that a later retry of the very same request may not get. */
export const TRANSIENT_CODES: ReadonlySet<string> = new Set([
  'CAPACITY_EXCEEDED',
  'MONTHLY_QUOTA_EXCEEDED',
  'RATE_LIMITED',
  'IDEMPOTENCY_KEY_IN_PROGRESS',
  'WEBHOOK_MESSAGE_IN_PROGRESS',
]);

/** Statuses that are about the moment, whatever their code: timeout, too early, too many requests. */
const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([408, 425, 429]);

export function isFinalAnswer(status: number, code: string | undefined): boolean {
  if (status >= 500 || status < 200) return false;
  if (status < 400) return true;
  if (TRANSIENT_STATUSES.has(status)) return false;
  return code === undefined || !TRANSIENT_CODES.has(code);
}
