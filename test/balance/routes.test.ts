/**
 * The balance engine's admin routes: admin auth, validation (400 in the one error envelope), run
 * pagination, a run's decisions page by page, the status page, one shipment's decision.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../helpers/hub.js';
import { assign, newShipment, type TestPartner } from '../helpers/factories.js';
import { adminHeaders, company, shipments } from './run-fixtures.js';

let hub: TestHub;
let admin: { authorization: string };
let creator: TestPartner;
let carrierCo: TestPartner;
beforeAll(async () => {
  hub = await createTestHub();
  admin = await adminHeaders(hub);
  creator = await company(hub, admin, { tier: 'starter' });
  carrierCo = await company(hub, admin, { tier: 'enterprise', capacity: 100, balance: 2500 });
});
afterAll(async () => hub?.close());

const inject = (method: 'GET' | 'POST', url: string, payload?: unknown, headers: Record<string, string> = admin) =>
  hub.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });

describe('auth', () => {
  it.each([
    ['POST', '/api/admin/ai'],
    ['GET', '/api/admin/ai/runs'],
    ['GET', '/api/admin/ai/runs/run_00000000000000000000'],
    ['GET', '/api/admin/ai/status'],
    ['GET', '/api/admin/shipments/shp_00000000000000000000/decision'],
  ] as const)('%s %s needs an admin token (401), a partner token is not one', async (method, url) => {
    const none = await inject(method, url, method === 'POST' ? { action: 'distribute' } : undefined, {});
    expect(none.statusCode).toBe(401);
    expect(none.json().code).toBe('TOKEN_MISSING');
    const partner = await inject(method, url, method === 'POST' ? { action: 'distribute' } : undefined, creator.headers);
    expect(partner.statusCode).toBe(401);
  });
});

describe('POST /api/admin/ai', () => {
  it.each([
    ['an unknown action', { action: 'rebalance' }],
    ['no action', {}],
    ['a property not in the schema', { action: 'distribute', force: true }],
    ['dryRun that is not a boolean', { action: 'distribute', dryRun: 'yes' }],
  ])('400 VALIDATION_FAILED for %s', async (_what, body) => {
    const res = await inject('POST', '/api/admin/ai', body);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
    expect(await hub.deps.database.pool.query('select 1 from balance_runs')).toMatchObject({ rowCount: 0 });
  });

  it('answers the report; a dry run adds its first decisions', async () => {
    await shipments(hub, creator, 3);
    const res = await inject('POST', '/api/admin/ai', { action: 'distribute', dryRun: true });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(
      [
        'action',
        'anomalies',
        'anomaliesDetected',
        'companiesRebalanced',
        'decisions',
        'distributed',
        'dryRun',
        'held',
        'pricing',
        'processingTimeMs',
        'runId',
        'systemHealth',
        'trigger',
      ].sort(),
    );
    expect(body).toMatchObject({ action: 'distribute', dryRun: true, distributed: 3, held: 0, pricing: { changes: [] }, anomalies: [] });
    expect(body.decisions.data).toHaveLength(3);
    expect(body.decisions.data.every((d: { companyId: string }) => d.companyId === carrierCo.companyId)).toBe(true);
    expect(body.systemHealth).toMatchObject({ label: expect.any(String), score: expect.any(Number), held: 0 });
  });
});

describe('GET /api/admin/ai/runs and /runs/:id', () => {
  it('pages the runs and a run’s decisions; 404 and 400 for unknown and malformed ids', async () => {
    await shipments(hub, creator, 4);
    for (let i = 0; i < 3; i++) expect((await inject('POST', '/api/admin/ai', { action: 'distribute', dryRun: true })).statusCode).toBe(200);
    const all = (await inject('GET', '/api/admin/ai/runs?limit=100')).json();
    const page = await inject('GET', '/api/admin/ai/runs?limit=2&offset=1');
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json().data.map((r: { id: string }) => r.id)).toEqual(all.data.slice(1, 3).map((r: { id: string }) => r.id));
    expect(page.json().pagination).toEqual({ total: all.pagination.total, limit: 2, offset: 1, hasMore: all.pagination.total > 3 });
    expect((await inject('GET', '/api/admin/ai/runs?limit=0')).statusCode).toBe(400);
    expect((await inject('GET', '/api/admin/ai/runs?sort=id')).statusCode).toBe(400);

    const latest = all.data[0];
    expect(latest.decisionCount).toBeGreaterThanOrEqual(4);
    const full = (await inject('GET', `/api/admin/ai/runs/${latest.id}?limit=100`)).json();
    expect(full.decisions.data).toHaveLength(latest.decisionCount);
    const second = await inject('GET', `/api/admin/ai/runs/${latest.id}?limit=2&offset=2`);
    expect(second.statusCode).toBe(200);
    expect(second.json().decisions.data).toEqual(full.decisions.data.slice(2, 4));
    expect(second.json().decisions.pagination).toEqual({ total: latest.decisionCount, limit: 2, offset: 2, hasMore: latest.decisionCount > 4 });
    const past = (await inject('GET', `/api/admin/ai/runs/${latest.id}?offset=1000`)).json();
    expect(past.decisions).toEqual({ data: [], pagination: { total: latest.decisionCount, limit: 50, offset: 1000, hasMore: false } });
    expect(full).toMatchObject({ id: latest.id, report: latest.report });

    const unknown = await inject('GET', '/api/admin/ai/runs/run_zzzzzzzzzzzzzzzzzzzz');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('BALANCE_RUN_NOT_FOUND');
    expect((await inject('GET', '/api/admin/ai/runs/nope')).statusCode).toBe(400);
  });
});

describe('GET /api/admin/ai/status', () => {
  it('shows each company with its score parts and eligibility, pending and held, health, recommendations, revenue', async () => {
    const res = await inject('GET', '/api/admin/ai/status');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    const me = body.companies.find((c: { companyId: string }) => c.companyId === carrierCo.companyId);
    // enterprise, no history, balance 2500 (health 50), load 0 of 100: 28 + 30 + 10 + 10 = 78.
    expect(me).toMatchObject({ tier: 'enterprise', status: 'active', load: 0, capacity: 100, utilization: 0, eligible: true, revenue: 0 });
    expect(me.score).toBeCloseTo(78, 6);
    expect(me.parts).toMatchObject({ underutilization: 30, balance: 10, tier: 10 });
    expect(me.metrics).toMatchObject({ onTimeRate: null, successRate: null, balanceHealth: 50, balance: 2500, priceMultiplier: 1 });
    expect(me.metrics.performanceScore).toBeCloseTo(70, 6);
    const pending = (
      await hub.deps.database.pool.query<{ n: number }>(
        `select count(*)::int as n from shipments where status = 'pending' and assigned_company_id is null and carrier is null`,
      )
    ).rows[0]!.n;
    expect(body.pending).toBe(pending);
    expect(body.held).toBe(0);
    expect(body.revenue).toEqual({ total: 0, byCompany: [] });
    expect(Array.isArray(body.recommendations)).toBe(true);
    expect(body.lastRun).toMatchObject({ dryRun: true });
  });
});

describe('GET /api/admin/shipments/:id/decision', () => {
  it('explains a shipment nobody assigned yet, one assigned by hand, and 404/400 for unknown and malformed ids', async () => {
    const waiting = await newShipment(hub.app, creator);
    const w = await inject('GET', `/api/admin/shipments/${waiting.id}/decision`);
    expect(w.statusCode, w.body).toBe(200);
    expect(w.json()).toMatchObject({ shipmentId: waiting.id, status: 'pending', assignedCompanyId: null, decision: null });
    expect(w.json().explanation).toMatch(/not assigned yet/i);

    const byHand = await newShipment(hub.app, creator);
    await assign(hub, byHand.id, carrierCo);
    const h = (await inject('GET', `/api/admin/shipments/${byHand.id}/decision`)).json();
    expect(h).toMatchObject({ status: 'assigned', assignedCompanyId: carrierCo.companyId });
    expect(h.decision).toMatchObject({ runId: null, companyId: carrierCo.companyId, utilizationBefore: expect.any(Number) });
    expect(h.decision.score).toEqual(expect.any(Number));
    expect(h.assignedAt).toEqual(expect.any(String));
    // As if assigned before decisions were audited (rows written before this release have no audit row).
    await hub.deps.database.pool.query(`delete from activity_logs where subject_id = $1`, [byHand.id]);
    const old = (await inject('GET', `/api/admin/shipments/${byHand.id}/decision`)).json();
    expect(old).toMatchObject({ assignedCompanyId: carrierCo.companyId, decision: null });
    expect(old.explanation).toMatch(/before assignment decisions were recorded/);

    const viaAdmin = await newShipment(hub.app, creator);
    expect((await inject('POST', `/api/admin/shipments/${viaAdmin.id}/assign`, { companyId: carrierCo.companyId })).statusCode).toBe(200);
    const a = (await inject('GET', `/api/admin/shipments/${viaAdmin.id}/decision`)).json();
    expect(a.decision).toMatchObject({ actor: { type: 'admin', id: expect.stringMatching(/^adm_/) }, runId: null, companyId: carrierCo.companyId });
    expect(a.explanation).toMatch(/by admin adm_\w+ by hand: score/);

    const unknown = await inject('GET', '/api/admin/shipments/shp_zzzzzzzzzzzzzzzzzzzz/decision');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('SHIPMENT_NOT_FOUND');
    expect((await inject('GET', '/api/admin/shipments/nope/decision')).statusCode).toBe(400);
  });
});
