import pg from 'pg';
import type { Logger } from 'pino';
import type { Database } from './client.js';
import { describeDbError } from './connection-errors.js';

export interface ListenerOptions {
  database: Database;
  /** A lower-case identifier (it is quoted in LISTEN, and pg_notify takes it as a string). */
  channel: string;
  /** Names the listener in logs. */
  name: string;
  log: Logger;
  onNotification(payload: string): void;
  /**
   * After every successful LISTEN, the first included: notifications sent while not listening are
   * lost, so this is where the caller catches up (clears a cache, looks for due work).
   */
  onListening?(): void;
}

const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 10_000;

/**
 * A dedicated LISTEN connection that never takes the process down: a lost connection (terminated
 * backend, server restart, network) is ended and replaced with backoff, LISTEN is issued again on each
 * new connection, and `onListening` runs after it. One warning when it is lost, one line when it is
 * back — not one per attempt. PostgreSQL only (the embedded engine is one process: no-op).
 */
export function startListener(opts: ListenerOptions): { close(): Promise<void>; readonly listening: boolean } {
  const { database, channel, name, log } = opts;
  if (database.kind !== 'postgres') return { close: async () => {}, listening: false };
  let current: pg.Client | undefined;
  let closed = false;
  let delay = FIRST_RETRY_MS;
  let lostSince: number | undefined;
  let timer: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    timer = undefined;
    if (closed) return;
    const c = new pg.Client({
      connectionString: database.connectionString,
      connectionTimeoutMillis: database.connectTimeoutMs,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    let failed = false;
    // Once per client, whatever reports it first: the 'error' event, 'end', or a failed connect/LISTEN.
    const fail = (err: unknown) => {
      if (failed) return;
      failed = true;
      c.removeAllListeners('notification');
      c.end().catch(() => {});
      if (current === c) current = undefined;
      if (closed) return;
      if (lostSince === undefined) {
        lostSince = Date.now();
        log.warn({ listener: name, db: describeDbError(err) }, `${name}: LISTEN connection lost; reconnecting with backoff`);
      } else {
        log.debug({ listener: name, db: describeDbError(err), retryInMs: delay }, `${name}: LISTEN reconnect failed`);
      }
      timer = setTimeout(() => void connect(), delay);
      timer.unref();
      delay = Math.min(delay * 2, MAX_RETRY_MS);
    };
    c.on('error', fail);
    c.on('end', () => fail(new Error('Connection terminated')));
    c.on('notification', (n) => {
      if (n.channel === channel) opts.onNotification(n.payload ?? '');
    });
    try {
      await c.connect();
      await c.query(`LISTEN "${channel}"`);
    } catch (err) {
      fail(err);
      return;
    }
    if (failed) return;
    if (closed) {
      failed = true;
      await c.end().catch(() => {});
      return;
    }
    current = c;
    delay = FIRST_RETRY_MS;
    if (lostSince !== undefined) {
      log.info({ listener: name, lostMs: Date.now() - lostSince }, `${name}: listening again`);
      lostSince = undefined;
    }
    try {
      opts.onListening?.();
    } catch (err) {
      log.error({ listener: name, err }, `${name}: catching up after LISTEN failed`);
    }
  };
  void connect();

  return {
    get listening() {
      return current !== undefined;
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      const c = current;
      current = undefined;
      if (c) {
        c.removeAllListeners('end');
        c.removeAllListeners('notification');
        await c.end().catch(() => {});
      }
    },
  };
}
