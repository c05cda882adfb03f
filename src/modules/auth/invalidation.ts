import type { Logger } from 'pino';
import type { Database } from '../../db/client.js';
import { startListener } from '../../db/listen.js';
import type { Tx } from '../../db/tx.js';
import { AUTH_CHANNEL, type PrincipalCache } from './principal-cache.js';

/** What changed: an API key, a company (its keys' principals), or an admin (its token generation). */
export type AuthChange = `key:${string}` | `company:${string}` | `admin:${string}`;

/**
 * Tells every process that a key, company or admin changed. NOTIFY is transactional: other processes
 * hear it exactly when the change commits, and never if it rolls back. (A process of an older version
 * that does not know a message's kind clears its whole cache: safe, merely slower for a moment.)
 */
export async function notifyAuthChange(tx: Tx, message: AuthChange): Promise<void> {
  await tx.client.query('SELECT pg_notify($1, $2)', [AUTH_CHANNEL, message]);
}

/**
 * How the owners of keys, companies and admins (the partners and admin modules) report a change,
 * without knowing the principal cache: `announce` inside the transaction that makes it (other processes
 * hear it on commit), `applied` after the commit (this process drops its entries at once).
 */
export interface AuthInvalidation {
  announce(tx: Tx, change: AuthChange): Promise<void>;
  applied(change: AuthChange): void;
}

export function createAuthInvalidation(cache: PrincipalCache): AuthInvalidation {
  return { announce: notifyAuthChange, applied: (change) => cache.apply(change) };
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
