/**
 * No poison row can block the rows behind it, in any outbox or queue: carrier callbacks (the relay),
 * webhook messages (the dispatcher) and jobs (pg-boss). Each test puts rows that cannot go through
 * among good ones and checks that the good ones flow, that the bad ones are retried a bounded number
 * of times and then set aside (dead-lettered) with their error, counted, listed for admins, alerted
 * and replayable. The faults are real database refusals, not mocks: a body PostgreSQL cannot hold in
 * jsonb, and a trigger that refuses one endpoint's delivery log rows.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PUBLISH_ATTEMPTS } from '../../src/modules/carriers/relay.js';
import {
  awbFor,
  callbackBody,
  createCarrierTestEnv,
  newCourierShipment,
  postCallback,
  rows,
  shipmentRow,
  until,
  type CarrierTestEnv,
} from '../helpers/carriers.js';
import { adminHeaders, newPartner, type TestPartner } from '../helpers/factories.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';
import { addWebhook, FAST_SCHEDULE, messagesOf, pickedUp } from '../helpers/webhooks.js';

let env: CarrierTestEnv;
let p: TestPartner;
let admin: { authorization: string };

beforeAll(async () => {
  env = await createCarrierTestEnv({ role: 'all', env: { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_RETRY_SCHEDULE: FAST_SCHEDULE } });
  p = await newPartner(env.app);
  admin = await adminHeaders(env.hub);
});
afterAll(async () => {
  await env?.close();
});

const openAlerts = (kind: string) =>
  rows<{ message: string; details: any }>(env.hub, 'select message, details from admin_alerts where kind = $1 and acknowledged_at is null', [kind]);

/** A stored, accepted callback row exactly as the acknowledgement writes it, with the given raw body. */
async function storeAccepted(awb: string, rawBody: string, attempts = 0): Promise<number> {
  const [r] = await rows<{ id: number }>(
    env.hub,
    `insert into carrier_callbacks (carrier, status, remote_ip, body_hash, raw_body, awb, attempts) values ('jne', 'accepted', '127.0.0.1', $1, $2, $3, $4) returning id`,
    [createHash('sha256').update(rawBody).digest('hex'), rawBody, awb, attempts],
  );
  return Number(r!.id);
}

describe('carrier callbacks outbox', () => {
  it('a NUL in a callback is refused before the acknowledgement, and the next callback is applied', async () => {
    const awb = awbFor('jne', 'delivered');
    const s = await newCourierShipment(env.app, p, 'jne', awb);
    for (const bad of [
      JSON.stringify(callbackBody(awb, 'delivered', { status: 'SHIPPED\u0000' })), // the escape \u0000
      JSON.stringify(callbackBody(awb, 'delivered', { receiver_name: 'A\uD800' })), // a lone surrogate, escaped
      JSON.stringify(callbackBody(awb)).replace('"photo":"', '"photo":"\u0000'), // a raw NUL byte
      JSON.stringify(callbackBody(awb, 'delivered', { ['k\u0000']: 1 })), // in a key
    ]) {
      const res = await postCallback(env.app, bad);
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().code).toBe('CALLBACK_INVALID');
    }
    const rejected = await rows(env.hub, `select raw_body from carrier_callbacks where status = 'rejected' and raw_body like '%' || $1 || '%'`, [
      awb,
    ]);
    expect(rejected).toHaveLength(4); // kept for audit, made storable
    expect(rejected.some((r) => r.raw_body.includes('\uFFFD'))).toBe(true);
    expect((await postCallback(env.app, callbackBody(awb))).statusCode).toBe(200);
    await until(async () => (await shipmentRow(env.hub, s.id)).status === 'delivered', 'the valid callback applied');
  });

  it('rows that cannot be published are retried with backoff, then dead-lettered; the rows behind them flow', async () => {
    const good: Array<{ id: string; awb: string }> = [];
    // Stored before the good ones: the oldest rows of the outbox, the first of every batch.
    const poisonAwb = awbFor('jne', 'delivered');
    const poisonBody = JSON.stringify(callbackBody(poisonAwb, 'delivered', { status: 'SHIPPED\u0000' }));
    const fresh = await storeAccepted(poisonAwb, poisonBody); // first failure: counted, backoff
    const lastTry = await storeAccepted(
      awbFor('jne', 'delivered'),
      poisonBody.replace(poisonAwb, awbFor('jne', 'delivered')),
      MAX_PUBLISH_ATTEMPTS - 1,
    );
    for (let i = 0; i < 5; i++) {
      const awb = awbFor('jne', 'delivered');
      good.push({ id: (await newCourierShipment(env.app, p, 'jne', awb)).id, awb });
    }
    for (const g of good) expect((await postCallback(env.app, callbackBody(g.awb))).statusCode).toBe(200);
    for (const g of good) await until(async () => (await shipmentRow(env.hub, g.id)).status === 'delivered', `good callback for ${g.awb} applied`);

    const [dead] = await until(async () => {
      const r = await rows(env.hub, `select status, attempts, last_error, dead_at from carrier_callbacks where id = $1`, [lastTry]);
      return r[0]?.status === 'dead' ? r : undefined;
    }, 'the poison row dead-lettered');
    expect(dead).toMatchObject({ attempts: MAX_PUBLISH_ATTEMPTS });
    expect(dead.last_error).toMatch(/unicode|\\u0000|escape/i);
    const [retrying] = await rows(env.hub, `select status, attempts, retry_at from carrier_callbacks where id = $1`, [fresh]);
    expect(retrying.status).toBe('accepted');
    expect(retrying.attempts).toBeGreaterThanOrEqual(1);
    expect(retrying.attempts).toBeLessThan(MAX_PUBLISH_ATTEMPTS);
    expect(retrying.retry_at).not.toBeNull();

    // Counted, listed, alerted.
    const list = await env.app.inject({ method: 'GET', url: '/api/admin/carrier-callbacks?status=dead', headers: admin });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().data.map((c: any) => c.id)).toContain(lastTry);
    expect(list.json().data.find((c: any) => c.id === lastTry)).toMatchObject({
      status: 'dead',
      attempts: MAX_PUBLISH_ATTEMPTS,
      lastError: expect.any(String),
      deadAt: expect.any(String),
    });
    const summary = await env.app.inject({ method: 'GET', url: '/api/admin/outboxes', headers: admin });
    expect(summary.statusCode, summary.body).toBe(200);
    expect(summary.json().outboxes.find((o: any) => o.name === 'carrier-callbacks').deadLettered).toBeGreaterThanOrEqual(1);
    await until(async () => (await openAlerts('outbox.dead_lettered')).length > 0, 'dead-letter alert');
  });

  it('a dead-lettered callback is replayed with a fresh budget and applied', async () => {
    const awb = awbFor('jne', 'delivered');
    const s = await newCourierShipment(env.app, p, 'jne', awb);
    const id = await storeAccepted(awb, JSON.stringify(callbackBody(awb)), 0);
    // Set aside as the relay or the consumer would after their last attempt (say the fault was since fixed).
    await rows(env.hub, `update carrier_callbacks set status = 'dead', dead_at = now(), attempts = $2, last_error = 'test' where id = $1`, [
      id,
      MAX_PUBLISH_ATTEMPTS,
    ]);
    const res = await env.app.inject({ method: 'POST', url: `/api/admin/carrier-callbacks/${id}/replay`, headers: admin });
    expect(res.statusCode, res.body).toBe(202);
    await until(async () => (await shipmentRow(env.hub, s.id)).status === 'delivered', 'replayed callback applied');
    const [row] = await rows(env.hub, `select status, attempts, applied_at from carrier_callbacks where id = $1`, [id]);
    expect(row).toMatchObject({ status: 'accepted', attempts: 0 });
    expect(row.applied_at).not.toBeNull();
  });
});

describe('webhook messages outbox', () => {
  let receiver: Receiver;
  beforeAll(async () => {
    // Answers with a NUL in the body: kept (made storable), never a failed outcome batch.
    receiver = await startReceiver(() => ({ status: 200, body: 'ok\u0000done' }));
  });
  afterAll(async () => {
    await rows(env.hub, 'drop trigger if exists ff_test_refuse on webhook_attempts');
    await rows(env.hub, 'drop function if exists ff_test_refuse()');
    await receiver?.close();
  });

  it('an outcome the database refuses dead-letters that message only; the others are delivered and recorded', async () => {
    const owner = await newPartner(env.app);
    const courier = await newPartner(env.app);
    const poisoned = await addWebhook(env.app, owner, `${receiver.url}/poisoned`);
    const healthy = await addWebhook(env.app, courier, `${receiver.url}/healthy`);
    await rows(
      env.hub,
      `create function ff_test_refuse() returns trigger language plpgsql as $$
       begin if new.endpoint_id = '${poisoned.id}' then raise exception 'test: this row is refused'; end if; return new; end $$`,
    );
    await rows(env.hub, 'create trigger ff_test_refuse before insert on webhook_attempts for each row execute function ff_test_refuse()');
    for (let i = 0; i < 3; i++) await pickedUp(env.hub, owner, courier); // one shipment.updated to each endpoint, each time

    await until(
      async () => (await messagesOf(env.hub, healthy.id)).filter((m) => m.status === 'succeeded').length === 3,
      'healthy messages delivered',
    );
    const bad = await until(async () => {
      const m = await messagesOf(env.hub, poisoned.id);
      return m.length === 3 && m.every((x) => x.status === 'failed') ? m : undefined;
    }, 'poisoned messages dead-lettered');
    for (const m of bad) expect(m.last_error).toMatch(/^dead-lettered: .*this row is refused/);
    const stored = await rows(env.hub, 'select response_body from webhook_attempts where endpoint_id = $1', [healthy.id]);
    expect(stored.map((r) => r.response_body)).toEqual(['ok\uFFFDdone', 'ok\uFFFDdone', 'ok\uFFFDdone']);
    await until(
      async () => (await openAlerts('outbox.dead_lettered')).some((a) => a.details.outbox === 'webhook-messages'),
      'alert for the webhook dead letter',
    );

    // Replayable once the fault is gone.
    await rows(env.hub, 'drop trigger ff_test_refuse on webhook_attempts');
    const replay = await env.app.inject({
      method: 'POST',
      url: `/api/partner/webhooks/${poisoned.id}/replay`,
      headers: owner.headers,
      payload: { messageId: bad[0]!.id },
    });
    expect(replay.statusCode, replay.body).toBe(200);
    await until(
      async () => (await messagesOf(env.hub, poisoned.id)).find((m) => m.id === bad[0]!.id)?.status === 'succeeded',
      'replayed message delivered',
    );
  });
});

describe('job queues', () => {
  it('a job that fails its last attempt is set aside alone, listed, marks its callback dead, and can be retried', async () => {
    const awb = awbFor('jne', 'delivered');
    const s = await newCourierShipment(env.app, p, 'jne', awb);
    const goodId = await storeAccepted(awb, JSON.stringify(callbackBody(awb)));
    const poisonId = await storeAccepted(awbFor('jne', 'delivered'), '{}');
    await rows(env.hub, `update carrier_callbacks set published_at = now() where id = any($1::bigint[])`, [[goodId, poisonId]]);
    const boss = env.hub.deps.jobs.boss;
    const good = { callbackId: goodId, carrier: 'jne', awb, receivedAt: new Date().toISOString(), tracking: null as unknown };
    // The consumer cannot read this one's tracking: it throws on every attempt. No retries left: its first failure is its last.
    const poisonJob = await boss.send(
      'callback-update-status',
      { callbackId: poisonId, carrier: 'jne', awb: 'X', receivedAt: good.receivedAt, tracking: { broken: true } },
      { retryLimit: 0 },
    );
    // The good message, as the relay publishes it (the stored body parsed again).
    const { toMessage } = await import('../../src/modules/carriers/relay.js');
    const [row] = await rows(env.hub, 'select id, carrier, awb, raw_body, received_at from carrier_callbacks where id = $1', [goodId]);
    await boss.send('callback-update-status', toMessage({ ...row, id: Number(row.id) }));

    await until(async () => (await shipmentRow(env.hub, s.id)).status === 'delivered', 'the good job applied');
    await until(
      async () => (await rows(env.hub, `select 1 from pgboss.job where id = $1 and state = 'failed'`, [poisonJob])).length === 1,
      'poison job failed for good',
    );
    await until(
      async () => (await rows(env.hub, `select status from carrier_callbacks where id = $1`, [poisonId]))[0]?.status === 'dead',
      'its callback marked dead',
    );

    const list = await env.app.inject({ method: 'GET', url: '/api/admin/jobs/failed?queue=callback-update-status', headers: admin });
    expect(list.statusCode, list.body).toBe(200);
    const listed = list.json().data.find((j: any) => j.id === poisonJob);
    expect(listed).toMatchObject({ queue: 'callback-update-status', attempts: 1, error: expect.any(String) });
    const summary = (await env.app.inject({ method: 'GET', url: '/api/admin/outboxes', headers: admin })).json();
    expect(summary.deadLetteredJobs['callback-update-status']).toBeGreaterThanOrEqual(1);

    const retry = await env.app.inject({ method: 'POST', url: `/api/admin/jobs/callback-update-status/${poisonJob}/retry`, headers: admin });
    expect(retry.statusCode, retry.body).toBe(202);
    const again = await env.app.inject({ method: 'POST', url: `/api/admin/jobs/callback-update-status/${poisonJob}/retry`, headers: admin });
    // Retried already (no longer failed) — or failed again so fast that it is back: never a 5xx.
    expect([202, 404]).toContain(again.statusCode);
    const unknown = await env.app.inject({
      method: 'POST',
      url: `/api/admin/jobs/mail.send/00000000-0000-4000-8000-000000000000/retry`,
      headers: admin,
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('JOB_NOT_FOUND');
  });
});
