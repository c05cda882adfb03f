import type { Queryable } from '../../db/client.js';

/**
 * The balance engine's SQL: the facts a run reads (every company in one query, the pending shipments),
 * the run lock, run storage (`balance_runs`), a shipment's assignment decision from the activity log,
 * multiplier writes and revenue. Assignments themselves are written by the shipments module
 * (`assignMany`), the only writer of shipments.
 */

/**
 * The run lock's key (pg_advisory_xact_lock): one balance run at a time across every process.
 * Numbered beside the migration lock (db/migrate.ts, 724_151_001); the hub takes no other advisory lock.
 */
export const RUN_LOCK_KEY = 724_151_011;

export interface CompanyFactsRow {
  id: string;
  name: string;
  tier: 'starter' | 'professional' | 'enterprise';
  status: 'active' | 'suspended';
  capacity: number;
  load: number;
  balance: number;
  delivered: number;
  delivered_on_time: number;
  failed: number;
  price_multiplier: number;
}

const FACTS = `select c.id, c.name, c.tier, c.status, c.capacity, u.active_shipments as load, c.balance::float8 as balance,
    u.delivered, u.delivered_on_time, u.failed, c.price_multiplier::float8 as price_multiplier
  from company_usage u join companies c on c.id = u.company_id
  order by u.company_id`;

/** Every company's facts, without locks (dry runs, status). */
export async function readCompanyFacts(q: Queryable): Promise<CompanyFactsRow[]> {
  return (await q.query<CompanyFactsRow>({ name: 'balance_facts', text: FACTS })).rows;
}

/**
 * Every company's facts with its `company_usage` row locked until the transaction ends, taken in id
 * order (the sort is below the lock), so a run never deadlocks with a create or another writer of these
 * rows; while held, no create or status change can move a load the run has decided on.
 */
export async function lockCompanyFacts(q: Queryable): Promise<CompanyFactsRow[]> {
  return (await q.query<CompanyFactsRow>({ name: 'balance_facts_locked', text: `${FACTS} for update of u` })).rows;
}

export interface PendingRow {
  id: string;
  company_id: string;
  /** Epoch milliseconds with the microseconds as a fraction: the same order as the column's. */
  created_ms: number;
}

const PENDING = `select s.id, s.company_id, (extract(epoch from s.created_at) * 1000)::float8 as created_ms
  from shipments s
  where s.status = 'pending' and s.assigned_company_id is null and s.carrier is null
  order by s.created_at, s.id limit $1`;

/**
 * Pending, unassigned, non-carrier shipments, oldest first (shipments_unassigned_idx), at most `limit`.
 * `lock`: FOR UPDATE SKIP LOCKED — a shipment another transaction holds (being cancelled, edited or
 * assigned by hand) is left out of this run rather than waited for.
 */
export async function pendingShipments(q: Queryable, limit: number, lock: boolean): Promise<PendingRow[]> {
  const res = await q.query<PendingRow>(
    lock
      ? { name: 'balance_pending_locked', text: `${PENDING} for update of s skip locked`, values: [limit] }
      : { name: 'balance_pending', text: PENDING, values: [limit] },
  );
  return res.rows;
}

/** How many shipments wait for a company now. */
export async function countPending(q: Queryable): Promise<number> {
  const res = await q.query<{ n: number }>(
    `select count(*)::int as n from shipments s where s.status = 'pending' and s.assigned_company_id is null and s.carrier is null`,
  );
  return res.rows[0]!.n;
}

/** Takes the run lock for the rest of the transaction if it is free; false when another run holds it. */
export async function tryRunLock(q: Queryable): Promise<boolean> {
  const res = await q.query<{ ok: boolean }>('select pg_try_advisory_xact_lock($1::bigint) as ok', [RUN_LOCK_KEY]);
  return res.rows[0]!.ok;
}

/**
 * Memory for sorts and intermediate results of this transaction only. A run assigns up to 10,000 shipments,
 * and each assignment statement materialises its rows (ids, audit details, events) and sorts them back into
 * decision order: with the server's default `work_mem` (4 MB) that spills to temporary files. 64 MB holds
 * a whole run in memory; it is taken by one session at a time (the run lock), and ends with the transaction.
 */
export async function sizeRunMemory(q: Queryable): Promise<void> {
  await q.query(`set local work_mem = '64MB'`);
}

/** New demand multipliers, one statement for all companies. */
export async function setMultipliers(q: Queryable, changes: ReadonlyArray<{ companyId: string; to: number }>): Promise<void> {
  if (changes.length === 0) return;
  await q.query(
    `update companies c set price_multiplier = x.m, price_multiplier_at = now(), updated_at = now()
     from unnest($1::text[], $2::numeric[]) as x(id, m) where c.id = x.id`,
    [changes.map((c) => c.companyId), changes.map((c) => c.to)],
  );
}

export interface RevenueRow {
  company_id: string;
  revenue: number;
  delivered: number;
}

/** Sum of total_cost of delivered shipments per responsible company (the assignee, else the creator). */
export async function revenueByCompany(q: Queryable): Promise<RevenueRow[]> {
  const res = await q.query<RevenueRow>(
    `select coalesce(s.assigned_company_id, s.company_id) as company_id, coalesce(sum(s.total_cost), 0)::float8 as revenue,
            count(*)::int as delivered
     from shipments s where s.status = 'delivered' group by 1 order by 1`,
  );
  return res.rows;
}

// ---------------------------------------------------------------------------------------------
// runs

export interface RunRow {
  id: string;
  action: 'distribute' | 'pricing' | 'anomalies' | 'all';
  dry_run: boolean;
  trigger: string;
  admin_id: string | null;
  started_at: Date;
  finished_at: Date;
  duration_ms: number;
  report: Record<string, unknown>;
  decision_count: number;
}

/** One stored decision: [shipmentId, creatorId, winnerId or null (held), winner's score or null]. */
export type CompactDecision = [string, string, string | null, number | null];

export async function insertRun(q: Queryable, r: Omit<RunRow, 'decision_count'> & { decisions: CompactDecision[] }): Promise<void> {
  await q.query(
    `insert into balance_runs (id, action, dry_run, trigger, admin_id, started_at, finished_at, duration_ms, report, decisions)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb)`,
    [
      r.id,
      r.action,
      r.dry_run,
      r.trigger,
      r.admin_id,
      r.started_at,
      r.finished_at,
      r.duration_ms,
      JSON.stringify(r.report),
      JSON.stringify(r.decisions),
    ],
  );
}

/** The report again, once the part of the run that follows its commit (anomalies) is done. */
export async function updateRunReport(
  q: Queryable,
  id: string,
  report: Record<string, unknown>,
  finishedAt: Date,
  durationMs: number,
): Promise<void> {
  await q.query('update balance_runs set report = $2::jsonb, finished_at = $3, duration_ms = $4 where id = $1', [
    id,
    JSON.stringify(report),
    finishedAt,
    durationMs,
  ]);
}

const RUN_COLUMNS = `r.id, r.action, r.dry_run, r.trigger, r.admin_id, r.started_at, r.finished_at, r.duration_ms, r.report,
  jsonb_array_length(r.decisions)::int as decision_count`;

/** Runs, newest first (balance_runs_started_idx). */
export async function listRuns(q: Queryable, limit: number, offset: number): Promise<{ rows: RunRow[]; total: number }> {
  const res = await q.query<RunRow & { total: number }>(
    `select ${RUN_COLUMNS}, (select count(*)::int from balance_runs) as total
     from balance_runs r order by r.started_at desc, r.id desc limit $1 offset $2`,
    [limit, offset],
  );
  if (res.rows.length > 0 || offset === 0) return { rows: res.rows, total: res.rows[0]?.total ?? 0 };
  const c = await q.query<{ n: number }>('select count(*)::int as n from balance_runs');
  return { rows: [], total: c.rows[0]!.n };
}

export async function findRun(q: Queryable, id: string): Promise<RunRow | undefined> {
  return (await q.query<RunRow>(`select ${RUN_COLUMNS} from balance_runs r where r.id = $1`, [id])).rows[0];
}

/** A page of a run's decisions, by position in the stored array (no expansion of the whole array). */
export async function runDecisions(q: Queryable, id: string, limit: number, offset: number): Promise<CompactDecision[]> {
  const res = await q.query<{ page: CompactDecision[] | null }>(
    `select (select jsonb_agg(r.decisions -> i order by i)
               from generate_series($2::int, least($2::int + $3::int, jsonb_array_length(r.decisions)) - 1) as i) as page
     from balance_runs r where r.id = $1`,
    [id, offset, limit],
  );
  return res.rows[0]?.page ?? [];
}

// ---------------------------------------------------------------------------------------------
// one shipment's decision

export interface ShipmentBrief {
  id: string;
  status: string;
  company_id: string;
  assigned_company_id: string | null;
  assigned_at: Date | null;
  carrier: string | null;
}

export async function findShipmentBrief(q: Queryable, id: string): Promise<ShipmentBrief | undefined> {
  const res = await q.query<ShipmentBrief>(
    'select s.id, s.status, s.company_id, s.assigned_company_id, s.assigned_at, s.carrier from shipments s where s.id = $1',
    [id],
  );
  return res.rows[0];
}

export interface AssignmentLogRow {
  at: Date;
  actor_type: string;
  actor_id: string | null;
  details: Record<string, unknown> | null;
}

/** The latest `shipment.assigned` activity of a shipment (activity_logs_subject_idx). */
export async function latestAssignment(q: Queryable, shipmentId: string): Promise<AssignmentLogRow | undefined> {
  const res = await q.query<AssignmentLogRow>(
    `select a.created_at as at, a.actor_type, a.actor_id, a.details from activity_logs a
     where a.subject_id = $1 and a.action = 'shipment.assigned' order by a.created_at desc, a.id desc limit 1`,
    [shipmentId],
  );
  return res.rows[0];
}
