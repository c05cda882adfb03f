import { lt } from '../../db/orm.js';
import type { Db } from '../../db/client.js';
import { apiLogs } from '../../db/schema.js';

export type ApiLogInsert = typeof apiLogs.$inferInsert;

export async function insertApiLog(db: Db, row: ApiLogInsert): Promise<void> {
  await db.insert(apiLogs).values(row);
}

export async function pruneApiLogs(db: Db, before: Date): Promise<number> {
  const rows = await db.delete(apiLogs).where(lt(apiLogs.at, before)).returning({ id: apiLogs.id });
  return rows.length;
}
