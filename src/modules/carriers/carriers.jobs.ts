import type { JobDefinitions } from '../../jobs/queue.js';
import type { CallbackUpdateMessage } from './callback-message.js';

declare module '../../jobs/queue.js' {
  interface JobPayloads {
    /** A carrier's pushed update, published by the callback relay and applied to the shipment by the consumer. */
    'callback-update-status': CallbackUpdateMessage;
    /** Re-tracks active shipments of carriers that do not push callbacks. */
    'carriers.refresh': Record<string, never>;
  }
}

export const CARRIER_JOBS = {
  // A job held by a process that died comes back after a minute (the default is 15): applying one takes
  // milliseconds. Callback updates are many and small: fifty per fetch, four applied at once (each is a
  // short transaction of round trips; updates of one AWB lock its shipments in id order, and statuses
  // add up in any order, so they need not wait for each other).
  'callback-update-status': {
    queue: { retryLimit: 10, retryDelay: 2, retryBackoff: true, expireInSeconds: 60 },
    batchSize: 50,
    concurrency: 4,
  },
  // Every minute; each carrier's own interval decides which shipments are due (CARRIER_<X>_REFRESH_MINUTES).
  'carriers.refresh': { queue: { retryLimit: 0, retryDelay: 60, retryBackoff: false }, cron: '* * * * *' },
} as const satisfies JobDefinitions<'callback-update-status' | 'carriers.refresh'>;
