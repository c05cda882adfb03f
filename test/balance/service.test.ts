/**
 * Balance runs end to end on a whole hub (both engines): what a distribution writes (assignments,
 * counters by the load rule, the audit, shipment.assigned webhooks to owner and assignee), the 90 %
 * limit, held shipments, dry runs (nothing written, the same decisions as the real run), pricing, the
 * stored runs. Each test has a hub of its own: a run considers every company in the database.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBalanceService } from '../../src/modules/balance/balance.service.js';
import type { Mailer } from '../../src/modules/mail/mailer.js';
import { createWorkers, JOB_DEFINITIONS } from '../../src/workers.js';
import { createTestHub, type TestHub } from '../helpers/hub.js';
import { adminHeaders, company, loadOf, loadRuleMismatches, shipments } from './run-fixtures.js';

let hub: TestHub;
let admin: { authorization: string };
beforeEach(async () => {
  hub = await createTestHub();
  admin = await adminHeaders(hub);
});
afterEach(async () => hub?.close());

const run = async (action: string, dryRun = false) => {
  const res = await hub.app.inject({ method: 'POST', url: '/api/admin/ai', headers: admin, payload: { action, dryRun } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const decisionsOf = async (runId: string) => {
  const res = await hub.app.inject({ method: 'GET', url: `/api/admin/ai/runs/${runId}?limit=100`, headers: admin });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().decisions.data as Array<{ shipmentId: string; creatorId: string; companyId: string | null; score: number | null }>;
};
const count = async (sql: string, values: unknown[] = []) => (await hub.deps.database.pool.query<{ n: number }>(sql, values)).rows[0]!.n;

describe('distribute', () => {
  it('gives each shipment, oldest first, to the best company at its turn, up to 90 %, holds the rest, and audits it', async () => {
    const hook = (path: string) => [{ url: `https://example.com/${path}`, events: ['shipment.assigned'] }];
    // No history, no balance: performance part 70 × 0.4 = 28, balance part 0. Capacity 10 each, so a
    // company takes 9 (9 × 10 = 90 is not under 90 % of 10).
    // E (enterprise): 28 + 30 × (1 − e/10) + 10 = 68 − 3e;  P (professional): 63 − 3p.
    const s = await company(hub, admin, { tier: 'starter', webhooks: hook('s') });
    const e = await company(hub, admin, { tier: 'enterprise', capacity: 10, webhooks: hook('e') });
    const p = await company(hub, admin, { tier: 'professional', capacity: 10 });
    const ids = await shipments(hub, s, 25);

    const report = await run('distribute');
    expect(report).toMatchObject({ action: 'distribute', dryRun: false, trigger: 'admin', distributed: 18, held: 7, companiesRebalanced: 3 });
    expect(report.runId).toMatch(/^run_[0-9a-z]{20}$/);

    // Worked by hand: E 68 > P 63, E 65 > 63, then E 62 < P 63, and from there they alternate (E stays
    // 2 loads ahead, never tied: 68 − 3e = 63 − 3p has no integer solution) until E reaches 9 at turn 16;
    // P takes turns 17 and 18; turns 19–25 find no eligible company (S created them).
    const E = e.companyId;
    const P = p.companyId;
    const expected = [E, E, P, E, P, E, P, E, P, E, P, E, P, E, P, E, P, P, null, null, null, null, null, null, null];
    const decisions = await decisionsOf(report.runId);
    expect(decisions.map((d) => d.shipmentId)).toEqual(ids);
    expect(decisions.map((d) => d.companyId)).toEqual(expected);
    expect(decisions[0]!.score).toBeCloseTo(68, 6);
    expect(decisions[2]!.score).toBeCloseTo(63, 6);

    // The load rule: S keeps its 7 held shipments; E and P carry 9 each; every counter equals the recount.
    expect([await loadOf(hub, s.companyId), await loadOf(hub, E), await loadOf(hub, P)]).toEqual([7, 9, 9]);
    expect(await loadRuleMismatches(hub)).toEqual([]);
    expect(await count(`select count(*)::int as n from shipments where status = 'assigned'`)).toBe(18);

    // The audit of turn 1 and turn 3: score, parts, utilization before, runners-up (S, the creator, never one).
    const audit = async (id: string) => {
      const res = await hub.app.inject({ method: 'GET', url: `/api/admin/shipments/${id}/decision`, headers: admin });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    const first = await audit(ids[0]!);
    expect(first).toMatchObject({ shipmentId: ids[0], status: 'assigned', creatorId: s.companyId, assignedCompanyId: E });
    expect(first.decision).toMatchObject({ runId: report.runId, companyId: E, utilizationBefore: 0, actor: { type: 'admin' } });
    expect(first.decision.score).toBeCloseTo(68, 6);
    expect(first.decision.parts.performance).toBeCloseTo(28, 6);
    expect(first.decision.parts.underutilization).toBeCloseTo(30, 6);
    expect(first.decision.parts.balance).toBe(0);
    expect(first.decision.parts.tier).toBe(10);
    expect(first.decision.runnersUp.map((r: { companyId: string }) => r.companyId)).toEqual([P]);
    expect(first.decision.runnersUp[0].score).toBeCloseTo(63, 6);
    expect(first.explanation).toContain(E);
    const third = await audit(ids[2]!);
    expect(third.decision.companyId).toBe(P);
    expect(third.decision.runnersUp.map((r: { companyId: string }) => r.companyId)).toEqual([E]);
    expect(third.decision.runnersUp[0].score).toBeCloseTo(62, 6);
    const heldOne = await audit(ids[24]!);
    expect(heldOne).toMatchObject({ status: 'pending', assignedCompanyId: null, decision: null });
    expect(await count(`select count(*)::int as n from activity_logs where action = 'shipment.assigned'`)).toBe(18);

    // shipment.assigned to the owner's endpoint (all 18) and the assignee's (E's 9); P has no endpoint.
    const messages = async (companyId: string) =>
      count(`select count(*)::int as n from webhook_messages where company_id = $1 and event_type = 'shipment.assigned'`, [companyId]);
    expect([await messages(s.companyId), await messages(E), await messages(P)]).toEqual([18, 9, 0]);

    // A second run: nothing new is eligible, the 7 stay held, nothing moves.
    const again = await run('distribute');
    expect(again).toMatchObject({ distributed: 0, held: 7, companiesRebalanced: 0 });
    expect(await loadRuleMismatches(hub)).toEqual([]);
  });

  it('never chooses a suspended company or the creator; a shipment only its creator could take is held', async () => {
    const a = await company(hub, admin, { tier: 'enterprise' });
    const b = await company(hub, admin, { tier: 'enterprise' });
    const res = await hub.app.inject({
      method: 'PATCH',
      url: `/api/admin/companies/${b.companyId}`,
      headers: admin,
      payload: { status: 'suspended' },
    });
    expect(res.statusCode).toBe(200);
    await shipments(hub, a, 3);
    const report = await run('distribute');
    expect(report).toMatchObject({ distributed: 0, held: 3, companiesRebalanced: 0 });
    expect(report.systemHealth.held).toBe(3);
  });

  it('a dry run writes nothing but its record and decides exactly what the real run then does', async () => {
    const c1 = await company(hub, admin, { tier: 'starter', capacity: 40 });
    const c2 = await company(hub, admin, { tier: 'professional', capacity: 6, balance: 2500 });
    const c3 = await company(hub, admin, { tier: 'enterprise', capacity: 8 });
    const c4 = await company(hub, admin, { tier: 'professional', capacity: 12, balance: 5000 });
    await shipments(hub, c1, 9);
    await shipments(hub, c3, 7);
    await shipments(hub, c1, 6);
    const snapshot = async () => ({
      activity: await count('select count(*)::int as n from activity_logs'),
      events: await count('select count(*)::int as n from events'),
      messages: await count('select count(*)::int as n from webhook_messages'),
      pending: await count(`select count(*)::int as n from shipments where status = 'pending' and assigned_company_id is null`),
      loads: (await hub.deps.database.pool.query('select company_id, active_shipments from company_usage order by company_id')).rows,
      multipliers: (await hub.deps.database.pool.query('select id, price_multiplier from companies order by id')).rows,
    });
    const before = await snapshot();
    const dry = await run('all', true);
    expect(dry.dryRun).toBe(true);
    expect(dry.decisions.pagination).toMatchObject({ total: 22, offset: 0 });
    expect(await snapshot()).toEqual(before);

    const real = await run('distribute');
    expect(real).toMatchObject({ distributed: dry.distributed, held: dry.held, companiesRebalanced: dry.companiesRebalanced });
    expect(await decisionsOf(real.runId)).toEqual(await decisionsOf(dry.runId));
    expect(dry.decisions.data).toEqual((await decisionsOf(dry.runId)).slice(0, 100));
    expect(real.distributed).toBeGreaterThan(0);
    expect(await loadRuleMismatches(hub)).toEqual([]);
    // No receiver ends past 90 % (capacity 6: at most 5; 8: at most 7; 12: at most 10); c3 starts at 7 of 8
    // with its own 7 pending and may take work again as they are handed over. c1 only ever loses load here.
    for (const c of [c2, c3, c4]) {
      const { rows } = await hub.deps.database.pool.query<{ load: number; capacity: number }>(
        'select u.active_shipments as load, c.capacity from company_usage u join companies c on c.id = u.company_id where c.id = $1',
        [c.companyId],
      );
      expect(rows[0]!.load * 10).toBeLessThanOrEqual(rows[0]!.capacity * 9);
    }
  });
});

describe('pricing', () => {
  it('moves each multiplier a step toward its target, writes it, and a dry run only reports the next step', async () => {
    // S: 10 shipments of capacity 20 (50 %); E: 0 of 10. System: 10 / 30 = 33.3 %.
    // Target (hundredths) = 100 + (company − system) + max(0, system − 80), rounded, within 90–130:
    // S 100 + 16.7 = 116.7 → 1.17; E 100 − 33.3 = 66.7 → 0.90. A run moves at most 0.05.
    const s = await company(hub, admin, { tier: 'starter', capacity: 20 });
    const e = await company(hub, admin, { tier: 'enterprise', capacity: 10 });
    await shipments(hub, s, 10);
    const multipliers = async () =>
      Object.fromEntries(
        (await hub.deps.database.pool.query<{ id: string; m: number }>('select id, price_multiplier::float8 as m from companies')).rows.map((r) => [
          r.id,
          r.m,
        ]),
      );
    const real = await run('pricing');
    const byCompany = (changes: Array<{ companyId: string }>) => Object.fromEntries(changes.map((c) => [c.companyId, c]));
    expect(byCompany(real.pricing.changes)).toEqual({
      [s.companyId]: expect.objectContaining({ from: 1, to: 1.05, target: 1.17 }),
      [e.companyId]: expect.objectContaining({ from: 1, to: 0.95, target: 0.9 }),
    });
    expect(real).toMatchObject({ distributed: 0, held: 0 });
    expect(await multipliers()).toEqual({ [s.companyId]: 1.05, [e.companyId]: 0.95 });

    const dry = await run('pricing', true);
    expect(byCompany(dry.pricing.changes)).toEqual({
      [s.companyId]: expect.objectContaining({ from: 1.05, to: 1.1 }),
      [e.companyId]: expect.objectContaining({ from: 0.95, to: 0.9 }),
    });
    expect(await multipliers()).toEqual({ [s.companyId]: 1.05, [e.companyId]: 0.95 });
    const stored = await hub.app.inject({ method: 'GET', url: `/api/admin/ai/runs/${real.runId}`, headers: admin });
    expect(stored.json().report.pricing.changes).toEqual(real.pricing.changes);
  });
});

describe('anomalies', () => {
  it('an anomalies run reports what the anomalies service detects, and is stored', async () => {
    await company(hub, admin, { tier: 'starter' });
    const r = await run('anomalies', true);
    expect(r.anomaliesDetected).toBe(r.anomalies.length);
    expect(r).toMatchObject({ action: 'anomalies', distributed: 0, systemHealth: null });
    const stored = await hub.app.inject({ method: 'GET', url: `/api/admin/ai/runs/${r.runId}`, headers: admin });
    expect(stored.statusCode).toBe(200);
    expect(stored.json().report.anomaliesDetected).toBe(r.anomaliesDetected);
  });
});

describe('runs', () => {
  it('are stored, dry ones too, and listed newest first with who started them', async () => {
    await company(hub, admin, { tier: 'starter' });
    const a = await run('distribute', true);
    const b = await run('pricing');
    const c = await run('distribute');
    const res = await hub.app.inject({ method: 'GET', url: '/api/admin/ai/runs', headers: admin });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.data.map((r: { id: string }) => r.id)).toEqual([c.runId, b.runId, a.runId]);
    expect(body.data[2]).toMatchObject({ action: 'distribute', dryRun: true, trigger: 'admin', decisionCount: 0, report: { runId: a.runId } });
    expect(body.data[0].adminId).toMatch(/^adm_/);
    expect(body.pagination).toEqual({ total: 3, limit: 50, offset: 0, hasMore: false });
  });

  it('the schedule runs a real distribution, recorded as scheduled with no admin', async () => {
    const s = await company(hub, admin, { tier: 'starter' });
    const e = await company(hub, admin, { tier: 'enterprise' });
    await shipments(hub, s, 2);
    const r = await hub.services.balance.run({ action: 'distribute', dryRun: false, trigger: 'schedule' });
    expect(r).toMatchObject({ trigger: 'schedule', distributed: 2 });
    const { rows } = await hub.deps.database.pool.query(`select actor_type, actor_id from activity_logs where action = 'shipment.assigned'`);
    expect(rows).toEqual([
      { actor_type: 'system', actor_id: null },
      { actor_type: 'system', actor_id: null },
    ]);
    expect(await loadOf(hub, e.companyId)).toBe(2);
  });

  it('the worker handler of the 15-minute schedule runs a real distribution', async () => {
    expect(JOB_DEFINITIONS['balance.distribute'].cron).toBe('*/15 * * * *');
    const s = await company(hub, admin, { tier: 'starter' });
    const e = await company(hub, admin, { tier: 'enterprise' });
    await shipments(hub, s, 1);
    const mailer = { send: async () => ({ messageId: 'x' }), close: async () => {} } as unknown as Mailer;
    const workers = createWorkers({ ...hub.deps, mailer, services: hub.services });
    await workers.handlers['balance.distribute']({}, { id: 'job', name: 'balance.distribute', data: {} } as never);
    const runs = (await hub.app.inject({ method: 'GET', url: '/api/admin/ai/runs', headers: admin })).json();
    expect(runs.data[0]).toMatchObject({ action: 'distribute', dryRun: false, trigger: 'schedule', adminId: null, report: { distributed: 1 } });
    expect(await loadOf(hub, e.companyId)).toBe(1);
  });

  it('writes its assignments in chunks within the one transaction: the same outcome as one statement', async () => {
    const s = await company(hub, admin, { tier: 'starter' });
    const e = await company(hub, admin, { tier: 'enterprise', capacity: 10 });
    const p = await company(hub, admin, { tier: 'professional', capacity: 10 });
    const ids = await shipments(hub, s, 7);
    const chunked = createBalanceService({ database: hub.deps.database, shipments: hub.services.shipments, log: hub.deps.log, assignChunk: 2 });
    const r = await chunked.run({ action: 'distribute', dryRun: false, trigger: 'admin', adminId: 'adm_test' });
    expect(r).toMatchObject({ distributed: 7, held: 0 });
    // By hand (see the first test): E 68, 65, then P 63 > E 62, then alternating from E.
    const E = e.companyId;
    const P = p.companyId;
    expect((await decisionsOf(r!.runId)).map((d) => [d.shipmentId, d.companyId])).toEqual(ids.map((id, i) => [id, [E, E, P, E, P, E, P][i]]));
    expect([await loadOf(hub, s.companyId), await loadOf(hub, E), await loadOf(hub, P)]).toEqual([0, 4, 3]);
    expect(await count(`select count(*)::int as n from activity_logs where action = 'shipment.assigned'`)).toBe(7);
    expect(await loadRuleMismatches(hub)).toEqual([]);
  });
});
