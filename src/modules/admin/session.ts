/**
 * The admin dashboard's session: the admin token (the same one `POST /api/admin/login` returns) in a
 * cookie — HttpOnly (no script reads it), SameSite=Strict (no other site's request carries it), Secure
 * in production, scoped to /api/admin — plus a CSRF token that requests changing anything must send
 * back in `X-CSRF-Token`: an HMAC of the session's token, so it needs no storage and is worthless
 * without the cookie. Bearer-token calls are not affected: a browser never adds that header by itself.
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'ff_admin_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function deriveCsrfKey(master: string): Buffer {
  return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'fastforward admin session csrf v1', 32));
}

export function csrfToken(key: Buffer, sessionToken: string): string {
  return createHmac('sha256', key).update(sessionToken).digest('base64url');
}

/** Whether a cookie-authenticated request may proceed: reads always, changes only with the matching token. */
export function csrfAllows(key: Buffer, method: string, sessionToken: string, header: unknown): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true;
  if (typeof header !== 'string' || header.length === 0) return false;
  const given = Buffer.from(header);
  const expected = Buffer.from(csrfToken(key, sessionToken));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function sessionCookieOptions(secure: boolean, maxAgeSeconds: number) {
  return { path: '/api/admin', httpOnly: true, sameSite: 'strict' as const, secure, maxAge: maxAgeSeconds };
}
