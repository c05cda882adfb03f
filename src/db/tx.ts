import type pg from 'pg';
import { drizzle } from './orm.js';
import type { Database, Db } from './client.js';
import * as schema from './schema.js';

/** A transaction: Drizzle for the repositories, the raw client for pg-boss's `db` option. */
export interface Tx {
  readonly db: Db;
  readonly client: pg.PoolClient;
}

/**
 * Runs `fn` in one transaction on one connection. Everything inside must use `tx`, never the
 * pool: in embedded mode the pool has a single connection, so a stray pool query would wait forever.
 */
export async function withTransaction<T>(database: Database, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const client = await database.pool.connect();
  try {
    await client.query('BEGIN');
    // Drizzle is built only if the work uses it: hot paths use the raw client, and building it costs ~0.1 ms.
    let db: Db | undefined;
    const tx: Tx = {
      client,
      get db() {
        return (db ??= drizzle(client, { schema }));
      },
    };
    const result = await fn(tx);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
