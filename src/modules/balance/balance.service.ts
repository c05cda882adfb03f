/**
 * The balance engine's runs: read the facts, let the pure engine decide, write the outcome through the
 * shipments module, store the run. Concurrency (docs/balance.md "Distribution"): a real run is one
 * transaction that first takes the run lock (an advisory transaction lock, so one run at a time across
 * every process), then locks every company's usage row in id order before reading loads (a create can
 * not push a company past 90 % between the decision and the write), then reads the pending shipments
 * FOR UPDATE SKIP LOCKED (one being cancelled or assigned by hand is left for the next run). A dry run
 * makes the same reads without locks and runs the same engine, so it decides what a real run would.
 */
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { Database, Queryable } from '../../db/client.js';
import { withTransaction, type Tx } from '../../db/tx.js';
import { AppError, appError } from '../../errors.js';
import { randomString } from '../../lib/ids.js';
import { pagination, type Pagination } from '../../lib/page.js';
import type { ShipmentsService } from '../shipments/shipments.service.js';
import * as repo from './balance.repo.js';
import type { RunAction, RunReport } from './balance.schemas.js';
import { adjustMultipliers } from './engine/pricing.js';
import { recommendations } from './engine/recommend.js';
import { canTake, scoreOf } from './engine/score.js';
import { systemHealth } from './engine/spread.js';
import type { ScoreParts } from './engine/types.js';
import { activityOf, compact, decide, type DecisionView, expand, round2, systemUtilization, toMetrics, toPending } from './balance.outcome.js';

/**
 * A run reads at most this many pending shipments (oldest first); the rest wait for the next run. It
 * bounds how long a run holds every company's usage row, during which creates wait: 10,000 took 1.5–2.5 s
 * on the busy two-core benchmark machine, well inside the 5 s a waiting create may take
 * (DB_STATEMENT_TIMEOUT_MS) before it is answered 503.
 */
export const MAX_SHIPMENTS_PER_RUN = 10_000;
/**
 * Assignments per `assignMany` statement. The run's transaction may last as long as it needs, but each
 * statement must finish within the pool's statement timeout (DB_STATEMENT_TIMEOUT_MS, 5 s by default):
 * 10,000 assignments with their audit, events and webhook fan-out take seconds in one statement.
 */
export const ASSIGN_CHUNK = 2_000;
/** Decisions a dry run's answer shows; every one is stored with the run. */
const DRY_RUN_DECISIONS_SHOWN = 100;

/** The anomalies service, as runs use it (a port: the composition passes the real one). */
export interface AnomalyDetector {
  detect(opts: { dryRun: boolean }): Promise<{ detected: ReadonlyArray<object> }>;
}

export interface RunRequest {
  action: RunAction;
  dryRun: boolean;
  trigger: 'schedule' | 'admin';
  adminId?: string;
}

export type RunResult = RunReport & { decisions?: { data: DecisionView[]; pagination: Pagination } };

const newRunId = () => `run_${randomString(20)}`;
function presentRun(r: repo.RunRow) {
  return {
    id: r.id,
    action: r.action,
    dryRun: r.dry_run,
    trigger: r.trigger,
    adminId: r.admin_id,
    startedAt: r.started_at.toISOString(),
    finishedAt: r.finished_at.toISOString(),
    durationMs: r.duration_ms,
    decisionCount: r.decision_count,
    report: r.report as RunReport,
  };
}

export function createBalanceService(deps: {
  database: Database;
  shipments: ShipmentsService;
  anomalies?: AnomalyDetector;
  log: Logger;
  /** Assignments per statement (tests make it small). */
  assignChunk?: number;
}) {
  const { database, shipments, log } = deps;
  const chunk = deps.assignChunk ?? ASSIGN_CHUNK;
  const pool = database.pool;

  /**
   * Distribution and/or pricing: on `q` = the transaction's client with `tx` (a real run, locks held),
   * or on the pool without (dry run). Fills `report` and returns the compact decisions.
   */
  async function distributeAndPrice(q: Queryable, tx: Tx | null, req: RunRequest, runId: string, report: RunReport): Promise<repo.CompactDecision[]> {
    const doDistribute = req.action === 'distribute' || req.action === 'all';
    const doPricing = req.action === 'pricing' || req.action === 'all';
    const facts = tx && doDistribute ? await repo.lockCompanyFacts(q) : await repo.readCompanyFacts(q);
    let metrics = toMetrics(facts);
    let stored: repo.CompactDecision[] = [];
    let held = 0;
    let pendingCount = 0;
    if (doDistribute) {
      const pending = toPending(await repo.pendingShipments(q, MAX_SHIPMENTS_PER_RUN, tx !== null));
      pendingCount = pending.length;
      const out = decide(metrics, pending);
      stored = out.decisions.map(compact);
      report.distributed = out.distributed;
      report.held = held = out.held;
      report.companiesRebalanced = out.companiesRebalanced;
      if (tx) {
        const items = out.decisions
          .filter((x) => x.winner)
          .map((x) => ({ shipmentId: x.shipmentId, companyId: x.winner!.companyId, activity: activityOf(runId, x) }));
        // The audit names who started the run: the admin, or the hub's schedule.
        const actor = req.adminId ? { type: 'admin' as const, id: req.adminId } : { type: 'system' as const, id: null };
        let done = 0;
        for (let i = 0; i < items.length; i += chunk) done += (await shipments.assignMany(tx, items.slice(i, i + chunk), actor)).length;
        // Every row is locked by this transaction and still pending, so all are assigned; say so if not.
        if (done !== items.length) log.warn({ runId, decided: items.length, assigned: done }, 'balance run: decisions not applied');
        report.distributed = done;
      }
      // Pricing and health see the loads this run leaves behind.
      metrics = toMetrics(facts, out.loadsAfter);
    }
    if (doPricing) {
      const changes = adjustMultipliers(
        metrics.filter((m) => m.status === 'active').map((m) => ({ id: m.id, utilization: m.utilization, priceMultiplier: m.priceMultiplier })),
        systemUtilization(metrics),
      );
      report.pricing.changes = changes.map((c) => ({ companyId: c.companyId, from: c.from, to: c.to, target: c.target, reason: c.reason }));
      if (tx) await repo.setMultipliers(q, changes);
    }
    report.systemHealth = systemHealth(metrics, held, pendingCount);
    return stored;
  }

  return {
    /**
     * One run (`POST /api/admin/ai`, the schedule). A real run while another holds the lock: 409
     * BALANCE_RUN_IN_PROGRESS for an admin; the schedule skips its tick (null): the next one follows.
     */
    async run(req: RunRequest): Promise<RunResult | null> {
      const runId = newRunId();
      const startedAt = new Date();
      const t0 = performance.now();
      const report: RunReport = {
        runId,
        action: req.action,
        dryRun: req.dryRun,
        trigger: req.trigger,
        distributed: 0,
        held: 0,
        companiesRebalanced: 0,
        anomaliesDetected: 0,
        processingTimeMs: 0,
        systemHealth: null,
        pricing: { changes: [] },
        anomalies: [],
      };
      let decisions: repo.CompactDecision[] = [];
      const record = () => {
        const ms = Math.round(performance.now() - t0);
        report.processingTimeMs = ms;
        return {
          id: runId,
          action: req.action,
          dry_run: req.dryRun,
          trigger: req.trigger,
          admin_id: req.adminId ?? null,
          started_at: startedAt,
          finished_at: new Date(),
          duration_ms: ms,
          report: report as unknown as Record<string, unknown>,
          decisions,
        };
      };
      let stored = false;
      if (req.action !== 'anomalies') {
        if (req.dryRun) {
          decisions = await distributeAndPrice(pool, null, req, runId, report);
        } else {
          try {
            await withTransaction(database, async (tx) => {
              if (!(await repo.tryRunLock(tx.client))) throw appError('BALANCE_RUN_IN_PROGRESS');
              await repo.sizeRunMemory(tx.client);
              decisions = await distributeAndPrice(tx.client, tx, req, runId, report);
              // With the assignments: a committed run always has its record.
              await repo.insertRun(tx.client, record());
            });
            stored = true;
          } catch (err) {
            if (req.trigger === 'schedule' && err instanceof AppError && err.code === 'BALANCE_RUN_IN_PROGRESS') {
              log.info({ runId }, 'scheduled balance run skipped: another run holds the lock');
              return null;
            }
            throw err;
          }
        }
      }
      // Anomalies after the distribution committed (they see its outcome), in the anomalies service's
      // own transactions: its writes are upserts, safe without the run lock.
      if ((req.action === 'anomalies' || req.action === 'all') && deps.anomalies) {
        const found = await deps.anomalies.detect({ dryRun: req.dryRun });
        report.anomalies = found.detected as RunReport['anomalies'];
        report.anomaliesDetected = found.detected.length;
      }
      const r = record();
      if (stored) await repo.updateRunReport(pool, runId, r.report, r.finished_at, r.duration_ms);
      else await repo.insertRun(pool, r);
      const result: RunResult = { ...report };
      if (req.dryRun && (req.action === 'distribute' || req.action === 'all')) {
        const q = { limit: DRY_RUN_DECISIONS_SHOWN, offset: 0 };
        const shown = decisions.slice(0, q.limit).map(expand);
        result.decisions = { data: shown, pagination: pagination(q, shown.length, decisions.length) };
      }
      log.info(
        { runId, action: req.action, dryRun: req.dryRun, distributed: report.distributed, held: report.held, ms: report.processingTimeMs },
        'balance run',
      );
      return result;
    },

    async listRuns(q: { limit: number; offset: number }) {
      const { rows, total } = await repo.listRuns(pool, q.limit, q.offset);
      return { data: rows.map(presentRun), pagination: pagination(q, rows.length, total) };
    },

    async getRun(id: string, q: { limit: number; offset: number }) {
      const run = await repo.findRun(pool, id);
      if (!run) throw appError('BALANCE_RUN_NOT_FOUND', id);
      const page = await repo.runDecisions(pool, id, q.limit, q.offset);
      return { ...presentRun(run), decisions: { data: page.map(expand), pagination: pagination(q, page.length, run.decision_count) } };
    },

    /** Every company's load, score and metrics, what waits, what the engine recommends, revenue. */
    async status() {
      const facts = await repo.readCompanyFacts(pool);
      const metrics = toMetrics(facts);
      const pendingRows = await repo.pendingShipments(pool, MAX_SHIPMENTS_PER_RUN, false);
      const pending = pendingRows.length < MAX_SHIPMENTS_PER_RUN ? pendingRows.length : await repo.countPending(pool);
      // Held = what a run now would hold: the same engine on the same data, nothing written.
      const held = decide(metrics, toPending(pendingRows)).held;
      const revenue = await repo.revenueByCompany(pool);
      const revenueOf = new Map(revenue.map((r) => [r.company_id, r.revenue]));
      const [last] = (await repo.listRuns(pool, 1, 0)).rows;
      return {
        companies: metrics.map((m, i) => {
          const s = scoreOf(m);
          return {
            companyId: m.id,
            name: facts[i]!.name,
            tier: m.tier,
            status: m.status,
            load: m.load,
            capacity: m.capacity,
            utilization: m.utilization,
            eligible: m.status === 'active' && canTake(m.load, m.capacity),
            score: s.score,
            parts: s.parts,
            metrics: {
              onTimeRate: m.onTimeRate,
              successRate: m.successRate,
              performanceScore: m.performanceScore,
              balanceHealth: m.balanceHealth,
              balance: m.balance,
              priceMultiplier: m.priceMultiplier,
            },
            revenue: revenueOf.get(m.id) ?? 0,
          };
        }),
        pending,
        held,
        systemHealth: systemHealth(metrics, held, pendingRows.length),
        recommendations: recommendations({ metrics, held }),
        revenue: {
          total: round2(revenue.reduce((a, r) => a + r.revenue, 0)),
          byCompany: revenue.map((r) => ({ companyId: r.company_id, revenue: r.revenue, delivered: r.delivered })),
        },
        lastRun: last ? { id: last.id, action: last.action, dryRun: last.dry_run, startedAt: last.started_at.toISOString() } : null,
      };
    },

    /** Why a shipment went where it went (the latest assignment's audit row), or why it has not. */
    async decision(shipmentId: string) {
      const s = await repo.findShipmentBrief(pool, shipmentId);
      if (!s) throw appError('SHIPMENT_NOT_FOUND', shipmentId);
      const base = {
        shipmentId: s.id,
        status: s.status,
        creatorId: s.company_id,
        assignedCompanyId: s.assigned_company_id,
        assignedAt: s.assigned_at?.toISOString() ?? null,
      };
      if (!s.assigned_company_id) {
        const explanation = s.carrier
          ? `Travels with carrier ${s.carrier}: carrier shipments are never distributed to companies.`
          : s.status === 'pending'
            ? 'Not assigned yet: it waits for the next distribution run (or was held: no company could take it without passing 90 % of capacity).'
            : `Never assigned: it became ${s.status} before any company was assigned.`;
        return { ...base, explanation, decision: null };
      }
      const log = await repo.latestAssignment(pool, shipmentId);
      if (!log) {
        return {
          ...base,
          explanation: `Assigned to ${s.assigned_company_id} before assignment decisions were recorded: no score is known.`,
          decision: null,
        };
      }
      const d = (log.details ?? {}) as {
        runId?: string;
        companyId?: string;
        score?: number;
        parts?: ScoreParts;
        utilizationBefore?: number;
        runnersUp?: Array<{ companyId: string; score: number; parts: ScoreParts }>;
      };
      // A run's assignment names its run; a manual one (the admin assign route) its admin.
      const by = d.runId ? `balance run ${d.runId}` : log.actor_type === 'admin' ? `admin ${log.actor_id ?? ''} by hand` : 'the hub';
      const score = typeof d.score === 'number' ? d.score : null;
      const ups = d.runnersUp ?? [];
      const explanation =
        score === null
          ? `Assigned to ${s.assigned_company_id} by ${by}.`
          : `Assigned to ${s.assigned_company_id} by ${by}: score ${round2(score)}` +
            (ups.length > 0 ? `, ahead of ${ups.map((u) => `${u.companyId} (${round2(u.score)})`).join(' and ')}.` : ', the only eligible company.');
      return {
        ...base,
        explanation,
        decision: {
          at: log.at.toISOString(),
          actor: { type: log.actor_type, id: log.actor_id },
          runId: d.runId ?? null,
          companyId: d.companyId ?? s.assigned_company_id,
          score,
          parts: d.parts ?? null,
          utilizationBefore: typeof d.utilizationBefore === 'number' ? d.utilizationBefore : null,
          runnersUp: ups,
        },
      };
    },
  };
}

export type BalanceService = ReturnType<typeof createBalanceService>;
