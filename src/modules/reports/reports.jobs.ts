import type { JobDefinitions } from '../../jobs/queue.js';

declare module '../../jobs/queue.js' {
  interface JobPayloads {
    /** Exports one order report to the object store (docs/reports.md). */
    'reports.export': { reportId: string };
    /** Deletes the files of expired reports. */
    'reports.sweep': Record<string, never>;
  }
}

export const REPORT_JOBS = {
  // One retry, for a worker that died mid-export (the job expires after an hour and runs again; the
  // export starts over). A failing export marks the report failed itself and does not retry.
  'reports.export': { queue: { retryLimit: 1, retryDelay: 30, retryBackoff: false, expireInSeconds: 3600 }, batchSize: 1 },
  'reports.sweep': { queue: { retryLimit: 2, retryDelay: 60, retryBackoff: false }, cron: '*/10 * * * *' },
} as const satisfies JobDefinitions<'reports.export' | 'reports.sweep'>;
