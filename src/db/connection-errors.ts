/**
 * Which failures mean "the database cannot be reached or cannot answer now" — as opposed to an error
 * in the statement itself. Pure: no I/O, unit-tested against a table of error shapes.
 *
 * Such a failure is the database's, not the request's: it answers 503 DATABASE_UNAVAILABLE with
 * Retry-After, and a pooled connection that saw it is dropped rather than reused.
 */
import { AppError } from '../errors.js';

/** Retry-After of a DATABASE_UNAVAILABLE answer: about a restart's length, and our timeouts' order. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** The answer to a request that needed a database it could not reach: 503 with Retry-After. */
export function databaseUnavailable(): AppError {
  return new AppError('DATABASE_UNAVAILABLE', [DATABASE_RETRY_AFTER_SECONDS], undefined, { 'retry-after': String(DATABASE_RETRY_AFTER_SECONDS) });
}

/** SQLSTATEs that mean the session or the server is going away, or cannot take more work. */
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown: pg_terminate_backend, or a fast shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up, shutting down, in recovery
  '53300', // too_many_connections
  '57014', // query_canceled: statement_timeout, the bound on a database that does not answer in time
  '25P03', // idle_in_transaction_session_timeout: the server closed the session
]);

/** Socket-level errors of Node's `net` and DNS when talking to the server. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
  'ENETDOWN',
  'EHOSTDOWN',
]);

/**
 * Messages of `pg` and `pg-pool` errors that carry no code at all. Matched on a prefix: these strings
 * are the libraries' own, stable across their versions.
 */
const DRIVER_MESSAGES = [
  'Connection terminated', // also "… unexpectedly" and "… due to connection timeout"
  'timeout exceeded when trying to connect', // pg-pool: no connection within connectionTimeoutMillis
  'Query read timeout', // pg: query_timeout, the client-side bound for a server that does not answer
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
  'Cannot use a pool after calling end on the pool', // the process is shutting down
  'timeout expired', // pg: connect timeout of a lone Client
];

const SQLSTATE = /^[0-9A-Z]{5}$/;

function isUnavailableCode(code: string): boolean {
  if (SOCKET_CODES.has(code)) return true;
  if (!SQLSTATE.test(code)) return false;
  return code.startsWith('08') || UNAVAILABLE_SQLSTATES.has(code);
}

/**
 * True when `err` (or an error it wraps: `cause`, AggregateError's `errors`, as Drizzle and Node's
 * happy-eyeballs connect produce) is a connection-level failure.
 */
export function isConnectionError(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 5) return false;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown; name?: unknown };
  // Our own errors were decided already.
  if (e.name === 'AppError') return false;
  if (typeof e.code === 'string' && e.code !== '') {
    if (isUnavailableCode(e.code)) return true;
    // Any other SQLSTATE is an error in the statement (a constraint, a syntax error…): not ours to retry.
    if (SQLSTATE.test(e.code)) return false;
  }
  if (typeof e.message === 'string' && DRIVER_MESSAGES.some((m) => (e.message as string).startsWith(m))) return true;
  if (e.cause !== undefined && isConnectionError(e.cause, depth + 1)) return true;
  if (Array.isArray(e.errors) && e.errors.some((x) => isConnectionError(x, depth + 1))) return true;
  return false;
}

/** A short description for logs: the code and the message, never the whole error object. */
export function describeDbError(err: unknown): { code?: string; message: string } {
  const e = err as { code?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } } | undefined;
  // Drizzle's "Failed query: <SQL>" wrapper: the cause says what happened.
  const inner = e && typeof e.message === 'string' && e.message.startsWith('Failed query:') && e.cause ? e.cause : e;
  const code = typeof inner?.code === 'string' ? inner.code : undefined;
  const message = typeof inner?.message === 'string' ? inner.message.slice(0, 300) : String(err).slice(0, 300);
  return code ? { code, message } : { message };
}
