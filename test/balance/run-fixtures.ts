/**
 * What the balance run tests share: companies with a set capacity and balance, and the load rule
 * recounted from the shipments table (the independent source the counters are checked against).
 */
import { expect } from 'vitest';
import { adminHeaders, newPartner, newShipment, type TestPartner } from '../helpers/factories.js';
import type { TestHub } from '../helpers/hub.js';

export async function company(
  hub: TestHub,
  admin: { authorization: string },
  opts: { tier?: TestPartner['tier']; capacity?: number; balance?: number; webhooks?: unknown[] } = {},
): Promise<TestPartner> {
  const p = await newPartner(hub.app, { tier: opts.tier ?? 'professional', ...(opts.webhooks ? { webhooks: opts.webhooks } : {}) });
  const patch: Record<string, number> = {};
  if (opts.capacity !== undefined) patch.capacity = opts.capacity;
  if (opts.balance !== undefined) patch.balance = opts.balance;
  if (Object.keys(patch).length > 0) {
    const res = await hub.app.inject({ method: 'PATCH', url: `/api/admin/companies/${p.companyId}`, headers: admin, payload: patch });
    expect(res.statusCode, res.body).toBe(200);
  }
  return p;
}

/** `n` shipments created by `p`, one after the other (so their creation order is this order). */
export async function shipments(hub: TestHub, p: TestPartner, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await newShipment(hub.app, p)).id as string);
  return ids;
}

/** Each company's counter beside the load rule's count from the shipments table; they must be equal. */
export async function loadRuleMismatches(hub: TestHub): Promise<Array<{ company_id: string; counter: number; rule: number }>> {
  const { rows } = await hub.deps.database.pool.query<{ company_id: string; counter: number; rule: number }>(
    `select u.company_id, u.active_shipments as counter,
            (select count(*)::int from shipments s where coalesce(s.assigned_company_id, s.company_id) = u.company_id
               and s.status not in ('delivered', 'failed', 'returned', 'cancelled')) as rule
     from company_usage u`,
  );
  return rows.filter((r) => r.counter !== r.rule);
}

export async function loadOf(hub: TestHub, companyId: string): Promise<number> {
  const { rows } = await hub.deps.database.pool.query<{ n: number }>('select active_shipments as n from company_usage where company_id = $1', [
    companyId,
  ]);
  return rows[0]!.n;
}

export { adminHeaders };
