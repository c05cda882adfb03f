import type { Logger } from 'pino';
import { describeDbError } from './connection-errors.js';

/**
 * Whether this process currently sees the database as reachable, from what its own statements
 * observe. Its job is the log: one warning when an outage starts and one line when it ends, instead of
 * a stack per failed request (a busy API fails hundreds of statements a second while PostgreSQL is down).
 */
export interface DatabaseHealth {
  /** True from the first connection-level failure until a statement succeeds again. */
  readonly down: boolean;
  /** When the current outage was first seen (ms since epoch), or undefined. */
  readonly downSince: number | undefined;
  /** The first error of the current outage, described (code and message). */
  readonly lastError: { code?: string; message: string } | undefined;
  /** Connection-level failures seen since the process started (the alert evaluator counts the new ones). */
  readonly failures: number;
  /** A connection-level failure was seen (see isConnectionError). */
  failed(err: unknown): void;
  /** A statement succeeded. Cheap: called after every query. */
  ok(): void;
}

/** Outages that start within this of the last warning (a flapping connection) are logged at debug. */
const QUIET_MS = 10_000;

export function createDatabaseHealth(log?: Logger): DatabaseHealth {
  let down = false;
  let lastWarnAt = -Infinity;
  let warned = false;
  let downSince: number | undefined;
  let lastError: { code?: string; message: string } | undefined;
  let failures = 0;
  return {
    get failures() {
      return failures;
    },
    get down() {
      return down;
    },
    get downSince() {
      return downSince;
    },
    get lastError() {
      return lastError;
    },
    failed(err) {
      failures++;
      if (down) return;
      down = true;
      downSince = Date.now();
      lastError = describeDbError(err);
      warned = downSince - lastWarnAt > QUIET_MS;
      if (warned) {
        lastWarnAt = downSince;
        log?.warn({ db: lastError }, 'database unavailable: requests that need it answer 503 DATABASE_UNAVAILABLE until it is back');
      } else log?.debug({ db: lastError }, 'database unavailable again');
    },
    ok() {
      if (!down) return;
      down = false;
      const downMs = Date.now() - (downSince ?? Date.now());
      if (warned) log?.info({ db: lastError, downMs }, 'database reachable again');
      else log?.debug({ downMs }, 'database reachable again');
      downSince = undefined;
      lastError = undefined;
    },
  };
}
