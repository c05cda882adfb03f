/**
 * The assignee's record (company_usage.delivered / delivered_on_time / failed) and the times
 * (assigned_at, delivered_at), over whole journeys worked out by hand.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { assign, newPartner, newShipment, type TestPartner } from '../helpers/factories.js';
import { createTestHub, type TestHub } from '../helpers/hub.js';

let hub: TestHub;
let sender: TestPartner;
let courier: TestPartner;
beforeAll(async () => {
  hub = await createTestHub();
  sender = await newPartner(hub.app);
  courier = await newPartner(hub.app);
});
afterAll(() => hub?.close());

const q = <T = any>(text: string, values: unknown[] = []) => hub.deps.database.pool.query(text, values).then((r) => r.rows as T[]);

async function walk(id: string, statuses: string[]) {
  for (const status of statuses) {
    const res = await hub.app.inject({ method: 'POST', url: `/api/partner/shipments/${id}/events`, headers: courier.headers, payload: { status } });
    expect(res.statusCode, res.body).toBe(200);
  }
}

it('counts deliveries (on time: at or before the estimate, or without one), failures and returns of the assignee only', async () => {
  const day = 86_400_000;
  const late = await newShipment(hub.app, sender, { estimatedDelivery: new Date(Date.now() - day).toISOString() });
  const early = await newShipment(hub.app, sender, { estimatedDelivery: new Date(Date.now() + day).toISOString() });
  const open = await newShipment(hub.app, sender);
  const failed = await newShipment(hub.app, sender);
  const returned = await newShipment(hub.app, sender);
  const cancelled = await newShipment(hub.app, sender);
  for (const s of [late, early, open, failed, returned, cancelled]) await assign(hub, s.id, courier);

  const toDoor = ['picked_up', 'in_transit', 'out_for_delivery'];
  await walk(late.id, [...toDoor, 'delivered']);
  await walk(early.id, [...toDoor, 'delivered']);
  await walk(open.id, [...toDoor, 'delivered']);
  await walk(failed.id, ['picked_up', 'failed']);
  await walk(returned.id, ['picked_up', 'failed', 'returned']); // counted once: failed, then returned
  const c = await hub.app.inject({ method: 'POST', url: `/api/partner/shipments/${cancelled.id}/cancel`, headers: sender.headers, payload: {} });
  expect(c.statusCode).toBe(200);

  const usage = async (p: TestPartner) =>
    (await q('select active_shipments, delivered, delivered_on_time, failed from company_usage where company_id = $1', [p.companyId]))[0];
  // Six created by the sender, all handed to the courier: the sender carries none; the courier's six all ended.
  expect(await usage(sender)).toEqual({ active_shipments: 0, delivered: 0, delivered_on_time: 0, failed: 0 });
  expect(await usage(courier)).toEqual({ active_shipments: 0, delivered: 3, delivered_on_time: 2, failed: 2 });

  const times = await q(
    `select id, assigned_at is not null as assigned, delivered_at is not null as delivered,
       delivered_at = (select max(occurred_at) from tracking_events e where e.shipment_id = s.id and e.status = 'delivered') as stamped
     from shipments s where id = any($1) order by id`,
    [[late.id, failed.id]],
  );
  const byId = Object.fromEntries(times.map((t) => [t.id, t]));
  expect(byId[late.id]).toEqual({ id: late.id, assigned: true, delivered: true, stamped: true });
  expect(byId[failed.id]).toEqual({ id: failed.id, assigned: true, delivered: false, stamped: null });
});
