import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, newPartner, testIp, type TestPartner } from '../helpers/factories.js';
import { createTestHub, type TestHub } from '../helpers/hub.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';
import { addWebhook, FAST_SCHEDULE, messagesOf, pickedUp, until } from '../helpers/webhooks.js';

/** WEBHOOK_ALLOW_PRIVATE_NETWORKS off (the default): private targets refused when saved AND when connecting. */

let hub: TestHub;
let a: TestPartner;
let b: TestPartner;
let rx: Receiver;

beforeAll(async () => {
  hub = await createTestHub({ role: 'all', env: { WEBHOOK_RETRY_SCHEDULE: FAST_SCHEDULE } });
  expect(hub.config.webhooks.allowPrivateNetworks).toBe(false);
  [a, b] = await Promise.all([newPartner(hub.app, { tier: 'enterprise' }), newPartner(hub.app, { tier: 'enterprise' })]);
  rx = await startReceiver();
});
afterAll(async () => {
  await hub?.close();
  await rx?.close();
});

describe('when a URL is saved', () => {
  it.each([
    'http://127.0.0.1:8080/in',
    'http://10.0.0.5/in',
    'http://192.168.1.10/in',
    'http://[::1]:8080/in',
    'http://[::ffff:127.0.0.1]/in',
    'http://169.254.169.254/latest',
    'http://100.64.0.1/in',
    'http://localhost:8080/in',
    'http://2130706433/in',
  ])('refuses %s with 400 WEBHOOK_URL_REJECTED (create, update and onboarding)', async (url) => {
    const create = await hub.app.inject({
      method: 'POST',
      url: '/api/partner/webhooks',
      headers: a.headers,
      payload: { url, events: ['shipment.created'] },
    });
    expect(create.statusCode, create.body).toBe(400);
    expect(create.json().code).toBe('WEBHOOK_URL_REJECTED');
    const ok = await addWebhook(hub.app, a, 'https://hooks.example.com/in');
    const patch = await hub.app.inject({ method: 'PATCH', url: `/api/partner/webhooks/${ok.id}`, headers: a.headers, payload: { url } });
    expect(patch.json().code).toBe('WEBHOOK_URL_REJECTED');
    const before = (await hub.deps.database.pool.query('select count(*)::int as n from companies')).rows[0].n;
    const onboard = await hub.app.inject({
      method: 'POST',
      url: '/api/partner/onboarding',
      remoteAddress: testIp(),
      payload: {
        company: { name: 'SSRF Co', email: `ssrf-${Date.now()}-${Math.random()}@example.com` },
        tier: 'starter',
        webhooks: [{ url, events: ['shipment.created'] }],
      },
    });
    expect(onboard.statusCode).toBe(400);
    expect(onboard.json().code).toBe('WEBHOOK_URL_REJECTED');
    expect((await hub.deps.database.pool.query('select count(*)::int as n from companies')).rows[0].n).toBe(before);
    await hub.app.inject({ method: 'DELETE', url: `/api/partner/webhooks/${ok.id}`, headers: a.headers });
  });
});

describe('when a delivery connects', () => {
  // A saved URL whose target became private later (DNS re-pointed, or saved while the setting was on).
  it.each([
    ['a literal loopback address', (port: number) => `http://127.0.0.1:${port}/hook`],
    ['a name that resolves to loopback', (port: number) => `http://localhost:${port}/hook`],
  ])('refuses %s, logs why, does not retry or disable, and alerts', async (_name, target) => {
    const w = await addWebhook(hub.app, a, 'https://hooks.example.com/in');
    await hub.deps.database.pool.query('update webhook_endpoints set url = $2 where id = $1', [w.id, target(rx.port)]);
    await pickedUp(hub, a, b);
    const [m] = await until(async () => {
      const ms = await messagesOf(hub, w.id);
      return ms[0]?.status === 'failed' ? ms : null;
    }, 'the message failed');
    expect(m).toMatchObject({ attempts: 1, last_error: expect.stringContaining('ERR_SSRF_BLOCKED') });
    expect(rx.received).toHaveLength(0);
    const logs = (await hub.app.inject({ method: 'GET', url: `/api/partner/webhooks/${w.id}/logs`, headers: a.headers })).json();
    expect(logs.data).toEqual([
      expect.objectContaining({ attempt: 1, success: false, statusCode: null, error: expect.stringMatching(/^ERR_SSRF_BLOCKED: .*\((loopback)\)/) }),
    ]);
    const endpoint = (await hub.app.inject({ method: 'GET', url: `/api/partner/webhooks/${w.id}`, headers: a.headers })).json();
    expect(endpoint).toMatchObject({ enabled: true, status: 'failing' });
    const admin = await adminHeaders(hub);
    const alerts = (await hub.app.inject({ method: 'GET', url: `/api/admin/alerts?kind=webhook.message_failed&open=true`, headers: admin })).json();
    expect(alerts.data.some((x: { endpointId: string }) => x.endpointId === w.id)).toBe(true);
    // The test route goes through the same guard.
    const t = (await hub.app.inject({ method: 'POST', url: `/api/partner/webhooks/${w.id}/test`, headers: a.headers })).json();
    expect(t).toMatchObject({ success: false, statusCode: null, error: expect.stringContaining('ERR_SSRF_BLOCKED') });
    expect(rx.received).toHaveLength(0);
    await hub.deps.database.pool.query('update webhook_endpoints set enabled = false where id = $1', [w.id]);
  });
});
