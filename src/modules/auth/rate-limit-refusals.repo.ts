/**
 * The table of 429 refusals (src/http/rate-limit-refusals.ts counts them in memory and flushes here). Read
 * by the anomaly rule `anomaly.rate_limit_burst` (src/modules/balance/anomalies.repo.ts).
 */
import type { Queryable } from '../../db/client.js';

export interface RefusalCountRow {
  windowStart: Date;
  policy: string;
  ip: string;
  companyId: string;
  apiKeyId: string;
  count: number;
}

/** Adds the counts in one statement; (windowStart, policy, ip, companyId, apiKeyId) must be unique in `rows`. */
export async function addRefusalCounts(q: Queryable, rows: readonly RefusalCountRow[]): Promise<void> {
  if (rows.length === 0) return;
  await q.query(
    `insert into rate_limit_refusals as r (window_start, policy, ip, company_id, api_key_id, count)
     select * from unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[])
     on conflict (window_start, policy, ip, company_id, api_key_id) do update set count = r.count + excluded.count`,
    [
      rows.map((r) => r.windowStart),
      rows.map((r) => r.policy),
      rows.map((r) => r.ip),
      rows.map((r) => r.companyId),
      rows.map((r) => r.apiKeyId),
      rows.map((r) => r.count),
    ],
  );
}

/** Deletes the minutes that started before `before` (the API log's retention). */
export async function pruneRefusals(q: Queryable, before: Date): Promise<number> {
  const res = await q.query('delete from rate_limit_refusals where window_start < $1', [before]);
  return res.rowCount ?? 0;
}
