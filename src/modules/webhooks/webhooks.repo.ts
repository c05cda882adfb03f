/**
 * Webhook management SQL (Drizzle; not on the delivery hot path, see delivery.repo.ts). Every
 * partner-facing query takes the company id, so another company's rows are simply not found.
 */
import { and, count, desc, eq, isNull, lt, ne, sql, type SQL } from '../../db/orm.js';
import type { Db } from '../../db/client.js';
import { adminAlerts, companies, webhookAttempts, webhookEndpoints, webhookMessages } from '../../db/schema.js';
import { WEBHOOK_CHANNEL } from './delivery.repo.js';

export type EndpointRow = typeof webhookEndpoints.$inferSelect;
export type NewEndpointRow = typeof webhookEndpoints.$inferInsert;
export type AttemptRow = typeof webhookAttempts.$inferSelect;
export type AlertRow = typeof adminAlerts.$inferSelect;
export type EndpointStatus = 'healthy' | 'failing' | 'recovered' | 'disabled';

/** `companyId` null: any company (admin). */
const ownedBy = (companyId: string | null, id: string): SQL =>
  companyId === null ? eq(webhookEndpoints.id, id) : and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.companyId, companyId))!;

/**
 * Serialises endpoint creation per company so the per-company limit holds under concurrency. NO KEY
 * UPDATE does not conflict with the KEY SHARE locks that shipment inserts take on the company row.
 */
export async function lockCompanyForEndpoints(db: Db, companyId: string): Promise<void> {
  await db.select({ id: companies.id }).from(companies).where(eq(companies.id, companyId)).for('no key update');
}

export async function countEndpoints(db: Db, companyId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(webhookEndpoints).where(eq(webhookEndpoints.companyId, companyId));
  return Number(row!.n);
}

export async function insertEndpoints(db: Db, rows: NewEndpointRow[]): Promise<EndpointRow[]> {
  if (rows.length === 0) return [];
  return db.insert(webhookEndpoints).values(rows).returning();
}

export async function listEndpoints(db: Db, companyId: string): Promise<EndpointRow[]> {
  return db.select().from(webhookEndpoints).where(eq(webhookEndpoints.companyId, companyId)).orderBy(webhookEndpoints.createdAt, webhookEndpoints.id);
}

export async function getEndpoint(db: Db, companyId: string | null, id: string): Promise<EndpointRow | undefined> {
  const [row] = await db.select().from(webhookEndpoints).where(ownedBy(companyId, id));
  return row;
}

export async function updateEndpoint(db: Db, companyId: string | null, id: string, set: Partial<NewEndpointRow>): Promise<EndpointRow | undefined> {
  const [row] = await db
    .update(webhookEndpoints)
    .set({ ...set, updatedAt: sql`now()` })
    .where(ownedBy(companyId, id))
    .returning();
  return row;
}

/**
 * New secret in, current secret kept beside it for `overlapHours` — in one statement, so two
 * concurrent rotations cannot both keep the same old secret.
 */
export async function rotateSecret(db: Db, companyId: string, id: string, sealed: string, overlapMs: number): Promise<EndpointRow | undefined> {
  const [row] = await db
    .update(webhookEndpoints)
    .set({
      previousSecretSealed: sql`${webhookEndpoints.secretSealed}`,
      previousSecretExpiresAt: sql`case when ${webhookEndpoints.secretSealed} is null then null else now() + ${overlapMs}::int * interval '1 millisecond' end`,
      secretSealed: sealed,
      updatedAt: sql`now()`,
    })
    .where(ownedBy(companyId, id))
    .returning();
  return row;
}

/** The endpoint, its messages (cascade) and its log rows (no foreign key there). */
export async function deleteEndpoint(db: Db, companyId: string, id: string): Promise<boolean> {
  const rows = await db.delete(webhookEndpoints).where(ownedBy(companyId, id)).returning({ id: webhookEndpoints.id });
  if (rows.length === 0) return false;
  await db.delete(webhookAttempts).where(eq(webhookAttempts.endpointId, id));
  await db.delete(adminAlerts).where(and(eq(adminAlerts.endpointId, id), isNull(adminAlerts.acknowledgedAt)));
  return true;
}

/** Re-enabling resolves the endpoint's open alerts: the operator (or partner) has acted. */
export async function resolveAlerts(db: Db, endpointId: string, by: string): Promise<void> {
  await db
    .update(adminAlerts)
    .set({ acknowledgedAt: sql`now()`, acknowledgedBy: by })
    .where(and(eq(adminAlerts.endpointId, endpointId), isNull(adminAlerts.acknowledgedAt)));
}

export async function insertMessage(db: Db, row: typeof webhookMessages.$inferInsert): Promise<void> {
  await db.insert(webhookMessages).values(row);
}

export async function insertAttempt(db: Db, row: typeof webhookAttempts.$inferInsert): Promise<void> {
  await db.insert(webhookAttempts).values(row);
}

export async function listAttempts(db: Db, endpointId: string, f: { messageId?: string; success?: boolean }, limit: number, offset: number) {
  const conds: SQL[] = [eq(webhookAttempts.endpointId, endpointId)];
  if (f.messageId) conds.push(eq(webhookAttempts.messageId, f.messageId));
  if (f.success !== undefined) conds.push(eq(webhookAttempts.success, f.success));
  const where = and(...conds);
  const rows = await db
    .select()
    .from(webhookAttempts)
    .where(where)
    .orderBy(desc(webhookAttempts.createdAt), desc(webhookAttempts.id))
    .limit(limit)
    .offset(offset);
  const [total] = await db.select({ n: count() }).from(webhookAttempts).where(where);
  return { rows, total: Number(total!.n) };
}

/** Sends one finished message again, with a fresh attempt count. */
export async function replayMessage(db: Db, endpointId: string, messageId: string): Promise<'replayed' | 'pending' | 'missing'> {
  const rows = await db
    .update(webhookMessages)
    .set({ status: 'pending', trigger: 'replay', attempts: 0, nextAttemptAt: sql`now()`, lastError: null, updatedAt: sql`now()` })
    .where(and(eq(webhookMessages.id, messageId), eq(webhookMessages.endpointId, endpointId), ne(webhookMessages.status, 'pending')))
    .returning({ id: webhookMessages.id });
  if (rows.length > 0) return 'replayed';
  const [m] = await db
    .select({ status: webhookMessages.status })
    .from(webhookMessages)
    .where(and(eq(webhookMessages.id, messageId), eq(webhookMessages.endpointId, endpointId)));
  return m ? 'pending' : 'missing';
}

/** Every failed message of the endpoint created since `since`, oldest first, at most `cap`. */
export async function replayFailedSince(db: Db, endpointId: string, since: Date, cap: number): Promise<number> {
  const rows = await db.execute<{ id: string }>(sql`
    update webhook_messages set status = 'pending', trigger = 'replay', attempts = 0, next_attempt_at = now(), last_error = null, updated_at = now()
    where id in (select id from webhook_messages where endpoint_id = ${endpointId} and status = 'failed' and created_at >= ${since}
                 order by created_at limit ${cap})
    returning id`);
  return rows.rows.length;
}

/** Wakes the delivery workers when the transaction commits (PostgreSQL; embedded workers poll). */
export async function notifyWorkers(db: Db): Promise<void> {
  await db.execute(sql`select pg_notify(${WEBHOOK_CHANNEL}, '')`);
}

export type AdminEndpointRow = EndpointRow & { companyName: string; attemptsInWindow: number; successesInWindow: number };

const STATUS_SQL: Record<EndpointStatus, (since: Date) => SQL> = {
  disabled: () => sql`not e.enabled`,
  failing: () => sql`e.enabled and e.consecutive_failures > 0`,
  recovered: (since) => sql`e.enabled and e.consecutive_failures = 0 and e.recovered_at >= ${since}`,
  healthy: (since) => sql`e.enabled and e.consecutive_failures = 0 and (e.recovered_at is null or e.recovered_at < ${since})`,
};

/** All endpoints with their success rate over the window (test sends excluded). */
export async function adminListEndpoints(db: Db, f: { status?: EndpointStatus; companyId?: string; since: Date }, limit: number, offset: number) {
  const conds: SQL[] = [sql`true`];
  if (f.status) conds.push(STATUS_SQL[f.status](f.since));
  if (f.companyId) conds.push(sql`e.company_id = ${f.companyId}`);
  const where = sql.join(conds, sql` and `);
  const rows = await db.execute<Record<string, unknown>>(sql`
    select e.*, c.name as company_name, coalesce(s.total, 0)::int as attempts_in_window, coalesce(s.ok, 0)::int as successes_in_window
    from webhook_endpoints e
    join companies c on c.id = e.company_id
    left join lateral (
      select count(*) as total, count(*) filter (where a.success) as ok from webhook_attempts a
      where a.endpoint_id = e.id and a.created_at >= ${f.since} and a.trigger <> 'test'
    ) s on true
    where ${where}
    order by e.created_at desc, e.id desc
    limit ${limit} offset ${offset}`);
  const [total] = (await db.execute<{ n: number }>(sql`select count(*)::int as n from webhook_endpoints e where ${where}`)).rows;
  return { rows: rows.rows.map(fromSnake), total: Number(total!.n) };
}

/** Raw rows (snake_case, timestamps as strings or Dates by driver) → the Drizzle row shape. */
function fromSnake(r: Record<string, unknown>): AdminEndpointRow {
  const d = (v: unknown) => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v)));
  return {
    id: r.id as string,
    companyId: r.company_id as string,
    url: r.url as string,
    events: r.events as string[],
    enabled: r.enabled as boolean,
    description: (r.description as string | null) ?? null,
    secretSealed: null,
    previousSecretSealed: null,
    previousSecretExpiresAt: d(r.previous_secret_expires_at),
    disabledReason: (r.disabled_reason as string | null) ?? null,
    disabledAt: d(r.disabled_at),
    successCount: Number(r.success_count),
    failureCount: Number(r.failure_count),
    consecutiveFailures: Number(r.consecutive_failures),
    lastSuccessAt: d(r.last_success_at),
    lastFailureAt: d(r.last_failure_at),
    lastFailureReason: (r.last_failure_reason as string | null) ?? null,
    recoveredAt: d(r.recovered_at),
    createdAt: d(r.created_at)!,
    updatedAt: d(r.updated_at)!,
    companyName: r.company_name as string,
    attemptsInWindow: Number(r.attempts_in_window),
    successesInWindow: Number(r.successes_in_window),
  };
}

export interface AlertFilter {
  /** true: neither acknowledged nor resolved; false: acknowledged or resolved. */
  open?: boolean;
  /** open: neither acknowledged nor resolved; acknowledged: acknowledged and not resolved; resolved. */
  status?: 'open' | 'acknowledged' | 'resolved';
  resolved?: boolean;
  /** An exact kind, or a prefix ending in ".*". */
  kind?: string;
  severity?: string;
  subject?: string;
  companyId?: string;
}

/** Alerts still needing attention first, then newest first. */
export async function listAlerts(db: Db, f: AlertFilter, limit: number, offset: number) {
  const isOpen = sql`(${adminAlerts.acknowledgedAt} is null and ${adminAlerts.resolvedAt} is null)`;
  const conds: SQL[] = [];
  if (f.open === true) conds.push(isOpen);
  if (f.open === false) conds.push(sql`not ${isOpen}`);
  if (f.status === 'open') conds.push(isOpen);
  if (f.status === 'acknowledged') conds.push(sql`${adminAlerts.acknowledgedAt} is not null and ${adminAlerts.resolvedAt} is null`);
  if (f.status === 'resolved') conds.push(sql`${adminAlerts.resolvedAt} is not null`);
  if (f.resolved === true) conds.push(sql`${adminAlerts.resolvedAt} is not null`);
  if (f.resolved === false) conds.push(isNull(adminAlerts.resolvedAt));
  if (f.kind?.endsWith('.*')) conds.push(sql`starts_with(${adminAlerts.kind}, ${f.kind.slice(0, -1)})`);
  else if (f.kind) conds.push(eq(adminAlerts.kind, f.kind));
  if (f.severity) conds.push(eq(adminAlerts.severity, f.severity));
  if (f.subject) conds.push(eq(adminAlerts.subject, f.subject));
  if (f.companyId) conds.push(eq(adminAlerts.companyId, f.companyId));
  const where = conds.length ? and(...conds) : undefined;
  const rows = await db
    .select()
    .from(adminAlerts)
    .where(where)
    .orderBy(desc(isOpen), desc(adminAlerts.createdAt), desc(adminAlerts.id))
    .limit(limit)
    .offset(offset);
  const [total] = await db.select({ n: count() }).from(adminAlerts).where(where);
  return { rows, total: Number(total!.n) };
}

export async function getAlert(db: Db, id: number): Promise<AlertRow | undefined> {
  const [row] = await db.select().from(adminAlerts).where(eq(adminAlerts.id, id));
  return row;
}

export async function acknowledgeAlert(db: Db, id: number, by: string): Promise<AlertRow | undefined> {
  const [row] = await db
    .update(adminAlerts)
    .set({ acknowledgedAt: sql`coalesce(${adminAlerts.acknowledgedAt}, now())`, acknowledgedBy: sql`coalesce(${adminAlerts.acknowledgedBy}, ${by})` })
    .where(eq(adminAlerts.id, id))
    .returning();
  return row;
}

/** Retention: log rows and finished messages older than `before`; pending messages are never pruned. */
export async function pruneWebhookLogs(db: Db, before: Date): Promise<{ webhookAttempts: number; webhookMessages: number }> {
  const attempts = await db.delete(webhookAttempts).where(lt(webhookAttempts.createdAt, before));
  const messages = await db.delete(webhookMessages).where(and(lt(webhookMessages.createdAt, before), ne(webhookMessages.status, 'pending')));
  return { webhookAttempts: attempts.rowCount ?? 0, webhookMessages: messages.rowCount ?? 0 };
}
