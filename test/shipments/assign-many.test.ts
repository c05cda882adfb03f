/**
 * The bulk assignment (`shipments.assignMany`) and the admin's assign, which goes through it: what is
 * assigned, what is skipped, and everything written with it — tracking events, the events view, the
 * load moved from creator to assignee, one activity_logs row and one `shipment.assigned` event each.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../src/db/tx.js';
import { adminHeaders, newPartner, newShipment, type TestPartner } from '../helpers/factories.js';
import { createTestHub, type TestHub } from '../helpers/hub.js';

let hub: TestHub;
let a: TestPartner;
let b: TestPartner;
let c: TestPartner;
let admin: { authorization: string };

const q = <T = any>(text: string, values: unknown[] = []) => hub.deps.database.pool.query(text, values).then((r) => r.rows as T[]);
const usage = async (p: TestPartner) =>
  (await q<{ active_shipments: number }>('select active_shipments from company_usage where company_id = $1', [p.companyId]))[0]!.active_shipments;

beforeAll(async () => {
  hub = await createTestHub();
  [a, b, c] = [await newPartner(hub.app), await newPartner(hub.app), await newPartner(hub.app)];
  admin = await adminHeaders(hub);
});
afterAll(() => hub?.close());

function assignMany(items: Array<{ shipmentId: string; companyId: string; activity?: Record<string, unknown> }>) {
  return withTransaction(hub.deps.database, (tx) =>
    hub.services.shipments.assignMany(
      tx,
      items.map((i) => ({ activity: { why: 'test' }, ...i })),
      { type: 'system', id: 'run_1' },
    ),
  );
}

describe('assignMany', () => {
  it('assigns the assignable ones in item order and writes everything with them', async () => {
    const s1 = await newShipment(hub.app, a);
    const s2 = await newShipment(hub.app, a);
    const s3 = await newShipment(hub.app, b);
    const before = { a: await usage(a), b: await usage(b), c: await usage(c) };
    const done = await assignMany([
      { shipmentId: s2.id, companyId: c.companyId, activity: { score: 71.5 } },
      { shipmentId: s1.id, companyId: b.companyId },
      { shipmentId: s3.id, companyId: c.companyId },
      { shipmentId: s1.id, companyId: c.companyId }, // listed twice: the first item wins
      { shipmentId: 'shp_00000000000000000000', companyId: c.companyId }, // unknown: skipped
    ]);
    expect(done).toEqual([s2.id, s1.id, s3.id]);
    // a lost two (both assigned away), b gained s1 and lost s3, c gained s2 and s3.
    expect({ a: await usage(a), b: await usage(b), c: await usage(c) }).toEqual({ a: before.a - 2, b: before.b, c: before.c + 2 });

    const rows = await q('select id, status, assigned_company_id, assigned_at is not null as stamped from shipments where id = any($1) order by id', [
      [s1.id, s2.id, s3.id],
    ]);
    const want = { [s1.id]: b.companyId, [s2.id]: c.companyId, [s3.id]: c.companyId };
    for (const r of rows) expect(r).toMatchObject({ status: 'assigned', assigned_company_id: want[r.id], stamped: true });

    const view = (await hub.app.inject({ method: 'GET', url: `/api/partner/shipments/${s2.id}`, headers: c.headers })).json();
    expect(view.trackingEvents.map((e: any) => [e.status, e.notes])).toEqual([
      ['pending', 'Shipment created'],
      ['assigned', `Assigned to ${c.companyId}`],
    ]);
    const te = await q('select id, status, notes from tracking_events where shipment_id = $1 order by occurred_at, id', [s2.id]);
    expect(te.map((e) => e.status)).toEqual(['pending', 'assigned']);
    // Ids made by the statement, in the ids' format; the view's event is the table's.
    expect(te[1].id).toMatch(/^tev_[0-9a-z]{20}$/);
    expect(view.trackingEvents[1].id).toBe(te[1].id);

    const logs = await q('select actor_type, actor_id, action, subject_id, details from activity_logs where subject_id = any($1) order by id', [
      [s1.id, s2.id, s3.id],
    ]);
    expect(logs).toEqual([
      { actor_type: 'system', actor_id: 'run_1', action: 'shipment.assigned', subject_id: s2.id, details: { score: 71.5 } },
      { actor_type: 'system', actor_id: 'run_1', action: 'shipment.assigned', subject_id: s1.id, details: { why: 'test' } },
      { actor_type: 'system', actor_id: 'run_1', action: 'shipment.assigned', subject_id: s3.id, details: { why: 'test' } },
    ]);

    const events = await q(
      `select shipment_id, company_ids, data from events where type = 'shipment.assigned' and shipment_id = any($1) order by seq`,
      [[s1.id, s2.id, s3.id]],
    );
    expect(events.map((e) => e.shipment_id)).toEqual([s2.id, s1.id, s3.id]);
    const [evId] = await q(`select id from events where type = 'shipment.assigned' and shipment_id = $1`, [s2.id]);
    expect(evId.id).toMatch(/^evt_[0-9a-z]{20}$/);
    expect(events[0]).toEqual({
      shipment_id: s2.id,
      company_ids: [a.companyId, c.companyId],
      data: {
        shipmentId: s2.id,
        trackingNumber: s2.trackingNumber,
        previousStatus: 'pending',
        currentStatus: 'assigned',
        location: 'Warehouse',
        notes: `Assigned to ${c.companyId}`,
        assignedCompanyId: c.companyId,
      },
    });
  });

  it('leaves alone what is no longer pending and unassigned, and carrier shipments', async () => {
    const cancelled = await newShipment(hub.app, a);
    await hub.app.inject({ method: 'POST', url: `/api/partner/shipments/${cancelled.id}/cancel`, headers: a.headers, payload: {} });
    const taken = await newShipment(hub.app, a);
    expect(await assignMany([{ shipmentId: taken.id, companyId: b.companyId }])).toEqual([taken.id]);
    const carrier = await newShipment(hub.app, a, { courier: { code: 'jne', awb: `AWB${Date.now()}` } });
    const before = { a: await usage(a), b: await usage(b), c: await usage(c) };
    expect(
      await assignMany([
        { shipmentId: cancelled.id, companyId: c.companyId },
        { shipmentId: taken.id, companyId: c.companyId },
        { shipmentId: carrier.id, companyId: c.companyId },
      ]),
    ).toEqual([]);
    expect({ a: await usage(a), b: await usage(b), c: await usage(c) }).toEqual(before);
    expect(await q('select 1 from activity_logs where subject_id = $1', [taken.id])).toHaveLength(1);
  });

  it('an empty list writes nothing', async () => {
    expect(await assignMany([])).toEqual([]);
  });

  it('assigning a shipment to its creator moves no load', async () => {
    const s = await newShipment(hub.app, a);
    const before = await usage(a);
    expect(await assignMany([{ shipmentId: s.id, companyId: a.companyId }])).toEqual([s.id]);
    expect(await usage(a)).toBe(before);
    const [e] = await q(`select company_ids from events where type = 'shipment.assigned' and shipment_id = $1`, [s.id]);
    expect(e.company_ids).toEqual([a.companyId]);
  });

  it.skipIf(!process.env.DATABASE_URL)('skips a shipment another transaction holds (PostgreSQL: a second connection)', async () => {
    const held = await newShipment(hub.app, a);
    const free = await newShipment(hub.app, a);
    const other = new pg.Client({ connectionString: hub.config.db.url! });
    await other.connect();
    try {
      await other.query('begin');
      await other.query('select 1 from shipments where id = $1 for update', [held.id]);
      expect(await assignMany([held, free].map((s) => ({ shipmentId: s.id, companyId: b.companyId })))).toEqual([free.id]);
      await other.query('rollback');
    } finally {
      await other.end();
    }
    expect(await assignMany([{ shipmentId: held.id, companyId: b.companyId }])).toEqual([held.id]);
  });
});

describe('POST /api/admin/shipments/:id/assign', () => {
  const post = (id: string, companyId: string) =>
    hub.app.inject({ method: 'POST', url: `/api/admin/shipments/${id}/assign`, headers: admin, payload: { companyId } });

  it('assigns through the same path, logged as the admin with the scores of the decision', async () => {
    const s = await newShipment(hub.app, a);
    // Same tier, no history, same balance: only the load tells them apart. Capacity 100 each; loads
    // b 50, c 10, x 20, y 30 → underutilization parts (100 − load) / 100 × 30 = 15, 27, 24, 21.
    const [x, y] = [await newPartner(hub.app), await newPartner(hub.app)];
    for (const [p, load] of [
      [b, 50],
      [c, 10],
      [x, 20],
      [y, 30],
    ] as const) {
      await q('update companies set capacity = 100 where id = $1', [p.companyId]);
      await q('update company_usage set active_shipments = $2 where company_id = $1', [p.companyId, load]);
    }
    const res = await post(s.id, b.companyId);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'assigned', assignedCompanyId: b.companyId });
    const [log] = await q('select actor_type, actor_id, action, details from activity_logs where subject_id = $1', [s.id]);
    expect(log).toMatchObject({ actor_type: 'admin', action: 'shipment.assigned' });
    expect(log.actor_id).toMatch(/^adm_/);
    // The decision's scores, at the loads before: the chosen company's, and the two best other eligible
    // companies (never the creator), best first.
    const d = log.details;
    expect(d).toMatchObject({ manual: true, companyId: b.companyId });
    const sum = (p: Record<string, number>) => p.performance! + p.underutilization! + p.balance! + p.tier!;
    expect(d.score).toBeCloseTo(sum(d.parts), 9);
    expect(d.parts.underutilization).toBeCloseTo(15, 9);
    expect(d.utilizationBefore).toBe(50);
    expect(d.runnersUp.map((r: any) => [r.companyId, r.parts.underutilization])).toEqual([
      [c.companyId, expect.closeTo(27, 9)],
      [x.companyId, expect.closeTo(24, 9)],
    ]);
    for (const r of d.runnersUp) expect(r.score).toBeCloseTo(sum(r.parts), 9);
    expect(d.runnersUp[0].score - d.score).toBeCloseTo(12, 9);

    expect((await post(s.id, c.companyId)).json().code).toBe('INVALID_STATUS_TRANSITION');
  });

  it('refuses a company that one more shipment would take past 90 % (409 COMPANY_AT_CAPACITY)', async () => {
    const full = await newPartner(hub.app);
    // Capacity 10: at load 8 one more is allowed (9 of 10 = 90 %); at load 9 a tenth would make 100 %.
    await q('update companies set capacity = 10 where id = $1', [full.companyId]);
    await q('update company_usage set active_shipments = 8 where company_id = $1', [full.companyId]);
    const s1 = await newShipment(hub.app, a);
    expect((await post(s1.id, full.companyId)).statusCode).toBe(200);
    expect(await usage(full)).toBe(9);
    const s2 = await newShipment(hub.app, a);
    const res = await post(s2.id, full.companyId);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('COMPANY_AT_CAPACITY');
    expect((await q('select status from shipments where id = $1', [s2.id]))[0].status).toBe('pending');

    // Capacity 6: at load 4 a fifth is allowed (83 %); at load 5 (83 %, under the seed's 90 %) a sixth would make 100 %.
    const six = await newPartner(hub.app);
    await q('update companies set capacity = 6 where id = $1', [six.companyId]);
    await q('update company_usage set active_shipments = 4 where company_id = $1', [six.companyId]);
    const s3 = await newShipment(hub.app, a);
    expect((await post(s3.id, six.companyId)).statusCode).toBe(200);
    expect(await usage(six)).toBe(5);
    const s4 = await newShipment(hub.app, a);
    const refused = await post(s4.id, six.companyId);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('COMPANY_AT_CAPACITY');
    expect(await usage(six)).toBe(5);
  });

  it('refuses a suspended company (409 COMPANY_NOT_ACTIVE)', async () => {
    const gone = await newPartner(hub.app);
    await q(`update companies set status = 'suspended' where id = $1`, [gone.companyId]);
    const s = await newShipment(hub.app, a);
    const res = await post(s.id, gone.companyId);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('COMPANY_NOT_ACTIVE');
  });
});
