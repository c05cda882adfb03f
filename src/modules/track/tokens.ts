/**
 * The tokens in "notify me" links: `<subscription id>.<HMAC-SHA256 of purpose and id>`, under a key
 * derived from the hub's master secret. Nothing is stored to check them, and a confirm token cannot
 * unsubscribe (nor the reverse). A confirmation is refused once older than CONFIRM_TTL_MS (the service
 * checks the row's `confirmation_sent_at`); an unsubscribe link works as long as the sign-up exists.
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

export type TokenPurpose = 'confirm' | 'unsubscribe';
export const CONFIRM_TTL_MS = 7 * 24 * 3600 * 1000;

export function deriveSubscriptionKey(master: string): Buffer {
  return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'fastforward tracking subscriptions v1', 32));
}

const mac = (key: Buffer, purpose: TokenPurpose, id: number) => createHmac('sha256', key).update(`${purpose}\n${id}`).digest();

export function subscriptionToken(key: Buffer, purpose: TokenPurpose, id: number): string {
  return `${id}.${mac(key, purpose, id).toString('base64url')}`;
}

/** The subscription id the token was made for, or null when it is malformed or not ours. */
export function readSubscriptionToken(key: Buffer, purpose: TokenPurpose, token: string): number | null {
  const m = /^([1-9][0-9]{0,15})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return null;
  const id = Number(m[1]);
  if (!Number.isSafeInteger(id)) return null;
  // Compared as text: decoding would ignore the last character's two spare bits, and accept four spellings of one MAC.
  const given = Buffer.from(m[2]!);
  const expected = Buffer.from(mac(key, purpose, id).toString('base64url'));
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
}
