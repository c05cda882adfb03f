/**
 * A background worker that drains an outbox table: a pass (`drain`) at start, whenever the table's
 * trigger sends its NOTIFY (PostgreSQL; every (re)LISTEN runs a pass too, catching up on what was sent
 * while not listening), when woken in this process, and at the latest `pollMs` after the last pass —
 * the safety net, and on the embedded engine (no LISTEN) the way it learns of new rows. The database
 * away is logged once per outage by its health, and the next pass retries.
 */
import type { Logger } from 'pino';
import type { Database } from '../db/client.js';
import { isConnectionError } from '../db/connection-errors.js';
import { startListener } from '../db/listen.js';
import { createDrainLoop } from '../lib/drain-loop.js';
import type { BackgroundWorker } from './queue.js';

export function createOutboxDrainer(opts: {
  /** The worker's name (`callback-relay`), and its words in logs (`callback relay`). */
  name: string;
  label: string;
  channel: string;
  database: Database;
  log: Logger;
  pollMs: number;
  drain: () => Promise<void>;
}): BackgroundWorker & { wake(): void } {
  const { database, log } = opts;
  let listener: { close(): Promise<void> } | undefined;
  const loop = createDrainLoop({
    drain: opts.drain,
    pollMs: opts.pollMs,
    onError: (err) => (isConnectionError(err) ? database.health.failed(err) : log.error({ err }, `${opts.label} pass failed`)),
  });
  return {
    name: opts.name,
    async start() {
      loop.start();
      listener = startListener({ database, channel: opts.channel, name: opts.label, log, onNotification: loop.wake, onListening: loop.wake });
    },
    async stop() {
      await loop.stop();
      await listener?.close();
      listener = undefined;
    },
    wake: loop.wake,
  };
}
