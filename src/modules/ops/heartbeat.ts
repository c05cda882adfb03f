import os from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Database } from '../../db/client.js';
import { describeDbError, isConnectionError } from '../../db/connection-errors.js';
import { beat, removeHeartbeat } from './ops.repo.js';

/** How often a worker records that it is alive (WORKER_STALE_AFTER_SECONDS allows several misses). */
export const HEARTBEAT_INTERVAL_MS = 5000;
/** Rows of processes silent for a day are deleted by the next beat of any worker. */
const FORGET_AFTER_SECONDS = 86_400;

/**
 * A worker process's heartbeat row (see worker_heartbeats). Never throws: a beat that fails while the
 * database is down is retried at the next interval, and the outage is logged by the database's health.
 */
export function startHeartbeat(database: Database, log: Logger, role: string): { stop(): Promise<void> } {
  const me = {
    id: `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    role,
    host: os.hostname(),
    pid: process.pid,
    startedAt: new Date(),
  };
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const once = async () => {
    try {
      await beat(database.pool, me, FORGET_AFTER_SECONDS);
    } catch (err) {
      if (isConnectionError(err)) log.debug({ db: describeDbError(err) }, 'worker heartbeat not recorded');
      else log.warn({ db: describeDbError(err) }, 'worker heartbeat not recorded');
    }
  };
  running = once();
  const timer = setInterval(() => {
    if (!stopped) running = once();
  }, HEARTBEAT_INTERVAL_MS);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      await removeHeartbeat(database.pool, me.id).catch(() => {});
    },
  };
}
