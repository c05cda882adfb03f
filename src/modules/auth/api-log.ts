/**
 * The API log's decisions, pure: which routes are kept, what a request's outcome reads, the per-second
 * rollups written beside the rows, the status classes of the admin search, and its page cursor. The
 * writing is api-log.hooks.ts's, the SQL the repositories'.
 */
import { bucketIndex, REQUEST_LATENCY_BOUNDS_MS } from '../../lib/histogram.js';

/**
 * Routes that are not API traffic: probes, metrics, the documentation, and downloads through signed
 * links (the link is the credential; a report download is not a partner call). Everything else — the
 * partner API, /v1 and /v2 gateway routes, carrier callbacks, onboarding, the admin API — is kept.
 */
const NOT_LOGGED_EXACT = new Set([
  '/healthz',
  '/readyz',
  '/metrics',
  '/openapi.json',
  '/partner-onboarding',
  '/admin/integrations',
  '/track/:trackingNumber',
]);
const NOT_LOGGED_PREFIXES = ['/docs', '/files/', '/assets/'];

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

/** What a rollup needs of a queued row. */
export interface RollupSource {
  at: Date;
  kind: string;
  method: string | null;
  route: string | null;
  statusCode: number;
  durationMs: number | null;
}

/** Requests of one route and method answered within one second (`at`, the second's start). */
export interface RequestRollup {
  at: Date;
  method: string;
  route: string;
  requests: number;
  /** Answers with a 5xx status. */
  errors: number;
  /** Requests per bucket of REQUEST_LATENCY_BOUNDS_MS, the last element above the last bound. */
  latency: number[];
}

/**
 * The rows' request rollups: one per second, method and route met in `rows`, in order of first
 * appearance. Only request rows with a route and method count (credential-check rows are not traffic);
 * a row without a duration counts as a request but in no latency bucket.
 */
export function rollUpRequests(rows: readonly RollupSource[]): RequestRollup[] {
  const byKey = new Map<string, RequestRollup>();
  for (const r of rows) {
    if (r.kind !== 'request' || r.route === null || r.method === null) continue;
    const second = Math.floor(r.at.getTime() / 1000) * 1000;
    const key = `${second} ${r.method} ${r.route}`;
    let g = byKey.get(key);
    if (!g) {
      g = {
        at: new Date(second),
        method: r.method,
        route: r.route,
        requests: 0,
        errors: 0,
        latency: new Array<number>(REQUEST_LATENCY_BOUNDS_MS.length + 1).fill(0),
      };
      byKey.set(key, g);
    }
    g.requests++;
    if (r.statusCode >= 500) g.errors++;
    if (r.durationMs !== null) g.latency[bucketIndex(REQUEST_LATENCY_BOUNDS_MS, r.durationMs)]!++;
  }
  return [...byKey.values()];
}
