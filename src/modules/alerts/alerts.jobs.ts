import type { JobDefinitions } from '../../jobs/queue.js';
import type { AlertNotice } from './slack.js';

declare module '../../jobs/queue.js' {
  interface JobPayloads {
    /** Posts one opened or resolved alert to ALERT_WEBHOOK_URL (added in the transaction that stored it). */
    'alerts.notify': AlertNotice;
  }
}

/** Retries with backoff (5 s doubling, about 20 minutes in all): a receiver that is down gets the post later. */
export const ALERT_JOBS = {
  'alerts.notify': { queue: { retryLimit: 8, retryDelay: 5, retryBackoff: true } },
} as const satisfies JobDefinitions<'alerts.notify'>;
