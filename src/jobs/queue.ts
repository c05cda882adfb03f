import { PgBoss, type Job, type JobWithMetadata } from 'pg-boss';
import type { Logger } from 'pino';
import type { Database } from '../db/client.js';
import { describeDbError, isConnectionError } from '../db/connection-errors.js';
import type { Tx } from '../db/tx.js';
import { storableText } from '../lib/storable.js';

/**
 * The job registry: queue name → payload. Empty here: each module declares its own jobs in its
 * `<module>.jobs.ts` by augmenting this interface (declaration merging), so the queue never imports a
 * module, and a module that enqueues depends only on this file:
 *
 *   declare module '../../jobs/queue.js' {
 *     interface JobPayloads { 'mail.send': MailMessage }
 *   }
 *
 * Handlers are idempotent (retries happen).
 * @example jobs.send('mail.send', { to, subject, text }, { tx })
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface JobPayloads {}
export type JobName = keyof JobPayloads;
export type JobHandlers = { [N in JobName]: (data: JobPayloads[N], job: Job<JobPayloads[N]>) => Promise<void> };

/** How a queue is run; declared by the module beside its payload type, as `satisfies JobDefinitions<...>`. */
export interface JobDefinition {
  /** pg-boss's retry policy for the queue (and its expiry: how soon a job held by a dead process comes back). */
  queue: { retryLimit: number; retryDelay: number; retryBackoff: boolean; expireInSeconds?: number };
  /** Jobs taken per fetch (default 5). */
  batchSize?: number;
  /**
   * Jobs of one fetched batch handled at once on PostgreSQL (default 1: one after the other). The
   * embedded engine has one connection: always 1 there.
   */
  concurrency?: number;
  /** A schedule (UTC cron) that only enqueues an ordinary job of this queue. */
  cron?: string;
}

/** Definitions of the jobs `N` (a module's own); the composition joins them into one for every `JobName`. */
export type JobDefinitions<N extends JobName = JobName> = { readonly [K in N]: JobDefinition };

/**
 * A long-running worker that is not a pg-boss queue — the webhook dispatcher, which keeps its own
 * queue in `webhook_messages`. Started by `work()` with the handlers, stopped by `stop()` before the
 * job queue closes.
 */
export interface BackgroundWorker {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** What the worker role runs: one handler per queue, plus background workers. */
export interface Workers {
  handlers: JobHandlers;
  background: BackgroundWorker[];
  /**
   * Called once when a job has failed its last attempt (pg-boss keeps it as `failed`: the queue's dead
   * letters, listed and retried from the admin API), e.g. to mark the row it came from as set aside.
   */
  onDead?: { [N in JobName]?: (data: JobPayloads[N], error: string) => Promise<void> };
  /** How often an idle queue worker looks for jobs (default 1 s): the safety net behind `wake`. */
  pollingIntervalSeconds?: number;
}

export interface Jobs {
  /** Adds a job; with `tx`, it commits or rolls back with that transaction. */
  send<N extends JobName>(name: N, data: JobPayloads[N], opts?: { tx?: Tx; singletonKey?: string }): Promise<void>;
  /** Adds many jobs in one statement; with `tx`, they commit or roll back with it. */
  sendMany<N extends JobName>(name: N, data: Array<JobPayloads[N]>, opts?: { tx?: Tx }): Promise<void>;
  /** Retries a job that failed for good (a dead letter) once more; with `tx`, only if it commits. False: no such failed job. */
  retry(name: JobName, id: string, opts?: { tx?: Tx }): Promise<boolean>;
  /** Starts handlers, background workers and schedules in this process (the worker role). */
  work(workers: Workers): Promise<void>;
  /**
   * Jobs of `name` were just committed: this process's workers of that queue fetch now instead of at
   * their next poll. A no-op where the queue is not worked (an API process).
   */
  wake(name: JobName): void;
  stop(): Promise<void>;
  /** Every queue's name: what the outbox monitor watches. */
  readonly queues: readonly JobName[];
  readonly boss: PgBoss;
}

export async function startJobs(database: Database, log: Logger, opts: { worker: boolean; definitions: JobDefinitions }): Promise<Jobs> {
  const definitions: Readonly<Record<string, JobDefinition>> = opts.definitions;
  const queues = Object.keys(definitions) as JobName[];
  // Two pg-boss instances: one that only sends (every role; it starts in a few queries), and, in the
  // worker role, one that supervises, runs schedules and works the queues. The second starts in
  // `work()`, after the HTTP server listens: its start-up maintenance (about half a second on the
  // embedded engine) is then off the path to the first answered request.
  const make = (worker: boolean) => {
    const common = { schema: 'pgboss', supervise: worker, schedule: worker, migrate: true };
    // Embedded: share the hub's single connection (see db/client.ts). PostgreSQL: pg-boss's own pool,
    // which also gives it LISTEN/NOTIFY for fast pickup.
    const b =
      database.kind === 'embedded'
        ? new PgBoss({ ...common, db: { executeSql: (text, values) => database.pool.query(text, values) } })
        : new PgBoss({ ...common, connectionString: database.connectionString, max: worker ? 4 : 2 });
    // Message and code only: a pg error can carry its whole pg.Client (kilobytes, and the cancel key).
    // A lost database is logged once per outage by its health, not at every poll.
    b.on('error', (err) => {
      if (isConnectionError(err)) database.health.failed(err);
      else log.error({ err: describeDbError(err) }, 'job queue error');
    });
    return b;
  };
  const boss = make(false);
  await boss.start();
  const existing = new Set((await boss.getQueues()).map((q) => q.name));
  for (const [name, d] of Object.entries(definitions)) {
    if (!existing.has(name)) await boss.createQueue(name, d.queue);
    else await boss.updateQueue(name, d.queue);
  }
  let workerBoss: PgBoss | undefined;
  let background: BackgroundWorker[] = [];
  const workerIds = new Map<JobName, string>();
  return {
    boss,
    queues,
    async send(name, data, o = {}) {
      const options: Record<string, unknown> = {};
      if (o.tx) options.db = txExecutor(o.tx);
      if (o.singletonKey) options.singletonKey = o.singletonKey;
      await boss.send(name, data, options);
    },
    async sendMany(name, data, o = {}) {
      if (data.length === 0) return;
      await boss.insert(
        name,
        data.map((d) => ({ data: d as object })),
        o.tx ? { db: txExecutor(o.tx) } : {},
      );
    },
    async retry(name, id, o = {}) {
      const r = await boss.retry(name, id, o.tx ? { db: txExecutor(o.tx) } : {});
      // pg-boss answers { affected } at run time; its type declares an empty interface.
      return Boolean((r as { affected?: number }).affected);
    },
    wake(name) {
      const id = workerIds.get(name);
      if (id) workerBoss?.notifyWorker(id);
    },
    async work({ handlers, background: bg, onDead, pollingIntervalSeconds = 1 }) {
      const wb = make(true);
      await wb.start();
      workerBoss = wb;
      background = bg;
      for (const b of background) await b.start();
      for (const name of queues) {
        const handler = handlers[name] as (data: unknown, job: Job<unknown>) => Promise<void>;
        const dead = onDead?.[name] as ((data: unknown, error: string) => Promise<void>) | undefined;
        // With metadata: a job's own retry limit (an admin retry adds one) says which attempt is its last.
        const options = { batchSize: definitions[name]!.batchSize ?? 5, pollingIntervalSeconds, includeMetadata: true as const };
        const width = database.kind === 'postgres' ? (definitions[name]!.concurrency ?? 1) : 1;
        const workerId = await wb.work<unknown, unknown, typeof options>(name, options, async (jobs: JobWithMetadata<unknown>[]) => {
          // Each job succeeds or fails on its own: one bad message must not fail (and, after its
          // retries, lose) the rest of its batch. A failed job leaves the 'active' state, so the
          // batch's completion, which only completes active jobs, skips it. Nothing a job does may
          // throw out of this loop: that would fail the whole batch again.
          await eachAtMost(jobs, width, async (job) => {
            try {
              await handler(job.data, job);
            } catch (err) {
              await failJob(log, wb, name, job, err, job.retryCount >= job.retryLimit, dead);
            }
          });
        });
        workerIds.set(name, workerId);
      }
      for (const name of queues) {
        const cron = definitions[name]!.cron;
        if (cron) await wb.schedule(name, cron, {}, { tz: 'UTC' });
      }
    },
    async stop() {
      for (const b of background)
        await b.stop().catch((err: unknown) => log.error({ err, worker: b.name }, 'background worker did not stop cleanly'));
      if (workerBoss) await workerBoss.stop({ graceful: true, timeout: 10_000, close: true });
      await boss.stop({ graceful: true, timeout: 10_000, close: true });
    },
  };
}

/** Runs `fn` over `items`, at most `width` at a time (lanes taking the next item as they finish). */
async function eachAtMost<T>(items: readonly T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(width, items.length)) }, lane));
}

/**
 * Records a job's failure. The message is made storable (pg-boss keeps it in jsonb, which refuses NUL
 * and unpaired surrogates: an error quoting bad input would otherwise make the failure itself fail).
 */
async function failJob(
  log: Logger,
  wb: PgBoss,
  name: JobName,
  job: Job<unknown>,
  err: unknown,
  final: boolean,
  dead?: (data: unknown, error: string) => Promise<void>,
) {
  const message = storableText(errorText(err)).slice(0, 1000);
  if (final)
    log.error(
      { queue: name, jobId: job.id, attempts: job.retryCount + 1, err: message },
      'job failed for good: dead-lettered (retry it from the admin API)',
    );
  else log.warn({ queue: name, jobId: job.id, retryCount: job.retryCount, err: message }, 'job failed; pg-boss retries it');
  try {
    await wb.fail(name, job.id, { message });
  } catch (e) {
    // Left active: pg-boss expires and retries it.
    log.error({ queue: name, jobId: job.id, err: errorText(e) }, 'job failure could not be recorded');
  }
  if (final && dead)
    await dead(job.data, message).catch((e: unknown) => log.error({ queue: name, jobId: job.id, err: errorText(e) }, 'dead-letter follow-up failed'));
}

function errorText(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

function txExecutor(tx: Tx) {
  const client = tx.client;
  return { executeSql: (text: string, values?: unknown[]) => client.query(text, values) };
}
