import type { Logger } from 'pino';
import type { Database } from '../../../db/client.js';
import { startListener } from '../../../db/listen.js';
import { WEBHOOK_CHANNEL } from '../delivery.repo.js';

/**
 * PostgreSQL NOTIFY from the fan-out trigger and from replays wakes the loop for new messages. The
 * listener reconnects and LISTENs again by itself; each (re)LISTEN wakes the loop too, for what was
 * sent while it was not listening. Embedded: nothing to listen to (the loop polls faster instead).
 */
export function listenForMessages(database: Database, log: Logger, wake: () => void): { close(): Promise<void> } {
  return startListener({ database, channel: WEBHOOK_CHANNEL, name: 'webhook dispatcher', log, onNotification: wake, onListening: wake });
}
