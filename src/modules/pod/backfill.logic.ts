/** The POD backfill's decisions, pure: options, retry policy, the resumable cursor, the report. */
import type { CarrierErrorCode } from '../../carriers/adapter.js';
import { CARRIER_CODES, type CarrierCode } from '../../carriers/carriers.js';
import type { Outcome } from './pod.repo.js';

export interface BackfillOptions {
  /** One carrier, or null for all. */
  carrier: CarrierCode | null;
  /** ISO-8601 bounds of the delivery time, `since` inclusive, `until` exclusive. */
  since: string | null;
  until: string | null;
  /** At most this many rows tracked by the run (null: all). */
  limit: number | null;
  /** Rows of one carrier tracked at once. */
  concurrency: number;
  /** Requests per second per carrier (on top of the carrier client's own limit). */
  rate: number;
  /** Rows a run found still empty are skipped by later runs for this many hours (0: re-try them all). */
  recheckHours: number;
}

export const BACKFILL_DEFAULTS = { recheckHours: 24 } as const;

/** Errors a later attempt may not see: retried with backoff. The rest are final for the row. */
const RETRYABLE: ReadonlySet<CarrierErrorCode> = new Set(['CARRIER_TIMEOUT', 'CARRIER_UNAVAILABLE', 'CARRIER_CIRCUIT_OPEN', 'CARRIER_RATE_LIMITED']);
export const isRetryable = (code: CarrierErrorCode): boolean => RETRYABLE.has(code);

export interface RetryPolicy {
  /** Tries per row, the first included. */
  attempts: number;
  baseMs: number;
  maxMs: number;
  /** A carrier whose rows fail this many times in a row (after their retries) is given up for the run. */
  giveUpAfter: number;
}
export const RETRY_POLICY: RetryPolicy = { attempts: 4, baseMs: 500, maxMs: 10_000, giveUpAfter: 5 };

/**
 * Wait before try `attempt + 1` (attempt ≥ 1): exponential, capped, with jitter between half and the
 * whole of it (`random` in [0, 1)) so rows that failed together do not come back together; never
 * before the carrier's own retry-after (an open breaker says when it half-opens).
 */
export function backoffMs(p: RetryPolicy, attempt: number, random: number, retryAfterMs = 0): number {
  const exp = Math.min(p.maxMs, p.baseMs * 2 ** (attempt - 1));
  return Math.max(retryAfterMs, Math.round(exp / 2 + (exp / 2) * random));
}

/**
 * The resumable cursor of one carrier: rows are taken in AWB order and finish in any order; the
 * cursor is the last AWB such that it and every AWB taken before it have an outcome. A resumed run
 * starts after the cursor and skips rows past it that already have an outcome.
 */
export class Watermark {
  private readonly taken: string[] = [];
  private readonly done = new Set<string>();
  private head = 0;
  constructor(public cursor: string | null) {}

  take(awb: string): void {
    this.taken.push(awb);
  }
  /** The row has an outcome; returns the cursor afterwards. */
  finish(awb: string): string | null {
    this.done.add(awb);
    while (this.head < this.taken.length && this.done.has(this.taken[this.head]!)) {
      const a = this.taken[this.head++]!;
      this.done.delete(a);
      this.cursor = a;
    }
    if (this.head > 1024) {
      this.taken.splice(0, this.head);
      this.head = 0;
    }
    return this.cursor;
  }
}

export interface CarrierCounters {
  found: number;
  filled: number;
  stillEmpty: number;
  failed: number;
}
export interface BackfillReport {
  byCarrier: Partial<Record<CarrierCode, CarrierCounters & { gaveUp?: string }>>;
  totals: CarrierCounters;
  /** The first failed rows, with the carrier's error. */
  failures: Array<{ carrier: CarrierCode; awb: string; error: string | null }>;
}

const zero = (): CarrierCounters => ({ found: 0, filled: 0, stillEmpty: 0, failed: 0 });
const KEY: Record<Outcome, keyof CarrierCounters> = { filled: 'filled', still_empty: 'stillEmpty', failed: 'failed' };

/** Counts by carrier from recorded outcomes: every row dealt with is `found`, and one of filled / stillEmpty / failed. */
export function buildReport(
  counts: ReadonlyArray<{ carrier: CarrierCode; outcome: Outcome; n: number }>,
  gaveUp: Partial<Record<CarrierCode, string>> = {},
  failures: BackfillReport['failures'] = [],
): BackfillReport {
  const byCarrier: BackfillReport['byCarrier'] = {};
  const totals = zero();
  for (const c of counts) {
    const row = (byCarrier[c.carrier] ??= zero());
    row[KEY[c.outcome]] += c.n;
    row.found += c.n;
    totals[KEY[c.outcome]] += c.n;
    totals.found += c.n;
  }
  for (const [carrier, error] of Object.entries(gaveUp) as Array<[CarrierCode, string]>) {
    byCarrier[carrier] = { ...(byCarrier[carrier] ?? zero()), gaveUp: error };
  }
  return { byCarrier, totals, failures };
}

/** The carriers a run covers. */
export const carriersOf = (o: Pick<BackfillOptions, 'carrier'>): CarrierCode[] => (o.carrier ? [o.carrier] : [...CARRIER_CODES]);

/** A summary table (fixed-width text) for the CLI. */
export function reportTable(r: BackfillReport): string {
  const head = ['carrier', 'found', 'filled', 'still empty', 'failed', ''];
  const rows = Object.entries(r.byCarrier).map(([c, v]) => [c, v.found, v.filled, v.stillEmpty, v.failed, v.gaveUp ? `given up: ${v.gaveUp}` : '']);
  rows.push(['total', r.totals.found, r.totals.filled, r.totals.stillEmpty, r.totals.failed, '']);
  const cells = [head, ...rows].map((row) => row.map(String));
  const widths = head.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  return cells
    .map((row) =>
      row
        .map((v, i) => (i === 0 || i === 5 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
