/**
 * Is an outbox stuck? Pure: a snapshot and a clock in, a verdict out. An outbox is stuck when the oldest
 * row that is due has waited longer than the threshold — whatever the cause (no worker running, a
 * worker wedged, a row that blocks the others) — because every outbox is drained within a second or
 * two when healthy (the relay polls every 500 ms; webhooks are due on the dot; jobs poll every second).
 */
import type { OutboxLag, OutboxSnapshot } from './outbox.repo.js';

export interface OutboxState {
  name: string;
  waiting: number;
  /** Seconds the oldest due row has waited (0 when nothing is due yet). */
  lagSeconds: number;
  stuck: boolean;
  deadLettered?: number;
}

export interface OutboxVerdict {
  status: 'ok' | 'stuck';
  thresholdSeconds: number;
  outboxes: OutboxState[];
}

function state(name: string, lag: OutboxLag, now: number, thresholdSeconds: number, deadLettered?: number): OutboxState {
  const lagSeconds = lag.waiting > 0 && lag.oldestDueAt ? Math.max(0, Math.floor((now - lag.oldestDueAt.getTime()) / 1000)) : 0;
  return { name, waiting: lag.waiting, lagSeconds, stuck: lagSeconds > thresholdSeconds, ...(deadLettered === undefined ? {} : { deadLettered }) };
}

export function assessOutboxes(snap: OutboxSnapshot, now: Date, thresholdSeconds: number): OutboxVerdict {
  const t = now.getTime();
  const outboxes = [
    state('carrier-callbacks', snap.callbacks, t, thresholdSeconds, snap.callbacks.deadLettered),
    state('webhook-messages', snap.webhooks, t, thresholdSeconds, snap.webhooks.deadLettered),
    ...[...snap.jobs].sort((a, b) => a.queue.localeCompare(b.queue)).map((j) => state(`jobs:${j.queue}`, j, t, thresholdSeconds)),
  ];
  return { status: outboxes.some((o) => o.stuck) ? 'stuck' : 'ok', thresholdSeconds, outboxes };
}
