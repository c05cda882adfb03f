import { and, eq, lt, sql } from '../../db/orm.js';
import type { Db } from '../../db/client.js';
import { idempotencyKeys } from '../../db/schema.js';

export type IdempotencyRow = typeof idempotencyKeys.$inferSelect;

/** Claims a key; returns false when it already exists (and has not expired). */
export async function claim(db: Db, row: { companyId: string; key: string; method: string; path: string; requestHash: string; ttlSeconds: number }): Promise<boolean> {
  // An expired claim is taken over in place, so a key can be reused after its window.
  const res = await db
    .insert(idempotencyKeys)
    .values({
      companyId: row.companyId,
      key: row.key,
      method: row.method,
      path: row.path,
      requestHash: row.requestHash,
      expiresAt: sql`now() + make_interval(secs => ${row.ttlSeconds})`,
    })
    .onConflictDoUpdate({
      target: [idempotencyKeys.companyId, idempotencyKeys.key],
      set: {
        method: row.method,
        path: row.path,
        requestHash: row.requestHash,
        responseStatus: null,
        responseBody: null,
        createdAt: sql`now()`,
        expiresAt: sql`now() + make_interval(secs => ${row.ttlSeconds})`,
      },
      // Also take over a claim whose request died mid-way (no response after 60 s).
      setWhere: sql`${idempotencyKeys.expiresAt} < now() or (${idempotencyKeys.responseStatus} is null and ${idempotencyKeys.createdAt} < now() - interval '60 seconds')`,
    })
    .returning({ key: idempotencyKeys.key });
  return res.length > 0;
}

export async function find(db: Db, companyId: string, key: string): Promise<IdempotencyRow | undefined> {
  const [row] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.companyId, companyId), eq(idempotencyKeys.key, key)));
  return row;
}

export async function complete(db: Db, companyId: string, key: string, status: number, body: unknown): Promise<void> {
  await db
    .update(idempotencyKeys)
    .set({ responseStatus: status, responseBody: body })
    .where(and(eq(idempotencyKeys.companyId, companyId), eq(idempotencyKeys.key, key)));
}

export async function release(db: Db, companyId: string, key: string): Promise<void> {
  await db.delete(idempotencyKeys).where(and(eq(idempotencyKeys.companyId, companyId), eq(idempotencyKeys.key, key)));
}

export async function pruneExpired(db: Db): Promise<number> {
  const rows = await db.delete(idempotencyKeys).where(lt(idempotencyKeys.expiresAt, sql`now()`)).returning({ key: idempotencyKeys.key });
  return rows.length;
}
