import type { JobDefinitions } from '../../jobs/queue.js';

declare module '../../jobs/queue.js' {
  interface JobPayloads {
    /** Runs (or resumes) a POD backfill run opened from the admin API. */
    'pod.backfill': { runId: number };
  }
}

export const POD_JOBS = {
  // A run takes minutes to hours. It keeps its own heartbeat and cursor: a job held by a process that
  // died comes back after the expiry and resumes the run where its cursor is.
  'pod.backfill': { queue: { retryLimit: 3, retryDelay: 60, retryBackoff: true, expireInSeconds: 6 * 3600 }, batchSize: 1 },
} as const satisfies JobDefinitions<'pod.backfill'>;
