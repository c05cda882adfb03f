/**
 * The load rule (docs/balance.md) under random sequences of creates, bulk and admin assignments, status
 * changes, cancellations, and carrier shipments moved by their carrier's tracking: after every step each company's `company_usage` counters equal a count over
 * the shipments table, every create is accepted exactly when the count says the creator is below 90 % of its
 * capacity (the seed's create check), and every admin assignment exactly when the target would still be at or
 * under 90 % after taking it. The expected decisions come from the table, not the code.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { UnifiedStatus } from '../../src/carriers/model.js';
import { withTransaction } from '../../src/db/tx.js';
import { createTrackingApplier } from '../../src/modules/shipments/carrier-tracking.service.js';
import { adminHeaders, newPartner, shipmentBody, type TestPartner } from '../helpers/factories.js';
import { createTestHub, type TestHub } from '../helpers/hub.js';

let hub: TestHub;
let admin: { authorization: string };
beforeAll(async () => {
  hub = await createTestHub();
  admin = await adminHeaders(hub);
});
afterAll(() => hub?.close());

const q = <T = any>(text: string, values: unknown[] = []) => hub.deps.database.pool.query(text, values).then((r) => r.rows as T[]);

/** What the assignee may post next (the partner API's status machine, written out by hand). */
const NEXT: Record<string, string[]> = {
  assigned: ['picked_up', 'failed'],
  picked_up: ['in_transit', 'failed', 'returned'],
  in_transit: ['out_for_delivery', 'failed', 'returned'],
  out_for_delivery: ['delivered', 'failed', 'returned'],
  failed: ['returned'],
};

/** Counters and the counts they must equal, per company. */
async function ledger(ids: string[]) {
  return q(
    `select c.id, c.capacity, u.active_shipments, u.delivered, u.delivered_on_time, u.failed,
       (select count(*)::int from shipments s where coalesce(s.assigned_company_id, s.company_id) = c.id
          and s.status not in ('delivered', 'failed', 'returned', 'cancelled')) as load,
       (select count(*)::int from shipments s where s.assigned_company_id = c.id and s.status = 'delivered') as n_delivered,
       (select count(*)::int from shipments s where s.assigned_company_id = c.id and s.status = 'delivered'
          and (s.estimated_delivery is null or s.delivered_at <= s.estimated_delivery)) as n_on_time,
       (select count(*)::int from shipments s where s.assigned_company_id = c.id and s.status in ('failed', 'returned')) as n_failed
     from companies c join company_usage u on u.company_id = c.id where c.id = any($1) order by c.id`,
    [ids],
  );
}

const op = fc.oneof(
  fc.record({ k: fc.constant('create' as const), c: fc.nat(2), eta: fc.constantFrom('none', 'past', 'future') }),
  fc.record({ k: fc.constant('bulk' as const), picks: fc.array(fc.record({ s: fc.nat(), c: fc.nat(2) }), { minLength: 1, maxLength: 4 }) }),
  fc.record({ k: fc.constant('admin' as const), s: fc.nat(), c: fc.nat(2) }),
  fc.record({ k: fc.constant('advance' as const), s: fc.nat(), choice: fc.nat() }),
  fc.record({ k: fc.constant('cancel' as const), s: fc.nat() }),
  // Carrier shipments: created with a courier, moved by the carrier's tracking (a failed attempt may be
  // followed by a redelivery: the load is released at failed and taken back).
  fc.record({ k: fc.constant('courier' as const), c: fc.nat(2) }),
  fc.record({
    k: fc.constant('carrier' as const),
    s: fc.nat(),
    status: fc.constantFrom<UnifiedStatus>('picked_up', 'in_transit', 'out_for_delivery', 'failed', 'delivered', 'returned', 'cancelled'),
  }),
);

it('counters equal the counts after every step; creates and admin assignments stop exactly at 90 %', { timeout: 600_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 3, maxLength: 3 }),
      fc.array(op, { minLength: 5, maxLength: 30 }),
      async (capacities, ops) => {
        const cs: TestPartner[] = [];
        for (const cap of capacities) {
          const p = await newPartner(hub.app);
          await q('update companies set capacity = $2 where id = $1', [p.companyId, cap]);
          cs.push(p);
        }
        const ids = cs.map((p) => p.companyId);
        const shipments: Array<{ id: string; creator: number }> = [];
        const carried: string[] = [];
        const apply = createTrackingApplier({ database: hub.deps.database, log: hub.deps.log });
        const row = async (id: string) => (await q('select status, assigned_company_id from shipments where id = $1', [id]))[0]!;
        const loadOf = async (i: number) => (await ledger([ids[i]!]))[0]!;
        const below90 = (l: { load: number; capacity: number }) => l.load / l.capacity < 0.9;
        // capacities ≤ 6: no quotient lands on 0.9, so the floating comparison is exact enough
        const takesOneMore = (l: { load: number; capacity: number }) => (l.load + 1) / l.capacity <= 0.9;

        for (const o of ops) {
          if (o.k === 'create') {
            const expectOk = below90(await loadOf(o.c));
            const eta = o.eta === 'none' ? {} : { estimatedDelivery: new Date(Date.now() + (o.eta === 'past' ? -1 : 1) * 86_400_000).toISOString() };
            const res = await hub.app.inject({
              method: 'POST',
              url: '/api/partner/shipments',
              headers: cs[o.c]!.headers,
              payload: shipmentBody(eta),
            });
            if (expectOk) {
              expect(res.statusCode, res.body).toBe(201);
              shipments.push({ id: res.json().id, creator: o.c });
            } else {
              expect(res.statusCode, res.body).toBe(409);
              expect(res.json().code).toBe('CAPACITY_EXCEEDED');
            }
          } else if (o.k === 'courier') {
            const expectOk = below90(await loadOf(o.c));
            const awb = `CGK${randomBytes(6).toString('hex')}`;
            const payload = shipmentBody({ courier: { code: 'jne', awb } });
            const res = await hub.app.inject({ method: 'POST', url: '/api/partner/shipments', headers: cs[o.c]!.headers, payload });
            expect(res.statusCode, res.body).toBe(expectOk ? 201 : 409);
            if (expectOk) carried.push(awb.toUpperCase());
          } else if (carried.length > 0 && o.k === 'carrier') {
            const awb = carried[o.s % carried.length]!;
            await apply(
              {
                carrier: 'jne',
                awb,
                status: o.status,
                events: [],
                podReceiverName: null,
                image_url: null,
                relation: null,
                signatureUrl: null,
                rawStatus: o.status,
              },
              { updateStatus: true },
            );
          } else if (shipments.length > 0 && o.k === 'bulk') {
            // The engine's path: no capacity check here (the caller decides), so loads may pass the limit.
            const items = o.picks.map((p) => ({ shipmentId: shipments[p.s % shipments.length]!.id, companyId: ids[p.c]!, activity: {} }));
            const want: string[] = [];
            for (const it of items) {
              const r = await row(it.shipmentId);
              if (r.status === 'pending' && !r.assigned_company_id && !want.includes(it.shipmentId)) want.push(it.shipmentId);
            }
            const done = await withTransaction(hub.deps.database, (tx) => hub.services.shipments.assignMany(tx, items, { type: 'system', id: null }));
            expect(done).toEqual(want);
          } else if (shipments.length > 0 && o.k === 'admin') {
            const s = shipments[o.s % shipments.length]!;
            const r = await row(s.id);
            const target = await loadOf(o.c);
            const res = await hub.app.inject({
              method: 'POST',
              url: `/api/admin/shipments/${s.id}/assign`,
              headers: admin,
              payload: { companyId: ids[o.c] },
            });
            if (r.status !== 'pending') expect(res.json().code).toBe('INVALID_STATUS_TRANSITION');
            else if (o.c !== s.creator && !takesOneMore(target)) expect(res.json().code).toBe('COMPANY_AT_CAPACITY');
            else expect(res.statusCode, res.body).toBe(200);
          } else if (shipments.length > 0 && o.k === 'advance') {
            const s = shipments[o.s % shipments.length]!;
            const r = await row(s.id);
            const next = NEXT[r.status];
            if (!r.assigned_company_id || !next) continue;
            const assignee = cs[ids.indexOf(r.assigned_company_id)]!;
            const res = await hub.app.inject({
              method: 'POST',
              url: `/api/partner/shipments/${s.id}/events`,
              headers: assignee.headers,
              payload: { status: next[o.choice % next.length] },
            });
            expect(res.statusCode, res.body).toBe(200);
          } else if (shipments.length > 0 && o.k === 'cancel') {
            const s = shipments[o.s % shipments.length]!;
            const r = await row(s.id);
            const res = await hub.app.inject({
              method: 'POST',
              url: `/api/partner/shipments/${s.id}/cancel`,
              headers: cs[s.creator]!.headers,
              payload: {},
            });
            expect(res.statusCode, res.body).toBe(r.status === 'pending' || r.status === 'assigned' ? 200 : 409);
          }
          for (const l of await ledger(ids)) {
            expect({ active: l.active_shipments, delivered: l.delivered, onTime: l.delivered_on_time, failed: l.failed }).toEqual({
              active: l.load,
              delivered: l.n_delivered,
              onTime: l.n_on_time,
              failed: l.n_failed,
            });
          }
        }
      },
    ),
    { numRuns: Number(process.env.LOAD_RULE_RUNS ?? 12) },
  );
});
