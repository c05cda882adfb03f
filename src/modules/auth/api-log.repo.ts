import { and, count, desc, eq, gte, inArray, lt, lte, or, sql, type SQL } from '../../db/orm.js';
import type { Db } from '../../db/client.js';
import { apiLogRollups, apiLogs } from '../../db/schema.js';

export type ApiLogInsert = typeof apiLogs.$inferInsert;

export async function insertApiLog(db: Db, row: ApiLogInsert): Promise<void> {
  await db.insert(apiLogs).values(row);
}

/** The admin search's filters; every one optional, all of them together (and). */
export interface ApiLogFilter {
  companyId?: string | undefined;
  apiKeyId?: string | undefined;
  /** The route pattern, exactly (`/api/partner/shipments/:id`). */
  route?: string | undefined;
  kind?: string | undefined;
  outcome?: string | undefined;
  /** Status codes in [statusFrom, statusTo). */
  statusFrom?: number | undefined;
  statusTo?: number | undefined;
  /** `created_at` in [from, to). */
  from?: Date | undefined;
  to?: Date | undefined;
}

/** Where a keyset page starts: after the row at (`created_at` in µs since the epoch, id), newest first. */
export interface ApiLogAfter {
  atMicros: string;
  id: number;
}

function filterWhere(f: ApiLogFilter): SQL | undefined {
  const conds: SQL[] = [];
  if (f.companyId) conds.push(eq(apiLogs.companyId, f.companyId));
  if (f.apiKeyId) conds.push(eq(apiLogs.apiKeyId, f.apiKeyId));
  if (f.route) conds.push(eq(apiLogs.route, f.route));
  if (f.kind) conds.push(eq(apiLogs.kind, f.kind));
  if (f.outcome) conds.push(eq(apiLogs.outcome, f.outcome));
  if (f.statusFrom !== undefined) conds.push(gte(apiLogs.statusCode, f.statusFrom));
  if (f.statusTo !== undefined) conds.push(lt(apiLogs.statusCode, f.statusTo));
  if (f.from) conds.push(gte(apiLogs.at, f.from));
  if (f.to) conds.push(lt(apiLogs.at, f.to));
  return conds.length ? and(...conds) : undefined;
}

/**
 * The log newest first (`created_at desc, id desc`), filtered, one page: after a keyset cursor and/or
 * an offset. `limit + 1` rows are read so that `hasMore` needs no count. `total` counts the rows
 * matching the filters (not the cursor) up to `countCap`: an exact count over a log of millions of
 * rows would cost more than the page itself, so past the cap the answer says `totalCapped`.
 */
export async function searchApiLogs(
  db: Db,
  f: ApiLogFilter,
  page: { limit: number; offset: number; after?: ApiLogAfter | undefined },
  countCap: number,
) {
  const where = filterWhere(f);
  let pageWhere = where;
  if (page.after) {
    // Exact to the microsecond (the column's precision), computed by the database, not a JS Date (ms).
    const at = sql`(timestamptz 'epoch' + ${page.after.atMicros}::bigint * interval '1 microsecond')`;
    // `created_at <= at` alone is what the (…, created_at) indexes serve; the `or` settles ties by id.
    pageWhere = and(where, lte(apiLogs.at, at), or(lt(apiLogs.at, at), lt(apiLogs.id, page.after.id)));
  }
  const rows = await db
    .select({
      id: apiLogs.id,
      at: apiLogs.at,
      atMicros: sql<string>`(extract(epoch from ${apiLogs.at}) * 1000000)::bigint::text`,
      kind: apiLogs.kind,
      ip: apiLogs.ip,
      apiKey: apiLogs.apiKey,
      apiKeyId: apiLogs.apiKeyId,
      companyId: apiLogs.companyId,
      outcome: apiLogs.outcome,
      statusCode: apiLogs.statusCode,
      userAgent: apiLogs.userAgent,
      method: apiLogs.method,
      route: apiLogs.route,
      durationMs: apiLogs.durationMs,
      requestId: apiLogs.requestId,
    })
    .from(apiLogs)
    .where(pageWhere)
    .orderBy(desc(apiLogs.at), desc(apiLogs.id))
    .limit(page.limit + 1)
    .offset(page.offset);
  const capped = db
    .select({ one: sql`1` })
    .from(apiLogs)
    .where(where)
    .limit(countCap + 1)
    .as('capped');
  const [total] = await db.select({ n: count() }).from(capped);
  const n = Number(total!.n);
  return { rows: rows.slice(0, page.limit), hasMore: rows.length > page.limit, total: Math.min(n, countCap), totalCapped: n > countCap };
}

/**
 * Deletes at most `chunk` rows older than `before`, oldest first; returns how many. The retention job
 * calls it until a chunk comes back short: each statement is short (no long lock, no long transaction,
 * within the pool's statement timeout) however far behind the log is.
 */
export async function pruneApiLogsChunk(db: Db, before: Date, chunk: number): Promise<number> {
  const oldest = db.select({ id: apiLogs.id }).from(apiLogs).where(lt(apiLogs.at, before)).orderBy(apiLogs.at).limit(chunk);
  const res = await db.delete(apiLogs).where(inArray(apiLogs.id, oldest));
  return res.rowCount ?? 0;
}

/** Deletes up to `chunk` of the oldest request rollups older than `before`; returns how many. */
export async function pruneApiLogRollupsChunk(db: Db, before: Date, chunk: number): Promise<number> {
  const oldest = db.select({ id: apiLogRollups.id }).from(apiLogRollups).where(lt(apiLogRollups.at, before)).orderBy(apiLogRollups.at).limit(chunk);
  const res = await db.delete(apiLogRollups).where(inArray(apiLogRollups.id, oldest));
  return res.rowCount ?? 0;
}
