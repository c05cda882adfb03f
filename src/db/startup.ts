import type { Logger } from 'pino';
import { describeDbError, isConnectionError } from './connection-errors.js';

/** Delay before start-up attempt `attempt + 1` (attempt ≥ 1): 0.5 s doubling, capped at 10 s. */
export function startupBackoffMs(attempt: number): number {
  return Math.min(10_000, 500 * 2 ** Math.max(0, attempt - 1));
}

/**
 * Runs `step` until it gets past connection-level failures: a process started while PostgreSQL is
 * down (or restarting, as when a whole stack starts at once) waits for it instead of exiting with a
 * stack. One line per failed attempt says what failed and when the next one is; an error in the step
 * itself (a broken migration) is thrown at once. `signal` aborts the wait (a shutdown).
 */
export async function retryWhileUnavailable<T>(what: string, step: () => Promise<T>, log: Logger, signal?: AbortSignal): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await step();
      if (attempt > 1) log.info({ attempts: attempt }, `${what}: database reachable, going on`);
      return result;
    } catch (err) {
      if (!isConnectionError(err) || signal?.aborted) throw err;
      const wait = startupBackoffMs(attempt);
      const db = describeDbError(err);
      log.warn(
        { attempt, retryInMs: wait, db },
        `${what}: database unreachable (${db.code ?? db.message}); attempt ${attempt} failed, retrying in ${wait} ms`,
      );
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, wait);
        signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
      });
    }
  }
}
