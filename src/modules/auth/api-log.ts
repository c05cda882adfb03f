/**
 * The API log's decisions, pure: which routes are kept, what a request's outcome reads, the status
 * classes of the admin search, and its page cursor. The writing is api-log.hooks.ts's, the SQL the
 * repositories'.
 */

/**
 * Routes that are not API traffic: probes, metrics, the documentation, and downloads through signed
 * links (the link is the credential; a report download is not a partner call). Everything else — the
 * partner API, /v1 and /v2 gateway routes, carrier callbacks, onboarding, the admin API — is kept.
 */
const NOT_LOGGED_EXACT = new Set(['/healthz', '/readyz', '/metrics', '/openapi.json']);
const NOT_LOGGED_PREFIXES = ['/docs', '/files/'];

/** `route` is the matched route's pattern (`/api/partner/shipments/:id`); undefined for an unmatched URL. */
export function isLoggedRoute(route: string | undefined): route is string {
  if (route === undefined || route === '') return false;
  if (NOT_LOGGED_EXACT.has(route)) return false;
  for (const p of NOT_LOGGED_PREFIXES) if (route === p || route.startsWith(p.endsWith('/') ? p : `${p}/`)) return false;
  return true;
}

/**
 * The `outcome` of a request row: `success` below 400, else the error's registry code exactly as the
 * answer's `code` said it (`RATE_LIMITED`, `TOKEN_INVALID`, `DATABASE_UNAVAILABLE`: docs/errors.md).
 * Upper case keeps them apart from the credential checks' lower-case outcomes (`invalid_credentials`,
 * `secret_mismatch`). An error answer the hub raised no error for in this request (an Idempotency-Key
 * replaying a stored 4xx) reads `client_error` or `server_error`.
 */
export function requestOutcome(statusCode: number, errorCode: string | undefined): string {
  if (statusCode < 400) return 'success';
  if (errorCode) return errorCode;
  return statusCode < 500 ? 'client_error' : 'server_error';
}

export const STATUS_CLASSES = ['2xx', '3xx', '4xx', '5xx'] as const;
export type StatusClass = (typeof STATUS_CLASSES)[number];

/** The status codes of a class, as a half-open range [from, to). */
export function statusRange(c: StatusClass): { from: number; to: number } {
  const from = Number(c[0]) * 100;
  return { from, to: from + 100 };
}

/**
 * Keyset cursor of the admin search: the last row's `created_at` in microseconds since the epoch (the
 * column's own precision: login rows carry the database's clock, µs) and its id, `<µs>-<id>`. The
 * route's schema checks the syntax (CURSOR_PATTERN), so a bad cursor is a 400 before this is called.
 */
export const CURSOR_PATTERN = '^[0-9]{1,17}-[0-9]{1,16}$';

export function encodeCursor(atMicros: string, id: number): string {
  return `${atMicros}-${id}`;
}

export function decodeCursor(cursor: string): { atMicros: string; id: number } {
  const m = /^([0-9]{1,17})-([0-9]{1,16})$/.exec(cursor);
  if (!m) throw new RangeError('not a cursor');
  return { atMicros: m[1]!, id: Number(m[2]) };
}
