/**
 * Watches the outboxes from every process (API and worker alike, so a dead worker is still noticed):
 * a cached verdict for /readyz, and a periodic check that raises the admin alert `outbox.stuck` when an
 * outbox is stuck and resolves it when it has drained. Dead letters raise `outbox.dead_lettered` at the
 * moment they are set aside (deadLettered()).
 */
import type { Logger } from 'pino';
import type { Database } from '../../db/client.js';
import { assessOutboxes, type OutboxVerdict } from './outbox.js';
import { countFailedJobs, listFailedJobs, raiseSystemAlert, readOutboxes, resolveSystemAlerts, type FailedJobRow } from './outbox.repo.js';

/** A verdict is reused this long: readiness probes every few seconds must not each scan. */
const CACHE_MS = 5_000;

export interface OutboxMonitor {
  /** The current verdict (cached for a few seconds). */
  verdict(): Promise<OutboxVerdict>;
  /** The verdict with dead-letter counts of the job queues (admin API; not cached). */
  summary(): Promise<OutboxVerdict & { deadLetteredJobs: Record<string, number> }>;
  /** Jobs that failed their last attempt (the queues' dead letters), of one queue or all, newest first. */
  failedJobs(f: { queue?: string | undefined; limit: number; offset: number }): Promise<{ rows: FailedJobRow[]; total: number }>;
  /** Raise or resolve the `outbox.stuck` alert; returns the fresh verdict. */
  check(): Promise<OutboxVerdict>;
  /** A row or job was set aside: alert the admins (one open alert per outbox at a time). */
  deadLettered(what: string, details: { outbox: string } & Record<string, unknown>): Promise<void>;
  start(intervalMs?: number): void;
  stop(): void;
}

export function createOutboxMonitor(deps: { database: Database; queues: readonly string[]; thresholdSeconds: number; log: Logger }): OutboxMonitor {
  const { database, queues, thresholdSeconds, log } = deps;
  let cached: { at: number; v: OutboxVerdict } | undefined;
  let timer: NodeJS.Timeout | undefined;

  async function fresh(): Promise<OutboxVerdict> {
    const v = assessOutboxes(await readOutboxes(database.pool, queues), new Date(), thresholdSeconds);
    cached = { at: Date.now(), v };
    return v;
  }

  const monitor: OutboxMonitor = {
    async verdict() {
      if (cached && Date.now() - cached.at < CACHE_MS) return cached.v;
      return fresh();
    },
    async summary() {
      const [v, failed] = await Promise.all([fresh(), countFailedJobs(database.pool, queues)]);
      return { ...v, deadLetteredJobs: Object.fromEntries(queues.map((q) => [q, failed.get(q) ?? 0])) };
    },
    failedJobs(f) {
      return listFailedJobs(database.pool, { queues: f.queue ? [f.queue] : queues, limit: f.limit, offset: f.offset });
    },
    async check() {
      const v = await fresh();
      if (v.status === 'stuck') {
        const stuck = v.outboxes.filter((o) => o.stuck);
        const names = stuck.map((o) => `${o.name} (${o.waiting} waiting, oldest ${o.lagSeconds} s)`).join(', ');
        if (
          await raiseSystemAlert(database.pool, 'outbox.stuck', `Outbox stuck for more than ${thresholdSeconds} s: ${names}`, {
            outbox: 'any',
            outboxes: stuck,
          })
        ) {
          log.error({ outboxes: stuck }, 'outbox stuck; admin alert raised');
        }
      } else if ((await resolveSystemAlerts(database.pool, 'outbox.stuck')) > 0) {
        // Any process may resolve it: the one that raised it may be the one that died.
        log.info('outboxes drained; stuck alert resolved');
      }
      return v;
    },
    async deadLettered(what, details) {
      await raiseSystemAlert(
        database.pool,
        'outbox.dead_lettered',
        `${what} was set aside after repeated failures; see the admin outbox API to inspect and replay`,
        details,
      ).catch((err: unknown) => log.warn({ err: (err as Error).message }, 'dead-letter alert not raised'));
    },
    start(intervalMs = 30_000) {
      if (timer) return;
      const tick = () => {
        monitor.check().catch((err: unknown) => log.warn({ err: (err as Error).message }, 'outbox check failed'));
      };
      timer = setInterval(tick, intervalMs);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
      timer = undefined;
    },
  };
  return monitor;
}
