import { and, asc, eq, lte, sql } from '../../db/orm.js';
import type { Db } from '../../db/client.js';
import { reports } from '../../db/schema.js';

export type ReportRow = typeof reports.$inferSelect;

export async function insertReport(db: Db, row: typeof reports.$inferInsert): Promise<void> {
  await db.insert(reports).values(row);
}

/** A report by id; with `companyId`, only that company's (another company's id reads as none). */
export async function findReport(db: Db, id: string, companyId: string | undefined): Promise<ReportRow | undefined> {
  const where = companyId === undefined ? eq(reports.id, id) : and(eq(reports.id, id), eq(reports.companyId, companyId));
  const [row] = await db.select().from(reports).where(where).limit(1);
  return row;
}

/** pending → running (or a run again after a crash); false: the report is finished already. */
export async function markRunning(db: Db, id: string): Promise<boolean> {
  const r = await db
    .update(reports)
    .set({ status: 'running', startedAt: new Date() })
    .where(and(eq(reports.id, id), sql`${reports.status} in ('pending', 'running')`))
    .returning({ id: reports.id });
  return r.length > 0;
}

export async function markReady(db: Db, id: string, v: { rows: number; bytes: number; objectKey: string; expiresAt: Date }): Promise<void> {
  await db
    .update(reports)
    .set({ status: 'ready', rows: v.rows, bytes: v.bytes, objectKey: v.objectKey, expiresAt: v.expiresAt, finishedAt: new Date(), error: null })
    .where(eq(reports.id, id));
}

export async function markFailed(db: Db, id: string, error: string): Promise<void> {
  await db.update(reports).set({ status: 'failed', error, finishedAt: new Date() }).where(eq(reports.id, id));
}

/** Ready reports past their expiry, oldest first. */
export async function listExpired(db: Db, now: Date, limit: number): Promise<Array<{ id: string; objectKey: string | null }>> {
  return db
    .select({ id: reports.id, objectKey: reports.objectKey })
    .from(reports)
    .where(and(eq(reports.status, 'ready'), lte(reports.expiresAt, now)))
    .orderBy(asc(reports.expiresAt))
    .limit(limit);
}

export async function markExpired(db: Db, id: string): Promise<void> {
  await db.update(reports).set({ status: 'expired', objectKey: null }).where(and(eq(reports.id, id), eq(reports.status, 'ready')));
}
