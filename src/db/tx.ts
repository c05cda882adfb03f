import type pg from 'pg';
import { drizzle } from './orm.js';
import type { Database, Db } from './client.js';
import { isConnectionError } from './connection-errors.js';
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
  let client: pg.PoolClient;
  try {
    client = await database.pool.connect();
  } catch (err) {
    if (isConnectionError(err)) database.health.failed(err);
    throw err;
  }
  let broken: Error | undefined;
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
    database.health.ok();
    return result;
  } catch (err) {
    if (isConnectionError(err)) {
      // The connection is gone or stuck: no ROLLBACK (on a frozen server it would wait out another
      // timeout); dropping the connection ends the transaction on the server.
      broken = err as Error;
      database.health.failed(err);
    } else {
      await client.query('ROLLBACK').catch((e: unknown) => {
        broken = e as Error;
      });
    }
    throw err;
  } finally {
    client.release(broken ?? false);
  }
}
