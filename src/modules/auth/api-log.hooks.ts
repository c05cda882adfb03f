import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Database } from '../../db/client.js';
import { describeDbError, isConnectionError } from '../../db/connection-errors.js';
import { toAppError } from '../../http/error-handler.js';
import { createBatchWriter, type BatchWriter } from '../../lib/batch-writer.js';
import { storableText } from '../../lib/storable.js';
import { isLoggedRoute, requestOutcome } from './api-log.js';
import { copyApiLogRows, insertApiLogRows, type ApiLogRow } from './api-log.batch-repo.js';

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * The API log's queue of this app: `dropped`, `pending`, `written` and `failedWrites` are counters for
     * metrics; `flush()` writes what waits now (tests). Present (and empty) when API_LOG_ENABLED is off.
     */
    apiLog: BatchWriter<ApiLogRow>;
  }
}

/** Rows per insert: 500 rows × 12 columns is one statement of a few tens of kB. */
export const API_LOG_BATCH = 500;
/** Rows held at most (a few MB): beyond this, during a database outage or a flood, rows are dropped and counted. */
export const API_LOG_QUEUE_MAX = 20_000;
export const API_LOG_FLUSH_MS = 1_000;
/**
 * A COPY has no client-side query timeout of its own (node-pg applies `query_timeout` to plain queries
 * only): past this the connection is closed, which ends the statement, and the batch stays queued. 500
 * rows take milliseconds; this is only for a server that stopped answering.
 */
export const API_LOG_COPY_TIMEOUT_MS = 10_000;

/**
 * PostgreSQL: one COPY on a pooled connection, closed (not returned to the pool) when the COPY failed
 * or outlived `timeoutMs`. The timeout's error reads as node-pg's own query timeout, a connection error.
 */
async function copyBatch(pool: Database['pool'], rows: readonly ApiLogRow[], timeoutMs: number): Promise<void> {
  const client = await pool.connect();
  let failed: unknown;
  const timer = setTimeout(() => {
    failed = new Error('Query read timeout (API log COPY)');
    // Ends the socket: the COPY's stream fails with "Connection terminated", and the server drops the statement.
    void client.end().catch(() => undefined);
  }, timeoutMs);
  try {
    await copyApiLogRows(client, rows);
  } catch (err) {
    failed ??= err;
    throw failed;
  } finally {
    clearTimeout(timer);
    // A connection whose COPY failed may be mid-protocol: never reuse it.
    client.release(failed === undefined ? undefined : failed instanceof Error ? failed : true);
  }
}

/**
 * The queue that writes request rows to `api_logs`, one statement per batch (api-log.batch-repo.ts):
 * COPY on PostgreSQL, a multi-row insert on the embedded engine and for single rows. A batch the
 * database refuses for a reason other than being unreachable is written again row by row, so one bad
 * row cannot hold back the rest (or the queue, forever); the refused rows are dropped and counted. An
 * unreachable database is its health's outage, logged once there, not an error of the log.
 */
export function createApiLogWriter(deps: {
  database: Pick<Database, 'kind' | 'pool'> & { health?: Database['health'] };
  log: Logger;
  copyTimeoutMs?: number;
}): BatchWriter<ApiLogRow> {
  const { pool, kind, health } = deps.database;
  const copyTimeoutMs = deps.copyTimeoutMs ?? API_LOG_COPY_TIMEOUT_MS;
  const write = async (rows: ApiLogRow[]): Promise<number> => {
    try {
      if (kind === 'postgres' && rows.length > 1) await copyBatch(pool, rows, copyTimeoutMs);
      else await insertApiLogRows(pool, rows);
      return 0;
    } catch (err) {
      // Unreachable, or not answering in time: the batch writer keeps the rows for its next attempt.
      if (isConnectionError(err)) throw err;
      if (rows.length === 1) {
        deps.log.error({ err: describeDbError(err), requestId: rows[0]!.requestId }, 'API log: row refused by the database; dropped');
        return 1;
      }
      // Row by row. Should the connection go midway, the whole batch is queued again and the rows
      // written before are written twice: rare (a bad row and an outage at once), and harmless in a log.
      let refused = 0;
      for (const row of rows) refused += await write([row]);
      return refused;
    }
  };
  return createBatchWriter<ApiLogRow>({
    name: 'API log',
    log: deps.log,
    write,
    maxBatch: API_LOG_BATCH,
    maxQueued: API_LOG_QUEUE_MAX,
    intervalMs: API_LOG_FLUSH_MS,
    onWriteError: (err, pending) => {
      if (health && isConnectionError(err)) health.failed(err);
      else deps.log.error({ err, pending }, 'API log: write failed; rows kept for the next attempt');
    },
  });
}

/**
 * Keeps every API request in `api_logs` (kind `request`): the company and API key when a partner
 * token was verified (`req.partner`, set by the partner scopes' onRequest), method, route pattern,
 * status, outcome, address, user agent, duration and request id. The row is queued in onResponse —
 * after the answer has gone — and written in batches by `writer`; nothing on the request path waits
 * for the database. Register on the root instance before any route, so every scope inherits the hooks.
 */
export function registerApiLog(app: FastifyInstance, writer: BatchWriter<ApiLogRow>, enabled: boolean): void {
  app.decorate('apiLog', writer);
  if (!enabled) return;
  writer.start();
  // The error's registry code, for the outcome: onError sees the error before the error handler answers it.
  const codes = new WeakMap<FastifyRequest, string>();
  app.addHook('onError', (req, _reply, err, done) => {
    codes.set(req, toAppError(err).code);
    done();
  });
  app.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions.url;
    // Unmatched URLs have no pattern to keep (and a raw URL is never stored); probes and docs are not API traffic.
    if (isLoggedRoute(route)) {
      const ua = req.headers['user-agent'];
      writer.push({
        at: new Date(),
        kind: 'request',
        // Client-controlled text (X-Forwarded-For under TRUST_PROXY, User-Agent) made storable: no NUL.
        ip: req.ip ? storableText(req.ip) : null,
        apiKeyId: req.partner?.apiKeyId ?? null,
        companyId: req.partner?.companyId ?? null,
        outcome: requestOutcome(reply.statusCode, codes.get(req)),
        statusCode: reply.statusCode,
        userAgent: ua ? storableText(ua.slice(0, 256)) : null,
        method: req.method,
        route,
        durationMs: Math.round(reply.elapsedTime * 100) / 100,
        requestId: req.id,
      });
    }
    done();
  });
  // onClose runs after the server stopped taking requests and the last answers went out: nothing is left behind.
  app.addHook('onClose', async () => writer.close());
}
