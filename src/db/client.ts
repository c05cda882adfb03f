import pg from 'pg';
import { drizzle, type NodePgDatabase } from './orm.js';
import { startEmbedded } from './embedded.js';
import * as schema from './schema.js';

export type Db = NodePgDatabase<typeof schema>;
export type Queryable = pg.Pool | pg.PoolClient;

export interface Database {
  readonly kind: 'embedded' | 'postgres';
  readonly pool: pg.Pool;
  readonly db: Db;
  /** Connection string the pool uses (for the embedded engine, the loopback socket). */
  readonly connectionString: string;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL URL; undefined → embedded PGlite */
  url: string | undefined;
  /** Folder of the embedded database; null → in memory (tests) */
  dataDir: string | null;
  poolMax: number;
}

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
function keepConnectionsOnSqlErrors(pool: pg.Pool): pg.Pool {
  const original = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  const query = async (config: unknown, values?: unknown) => {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      return await client.query(config as pg.QueryConfig, values as unknown[] | undefined);
    } catch (err) {
      if (!(err instanceof pg.DatabaseError)) broken = err as Error;
      throw err;
    } finally {
      client.release(broken ?? false);
    }
  };
  (pool as unknown as { query: unknown }).query = (...args: unknown[]) =>
    typeof args[args.length - 1] === 'function' ? original(...args) : query(args[0], args[1]);
  return pool;
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.url) {
    const pool = keepConnectionsOnSqlErrors(new pg.Pool({ connectionString: opts.url, max: opts.poolMax, types }));
    pool.on('error', () => {
      /* idle client errors are reported by the next query; keep the process alive */
    });
    return {
      kind: 'postgres',
      pool,
      db: drizzle(pool, { schema }),
      connectionString: opts.url,
      close: () => pool.end(),
    };
  }
  const embedded = await startEmbedded(opts.dataDir);
  const connectionString = `postgres://postgres@127.0.0.1:${embedded.port}/postgres?sslmode=disable`;
  // Exactly one connection: see embedded-worker.ts. Never idle it out: reconnecting costs a round trip.
  const pool = keepConnectionsOnSqlErrors(new pg.Pool({ connectionString, max: 1, idleTimeoutMillis: 0, types }));
  pool.on('error', () => {});
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
    close: async () => {
      await pool.end();
      await embedded.stop();
    },
  };
}

