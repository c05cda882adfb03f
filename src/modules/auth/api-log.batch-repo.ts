/**
 * The API log's hot path: request rows written in batches (api-log.hooks.ts queues them). Raw SQL, one
 * statement per batch whatever its size: the rows travel as one array per column (`unnest`), so the
 * statement's text and plan are the same for 1 row or 500, and PGlite and PostgreSQL run it alike.
 * The builder-side functions of the log (search, prune) are in api-log.repo.ts.
 */
import type { Queryable } from '../../db/client.js';

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

/** Inserts the rows in one statement. */
export async function insertApiLogRows(q: Queryable, rows: readonly ApiLogRow[]): Promise<void> {
  if (rows.length === 0) return;
  await q.query({
    name: 'api_logs_insert_batch',
    text: `insert into api_logs (created_at, kind, ip, api_key_id, company_id, outcome, status_code, user_agent, method, route, duration_ms, request_id)
           select * from unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::text[],
                                $9::text[], $10::text[], $11::real[], $12::text[])`,
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
    ],
  });
}
