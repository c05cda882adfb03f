import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningSecret } from '../../src/modules/webhooks/signing.js';
import { adminHeaders, newPartner, type TestPartner } from '../helpers/factories.js';
import type { TestHub } from '../helpers/hub.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';
import { addWebhook, createWebhookHub, messagesOf, pickedUp, until } from '../helpers/webhooks.js';

/**
 * The admin view: every company's webhooks by status with a success rate; re-enable, replay, alerts —
 * which are also posted, signed, to ALERT_WEBHOOK_URL.
 */

let hub: TestHub;
let a: TestPartner;
let b: TestPartner;
let admin: { authorization: string };
const rxs: Receiver[] = [];
let alertRx: Receiver;
const alertSecret = generateSigningSecret();

beforeAll(async () => {
  alertRx = await startReceiver();
  rxs.push(alertRx);
  hub = await createWebhookHub({ ALERT_WEBHOOK_URL: `${alertRx.url}/alerts`, ALERT_WEBHOOK_SECRET: alertSecret });
  [a, b] = await Promise.all([newPartner(hub.app, { tier: 'enterprise' }), newPartner(hub.app, { tier: 'enterprise' })]);
  admin = await adminHeaders(hub);
});
afterAll(async () => {
  await hub?.close();
  await Promise.all(rxs.map((r) => r.close()));
});

const adminGet = async (url: string) => {
  const res = await hub.app.inject({ method: 'GET', url, headers: admin });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

describe('admin webhooks', () => {
  it('lists failing, disabled and recovered endpoints with their success rate; re-enables and replays', async () => {
    let mode: 'ok' | 'fail' | 'gone' = 'ok';
    const rx = await startReceiver(() => ({ status: mode === 'ok' ? 200 : mode === 'fail' ? 500 : 410 }));
    rxs.push(rx);
    const healthy = await addWebhook(hub.app, a, `${rx.url}/healthy`);
    const flaky = await addWebhook(hub.app, a, `${rx.url}/flaky`, ['shipment.delivered']);
    // healthy: one success
    await pickedUp(hub, a, b);
    await until(async () => (await messagesOf(hub, healthy.id))[0]?.status === 'succeeded', 'healthy delivered');

    // flaky: 410 → disabled
    mode = 'gone';
    await hub.deps.database.pool.query("update webhook_endpoints set events = array['shipment.updated'] where id = $1", [flaky.id]);
    await hub.deps.database.pool.query('update webhook_endpoints set enabled = false where id = $1', [healthy.id]);
    await pickedUp(hub, a, b);
    await until(async () => (await messagesOf(hub, flaky.id))[0]?.status === 'failed', 'flaky failed');
    // The endpoint is switched off (and its alert raised) in a transaction of its own, after the message's outcome.
    const enabledNow = async () =>
      (await hub.deps.database.pool.query<{ enabled: boolean }>('select enabled from webhook_endpoints where id = $1', [flaky.id])).rows[0]?.enabled;
    await until(async () => (await enabledNow()) === false, 'flaky disabled');

    const disabled = await adminGet(`/api/admin/webhooks?status=disabled&companyId=${a.companyId}`);
    const row = disabled.data.find((w: { id: string }) => w.id === flaky.id);
    expect(row).toMatchObject({
      companyId: a.companyId,
      companyName: a.name,
      status: 'disabled',
      disabledReason: expect.stringContaining('410'),
      window: { hours: 24, attempts: 1, successes: 0, successRate: 0 },
    });
    expect(row).not.toHaveProperty('secret');
    const all = await adminGet(`/api/admin/webhooks?companyId=${a.companyId}`);
    expect(all.data.find((w: { id: string }) => w.id === healthy.id)).toMatchObject({ window: { attempts: 1, successes: 1, successRate: 1 } });
    expect(all.pagination.total).toBe(2);

    // The alert, then re-enable: the alert is resolved by it.
    const alerts = await adminGet(`/api/admin/alerts?open=true&companyId=${a.companyId}`);
    const alert = alerts.data.find((x: { endpointId: string }) => x.endpointId === flaky.id);
    expect(alert).toMatchObject({ kind: 'webhook.endpoint_disabled', details: expect.objectContaining({ lastStatusCode: 410 }) });
    // Posted to the operators' channel when it was raised, signed, in the same Slack-compatible body as every alert.
    await alertRx.waitFor((all) => all.some((r) => r.id === `alert_${alert.id}_opened`), 20_000, 'endpoint alert post');
    const post = alertRx.received.find((r) => r.id === `alert_${alert.id}_opened`)!;
    expect(() => new Webhook(alertSecret).verify(post.body, post.headers as Record<string, string>)).not.toThrow();
    expect(JSON.parse(post.body).text).toContain(`webhook.endpoint_disabled (endpoint:${flaky.id})`);
    mode = 'fail';
    const enabled = await hub.app.inject({ method: 'POST', url: `/api/admin/webhooks/${flaky.id}/enable`, headers: admin });
    expect(enabled.json()).toMatchObject({ enabled: true, status: 'failing', disabledReason: null });
    expect((await adminGet(`/api/admin/alerts?open=true&companyId=${a.companyId}`)).data.some((x: { id: number }) => x.id === alert.id)).toBe(false);
    const failing = await adminGet(`/api/admin/webhooks?status=failing&companyId=${a.companyId}`);
    expect(failing.data.map((w: { id: string }) => w.id)).toEqual([flaky.id]);

    // Replay by an admin; the receiver is fixed: the endpoint recovers.
    mode = 'ok';
    const [msg] = await messagesOf(hub, flaky.id);
    const replay = await hub.app.inject({
      method: 'POST',
      url: `/api/admin/webhooks/${flaky.id}/replay`,
      headers: admin,
      payload: { messageId: msg!.id },
    });
    expect(replay.json()).toMatchObject({ replayed: 1 });
    await until(async () => (await messagesOf(hub, flaky.id))[0]?.status === 'succeeded', 'replayed');
    const recovered = await until(async () => {
      const r = await adminGet(`/api/admin/webhooks?status=recovered&companyId=${a.companyId}`);
      return r.data.length ? r : null;
    }, 'recovered');
    expect(recovered.data.map((w: { id: string }) => w.id)).toEqual([flaky.id]);
    expect(recovered.data[0].window).toEqual({ hours: 24, attempts: 2, successes: 1, successRate: 0.5 });
    const logs = await adminGet(`/api/admin/webhooks/${flaky.id}/logs`);
    expect(logs.data.map((l: { statusCode: number; trigger: string }) => [l.statusCode, l.trigger])).toEqual([
      [200, 'replay'],
      [410, 'event'],
    ]);
  });

  it('acknowledges alerts; unknown ids are 404; partner tokens are refused', async () => {
    await hub.deps.database.pool.query("insert into admin_alerts (kind, message, company_id) values ('test.kind', 'hello', $1)", [a.companyId]);
    const [alert] = (await adminGet('/api/admin/alerts?kind=test.kind')).data;
    const ack = await hub.app.inject({ method: 'POST', url: `/api/admin/alerts/${alert.id}/acknowledge`, headers: admin });
    expect(ack.json()).toMatchObject({ id: alert.id, acknowledgedAt: expect.any(String), acknowledgedBy: expect.stringMatching(/^admin:adm_/) });
    expect((await adminGet('/api/admin/alerts?kind=test.kind&open=true')).data).toEqual([]);
    const missing = await hub.app.inject({ method: 'POST', url: '/api/admin/alerts/999999/acknowledge', headers: admin });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('ALERT_NOT_FOUND');
    expect((await hub.app.inject({ method: 'POST', url: '/api/admin/webhooks/whe_00000000000000000000/enable', headers: admin })).json().code).toBe(
      'WEBHOOK_NOT_FOUND',
    );
    for (const url of ['/api/admin/webhooks', '/api/admin/alerts']) {
      expect((await hub.app.inject({ method: 'GET', url, headers: a.headers })).statusCode).toBe(401);
    }
  });
});
