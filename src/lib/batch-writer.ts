/**
 * Rows written off the request path, in batches: `push` only appends to a bounded in-memory queue (no
 * I/O, no promise for the caller), and the queue is written every `intervalMs`, or on the next turn of
 * the event loop when `maxBatch` rows wait, one `write(rows)` call (one statement) per batch of at most `maxBatch` rows.
 *
 * Bounded: rows queued plus rows being written never exceed `maxQueued`. A push beyond that drops the
 * row and counts it (`dropped`), with one warning when a burst of drops starts and one line with its
 * count when the queue has drained. A failed write (the database away) puts its rows back at the head
 * of the queue for the next attempt — the bound holds, so an outage costs the newest rows, never
 * memory — with one error per outage and one line when writes succeed again. `close()` stops the
 * timer and writes everything queued; what cannot be written then is logged and counted as dropped.
 *
 * Unlike KeyedBatcher (group commit: the caller waits for its item's result), nobody waits here.
 */
import type { Logger } from 'pino';

export interface BatchWriterOptions<T> {
  /**
   * Writes the rows as one statement; a rejection keeps them queued for the next attempt. It may
   * resolve to a number of rows it refused for good (rows the database will never take, which must not
   * hold back the others): those are counted as dropped.
   */
  write: (rows: T[]) => Promise<void | number>;
  log: Pick<Logger, 'warn' | 'error' | 'info'>;
  /** Names the queue in log lines. */
  name: string;
  /** Rows per `write` call; this many queued rows also start a write at once. */
  maxBatch?: number;
  /** Rows held at most (queued + being written). */
  maxQueued?: number;
  /** The timer's period. */
  intervalMs?: number;
  /**
   * Told of the first failed write of an outage instead of the error line (the rows are kept either
   * way): e.g. a database that is away, whose outage its own health logs once.
   */
  onWriteError?: (err: unknown, pending: number) => void;
}

export interface BatchWriter<T> {
  /** Queues a row; false when the queue is full and the row was dropped. Never throws, never waits. */
  push(row: T): boolean;
  /**
   * Writes the rows queued when called, batch by batch (and any full batch after them), until they are
   * written or a write fails. Rows pushed meanwhile wait for the next flush. Never rejects.
   */
  flush(): Promise<void>;
  /** Flushes every `intervalMs` on an unref'd timer. */
  start(): void;
  /** Stops the timer and writes what is queued; rows pushed afterwards are written at once. */
  close(): Promise<void>;
  /** Rows queued or being written. */
  readonly pending: number;
  /** Rows dropped since start (queue full, refused by `write`, or unwritable at close): a counter for metrics. */
  readonly dropped: number;
  /** Rows written since start. */
  readonly written: number;
  /** Failed `write` calls since start. */
  readonly failedWrites: number;
}

export function createBatchWriter<T>(opts: BatchWriterOptions<T>): BatchWriter<T> {
  const maxBatch = opts.maxBatch ?? 500;
  const maxQueued = opts.maxQueued ?? 20_000;
  const intervalMs = opts.intervalMs ?? 1_000;
  if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new RangeError('maxBatch must be a positive integer');
  if (!Number.isInteger(maxQueued) || maxQueued < maxBatch) throw new RangeError('maxQueued must be an integer ≥ maxBatch');
  const { log, name } = opts;

  let queue: T[] = [];
  let inFlight = 0;
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  /** A size-triggered flush is scheduled (on the next turn of the event loop, not inside `push`). */
  let scheduled = false;
  let closed = false;
  /** The last write failed: size-triggered writes wait for the timer instead of hammering a dead database. */
  let failing = false;
  let dropped = 0;
  /** Rows dropped in the current burst (0: no burst); its first drop warned, its end is logged once. */
  let burst = 0;
  let written = 0;
  let failedWrites = 0;

  /**
   * What a flush owes: the rows queued when it was called, counted by position in the stream of rows
   * (`pushed` ever accepted, `taken` ever taken out for a write). Rows pushed while a flush runs wait
   * for the next one (or for a full batch): a flush that chased them would, under steady traffic, go on
   * writing batches of a few rows back to back — one statement per handful of requests.
   */
  let pushed = 0;
  let taken = 0;
  let owedUntil = 0;

  /** Writes full batches (the size trigger: small batches would defeat batching under load), and the rows owed to a flush. */
  async function drain(): Promise<void> {
    while (queue.length > 0 && (owedUntil > taken || queue.length >= maxBatch)) {
      const batch = queue.length <= maxBatch ? queue : queue.slice(0, maxBatch);
      queue = queue.length <= maxBatch ? [] : queue.slice(maxBatch);
      taken += batch.length;
      inFlight = batch.length;
      try {
        const refused = Math.min(batch.length, Math.max(0, (await opts.write(batch)) ?? 0));
        written += batch.length - refused;
        dropped += refused;
        if (failing) log.info({ queue: name, rows: batch.length }, `${name}: writing again`);
        failing = false;
      } catch (err) {
        failedWrites += 1;
        // Back at the head, in order: queued + in flight never exceeded maxQueued, so neither does this.
        queue = batch.concat(queue);
        taken -= batch.length;
        if (!failing) {
          if (opts.onWriteError) opts.onWriteError(err, queue.length);
          else log.error({ err, queue: name, pending: queue.length }, `${name}: write failed; rows kept for the next attempt`);
        }
        failing = true;
        return;
      } finally {
        inFlight = 0;
      }
    }
    if (burst > 0 && queue.length === 0) {
      log.warn({ queue: name, dropped: burst, droppedTotal: dropped, maxQueued }, `${name}: ${burst} rows dropped while the queue was full`);
      burst = 0;
    }
  }

  /** `all`: a flush, owed the rows queued now. */
  function run(all: boolean): Promise<void> {
    if (all) owedUntil = Math.max(owedUntil, pushed);
    if (running) {
      // The running drain writes the rows owed now, unless it has passed its last check: then one more run does.
      return all ? running.then(() => (owedUntil > taken && queue.length > 0 && !failing ? run(false) : undefined)) : running;
    }
    running = drain().finally(() => {
      running = undefined;
    });
    return running;
  }

  const writer: BatchWriter<T> = {
    push(row) {
      if (queue.length + inFlight >= maxQueued) {
        dropped += 1;
        if (burst++ === 0) log.warn({ queue: name, maxQueued }, `${name}: queue full, dropping rows until it drains`);
        return false;
      }
      queue.push(row);
      pushed += 1;
      if (!scheduled && !running && (closed || (queue.length >= maxBatch && !failing))) {
        scheduled = true;
        setImmediate(() => {
          scheduled = false;
          if (closed || !failing) void run(closed);
        });
      }
      return true;
    },
    flush() {
      return run(true);
    },
    start() {
      if (timer || closed) return;
      timer = setInterval(() => void writer.flush(), intervalMs);
      timer.unref();
    },
    async close() {
      closed = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      // A write already running may leave rows behind (pushed meanwhile, or its own on failure): one more pass.
      await writer.flush();
      if (queue.length > 0) await writer.flush();
      if (queue.length > 0) {
        log.error({ queue: name, lost: queue.length }, `${name}: ${queue.length} rows could not be written at close`);
        dropped += queue.length;
        taken += queue.length;
        queue = [];
      }
    },
    get pending() {
      return queue.length + inFlight;
    },
    get dropped() {
      return dropped;
    },
    get written() {
      return written;
    },
    get failedWrites() {
      return failedWrites;
    },
  };
  return writer;
}
