/**
 * The API log's hot path: request rows written in batches (api-log.hooks.ts queues them), one statement
 * per batch whatever its size. The builder-side functions of the log (search, prune) are in api-log.repo.ts.
 *
 * - PostgreSQL: `COPY api_logs (…) FROM STDIN`, the rows as COPY text. The server's cheapest way in (no
 *   statement to parse or plan, no arrays to build and unpack), and on our side a string per row instead
 *   of node-pg's per-element array encoding.
 * - Embedded: `insert … select * from unnest(…)`, the rows as one array per column (the embedded
 *   engine's wire bridge takes no COPY); the statement's text and plan are the same for 1 row or 500.
 *   Also PostgreSQL's way for a single row, when a refused batch is retried row by row.
 *
 * Either way the batch's per-second rollups (api-log.ts rollUpRequests, what the alert rules read) go
 * into `api_log_rollups` in the same transaction: a batch is counted there exactly when its rows are kept.
 */
import { from as copyFrom } from 'pg-copy-streams';
import type { Connection, Queryable } from '../../db/client.js';
import { copyTextLine, isoTimestamp } from '../../db/copy-text.js';
import { rollUpRequests, type RequestRollup } from './api-log.js';

/** One row of `api_logs` as the batch writes it (kind `request`, and anything else queued alike). */
export interface ApiLogRow {
  /** When the answer was sent: the row's `created_at` (the row itself is written up to a second later). */
  at: Date;
  kind: string;
  ip: string | null;
  apiKeyId: string | null;
  companyId: string | null;
  outcome: string;
  statusCode: number;
  userAgent: string | null;
  method: string | null;
  route: string | null;
  durationMs: number | null;
  requestId: string | null;
}

const ROLLUP_COLUMNS = `(at, method, route, requests, errors, latency)`;
/** Rollups as unnest's arrays, from parameter `$first` on. Latency arrays travel as text: unnest flattens a 2-D array. */
const rollupSelect = (first: number) =>
  `select a, m, r, n, e, l::int[] from unnest($${first}::timestamptz[], $${first + 1}::text[], $${first + 2}::text[], $${first + 3}::int[], $${first + 4}::int[], $${first + 5}::text[]) as t(a, m, r, n, e, l)`;
const rollupValues = (rollups: readonly RequestRollup[]) => [
  rollups.map((g) => g.at),
  rollups.map((g) => g.method),
  rollups.map((g) => g.route),
  rollups.map((g) => g.requests),
  rollups.map((g) => g.errors),
  rollups.map((g) => `{${g.latency.join(',')}}`),
];

/** Inserts the rows and their rollups in one statement. */
export async function insertApiLogRows(q: Queryable, rows: readonly ApiLogRow[]): Promise<void> {
  if (rows.length === 0) return;
  await q.query({
    name: 'api_logs_insert_batch',
    text: `with logged as (
             insert into api_logs (created_at, kind, ip, api_key_id, company_id, outcome, status_code, user_agent, method, route, duration_ms, request_id)
             select * from unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::text[],
                                  $9::text[], $10::text[], $11::real[], $12::text[]))
           insert into api_log_rollups ${ROLLUP_COLUMNS} ${rollupSelect(13)}`,
    values: [
      rows.map((r) => r.at),
      rows.map((r) => r.kind),
      rows.map((r) => r.ip),
      rows.map((r) => r.apiKeyId),
      rows.map((r) => r.companyId),
      rows.map((r) => r.outcome),
      rows.map((r) => r.statusCode),
      rows.map((r) => r.userAgent),
      rows.map((r) => r.method),
      rows.map((r) => r.route),
      rows.map((r) => r.durationMs),
      rows.map((r) => r.requestId),
      ...rollupValues(rollUpRequests(rows)),
    ],
  });
}

const COPY_SQL = `copy api_logs (created_at, kind, ip, api_key_id, company_id, outcome, status_code, user_agent, method, route, duration_ms, request_id) from stdin`;

/** The rows as COPY text, in COPY_SQL's column order. */
export function apiLogCopyText(rows: readonly ApiLogRow[]): string {
  let text = '';
  for (const r of rows)
    text += copyTextLine([
      isoTimestamp(r.at),
      r.kind,
      r.ip,
      r.apiKeyId,
      r.companyId,
      r.outcome,
      String(r.statusCode),
      r.userAgent,
      r.method,
      r.route,
      r.durationMs === null ? null : String(r.durationMs),
      r.requestId,
    ]);
  return text;
}

/**
 * PostgreSQL: the rows in one `COPY … FROM STDIN` and their rollups in one insert, one transaction, on
 * `client` (a connection of its own for the batch's length). Resolves once committed; rejects with the
 * server's error (the whole batch is then refused) or the connection's. On a rejection the transaction
 * may still be open: the caller must close the connection, not return it to the pool.
 */
export async function copyApiLogRows(client: Connection, rows: readonly ApiLogRow[]): Promise<void> {
  if (rows.length === 0) return;
  await client.query('begin');
  const copy = client.query(copyFrom(COPY_SQL));
  // One write and the end: 'finish' comes once the server has confirmed the COPY. (No stream pipeline:
  // its set-up per batch cost more than the write.)
  await new Promise<void>((resolve, reject) => {
    copy.once('finish', resolve);
    copy.once('error', reject);
    copy.end(apiLogCopyText(rows));
  });
  await client.query({
    name: 'api_log_rollups_insert',
    text: `insert into api_log_rollups ${ROLLUP_COLUMNS} ${rollupSelect(1)}`,
    values: rollupValues(rollUpRequests(rows)),
  });
  await client.query('commit');
}
