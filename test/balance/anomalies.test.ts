import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, assign, newPartner, newShipment, type TestPartner } from '../helpers/factories.js';
import { createTestHub, type TestHub } from '../helpers/hub.js';

/**
 * Anomaly detection end to end: conditions made with the factories (and timestamps moved back in SQL),
 * detection run twice (no duplicate rows), an acknowledged anomaly kept open while it lasts, a cleared
 * condition resolved, and the admin alert list.
 */

let hub: TestHub;
let admin: { authorization: string };
/** Creates shipments; one of them is over capacity. */
let full: TestPartner;
/** Assignee of the stuck shipments (more than the roll-up size). */
let carrier: TestPartner;
/** Assignee of one stuck and one overdue shipment; its deliveries show an on-time drop. */
let late: TestPartner;
const stuckOfCarrier: string[] = [];
let stuckOfLate = '';
let overdue = '';
/** `full`'s load (its assigned shipments count for it or not, by the load rule in force). */
let fullLoad = 0;
const ATTACK_IP = '10.250.0.7';

const q = <T = any>(text: string, values: unknown[] = []) => hub.deps.database.pool.query(text, values).then((r) => r.rows as T[]);
const detect = (dryRun = false) => hub.services.anomalies.detect({ dryRun });
const anomalyRows = () => q<{ kind: string; subject: string }>(`select kind, subject from admin_alerts where kind like 'anomaly.%' order by id`);
const keys = (list: Array<{ kind: string; subject: string }>) => list.map((a) => `${a.kind} ${a.subject}`).sort();
const adminGet = async (url: string) => {
  const res = await hub.app.inject({ method: 'GET', url, headers: admin });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

beforeAll(async () => {
  hub = await createTestHub({
    env: {
      ANOMALY_ROLLUP_ABOVE: '2',
      ANOMALY_ON_TIME_MIN_DELIVERIES: '2',
      ANOMALY_AUTH_FAILURES_PER_IP: '5',
      ANOMALY_AUTH_FAILURES_PER_KEY: '5',
      // Creations in this test (a dozen in the last hour, none before) are a rise; the minimum is lowered to see it.
      ANOMALY_VOLUME_MIN: '5',
    },
  });
  admin = await adminHeaders(hub);
  [full, carrier, late] = await Promise.all([newPartner(hub.app), newPartner(hub.app), newPartner(hub.app)]);

  // Three stuck shipments of `carrier` (> roll-up size 2) and one of `late`: in transit, last change 50 h ago.
  for (const to of [carrier, carrier, carrier, late]) {
    const s = await newShipment(hub.app, full);
    await assign(hub, s.id, to);
    await q(`update shipments set status = 'in_transit', updated_at = now() - interval '50 hours' where id = $1`, [s.id]);
    if (to === carrier) stuckOfCarrier.push(s.id);
    else stuckOfLate = s.id;
  }
  // One open shipment 30 h past its estimated delivery.
  const o = await newShipment(hub.app, full);
  await assign(hub, o.id, late);
  overdue = o.id;
  await q(`update shipments set estimated_delivery = now() - interval '30 hours' where id = $1`, [o.id]);

  // `late`'s record: the baseline window 3 of 3 on time, the last 7 days 1 of 3 (33 %: a 67-point drop).
  const deliveries: Array<[number, boolean]> = [
    [1, true],
    [2, false],
    [3, false],
    [10, true],
    [20, true],
    [30, true],
  ];
  for (const [daysAgo, onTime] of deliveries) {
    const s = await newShipment(hub.app, carrier);
    await assign(hub, s.id, late);
    await q(
      `update shipments set status = 'delivered', delivered_at = now() - make_interval(days => $2::int),
         estimated_delivery = now() - make_interval(days => $2::int) + make_interval(hours => $3::int) where id = $1`,
      [s.id, daysAgo, onTime ? 1 : -1],
    );
  }

  // `full` over capacity: nine more (unassigned) shipments, then a capacity of load + 1 (load ≥ 9: load × 10 ≥ (load + 1) × 9).
  for (let i = 0; i < 9; i++) await newShipment(hub.app, full);
  fullLoad = (await q<{ n: number }>('select active_shipments as n from company_usage where company_id = $1', [full.companyId]))[0]!.n;
  expect(fullLoad).toBeGreaterThanOrEqual(9);
  await q('update companies set capacity = $2 where id = $1', [full.companyId, fullLoad + 1]);

  // A webhook endpoint of `carrier` failing 3 of its last 20 attempts (15 % > 5 %); test sends do not count.
  await q(
    `insert into webhook_attempts (message_id, endpoint_id, company_id, event_type, attempt, trigger, success, duration_ms, created_at)
     select 'msg_x' || g, 'wh_anomaly_test', $1, 'shipment.created', 1, case when g > 20 then 'test' else 'event' end, g > 3, 5, now() - interval '10 minutes'
     from generate_series(1, 30) g`,
    [carrier.companyId],
  );

  // Six wrong secrets for `late`'s key from one address.
  for (let i = 0; i < 6; i++) {
    const res = await hub.app.inject({
      method: 'POST',
      url: '/api/partner/auth',
      remoteAddress: ATTACK_IP,
      payload: { apiKey: late.apiKey, secret: `${late.secret.slice(0, -1)}${late.secret.endsWith('x') ? 'y' : 'x'}` },
    });
    expect(res.statusCode).toBe(401);
  }
});

afterAll(async () => {
  await hub?.close();
});

const EXPECTED = [
  `anomaly.shipment_stuck company:${'CARRIER'}`,
  `anomaly.shipment_stuck shipment:${'STUCK_LATE'}`,
  `anomaly.shipment_overdue shipment:${'OVERDUE'}`,
  `anomaly.company_over_capacity company:${'FULL'}`,
  `anomaly.on_time_drop company:${'LATE'}`,
  `anomaly.webhook_failure_rate endpoint:wh_anomaly_test`,
  `anomaly.auth_failure_burst ip:${ATTACK_IP}`,
  `anomaly.auth_failure_burst key:${'LATE_KEY'}`,
  `anomaly.volume_change system`,
];
const expected = () =>
  EXPECTED.map((k) =>
    k
      .replace('CARRIER', carrier.companyId)
      .replace('STUCK_LATE', stuckOfLate)
      .replace('OVERDUE', overdue)
      .replace('FULL', full.companyId)
      .replace('LATE_KEY', late.apiKeyId)
      .replace('LATE', late.companyId),
  );

describe('anomaly detection', () => {
  it('a dry run reports without writing', async () => {
    const report = await detect(true);
    // Every expected anomaly is there (per-company volume changes come on top).
    expect(keys(report.detected)).toEqual(expect.arrayContaining(expected()));
    expect(report).toMatchObject({ opened: report.detected.length, resolved: 0, stillOpen: 0 });
    expect(await anomalyRows()).toEqual([]);
  });

  it('stores each anomaly once, with its evidence, and refreshes it on the next run', async () => {
    const first = await detect();
    expect(first.opened).toBe(first.detected.length);
    expect(first).toMatchObject({ resolved: 0, stillOpen: 0 });
    const rows = await anomalyRows();
    expect(keys(rows)).toEqual(keys(first.detected));

    const roll = first.detected.find((a) => a.kind === 'anomaly.shipment_stuck' && a.subject === `company:${carrier.companyId}`)!;
    expect(roll).toMatchObject({ severity: 'warning', companyId: carrier.companyId, evidence: { count: 3, rollupAbove: 2, stuckHours: 48 } });
    expect([...(roll.evidence.sample as string[])].sort()).toEqual([...stuckOfCarrier].sort());
    const byKind = (kind: string) => first.detected.filter((a) => a.kind === kind);
    expect(byKind('anomaly.shipment_overdue')[0]).toMatchObject({ severity: 'warning', companyId: late.companyId });
    expect(byKind('anomaly.company_over_capacity')[0]).toMatchObject({ severity: 'warning', evidence: { load: fullLoad, capacity: fullLoad + 1 } });
    expect(byKind('anomaly.on_time_drop')[0]!.evidence).toMatchObject({
      recent: { delivered: 3, onTime: 1, rate: 33.3 },
      baseline: { delivered: 3, onTime: 3, rate: 100 },
      dropPoints: 66.7,
    });
    expect(byKind('anomaly.webhook_failure_rate')[0]).toMatchObject({
      companyId: carrier.companyId,
      evidence: { attempts: 20, failures: 3, failurePercent: 15 },
    });
    expect(byKind('anomaly.auth_failure_burst').map((a) => [a.subject, a.evidence.failures])).toEqual([
      [`ip:${ATTACK_IP}`, 6],
      [`key:${late.apiKeyId}`, 6],
    ]);
    expect(byKind('anomaly.volume_change').find((a) => a.subject === 'system')!.evidence).toMatchObject({ direction: 'rise', baselineMean: 0 });

    const second = await detect();
    expect(second).toMatchObject({ opened: 0, resolved: 0, stillOpen: first.detected.length });
    expect(await anomalyRows()).toHaveLength(rows.length);
    const [seen] = await q(`select last_seen_at > created_at as later from admin_alerts where kind = 'anomaly.company_over_capacity'`);
    expect(seen.later).toBe(true);
  });

  it('concurrent runs open no duplicates', async () => {
    const before = (await anomalyRows()).length;
    await Promise.all([detect(), detect(), detect()]);
    expect(await anomalyRows()).toHaveLength(before);
  });

  it('an acknowledged anomaly stays open while it lasts; a cleared one is resolved; the admin list shows both', async () => {
    const subject = `company:${full.companyId}`;
    const [alert] = (await adminGet(`/api/admin/alerts?kind=anomaly.company_over_capacity&subject=${subject}`)).data;
    expect(alert).toMatchObject({ severity: 'warning', subject, companyId: full.companyId, resolvedAt: null, acknowledgedAt: null });
    expect(alert.lastSeenAt).toEqual(expect.any(String));
    const ack = await hub.app.inject({ method: 'POST', url: `/api/admin/alerts/${alert.id}/acknowledge`, headers: admin });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json()).toMatchObject({ id: alert.id, acknowledgedAt: expect.any(String), resolvedAt: null });

    // Still over capacity: the same row, acknowledged, not resolved, and no second row.
    await detect();
    const still = (await adminGet(`/api/admin/alerts?kind=anomaly.company_over_capacity&subject=${subject}`)).data;
    expect(still).toHaveLength(1);
    expect(still[0]).toMatchObject({ id: alert.id, resolvedAt: null, acknowledgedAt: expect.any(String) });
    expect((await adminGet(`/api/admin/alerts?open=true&kind=anomaly.company_over_capacity&subject=${subject}`)).data).toEqual([]);

    // Worse (at capacity): the same row turns critical.
    await q('update companies set capacity = $2 where id = $1', [full.companyId, fullLoad]);
    await detect();
    const critical = (await adminGet(`/api/admin/alerts?severity=critical&kind=anomaly.company_over_capacity`)).data;
    expect(critical.map((a: { id: number }) => a.id)).toEqual([alert.id]);

    // Cleared: capacity raised and the stuck shipment of `late` delivered.
    await q('update companies set capacity = 1000 where id = $1', [full.companyId]);
    await q(`update shipments set status = 'delivered', delivered_at = now() where id = $1`, [stuckOfLate]);
    const report = await detect();
    expect(report.resolved).toBe(2);
    const resolved = (await adminGet('/api/admin/alerts?resolved=true')).data;
    expect(keys(resolved)).toEqual(
      keys([
        { kind: 'anomaly.company_over_capacity', subject },
        { kind: 'anomaly.shipment_stuck', subject: `shipment:${stuckOfLate}` },
      ]),
    );
    expect(resolved.every((a: { resolvedAt: string | null }) => a.resolvedAt !== null)).toBe(true);

    // The condition coming back opens a new row (the old one stays resolved).
    await q('update companies set capacity = $2 where id = $1', [full.companyId, fullLoad + 1]);
    expect((await detect()).opened).toBe(1);
    const rows = (await adminGet(`/api/admin/alerts?kind=anomaly.company_over_capacity&subject=${subject}`)).data;
    expect(rows.map((a: { resolvedAt: string | null; id: number }) => [a.id === alert.id, a.resolvedAt === null])).toEqual([
      [false, true], // open first
      [true, false],
    ]);
  });

  it('lists by company, kind prefix and severity; open alerts first, then newest first', async () => {
    const mine = (await adminGet(`/api/admin/alerts?companyId=${late.companyId}&kind=anomaly.*&limit=100`)).data;
    expect(new Set(mine.map((a: { companyId: string }) => a.companyId))).toEqual(new Set([late.companyId]));
    expect(keys(mine)).toEqual(
      expect.arrayContaining([`anomaly.on_time_drop company:${late.companyId}`, `anomaly.shipment_overdue shipment:${overdue}`]),
    );
    const all = (await adminGet('/api/admin/alerts?limit=100')).data as Array<{
      acknowledgedAt: string | null;
      resolvedAt: string | null;
      createdAt: string;
    }>;
    const open = all.map((a) => a.acknowledgedAt === null && a.resolvedAt === null);
    expect(open).toEqual([...open].sort((x, y) => Number(y) - Number(x)));
    expect((await adminGet('/api/admin/alerts?severity=info')).data).toEqual([]);
    const bad = await hub.app.inject({ method: 'GET', url: '/api/admin/alerts?severity=loud', headers: admin });
    expect(bad.statusCode).toBe(400);
  });
});
