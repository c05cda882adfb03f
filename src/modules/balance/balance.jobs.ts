import type { JobDefinitions } from '../../jobs/queue.js';

declare module '../../jobs/queue.js' {
  interface JobPayloads {
    /** The scheduled distribution run: pending shipments to the best eligible companies. */
    'balance.distribute': Record<string, never>;
  }
}

export const BALANCE_JOBS = {
  // Every 15 minutes. pg-boss's schedule enqueues one job per tick across all processes, and the run
  // itself holds an advisory lock, so two workers never distribute at once. No retries: a failed or
  // skipped tick is simply followed by the next one, which sees the same pending shipments.
  'balance.distribute': { queue: { retryLimit: 0, retryDelay: 60, retryBackoff: false, expireInSeconds: 600 }, cron: '*/15 * * * *' },
} as const satisfies JobDefinitions<'balance.distribute'>;
