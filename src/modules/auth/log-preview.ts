import { API_KEY_PATTERN, keyPreview } from '../partners/credentials.js';

const API_KEY = new RegExp(API_KEY_PATTERN);

/**
 * What the API log keeps of a value a caller submitted as an API key (or an admin email that names
 * no admin). Callers paste the wrong thing into that field — a secret, a password — and admins read
 * the log, so the whole value is never stored.
 *
 * - A well-formed API key: the same preview as the key lists (`ff_sk_live_AbCd…wxyz`), so a log row
 *   can be matched to a key; the key is an identifier, its 32 random characters keep 24 hidden.
 * - Anything else: at most an eighth of it from each end (never more than 4 characters each), so a
 *   pasted secret keeps at least three quarters of its characters hidden, and a value shorter than
 *   8 characters shows nothing but `…`. Counted in code points, so no character is cut in half.
 *
 * drizzle/0005_admin_token_generation.sql rewrites older rows by the same rule in SQL.
 */
export function submittedPreview(value: string): string {
  if (API_KEY.test(value)) return keyPreview(value);
  const chars = Array.from(value);
  const n = Math.min(4, Math.floor(chars.length / 8));
  return `${chars.slice(0, n).join('')}…${n > 0 ? chars.slice(-n).join('') : ''}`;
}
