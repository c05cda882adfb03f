import { and, eq, isNull, lt, sql } from '../../db/orm.js';
import type { Db } from '../../db/client.js';
import { idempotencyKeys } from '../../db/schema.js';

export type IdempotencyRow = typeof idempotencyKeys.$inferSelect;

/**
 * Claims a key for one request, under the random token `claim`; returns false when the key is held
 * (answered, or still running and not stale) and has not expired.
 */
export async function claim(
  db: Db,
  row: { companyId: string; key: string; claim: string; method: string; path: string; requestHash: string; ttlSeconds: number; staleSeconds: number },
): Promise<boolean> {
  // An expired key is taken over in place, so a key can be reused after its window. So is a claim with
  // no answer after `staleSeconds`: its request died. The new token makes the old request powerless —
  // the shipment-create statement and complete/release act only under the current token — and a row
  // answered meanwhile (the create statement stores its 201 in the same commit) is no longer stale
  // when this upsert re-checks it under its row lock.
  const res = await db
    .insert(idempotencyKeys)
    .values({
      companyId: row.companyId,
      key: row.key,
      claim: row.claim,
      method: row.method,
      path: row.path,
      requestHash: row.requestHash,
      expiresAt: sql`now() + make_interval(secs => ${row.ttlSeconds})`,
    })
    .onConflictDoUpdate({
      target: [idempotencyKeys.companyId, idempotencyKeys.key],
      set: {
        claim: row.claim,
        method: row.method,
        path: row.path,
        requestHash: row.requestHash,
        responseStatus: null,
        responseBody: null,
        createdAt: sql`now()`,
        expiresAt: sql`now() + make_interval(secs => ${row.ttlSeconds})`,
      },
      setWhere: sql`${idempotencyKeys.expiresAt} < now() or (${idempotencyKeys.responseStatus} is null and ${idempotencyKeys.createdAt} < now() - make_interval(secs => ${row.staleSeconds}))`,
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

/** The request's own claim, still unanswered: nothing else may be completed or released by it. */
const held = (companyId: string, key: string, claim: string) =>
  and(
    eq(idempotencyKeys.companyId, companyId),
    eq(idempotencyKeys.key, key),
    eq(idempotencyKeys.claim, claim),
    isNull(idempotencyKeys.responseStatus),
  );

export async function complete(db: Db, companyId: string, key: string, claim: string, status: number, body: unknown): Promise<void> {
  await db
    .update(idempotencyKeys)
    .set({ responseStatus: status, responseBody: body })
    .where(held(companyId, key, claim));
}

export async function release(db: Db, companyId: string, key: string, claim: string): Promise<void> {
  await db.delete(idempotencyKeys).where(held(companyId, key, claim));
}

export async function pruneExpired(db: Db): Promise<number> {
  const rows = await db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.expiresAt, sql`now()`))
    .returning({ key: idempotencyKeys.key });
  return rows.length;
}
