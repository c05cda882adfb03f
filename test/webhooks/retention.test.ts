import { afterAll, beforeAll, expect, it } from 'vitest';
import { createWorkers } from '../../src/workers.js';
import { newPartner, type TestPartner } from '../helpers/factories.js';
import { createTestHub, type TestHub } from '../helpers/hub.js';
import { addWebhook } from '../helpers/webhooks.js';

/** WEBHOOK_LOG_RETENTION_DAYS, applied by the daily maintenance.prune job. */

let hub: TestHub;
let p: TestPartner;

beforeAll(async () => {
  hub = await createTestHub({ env: { WEBHOOK_LOG_RETENTION_DAYS: '7' } });
  p = await newPartner(hub.app);
});
afterAll(() => hub?.close());

it('prunes attempts and finished messages past retention, never a pending message or a recent row', async () => {
  const w = await addWebhook(hub.app, p, 'https://hooks.example.com/in');
  const { pool } = hub.deps.database;
  const msg = (id: string, status: string, days: number) =>
    pool.query(
      `insert into webhook_messages (id, endpoint_id, company_id, event_type, status, created_at, next_attempt_at)
       values ($1, $2, $3, 'shipment.updated', $4, now() - $5 * interval '1 day', case when $4 = 'pending' then now() + interval '1 hour' end)`,
      [id, w.id, p.companyId, status, days],
    );
  const attempt = (messageId: string, days: number) =>
    pool.query(
      `insert into webhook_attempts (message_id, endpoint_id, company_id, event_type, attempt, trigger, success, duration_ms, created_at)
       values ($1, $2, $3, 'shipment.updated', 1, 'event', false, 5, now() - $4 * interval '1 day')`,
      [messageId, w.id, p.companyId, days],
    );
  await msg('msg_old0succeeded00000', 'succeeded', 8);
  await msg('msg_old0failed00000000', 'failed', 8);
  await msg('msg_old0pending0000000', 'pending', 8);
  await msg('msg_new0succeeded00000', 'succeeded', 6);
  await attempt('msg_old0succeeded00000', 8);
  await attempt('msg_new0succeeded00000', 6);

  const { handlers } = createWorkers({
    config: hub.config,
    database: hub.deps.database,
    mailer: { send: async () => ({}) } as never,
    log: hub.deps.log,
    services: hub.services,
    jobs: hub.deps.jobs,
  });
  await handlers['maintenance.prune']({}, {} as never);

  const left = await pool.query<{ id: string }>('select id from webhook_messages where endpoint_id = $1 order by id', [w.id]);
  expect(left.rows.map((r) => r.id)).toEqual(['msg_new0succeeded00000', 'msg_old0pending0000000']);
  const attempts = await pool.query<{ message_id: string }>('select message_id from webhook_attempts where endpoint_id = $1', [w.id]);
  expect(attempts.rows.map((r) => r.message_id)).toEqual(['msg_new0succeeded00000']);
});
