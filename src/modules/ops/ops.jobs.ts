import type { JobDefinitions } from '../../jobs/queue.js';

declare module '../../jobs/queue.js' {
  interface JobPayloads {
    /** Deletes rows past their retention (rate-limit refusals, idempotency keys, webhook logs; API logs: api-log.prune). */
    'maintenance.prune': Record<string, never>;
  }
}

export const OPS_JOBS = {
  'maintenance.prune': { queue: { retryLimit: 2, retryDelay: 60, retryBackoff: false }, cron: '17 3 * * *' },
} as const satisfies JobDefinitions<'maintenance.prune'>;
