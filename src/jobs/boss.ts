import { PgBoss, type Job } from 'pg-boss';
import type { Logger } from 'pino';
import type { Database } from '../db/client.js';
import type { Tx } from '../db/tx.js';

/**
 * The job registry: queue name → payload. Handlers are idempotent (retries happen).
 * @example jobs.send('mail.send', { to, subject, text }, { tx })
 */
export interface JobPayloads {
  'mail.send': { to: string; subject: string; text: string; html?: string; tag: string };
  'maintenance.prune': Record<string, never>;
}
export type JobName = keyof JobPayloads;
export type JobHandlers = { [N in JobName]: (data: JobPayloads[N], job: Job<JobPayloads[N]>) => Promise<void> };

const QUEUES: Record<JobName, { retryLimit: number; retryDelay: number; retryBackoff: boolean }> = {
  'mail.send': { retryLimit: 8, retryDelay: 5, retryBackoff: true },
  'maintenance.prune': { retryLimit: 2, retryDelay: 60, retryBackoff: false },
};

/** Schedules as data (UTC cron); each only enqueues an ordinary job. */
const SCHEDULES: Array<{ name: JobName; cron: string }> = [{ name: 'maintenance.prune', cron: '17 3 * * *' }];

export interface Jobs {
  /** Adds a job; with `tx`, it commits or rolls back with that transaction. */
  send<N extends JobName>(name: N, data: JobPayloads[N], opts?: { tx?: Tx; singletonKey?: string }): Promise<void>;
  /** Starts handlers and schedules in this process (the worker role). */
  work(handlers: JobHandlers): Promise<void>;
  stop(): Promise<void>;
  readonly boss: PgBoss;
}

export async function startJobs(database: Database, log: Logger, opts: { worker: boolean }): Promise<Jobs> {
  const common = {
    schema: 'pgboss',
    supervise: opts.worker,
    schedule: opts.worker,
    migrate: true,
  };
  // Embedded: share the hub's single connection (see db/client.ts). PostgreSQL: pg-boss's own pool,
  // which also gives it LISTEN/NOTIFY for fast pickup.
  const boss =
    database.kind === 'embedded'
      ? new PgBoss({ ...common, db: { executeSql: (text, values) => database.pool.query(text, values) } })
      : new PgBoss({ ...common, connectionString: database.connectionString, max: 4 });
  boss.on('error', (err) => log.error({ err }, 'job queue error'));
  await boss.start();
  for (const [name, q] of Object.entries(QUEUES)) {
    await boss.createQueue(name, q);
  }
  return {
    boss,
    async send(name, data, o = {}) {
      const options: Record<string, unknown> = {};
      if (o.tx) {
        const client = o.tx.client;
        options.db = { executeSql: (text: string, values?: unknown[]) => client.query(text, values) };
      }
      if (o.singletonKey) options.singletonKey = o.singletonKey;
      await boss.send(name, data, options);
    },
    async work(handlers) {
      for (const name of Object.keys(QUEUES) as JobName[]) {
        const handler = handlers[name] as (data: unknown, job: Job<unknown>) => Promise<void>;
        await boss.work<unknown>(name, { batchSize: 5, pollingIntervalSeconds: 1 }, async (jobs) => {
          for (const job of jobs) {
            await handler(job.data, job);
          }
        });
      }
      for (const s of SCHEDULES) await boss.schedule(s.name, s.cron, {}, { tz: 'UTC' });
    },
    async stop() {
      await boss.stop({ graceful: true, timeout: 10_000, close: true });
    },
  };
}
