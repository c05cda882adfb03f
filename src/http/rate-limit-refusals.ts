/**
 * Requests refused with 429, counted in memory per (minute, policy, address, company, API key) and written
 * in one statement every few seconds. A client hammering past its limit thus costs one row update per
 * flush, never a database write per refused request (that would amplify the abuse), and the 429 path does
 * no I/O. The writer is passed in (the SQL lives in the auth module); src/http imports no module.
 */
import type { Logger } from 'pino';

const MINUTE = 60_000;

export interface Refusal {
  /** The limit's policy name: the tier, 'auth', 'auth-key', 'admin-login', 'onboarding', 'callback-auth'. */
  policy: string;
  /** The client address, normalized as the limits count it (IPv6 per /64). */
  ip: string;
  companyId?: string | null | undefined;
  apiKeyId?: string | null | undefined;
}

/** One counted entry; '' for an unknown address, company or key (the table's primary key needs a value). */
export interface RefusalCount {
  windowStart: Date;
  policy: string;
  ip: string;
  companyId: string;
  apiKeyId: string;
  count: number;
}

/** Adds the counts to the stored ones; one statement, (windowStart, policy, ip, companyId, apiKeyId) unique in `rows`. */
export type RefusalWriter = (rows: readonly RefusalCount[]) => Promise<void>;

export interface RefusalSink {
  refused(r: Refusal): void;
}

export interface RefusalRecorder extends RefusalSink {
  /** Writes what was counted since the last flush; on failure keeps it for the next one. Never rejects. */
  flush(): Promise<void>;
  /** Flushes every `intervalMs` on an unref'd timer. */
  start(): void;
  /** Stops the timer and flushes a last time. */
  stop(): Promise<void>;
  /** Entries waiting for the next flush (tests, metrics). */
  readonly pending: number;
}

export interface RefusalRecorderOptions {
  write: RefusalWriter;
  log: Pick<Logger, 'warn' | 'error' | 'info'>;
  /** Distinct entries kept between flushes. */
  maxEntries?: number;
  intervalMs?: number;
  now?: () => number;
}

// Control characters cannot occur in any of the parts (policy names, addresses, ids): a safe separator.
const SEP = '\u0001';
const keyOf = (e: Omit<RefusalCount, 'count'>) => [e.windowStart.getTime(), e.policy, e.ip, e.companyId, e.apiKeyId].join(SEP);

const byKey = (a: RefusalCount, b: RefusalCount): number =>
  a.windowStart.getTime() - b.windowStart.getTime() ||
  cmp(a.policy, b.policy) ||
  cmp(a.ip, b.ip) ||
  cmp(a.companyId, b.companyId) ||
  cmp(a.apiKeyId, b.apiKeyId);
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function createRefusalRecorder(opts: RefusalRecorderOptions): RefusalRecorder {
  const maxEntries = opts.maxEntries ?? 10_000;
  const intervalMs = opts.intervalMs ?? 5_000;
  const now = opts.now ?? Date.now;
  const log = opts.log;
  let entries = new Map<string, RefusalCount>();
  /** Refusals not counted since the last log line: the map was full and even the address-only entry was new. */
  let dropped = 0;
  let failing = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;

  /**
   * Counts `n` into the entry, or when the map is full into the same minute's address-only entry (the
   * address is what an operator blocks); when that one is new as well, the refusals are dropped.
   */
  function add(e: Omit<RefusalCount, 'count'>, n: number): void {
    const k = keyOf(e);
    const found = entries.get(k);
    if (found) return void (found.count += n);
    if (entries.size < maxEntries) return void entries.set(k, { ...e, count: n });
    const coarse = { ...e, companyId: '', apiKeyId: '' };
    const c = entries.get(keyOf(coarse));
    if (c) c.count += n;
    else dropped += n;
  }

  async function writeOnce(): Promise<void> {
    const batch = entries;
    entries = new Map();
    if (dropped > 0) {
      log.warn({ dropped, maxEntries }, 'rate-limit refusals dropped: too many distinct clients between flushes');
      dropped = 0;
    }
    if (batch.size === 0) return;
    try {
      // In key order: processes flushing overlapping keys then lock the rows in the same order (no deadlock).
      await opts.write([...batch.values()].sort(byKey));
      if (failing) log.info({ entries: batch.size }, 'rate-limit refusals recorded again');
      failing = false;
    } catch (err) {
      // Kept for the next flush (within the bound); one log line per outage, not one per flush.
      if (!failing) log.error({ err, entries: batch.size }, 'could not record rate-limit refusals; keeping the counts for the next flush');
      failing = true;
      for (const e of batch.values()) add(e, e.count);
    }
  }

  const recorder: RefusalRecorder = {
    refused(r) {
      const windowStart = new Date(Math.floor(now() / MINUTE) * MINUTE);
      add({ windowStart, policy: r.policy, ip: r.ip, companyId: r.companyId ?? '', apiKeyId: r.apiKeyId ?? '' }, 1);
    },
    flush() {
      // One flush at a time: a second caller waits for the running one, then writes what came since.
      const run: Promise<void> = (inFlight ?? Promise.resolve()).then(writeOnce).finally(() => {
        if (inFlight === run) inFlight = undefined;
      });
      inFlight = run;
      return run;
    },
    start() {
      if (timer) return;
      timer = setInterval(() => void recorder.flush(), intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await recorder.flush();
    },
    get pending() {
      return entries.size;
    },
  };
  return recorder;
}
