/**
 * A stuck outbox — here accepted callbacks that no worker publishes (an API-only hub) — makes /readyz say
 * so (200 `degraded`, the outbox named) and raises the `outbox.stuck` admin alert, resolved once it drains.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../helpers/hub.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await createTestHub({ role: 'api', env: { OUTBOX_STUCK_SECONDS: '5' } });
});
afterAll(async () => {
  await hub?.close();
});

const q = (text: string, values: unknown[] = []) => hub.deps.database.pool.query(text, values);

it('readyz degrades and an alert is raised while an outbox is stuck; both clear when it drains', async () => {
  const fresh = (await hub.app.inject({ method: 'GET', url: '/readyz' })).json();
  expect(fresh.checks.outboxes).toMatchObject({ status: 'ok', stuck: [] });

  await q(`insert into carrier_callbacks (carrier, status, remote_ip, body_hash, raw_body, awb, received_at)
    values ('jne', 'accepted', '127.0.0.1', 'stuck-test', '{}', 'STUCK0001', now() - interval '1 hour')`);
  const v = await hub.services.outboxes.check(); // what every process runs every 30 s
  expect(v.status).toBe('stuck');
  await new Promise((r) => setTimeout(r, 5100)); // past the readiness cache
  const res = await hub.app.inject({ method: 'GET', url: '/readyz' });
  expect(res.statusCode).toBe(200);
  expect(res.json().status).toBe('degraded');
  expect(res.json().checks.outboxes.stuck).toEqual([{ name: 'carrier-callbacks', waiting: 1, lagSeconds: expect.any(Number) }]);
  expect(res.json().checks.outboxes.stuck[0].lagSeconds).toBeGreaterThanOrEqual(3590);
  const open = await q(`select message from admin_alerts where kind = 'outbox.stuck' and acknowledged_at is null`);
  expect(open.rows).toHaveLength(1);
  expect(open.rows[0].message).toContain('carrier-callbacks');
  await hub.services.outboxes.check();
  expect((await q(`select 1 from admin_alerts where kind = 'outbox.stuck'`)).rows).toHaveLength(1); // not raised twice

  await q(`update carrier_callbacks set published_at = now() where body_hash = 'stuck-test'`);
  expect((await hub.services.outboxes.check()).status).toBe('ok');
  expect((await q(`select 1 from admin_alerts where kind = 'outbox.stuck' and acknowledged_at is null`)).rows).toHaveLength(0);
}, 30_000);
