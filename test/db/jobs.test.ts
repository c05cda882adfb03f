import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobHandlers } from '../../src/jobs/queue.js';
import { createTestHub, type TestHub } from '../helpers/hub.js';
import { until } from '../helpers/webhooks.js';

/** A batch of jobs handed to one handler call: each job succeeds or fails on its own. */
let hub: TestHub;
beforeAll(async () => {
  hub = await createTestHub({ role: 'api' });
});
afterAll(async () => hub?.close());

describe('job batches', () => {
  it('one failing job does not fail the others of its batch', async () => {
    const done: string[] = [];
    const noop = async () => {};
    const handlers: JobHandlers = {
      'mail.send': async (m) => {
        if (m.to === 'bad@example.com') throw new Error('mailbox on fire');
        done.push(m.to);
      },
      'maintenance.prune': noop,
      'callback-update-status': noop,
      'carriers.refresh': noop,
      'balance.distribute': noop,
      'pod.backfill': noop,
      'reports.export': noop,
      'reports.sweep': noop,
      'alerts.notify': noop,
      'api-log.prune': noop,
    };
    const tos = ['a@example.com', 'b@example.com', 'bad@example.com', 'c@example.com', 'd@example.com'];
    await hub.deps.jobs.sendMany(
      'mail.send',
      tos.map((to) => ({ to, subject: 's', text: 't', tag: 'test' })),
    );
    await hub.deps.jobs.work({ handlers, background: [] });
    await until(() => done.length === 4, 'the four good jobs');
    const states = async () =>
      (
        await hub.deps.database.pool.query<{ to: string; state: string }>(
          `select data->>'to' as to, state from pgboss.job where name = 'mail.send' order by data->>'to'`,
        )
      ).rows;
    // pg-boss completes the batch's good jobs once the whole batch has been handled (the bad one
    // included), a moment after the last good one ran.
    const rows = await until(async () => {
      const r = await states();
      return r.filter((x) => x.to !== 'bad@example.com').every((x) => x.state === 'completed') ? r : null;
    }, 'the four good jobs completed');
    expect(rows.filter((r) => r.to !== 'bad@example.com')).toHaveLength(4);
    expect(rows.find((r) => r.to === 'bad@example.com')?.state).toMatch(/retry|failed|active|created/);
    expect(rows.find((r) => r.to === 'bad@example.com')?.state).not.toBe('completed');
  });
});
