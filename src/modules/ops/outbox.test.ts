import { describe, expect, it } from 'vitest';
import { assessOutboxes } from './outbox.js';
import type { OutboxSnapshot } from './outbox.repo.js';

const now = new Date('2026-12-01T10:00:00Z');
const ago = (s: number) => new Date(now.getTime() - s * 1000);
const empty = (): OutboxSnapshot => ({
  callbacks: { waiting: 0, oldestDueAt: null, deadLettered: 0 },
  webhooks: { waiting: 0, oldestDueAt: null, deadLettered: 0 },
  jobs: [],
});

describe('assessOutboxes', () => {
  it('nothing waiting is ok', () => {
    const v = assessOutboxes(empty(), now, 120);
    expect(v.status).toBe('ok');
    expect(v.outboxes.map((o) => [o.name, o.lagSeconds, o.stuck])).toEqual([
      ['carrier-callbacks', 0, false],
      ['webhook-messages', 0, false],
    ]);
  });

  it('stuck only past the threshold, per outbox', () => {
    const s = empty();
    s.callbacks = { waiting: 3, oldestDueAt: ago(121), deadLettered: 1 };
    s.webhooks = { waiting: 2, oldestDueAt: ago(120), deadLettered: 0 };
    s.jobs = [
      { queue: 'mail.send', waiting: 1, oldestDueAt: ago(500) },
      { queue: 'callback-update-status', waiting: 9, oldestDueAt: ago(3) },
    ];
    const v = assessOutboxes(s, now, 120);
    expect(v.status).toBe('stuck');
    expect(v.outboxes.map((o) => [o.name, o.waiting, o.lagSeconds, o.stuck])).toEqual([
      ['carrier-callbacks', 3, 121, true],
      ['webhook-messages', 2, 120, false], // exactly the threshold is not past it
      ['jobs:callback-update-status', 9, 3, false],
      ['jobs:mail.send', 1, 500, true],
    ]);
    expect(v.outboxes[0]!.deadLettered).toBe(1);
  });

  it('a row due in the future (backoff) has no lag', () => {
    const s = empty();
    s.callbacks = { waiting: 1, oldestDueAt: new Date(now.getTime() + 30_000), deadLettered: 0 };
    expect(assessOutboxes(s, now, 1).outboxes[0]).toMatchObject({ lagSeconds: 0, stuck: false });
  });
});
