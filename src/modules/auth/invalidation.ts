import pg from 'pg';
import type { Logger } from 'pino';
import type { Database } from '../../db/client.js';
import type { Tx } from '../../db/tx.js';
import { AUTH_CHANNEL, type PrincipalCache } from './principal-cache.js';

/**
 * Tells every process that a key, company or admin changed. NOTIFY is transactional: other processes
 * hear it exactly when the change commits, and never if it rolls back. (A process of an older version
 * that does not know a message's kind clears its whole cache: safe, merely slower for a moment.)
 */
export async function notifyAuthChange(tx: Tx, message: `key:${string}` | `company:${string}` | `admin:${string}`): Promise<void> {
  await tx.client.query('SELECT pg_notify($1, $2)', [AUTH_CHANNEL, message]);
}

/**
 * Listens for changes made by other processes (PostgreSQL only: an embedded database has exactly
 * one process, which invalidates its cache directly). Reconnects with backoff and clears the cache
 * after each reconnect, since notifications sent while disconnected are lost.
 */
export function listenAuthChanges(database: Database, cache: PrincipalCache, log: Logger): { close(): Promise<void> } {
  if (database.kind !== 'postgres') return { close: async () => {} };
  let client: pg.Client | undefined;
  let closed = false;
  let delay = 250;
  const connect = async () => {
    if (closed) return;
    const c = new pg.Client({ connectionString: database.connectionString });
    c.on('error', (err) => {
      log.warn({ err }, 'auth invalidation listener lost its connection');
      c.end().catch(() => {});
      if (client === c) client = undefined;
      if (!closed) setTimeout(() => void connect(), delay).unref();
      delay = Math.min(delay * 2, 10_000);
    });
    c.on('notification', (n) => {
      if (n.channel === AUTH_CHANNEL) cache.apply(n.payload ?? '');
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${AUTH_CHANNEL}`);
      client = c;
      delay = 250;
      cache.clear();
    } catch (err) {
      c.emit('error', err);
    }
  };
  void connect();
  return {
    async close() {
      closed = true;
      await client?.end().catch(() => {});
    },
  };
}
