/**
 * Order reports (docs/reports.md): a request creates the report and its export job in one
 * transaction, then waits a few seconds for the file; a report not ready by then is answered 202 and
 * polled. The job exports (reports.export.ts), then marks the report ready and records
 * `report.available` in one transaction. A sweep deletes expired files.
 */
import type { Logger } from 'pino';
import type { Database } from '../../db/client.js';
import { withTransaction } from '../../db/tx.js';
import { AppError, appError } from '../../errors.js';
import type { Jobs } from '../../jobs/queue.js';
import { newId } from '../../lib/ids.js';
import type { ObjectStore } from '../../storage/object-store.js';
import { recordEvent } from '../events/events.js';
import { reportFileName } from './report-columns.js';
import { exportReport } from './reports.export.js';
import * as repo from './reports.repo.js';

/** The longest date range one report may cover. */
export const MAX_RANGE_DAYS = 366;
/** Without `from`, a report covers this many days up to `to`. */
export const DEFAULT_RANGE_DAYS = 30;
const DAY_MS = 86_400_000;
const POLL_MS = 100;

export interface ReportParams {
  format: 'csv' | 'xlsx';
  bom?: boolean | undefined;
  from?: string | undefined;
  to?: string | undefined;
  status?: string[] | undefined;
  carrier?: string | undefined;
  assignee?: string | undefined;
}

export interface StoredFilters {
  from: string;
  to: string;
  status?: string[];
  carrier?: string;
  assignee?: string;
}

/** Who asks: a partner (its company's shipments) or an admin (one company's, or all with companyId null). */
export interface ReportScope {
  companyId: string | null;
  requestedBy: string;
  /** Where the client polls: the partner or the admin route. */
  pollBase: string;
}

export interface PresentedReport {
  id: string;
  status: repo.ReportRow['status'];
  format: 'csv' | 'xlsx';
  companyId: string | null;
  filters: StoredFilters;
  rows: number | null;
  bytes: number | null;
  url: string | null;
  expiresAt: string | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  pollUrl: string;
}

/** Validates the date range the schema cannot: from ≤ to, at most MAX_RANGE_DAYS. Pure. */
export function resolveRange(from: string | undefined, to: string | undefined, now: Date): { from: string; to: string } {
  const end = to === undefined ? now : new Date(to);
  const start = from === undefined ? new Date(end.getTime() - DEFAULT_RANGE_DAYS * DAY_MS) : new Date(from);
  const details: Array<{ field: string; rule: string; message: string }> = [];
  if (start.getTime() > end.getTime()) details.push({ field: 'querystring.from', rule: 'range', message: 'must not be after `to`' });
  else if (end.getTime() - start.getTime() > MAX_RANGE_DAYS * DAY_MS)
    details.push({ field: 'querystring.to', rule: 'range', message: `the range must not exceed ${MAX_RANGE_DAYS} days` });
  if (details.length > 0) throw new AppError('VALIDATION_FAILED', [details.map((d) => `${d.field} ${d.message}`).join('; ')], details);
  return { from: start.toISOString(), to: end.toISOString() };
}

export function createReportsService(deps: {
  database: Database;
  jobs: Jobs;
  store: ObjectStore;
  config: { syncWaitMs: number; ttlHours: number };
  publicUrl: string;
  log: Logger;
}) {
  const { database, jobs, store, log } = deps;
  const db = database.db;
  const base = deps.publicUrl.replace(/\/+$/, '');

  async function present(r: repo.ReportRow, pollBase: string): Promise<PresentedReport> {
    const filters = r.filters as StoredFilters;
    const ready = r.status === 'ready' && r.objectKey !== null && r.expiresAt !== null && r.expiresAt.getTime() > Date.now();
    const url = ready
      ? await store.downloadUrl(r.objectKey!, {
          expiresInSeconds: Math.max(1, Math.floor((r.expiresAt!.getTime() - Date.now()) / 1000)),
          filename: reportFileName(r.format, filters.from, filters.to),
        })
      : null;
    return {
      id: r.id,
      // A ready report past its expiry that the sweep has not reached yet is expired already.
      status: r.status === 'ready' && !ready ? 'expired' : r.status,
      format: r.format,
      companyId: r.companyId,
      filters,
      rows: r.rows,
      bytes: r.bytes,
      url,
      expiresAt: r.expiresAt?.toISOString() ?? null,
      error: r.error,
      createdAt: r.createdAt.toISOString(),
      finishedAt: r.finishedAt?.toISOString() ?? null,
      pollUrl: `${base}${pollBase}/${r.id}`,
    };
  }

  return {
    /** Creates the report with its job, and waits up to REPORT_SYNC_WAIT_MS for it to finish. */
    async request(scope: ReportScope, p: ReportParams): Promise<PresentedReport> {
      const range = resolveRange(p.from, p.to, new Date());
      const filters: StoredFilters = {
        ...range,
        ...(p.status?.length ? { status: [...new Set(p.status)] } : {}),
        ...(p.carrier ? { carrier: p.carrier } : {}),
        ...(p.assignee ? { assignee: p.assignee } : {}),
      };
      const id = newId('report');
      try {
        await withTransaction(database, async (tx) => {
          await repo.insertReport(tx.db, {
            id,
            companyId: scope.companyId,
            requestedBy: scope.requestedBy,
            format: p.format,
            bom: p.format === 'csv' && p.bom === true,
            filters,
            status: 'pending',
          });
          await jobs.send('reports.export', { reportId: id }, { tx });
        });
      } catch (err) {
        // An admin's companyId that names no company: the foreign key says so.
        const e = err as { code?: string; cause?: { code?: string } };
        if ((e.code ?? e.cause?.code) === '23503') throw appError('COMPANY_NOT_FOUND', scope.companyId ?? '');
        throw err;
      }
      const deadline = Date.now() + deps.config.syncWaitMs;
      let row = await repo.findReport(db, id, undefined);
      while (row && (row.status === 'pending' || row.status === 'running') && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, Math.min(POLL_MS, Math.max(1, deadline - Date.now()))));
        row = await repo.findReport(db, id, undefined);
      }
      return present(row!, scope.pollBase);
    },

    /** A report of this scope (a partner's own; an admin's any), or REPORT_NOT_FOUND. */
    async get(companyId: string | undefined, id: string, pollBase: string): Promise<PresentedReport> {
      const row = await repo.findReport(db, id, companyId);
      if (!row) throw appError('REPORT_NOT_FOUND', id);
      return present(row, pollBase);
    },

    /** The job: exports, then marks ready and records `report.available` together. Idempotent. */
    async run(reportId: string): Promise<void> {
      const row = await repo.findReport(db, reportId, undefined);
      if (!row || !(await repo.markRunning(db, reportId))) return;
      const f = row.filters as StoredFilters;
      const key = `reports/${row.companyId ?? 'all'}/${row.id}.${row.format}`;
      let result;
      try {
        result = await exportReport(
          { database, store },
          {
            format: row.format,
            bom: row.bom,
            key,
            query: { companyId: row.companyId, from: f.from, to: f.to, statuses: f.status, carrier: f.carrier, assignee: f.assignee },
          },
        );
      } catch (err) {
        log.error({ err, reportId }, 'report export failed');
        // The cause stays in the log: the partner sees a stable, safe sentence.
        await repo.markFailed(db, reportId, 'The export failed; request the report again');
        return;
      }
      const expiresAt = new Date(Date.now() + deps.config.ttlHours * 3_600_000);
      const url = await store.downloadUrl(key, {
        expiresInSeconds: deps.config.ttlHours * 3600,
        filename: reportFileName(row.format, f.from, f.to),
      });
      await withTransaction(database, async (tx) => {
        await repo.markReady(tx.db, reportId, { rows: result.rows, bytes: result.bytes, objectKey: key, expiresAt });
        // An admin's all-company report has nobody to tell.
        if (row.companyId !== null)
          await recordEvent(tx, {
            type: 'report.available',
            companyIds: [row.companyId],
            data: { reportId, format: row.format, rows: result.rows, url, expiresAt: expiresAt.toISOString() },
          });
      });
      log.info({ reportId, rows: result.rows, bytes: result.bytes }, 'report ready');
    },

    /** Deletes the files of expired reports and marks them expired. Returns how many. */
    async sweep(now = new Date()): Promise<number> {
      let n = 0;
      for (;;) {
        const due = await repo.listExpired(db, now, 100);
        for (const r of due) {
          if (r.objectKey) await store.delete(r.objectKey);
          await repo.markExpired(db, r.id);
          n++;
        }
        if (due.length < 100) return n;
      }
    },
  };
}

export type ReportsService = ReturnType<typeof createReportsService>;
