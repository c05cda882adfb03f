/**
 * Balance runs under concurrency, on PostgreSQL only (the embedded engine has one connection, so
 * nothing there runs at once): runs started together assign each shipment once; a run while another
 * process holds the run lock is refused (admin) or skipped (schedule); a run racing partners' cancels
 * never assigns a cancelled shipment, and every counter still equals the load rule.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_LOCK_KEY } from '../../src/modules/balance/balance.repo.js';
import { createTestHub, type TestHub } from '../helpers/hub.js';
import { adminHeaders, company, loadRuleMismatches, shipments } from './run-fixtures.js';

const onPostgres = Boolean(process.env.DATABASE_URL);

describe.skipIf(!onPostgres)('balance runs at once (PostgreSQL)', () => {
  let hub: TestHub;
  let admin: { authorization: string };
  beforeAll(async () => {
    hub = await createTestHub({ env: { DB_POOL_MAX: '20' } });
    admin = await adminHeaders(hub);
  });
  afterAll(async () => hub?.close());
  const q = async <T extends pg.QueryResultRow>(sql: string, values: unknown[] = []) => (await hub.deps.database.pool.query<T>(sql, values)).rows;

  /** No shipment assigned twice, and the audit, the tracking events and the status agree. */
  async function assignedOnce() {
    const twice = await q(
      `select shipment_id from tracking_events where status = 'assigned' group by shipment_id having count(*) > 1
       union all select subject_id from activity_logs where action = 'shipment.assigned' group by subject_id having count(*) > 1`,
    );
    expect(twice).toEqual([]);
    const disagree = await q(
      `select s.id from shipments s
       where (s.assigned_company_id is not null) <> exists (select 1 from tracking_events t where t.shipment_id = s.id and t.status = 'assigned')
          or (s.assigned_company_id is not null) <> exists (select 1 from activity_logs a where a.subject_id = s.id and a.action = 'shipment.assigned')`,
    );
    expect(disagree).toEqual([]);
    expect(await loadRuleMismatches(hub)).toEqual([]);
  }

  it('runs started together: one holds the lock, the others are refused or find nothing left; each shipment is assigned once', async () => {
    const s = await company(hub, admin, { tier: 'enterprise' });
    await company(hub, admin, { tier: 'enterprise', capacity: 300 });
    await company(hub, admin, { tier: 'professional', capacity: 300 });
    await shipments(hub, s, 120);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 4 }, (_, i) =>
        hub.services.balance.run({
          action: 'distribute',
          dryRun: false,
          trigger: i % 2 ? 'schedule' : 'admin',
          ...(i % 2 ? {} : { adminId: 'adm_test' }),
        }),
      ),
    );
    let assigned = 0;
    for (const o of outcomes) {
      if (o.status === 'rejected') expect((o.reason as { code?: string }).code).toBe('BALANCE_RUN_IN_PROGRESS');
      else assigned += o.value?.distributed ?? 0;
    }
    expect(assigned).toBe(120);
    await assignedOnce();
  });

  it('while another process holds the run lock: an admin run is 409, the schedule skips, a dry run goes ahead', async () => {
    const other = new pg.Client({ connectionString: hub.config.db.url });
    await other.connect();
    try {
      await other.query('select pg_advisory_lock($1::bigint)', [RUN_LOCK_KEY]);
      const res = await hub.app.inject({ method: 'POST', url: '/api/admin/ai', headers: admin, payload: { action: 'distribute' } });
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json().code).toBe('BALANCE_RUN_IN_PROGRESS');
      expect(await hub.services.balance.run({ action: 'distribute', dryRun: false, trigger: 'schedule' })).toBeNull();
      const dry = await hub.app.inject({ method: 'POST', url: '/api/admin/ai', headers: admin, payload: { action: 'distribute', dryRun: true } });
      expect(dry.statusCode, dry.body).toBe(200);
    } finally {
      await other.end();
    }
    const after = await hub.app.inject({ method: 'POST', url: '/api/admin/ai', headers: admin, payload: { action: 'distribute' } });
    expect(after.statusCode, after.body).toBe(200);
  });

  it('a run racing the creator’s cancels never assigns a cancelled shipment; counters equal the load rule', async () => {
    const s = await company(hub, admin, { tier: 'enterprise' });
    await company(hub, admin, { tier: 'enterprise' });
    const ids = await shipments(hub, s, 80);
    const cancel = async (id: string) => {
      const res = await hub.app.inject({
        method: 'POST',
        url: `/api/partner/shipments/${id}/cancel`,
        headers: s.headers,
        payload: { reason: 'race' },
      });
      // Before the run (pending → cancelled) or after it (assigned → cancelled): both are allowed.
      expect(res.statusCode, res.body).toBe(200);
    };
    const victims = ids.filter((_, i) => i % 2 === 0);
    const [runOutcome] = await Promise.allSettled([
      hub.services.balance.run({ action: 'distribute', dryRun: false, trigger: 'admin', adminId: 'adm_test' }),
      ...victims.map(async (id, i) => {
        await new Promise((r) => setTimeout(r, i % 7));
        await cancel(id);
      }),
    ]);
    expect(runOutcome.status).toBe('fulfilled');
    // Whatever the first run skipped (held by a cancel at that moment) a second run takes.
    await hub.services.balance.run({ action: 'distribute', dryRun: false, trigger: 'admin', adminId: 'adm_test' });

    const rows = await q<{ id: string; status: string; events: string[] }>(
      `select s.id, s.status, array(select t.status from tracking_events t where t.shipment_id = s.id order by t.occurred_at, t.id) as events
       from shipments s where s.id = any($1::text[])`,
      [ids],
    );
    for (const r of rows) {
      if (victims.includes(r.id)) {
        expect(r.status, r.id).toBe('cancelled');
        // Cancelled last: no assignment after it (an assignment before it is a legal assigned → cancelled).
        expect(r.events.at(-1), r.id).toBe('cancelled');
        expect(r.events.filter((e) => e === 'cancelled')).toHaveLength(1);
      } else {
        expect(r.status, r.id).toBe('assigned');
      }
    }
    await assignedOnce();
  });
});
