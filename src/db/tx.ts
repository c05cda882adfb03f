import type pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
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
    const result = await fn({ db: drizzle(client, { schema }), client });
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
