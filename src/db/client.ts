import pg from 'pg';
import type { Logger } from 'pino';
import { isConnectionError } from './connection-errors.js';
import { drizzle, type NodePgDatabase } from './orm.js';
import { startEmbedded } from './embedded.js';
import { createDatabaseHealth, type DatabaseHealth } from './health.js';
import * as schema from './schema.js';

export type Db = NodePgDatabase<typeof schema>;
/** One connection: a pooled client (a transaction) or a session of its own; what COPY and BEGIN…COMMIT need. */
export type Connection = pg.PoolClient | pg.Client;
/** Anything raw SQL runs on: the pool or one connection. */
export type Queryable = pg.Pool | Connection;

export interface Database {
  readonly kind: 'embedded' | 'postgres';
  readonly pool: pg.Pool;
  readonly db: Db;
  /** Connection string the pool uses (for the embedded engine, the loopback socket). */
  readonly connectionString: string;
  /** What this process's statements see: up, or down since when (drives the log and /readyz). */
  readonly health: DatabaseHealth;
  /** Connect timeout for the hub's own extra connections (LISTEN clients, sessions), in ms; 0 = none. */
  readonly connectTimeoutMs: number;
  /**
   * One connection without the pool's statement timeouts, for work that is legitimately long
   * (migrations, retention pruning). PostgreSQL: a dedicated client; embedded: the pool's connection.
   */
  openSession(): Promise<Session>;
  close(): Promise<void>;
}

export interface Session {
  readonly client: pg.Client | pg.PoolClient;
  /** Drizzle on this session's connection. */
  readonly db: Db;
  release(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL URL; undefined → embedded PGlite */
  url: string | undefined;
  /** Folder of the embedded database; null → in memory (tests) */
  dataDir: string | null;
  poolMax: number;
  /**
   * PostgreSQL only. Server-side `statement_timeout` of pooled connections (0 = none); the client gives
   * up on a statement QUERY_TIMEOUT_MARGIN_MS later (a frozen server never cancels anything itself).
   */
  statementTimeoutMs?: number;
  /** PostgreSQL only: a new connection (or a free slot in the pool) must be had within this; 0 = wait. */
  connectTimeoutMs?: number;
  /** Where the start and end of an outage are logged. */
  log?: Logger;
}

/** Defaults of DB_STATEMENT_TIMEOUT_MS and DB_CONNECT_TIMEOUT_MS (see config.ts). */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 5000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 3000;
/** The server cancels a slow statement first; the client waits this much longer before it gives up. */
export const QUERY_TIMEOUT_MARGIN_MS = 1000;
/** A transaction left open this long (a stuck process) is ended by the server, releasing its locks. */
const IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000;

// int8 (counts, bigserial) as JS numbers: they stay far below 2^53 here, and PGlite and pg then agree.
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

/**
 * pg-pool's `pool.query` destroys its connection after ANY failed query, an ordinary SQL error such as
 * a unique violation included: on PostgreSQL every duplicate tracking number would cost a reconnect,
 * and on the embedded engine (one connection) the next query raced the reconnect and failed. Here a
 * connection goes back to the pool after an error the server reported (DatabaseError: the session is
 * fine) and is dropped only after a connection-level failure.
 */
function keepConnectionsOnSqlErrors(pool: pg.Pool, health: DatabaseHealth): pg.Pool {
  const original = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  const query = async (config: unknown, values?: unknown) => {
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (err) {
      if (isConnectionError(err)) health.failed(err);
      throw err;
    }
    let broken: Error | undefined;
    try {
      const result = await client.query(config as pg.QueryConfig, values as unknown[] | undefined);
      health.ok();
      return result;
    } catch (err) {
      // A DatabaseError can still be connection-level (57P01 when the backend is terminated, 57014
      // after a statement timeout that a query read timeout may race): drop those connections too.
      if (!(err instanceof pg.DatabaseError) || isConnectionError(err)) broken = err as Error;
      if (isConnectionError(err)) health.failed(err);
      else health.ok();
      throw err;
    } finally {
      client.release(broken ?? false);
    }
  };
  (pool as unknown as { query: unknown }).query = (...args: unknown[]) =>
    typeof args[args.length - 1] === 'function' ? original(...args) : query(args[0], args[1]);
  return pool;
}

/**
 * Every pooled connection listens for its own 'error' for as long as it lives. pg-pool listens only
 * while a connection is idle: one that dies while checked out (a terminated backend between two
 * statements of a transaction, a server that stops) would otherwise emit 'error' with nobody listening,
 * which Node turns into an uncaught exception that ends the process. The statement in flight fails on
 * its own with the same error, and the release that follows drops the dead connection.
 */
function neverCrashOnConnectionErrors(pool: pg.Pool, health: DatabaseHealth): void {
  pool.on('connect', (client) => {
    client.on('error', (err) => health.failed(err));
  });
  // Idle connections that die are removed by pg-pool and reported here; the next query reconnects.
  pool.on('error', (err) => health.failed(err));
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  const health = createDatabaseHealth(opts.log);
  if (opts.url) {
    const statementTimeoutMs = opts.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
    const connectTimeoutMs = opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    const url = opts.url;
    const pool = keepConnectionsOnSqlErrors(
      new pg.Pool({
        connectionString: url,
        max: opts.poolMax,
        types,
        connectionTimeoutMillis: connectTimeoutMs,
        keepAlive: true,
        idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_TIMEOUT_MS,
        ...(statementTimeoutMs > 0 ? { statement_timeout: statementTimeoutMs, query_timeout: statementTimeoutMs + QUERY_TIMEOUT_MARGIN_MS } : {}),
      }),
      health,
    );
    neverCrashOnConnectionErrors(pool, health);
    return {
      kind: 'postgres',
      pool,
      db: drizzle(pool, { schema }),
      connectionString: url,
      health,
      connectTimeoutMs,
      async openSession() {
        const client = new pg.Client({ connectionString: url, types, connectionTimeoutMillis: connectTimeoutMs, keepAlive: true });
        client.on('error', (err) => health.failed(err));
        try {
          await client.connect();
        } catch (err) {
          await client.end().catch(() => {});
          throw err;
        }
        return { client, db: drizzle(client, { schema }), release: () => client.end().catch(() => {}) };
      },
      close: () => pool.end(),
    };
  }
  const embedded = await startEmbedded(opts.dataDir);
  const connectionString = `postgres://postgres@127.0.0.1:${embedded.port}/postgres?sslmode=disable`;
  // Exactly one connection: see embedded-worker.ts. Never idle it out: reconnecting costs a round trip.
  // No statement timeouts: the engine is in this process, so it cannot be unreachable, only busy.
  const pool = keepConnectionsOnSqlErrors(new pg.Pool({ connectionString, max: 1, idleTimeoutMillis: 0, types }), health);
  neverCrashOnConnectionErrors(pool, health);
  // PGlite is one session: if a connection was dropped, its named prepared statements outlive it and
  // the next connection would fail with "prepared statement already exists". Start each one clean.
  pool.on('connect', (client) => {
    client.query('DEALLOCATE ALL').catch(() => {});
  });
  return {
    kind: 'embedded',
    pool,
    db: drizzle(pool, { schema }),
    connectionString,
    health,
    connectTimeoutMs: 0,
    async openSession() {
      const client = await pool.connect();
      return { client, db: drizzle(client, { schema }), release: async () => client.release() };
    },
    close: async () => {
      await pool.end();
      await embedded.stop();
    },
  };
}
