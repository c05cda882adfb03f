import type { JobDefinitions } from '../../jobs/queue.js';

declare module '../../jobs/queue.js' {
  interface JobPayloads {
    /** Deletes API log rows older than API_LOG_RETENTION_DAYS, in bounded chunks (docs/api-log.md). */
    'api-log.prune': Record<string, never>;
  }
}

export const AUTH_JOBS = {
  // Hourly, not daily: every request is a row, and an hour's worth of chunks keeps each run short.
  'api-log.prune': { queue: { retryLimit: 2, retryDelay: 60, retryBackoff: false }, cron: '41 * * * *' },
} as const satisfies JobDefinitions<'api-log.prune'>;
