import { createHash, timingSafeEqual } from 'node:crypto';
import { randomString } from '../../lib/ids.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const API_KEY_PREFIX = 'ff_sk_live_';
export const API_KEY_PATTERN = '^ff_sk_live_[0-9A-Za-z]{32}$';

export function generateApiKey(): string {
  return API_KEY_PREFIX + randomString(32, BASE62);
}

/** 48 base62 characters ≈ 285 bits: far beyond guessing, so an unsalted SHA-256 (the seed's choice) is sound. */
export function generateSecret(): string {
  return randomString(48, BASE62);
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

// Compared against when the key does not exist, so a miss costs the same time as a wrong secret.
const DUMMY_HASH = hashSecret('dummy-secret-for-constant-time-miss');

/** Constant-time check of a presented secret against a stored SHA-256 hex hash. */
export function secretMatches(secret: string, storedHash: string | undefined): boolean {
  const presented = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash ?? DUMMY_HASH, 'hex');
  if (stored.length !== presented.length) return false;
  return timingSafeEqual(presented, stored) && storedHash !== undefined;
}

/** What lists show instead of the whole key. */
export function keyPreview(key: string): string {
  return `${key.slice(0, API_KEY_PREFIX.length + 4)}…${key.slice(-4)}`;
}
