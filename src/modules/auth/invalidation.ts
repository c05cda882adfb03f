import type { Logger } from 'pino';
import type { Database } from '../../db/client.js';
import { startListener } from '../../db/listen.js';
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
 * one process, which invalidates its cache directly). Reconnects with backoff, LISTENs again and clears
 * the cache after each reconnect, since notifications sent while disconnected are lost.
 */
export function listenAuthChanges(database: Database, cache: PrincipalCache, log: Logger): { close(): Promise<void> } {
  return startListener({
    database,
    channel: AUTH_CHANNEL,
    name: 'auth invalidation listener',
    log,
    onNotification: (payload) => cache.apply(payload),
    onListening: () => cache.clear(),
  });
}
