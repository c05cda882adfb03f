import { and, asc, gt, sql } from '../../db/orm.js';
import type { Db } from '../../db/client.js';
import { events } from '../../db/schema.js';

export type EventRow = typeof events.$inferSelect;

export async function insertEvent(db: Db, row: typeof events.$inferInsert): Promise<void> {
  await db.insert(events).values(row);
}

export async function listEventsForCompany(db: Db, companyId: string, afterSeq: number, limit: number): Promise<EventRow[]> {
  return db
    .select()
    .from(events)
    .where(and(gt(events.seq, afterSeq), sql`${companyId} = any(${events.companyIds})`))
    .orderBy(asc(events.seq))
    .limit(limit);
}
