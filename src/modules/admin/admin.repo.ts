import { count, eq, sql } from '../../db/orm.js';
import type { Db } from '../../db/client.js';
import { activityLogs, admins } from '../../db/schema.js';
import type { AdminPrincipal } from '../auth/principal-cache.js';

export type AdminRow = typeof admins.$inferSelect;

export async function countAdmins(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(admins);
  return Number(row!.n);
}

export async function insertAdmin(db: Db, row: typeof admins.$inferInsert): Promise<AdminRow> {
  const [a] = await db.insert(admins).values(row).returning();
  return a!;
}

/** The unique index on lower(email) refused an insert: another process created that admin first. */
export function isAdminEmailViolation(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
  return (e?.code ?? e?.cause?.code) === '23505' && (e?.constraint ?? e?.cause?.constraint) === 'admins_email_uq';
}

export async function findAdminByEmail(db: Db, email: string): Promise<AdminRow | undefined> {
  const [a] = await db
    .select()
    .from(admins)
    .where(sql`lower(${admins.email}) = lower(${email})`);
  return a;
}

export async function touchAdminLogin(db: Db, id: string): Promise<void> {
  await db
    .update(admins)
    .set({ lastLoginAt: sql`now()` })
    .where(eq(admins.id, id));
}

/** A new password also raises the token generation: every token issued before stops working. */
export async function updateAdminPassword(db: Db, id: string, passwordHash: string): Promise<void> {
  await db
    .update(admins)
    .set({ passwordHash, tokenGeneration: sql`${admins.tokenGeneration} + 1` })
    .where(eq(admins.id, id));
}

/** What every admin request is checked against; undefined when the admin no longer exists. */
export async function getAdminPrincipal(db: Db, id: string): Promise<AdminPrincipal | undefined> {
  const [row] = await db.select({ adminId: admins.id, tokenGeneration: admins.tokenGeneration }).from(admins).where(eq(admins.id, id));
  return row;
}

export async function insertActivity(db: Db, row: typeof activityLogs.$inferInsert): Promise<void> {
  await db.insert(activityLogs).values(row);
}
