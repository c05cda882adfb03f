import { and, count, desc, eq, lt, type SQL } from '../../db/orm.js';
import type { Db } from '../../db/client.js';
import { apiLogs } from '../../db/schema.js';

export type ApiLogInsert = typeof apiLogs.$inferInsert;

export async function insertApiLog(db: Db, row: ApiLogInsert): Promise<void> {
  await db.insert(apiLogs).values(row);
}

export async function listApiLogs(db: Db, f: { companyId?: string; outcome?: string }, limit: number, offset: number) {
  const conds: SQL[] = [];
  if (f.companyId) conds.push(eq(apiLogs.companyId, f.companyId));
  if (f.outcome) conds.push(eq(apiLogs.outcome, f.outcome));
  const where = conds.length ? and(...conds) : undefined;
  const rows = await db.select().from(apiLogs).where(where).orderBy(desc(apiLogs.at), desc(apiLogs.id)).limit(limit).offset(offset);
  const [total] = await db.select({ n: count() }).from(apiLogs).where(where);
  return { rows, total: Number(total!.n) };
}

export async function pruneApiLogs(db: Db, before: Date): Promise<number> {
  const rows = await db.delete(apiLogs).where(lt(apiLogs.at, before)).returning({ id: apiLogs.id });
  return rows.length;
}
