import { and, asc, count, desc, eq, isNull, sql, type SQL } from '../../db/orm.js';
import type { Db } from '../../db/client.js';
import { apiKeys, companies, companyUsage, webhookEndpoints } from '../../db/schema.js';

export type CompanyRow = typeof companies.$inferSelect;
export type ApiKeyRow = typeof apiKeys.$inferSelect;
export type WebhookRow = typeof webhookEndpoints.$inferSelect;

export async function insertCompany(db: Db, row: typeof companies.$inferInsert, period: string): Promise<CompanyRow> {
  const [company] = await db.insert(companies).values(row).returning();
  await db.insert(companyUsage).values({ companyId: row.id, period, activeShipments: 0, monthShipments: 0 });
  return company!;
}

export async function companyEmailExists(db: Db, email: string): Promise<boolean> {
  const rows = await db
    .select({ id: companies.id })
    .from(companies)
    .where(sql`lower(${companies.email}) = lower(${email})`)
    .limit(1);
  return rows.length > 0;
}

/** The unique index on lower(email) refused an insert: a concurrent onboarding with the same email won. */
export function isCompanyEmailViolation(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
  return (e?.code ?? e?.cause?.code) === '23505' && (e?.constraint ?? e?.cause?.constraint) === 'companies_email_uq';
}

export async function getCompany(db: Db, id: string): Promise<CompanyRow | undefined> {
  const [row] = await db.select().from(companies).where(eq(companies.id, id));
  return row;
}

export async function insertApiKey(db: Db, row: typeof apiKeys.$inferInsert): Promise<ApiKeyRow> {
  const [key] = await db.insert(apiKeys).values(row).returning();
  return key!;
}

export async function listApiKeys(db: Db, companyId: string): Promise<ApiKeyRow[]> {
  return db.select().from(apiKeys).where(eq(apiKeys.companyId, companyId)).orderBy(asc(apiKeys.createdAt), asc(apiKeys.id));
}

export async function getApiKey(db: Db, companyId: string, keyId: string): Promise<ApiKeyRow | undefined> {
  const [row] = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.companyId, companyId)));
  return row;
}

/**
 * Serialises key creation per company so the active-key limit holds under concurrency: the count that
 * follows is a new statement, so it sees a key committed by the creation it waited for. NO KEY UPDATE
 * does not conflict with the KEY SHARE locks that shipment inserts take on the company row.
 */
export async function lockCompanyForKeys(db: Db, companyId: string): Promise<void> {
  await db.select({ id: companies.id }).from(companies).where(eq(companies.id, companyId)).for('no key update');
}

export async function countActiveKeys(db: Db, companyId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(apiKeys)
    .where(and(eq(apiKeys.companyId, companyId), isNull(apiKeys.revokedAt)));
  return Number(row!.n);
}

/** Locks the company's active keys so two concurrent revokes cannot both pass the last-key check. */
export async function lockActiveKeys(db: Db, companyId: string): Promise<Array<{ id: string }>> {
  return db
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(and(eq(apiKeys.companyId, companyId), isNull(apiKeys.revokedAt)))
    .for('update');
}

export async function revokeApiKey(db: Db, companyId: string, keyId: string): Promise<ApiKeyRow | undefined> {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, now())` })
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.companyId, companyId)))
    .returning();
  return row;
}

export interface KeyForAuth {
  keyId: string;
  companyId: string;
  secretHash: string;
  revoked: boolean;
  companyName: string;
  companyStatus: string;
  tier: string;
}

export async function findKeyForAuth(db: Db, key: string): Promise<KeyForAuth | undefined> {
  const [row] = await db
    .select({
      keyId: apiKeys.id,
      companyId: apiKeys.companyId,
      secretHash: apiKeys.secretHash,
      revoked: sql<boolean>`${apiKeys.revokedAt} is not null`,
      companyName: companies.name,
      companyStatus: companies.status,
      tier: companies.tier,
    })
    .from(apiKeys)
    .innerJoin(companies, eq(companies.id, apiKeys.companyId))
    .where(eq(apiKeys.key, key));
  return row;
}

export async function touchApiKey(db: Db, keyId: string): Promise<void> {
  await db
    .update(apiKeys)
    .set({ lastUsedAt: sql`now()` })
    .where(eq(apiKeys.id, keyId));
}

export interface PrincipalRow {
  keyId: string;
  companyId: string;
  keyRevoked: boolean;
  companyStatus: string;
  tier: string;
  rateLimitPerMinute: number | null;
}

const principalQuery = (db: Db) =>
  db
    .select({
      keyId: apiKeys.id,
      companyId: apiKeys.companyId,
      keyRevoked: sql<boolean>`${apiKeys.revokedAt} is not null`,
      companyStatus: companies.status,
      tier: companies.tier,
      rateLimitPerMinute: companies.rateLimitPerMinute,
    })
    .from(apiKeys)
    .innerJoin(companies, eq(companies.id, apiKeys.companyId))
    .where(eq(apiKeys.id, sql.placeholder('keyId')))
    .prepare('principal_by_key');

const prepared = new WeakMap<Db, ReturnType<typeof principalQuery>>();

/** Runs on every authenticated request that misses the cache: a prepared statement, one round trip. */
export async function getPrincipal(db: Db, keyId: string): Promise<PrincipalRow | undefined> {
  let q = prepared.get(db);
  if (!q) {
    q = principalQuery(db);
    prepared.set(db, q);
  }
  const [row] = await q.execute({ keyId });
  return row;
}

export async function insertWebhooks(db: Db, rows: Array<typeof webhookEndpoints.$inferInsert>): Promise<WebhookRow[]> {
  if (rows.length === 0) return [];
  return db.insert(webhookEndpoints).values(rows).returning();
}

export async function listWebhooks(db: Db, companyId: string): Promise<WebhookRow[]> {
  return db.select().from(webhookEndpoints).where(eq(webhookEndpoints.companyId, companyId)).orderBy(asc(webhookEndpoints.createdAt));
}

// The admin's company views and settings: the companies table is this module's, so its SQL is here.
const companyWithUsage = {
  company: companies,
  activeShipments: companyUsage.activeShipments,
  monthShipments: companyUsage.monthShipments,
  period: companyUsage.period,
};

export async function listCompaniesWithUsage(db: Db, f: { status?: string; tier?: string }, limit: number, offset: number) {
  const conds: SQL[] = [];
  if (f.status) conds.push(eq(companies.status, f.status as 'active'));
  if (f.tier) conds.push(eq(companies.tier, f.tier as 'starter'));
  const where = conds.length ? and(...conds) : undefined;
  const rows = await db
    .select(companyWithUsage)
    .from(companies)
    .leftJoin(companyUsage, eq(companyUsage.companyId, companies.id))
    .where(where)
    .orderBy(desc(companies.createdAt), desc(companies.id))
    .limit(limit)
    .offset(offset);
  const [total] = await db.select({ n: count() }).from(companies).where(where);
  return { rows, total: Number(total!.n) };
}

export async function getCompanyWithUsage(db: Db, id: string) {
  const [row] = await db
    .select(companyWithUsage)
    .from(companies)
    .leftJoin(companyUsage, eq(companyUsage.companyId, companies.id))
    .where(eq(companies.id, id));
  return row;
}

export async function updateCompany(db: Db, id: string, set: Partial<typeof companies.$inferInsert>) {
  const [row] = await db
    .update(companies)
    .set({ ...set, updatedAt: sql`now()` })
    .where(eq(companies.id, id))
    .returning();
  return row;
}
