import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { toAppError } from '../http/error-handler.js';
import { describeDbError, isConnectionError } from './connection-errors.js';

/** A server-reported error as `pg` builds it (pg-protocol's DatabaseError with its SQLSTATE). */
function dbError(code: string, message: string): pg.DatabaseError {
  const e = new pg.DatabaseError(message, message.length, 'error');
  e.code = code;
  return e;
}
function sysError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code, errno: -1, syscall: 'connect' });
}

// Hand-written from PostgreSQL's SQLSTATE appendix, Node's socket errors and the messages pg and
// pg-pool raise themselves: each shape, and whether the request should get 503 DATABASE_UNAVAILABLE.
const TABLE: Array<[string, unknown, boolean]> = [
  ['57P01 admin_shutdown (pg_terminate_backend)', dbError('57P01', 'terminating connection due to administrator command'), true],
  ['57P02 crash_shutdown', dbError('57P02', 'terminating connection because of crash of another server process'), true],
  ['57P03 cannot_connect_now', dbError('57P03', 'the database system is starting up'), true],
  ['53300 too_many_connections', dbError('53300', 'sorry, too many clients already'), true],
  ['57014 statement timeout', dbError('57014', 'canceling statement due to statement timeout'), true],
  ['08006 connection_failure', dbError('08006', 'connection failure'), true],
  ['08001 sqlclient_unable_to_establish_sqlconnection', dbError('08001', 'could not connect'), true],
  ['08P01 protocol_violation', dbError('08P01', 'protocol violation'), true],
  ['25P03 idle-in-transaction timeout', dbError('25P03', 'terminating connection due to idle-in-transaction timeout'), true],
  ['23505 unique_violation', dbError('23505', 'duplicate key value violates unique constraint "x"'), false],
  ['23503 foreign_key_violation', dbError('23503', 'insert or update violates foreign key constraint'), false],
  ['40001 serialization_failure', dbError('40001', 'could not serialize access'), false],
  ['42P01 undefined_table', dbError('42P01', 'relation "nope" does not exist'), false],
  ['22P02 invalid_text_representation', dbError('22P02', 'invalid input syntax for type integer'), false],
  ['ECONNREFUSED', sysError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'), true],
  ['ECONNRESET', sysError('ECONNRESET', 'read ECONNRESET'), true],
  ['ETIMEDOUT', sysError('ETIMEDOUT', 'connect ETIMEDOUT 10.0.0.1:5432'), true],
  ['EPIPE', sysError('EPIPE', 'write EPIPE'), true],
  ['ENOTFOUND (DNS)', sysError('ENOTFOUND', 'getaddrinfo ENOTFOUND db.internal'), true],
  [
    'AggregateError of ECONNREFUSED (localhost: ::1 and 127.0.0.1)',
    Object.assign(
      new AggregateError([
        sysError('ECONNREFUSED', 'connect ECONNREFUSED ::1:5432'),
        sysError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'),
      ]),
      { code: 'ECONNREFUSED' },
    ),
    true,
  ],
  ['AggregateError without a code of its own', new AggregateError([sysError('ECONNREFUSED', 'connect ECONNREFUSED ::1:5432')]), true],
  ['pg: Connection terminated unexpectedly', new Error('Connection terminated unexpectedly'), true],
  ['pg: Connection terminated (client ended)', new Error('Connection terminated'), true],
  [
    'pg-pool: connect timeout, with its cause',
    new Error('Connection terminated due to connection timeout', { cause: new Error('Connection terminated unexpectedly') }),
    true,
  ],
  ['pg-pool: no free connection in time', new Error('timeout exceeded when trying to connect'), true],
  ['pg: query_timeout', new Error('Query read timeout'), true],
  ['pg: broken client', new Error('Client has encountered a connection error and is not queryable'), true],
  ['pg: ended client', new Error('Client was closed and is not queryable'), true],
  ['pg-pool: ended pool (shutdown)', new Error('Cannot use a pool after calling end on the pool'), true],
  ['pg-boss worker error (message suffixed)', new Error('Connection terminated unexpectedly (Queue: mail.send, Worker: 1)'), true],
  [
    'Drizzle wrapper around 57P01',
    Object.assign(new Error('Failed query: select 1\nparams: '), { cause: dbError('57P01', 'terminating connection due to administrator command') }),
    true,
  ],
  ['Drizzle wrapper around 23505', Object.assign(new Error('Failed query: insert …\nparams: '), { cause: dbError('23505', 'duplicate key') }), false],
  ['a message that only mentions it', new Error('Upstream said: Connection terminated'), false],
  ['TypeError (a bug)', new TypeError('Cannot read properties of undefined'), false],
  ['Fastify error code', Object.assign(new Error('body too large'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE' }), false],
  ['an AppError', new AppError('SHIPMENT_NOT_FOUND', ['shp_x']), false],
  ['undefined', undefined, false],
  ['a string', 'ECONNREFUSED', false],
  [
    'a cause cycle',
    (() => {
      const e = new Error('outer') as Error & { cause?: unknown };
      e.cause = e;
      return e;
    })(),
    false,
  ],
];

describe('isConnectionError', () => {
  it.each(TABLE)('%s → %s', (_name, err, expected) => {
    expect(isConnectionError(err)).toBe(expected);
  });
});

describe('toAppError on database failures', () => {
  it.each(TABLE.filter(([, , unavailable]) => unavailable))('%s → 503 DATABASE_UNAVAILABLE with Retry-After', (_name, err) => {
    const e = toAppError(err);
    expect(e.code).toBe('DATABASE_UNAVAILABLE');
    expect(e.statusCode).toBe(503);
    expect(Number(e.headers?.['retry-after'])).toBeGreaterThan(0);
    expect(e.message).not.toMatch(/127\.0\.0\.1|ECONN|terminat/); // no internal detail in the answer
  });

  it('a statement error stays a 500 INTERNAL_ERROR (it is a bug, not an outage)', () => {
    expect(toAppError(dbError('42P01', 'relation "nope" does not exist')).code).toBe('INTERNAL_ERROR');
  });
});

describe('describeDbError', () => {
  it('keeps the code and message only, and looks through Drizzle’s wrapper', () => {
    const inner = dbError('57P01', 'terminating connection due to administrator command');
    const d = describeDbError(Object.assign(new Error('Failed query: select 1'), { cause: inner, client: { huge: 'x'.repeat(3000) } }));
    expect(d).toEqual({ code: '57P01', message: 'terminating connection due to administrator command' });
    expect(describeDbError(new Error('Connection terminated unexpectedly'))).toEqual({ message: 'Connection terminated unexpectedly' });
  });
});
