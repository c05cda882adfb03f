import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhook } from '../../src/index.js';
import { newPartner, testIp, type TestPartner } from '../helpers/factories.js';
import type { TestHub } from '../helpers/hub.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';
import { addWebhook, createWebhookHub, messagesOf, pickedUp, until } from '../helpers/webhooks.js';

/** The partner routes: endpoints, secrets, test sends, rotation, logs, replay, isolation. */

let hub: TestHub;
let a: TestPartner;
let b: TestPartner;
let rx: Receiver;

beforeAll(async () => {
  hub = await createWebhookHub();
  [a, b] = await Promise.all([newPartner(hub.app, { tier: 'enterprise' }), newPartner(hub.app, { tier: 'enterprise' })]);
  rx = await startReceiver();
});
afterAll(async () => {
  await hub?.close();
  await rx?.close();
});

const call = (p: TestPartner, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
  hub.app.inject({
    method,
    url: `/api/partner/webhooks${url}`,
    headers: p.headers,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

describe('endpoints', () => {
  it('create shows the secret once; list and get never show it, sealed or not', async () => {
    const res = await call(a, 'POST', '', {
      url: `${rx.url}/crud`,
      events: ['shipment.created', 'shipment.created', 'pod.received'].slice(1),
      description: 'ERP',
    });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({
      url: `${rx.url}/crud`,
      events: ['shipment.created', 'pod.received'],
      description: 'ERP',
      enabled: true,
      status: 'healthy',
      secret: expect.stringMatching(/^whsec_/),
    });
    const { rows } = await hub.deps.database.pool.query('select secret_sealed from webhook_endpoints where id = $1', [created.id]);
    expect(rows[0].secret_sealed).toMatch(/^v1\./);
    expect(rows[0].secret_sealed).not.toContain(created.secret.slice(6, 20));
    for (const r of [await call(a, 'GET', ''), await call(a, 'GET', `/${created.id}`)]) {
      expect(r.statusCode).toBe(200);
      expect(r.body).not.toContain(created.secret);
      expect(r.body).not.toContain(rows[0].secret_sealed);
      expect(r.body).not.toMatch(/"secret"/);
    }
    expect((await call(a, 'GET', '')).json().data.map((w: { id: string }) => w.id)).toContain(created.id);
  });

  it('the webhooks registered at onboarding are the same objects, each with its own secret', async () => {
    const p = await newPartner(hub.app, { webhooks: [{ url: `${rx.url}/onb`, events: ['shipment.created'] }] });
    const [w] = p.onboarding.webhooks;
    expect(w.secret).toMatch(/^whsec_/);
    const got = (await call(p, 'GET', `/${w.id}`)).json();
    const { secret: _s, ...rest } = w;
    expect(got).toEqual(rest);
  });

  it('PATCH changes url, events, description, enabled; enabling clears why it was disabled', async () => {
    const w = await addWebhook(hub.app, a, `${rx.url}/patch`);
    let r = await call(a, 'PATCH', `/${w.id}`, { enabled: false });
    expect(r.json()).toMatchObject({ enabled: false, status: 'disabled', disabledReason: 'disabled by the partner', disabledAt: expect.any(String) });
    r = await call(a, 'PATCH', `/${w.id}`, { enabled: true, url: `${rx.url}/patched`, events: ['shipment.delivered'], description: null });
    expect(r.json()).toMatchObject({
      enabled: true,
      status: 'healthy',
      disabledReason: null,
      disabledAt: null,
      url: `${rx.url}/patched`,
      events: ['shipment.delivered'],
      description: null,
    });
  });

  it('DELETE removes it with its messages and logs', async () => {
    const w = await addWebhook(hub.app, a, `${rx.url}/del`);
    await call(a, 'POST', `/${w.id}/test`);
    expect((await call(a, 'DELETE', `/${w.id}`)).statusCode).toBe(204);
    expect((await call(a, 'GET', `/${w.id}`)).statusCode).toBe(404);
    const { rows } = await hub.deps.database.pool.query(
      'select (select count(*) from webhook_messages where endpoint_id = $1)::int m, (select count(*) from webhook_attempts where endpoint_id = $1)::int a',
      [w.id],
    );
    expect(rows[0]).toEqual({ m: 0, a: 0 });
  });

  it.each([
    // Refused even where private networks are allowed (as on this hub); ssrf.test.ts has the setting off.
    ['the cloud metadata address', { url: 'http://169.254.169.254/latest', events: ['shipment.created'] }, 'WEBHOOK_URL_REJECTED'],
    ['a port below 1024', { url: 'https://hooks.example.com:25/in', events: ['shipment.created'] }, 'WEBHOOK_URL_REJECTED'],
    ['credentials in the URL', { url: 'https://user:pw@hooks.example.com/in', events: ['shipment.created'] }, 'WEBHOOK_URL_REJECTED'],
    ['an unknown event', { url: 'https://hooks.example.com/in', events: ['shipment.exploded'] }, 'VALIDATION_FAILED'],
    ['no events', { url: 'https://hooks.example.com/in', events: [] }, 'VALIDATION_FAILED'],
    ['an extra field', { url: 'https://hooks.example.com/in', events: ['shipment.created'], secret: 'whsec_x' }, 'VALIDATION_FAILED'],
    ['a non-http scheme', { url: 'ftp://hooks.example.com/in', events: ['shipment.created'] }, 'VALIDATION_FAILED'],
  ])('refuses %s with a 400 and a stable code', async (_n, payload, code) => {
    const res = await call(a, 'POST', '', payload);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().code).toBe(code);
  });

  it('at most 20 per company (409 WEBHOOK_LIMIT_REACHED)', async () => {
    const p = await newPartner(hub.app);
    const results = await Promise.all(
      Array.from({ length: 22 }, (_, i) => call(p, 'POST', '', { url: `https://hooks.example.com/${i}`, events: ['shipment.created'] })),
    );
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(20);
    expect(results.filter((r) => r.statusCode === 409).map((r) => r.json().code)).toEqual(['WEBHOOK_LIMIT_REACHED', 'WEBHOOK_LIMIT_REACHED']);
  });
});

describe('isolation', () => {
  it("every route answers 404 WEBHOOK_NOT_FOUND for another company's webhook, and changes nothing", async () => {
    const w = await addWebhook(hub.app, a, `${rx.url}/iso`);
    const routes: Array<[Parameters<typeof call>[1], string, unknown?]> = [
      ['GET', `/${w.id}`],
      ['PATCH', `/${w.id}`, { enabled: false }],
      ['DELETE', `/${w.id}`],
      ['POST', `/${w.id}/test`],
      ['POST', `/${w.id}/rotate-secret`],
      ['GET', `/${w.id}/logs`],
      ['POST', `/${w.id}/replay`, { since: '2020-01-01T00:00:00Z' }],
    ];
    const before = rx.received.length;
    for (const [method, url, payload] of routes) {
      const res = await call(b, method, url, payload);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json().code).toBe('WEBHOOK_NOT_FOUND');
    }
    expect((await call(b, 'GET', '')).json().data.map((x: { id: string }) => x.id)).not.toContain(w.id);
    expect((await call(a, 'GET', `/${w.id}`)).json()).toMatchObject({ enabled: true, secretRotationEndsAt: null });
    expect(rx.received.length).toBe(before);
    expect(await messagesOf(hub, w.id)).toEqual([]);
  });

  it('without a token: 401', async () => {
    const res = await hub.app.inject({ method: 'GET', url: '/api/partner/webhooks', remoteAddress: testIp() });
    expect(res.statusCode).toBe(401);
  });
});

describe('test send', () => {
  it('sends a signed webhook.test now and returns the attempt; it is in the logs', async () => {
    const w = await addWebhook(hub.app, a, `${rx.url}/test-ok`);
    const res = await call(a, 'POST', `/${w.id}/test`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ success: true, statusCode: 200, error: null, responseBody: 'ok', messageId: expect.stringMatching(/^msg_/) });
    const got = rx.received.find((r) => r.id === res.json().messageId)!;
    expect(verifyWebhook(got.body, got.headers, w.secret)).toMatchObject({ event: 'webhook.test', data: { test: true } });
    const logs = (await call(a, 'GET', `/${w.id}/logs`)).json();
    expect(logs.data[0]).toMatchObject({
      messageId: res.json().messageId,
      eventType: 'webhook.test',
      trigger: 'test',
      success: true,
      statusCode: 200,
    });
  });

  it('reports a failing receiver as success: false, with its status', async () => {
    const bad = await startReceiver(() => ({ status: 503, body: 'nope' }));
    try {
      const w = await addWebhook(hub.app, a, bad.url);
      const res = await call(a, 'POST', `/${w.id}/test`);
      expect(res.json()).toMatchObject({ success: false, statusCode: 503, responseBody: 'nope' });
      // A test send is not a delivery failure: the endpoint stays healthy and enabled.
      expect((await call(a, 'GET', `/${w.id}`)).json()).toMatchObject({ enabled: true, status: 'healthy' });
    } finally {
      await bad.close();
    }
  });
});

describe('secret rotation', () => {
  it('shows the new secret once; during the overlap both secrets verify; afterwards only the new one', async () => {
    const w = await addWebhook(hub.app, a, `${rx.url}/rot`);
    const rot = await call(a, 'POST', `/${w.id}/rotate-secret`);
    expect(rot.statusCode).toBe(200);
    const { secret: fresh, previousSecretExpiresAt } = rot.json();
    expect(fresh).toMatch(/^whsec_/);
    expect(fresh).not.toBe(w.secret);
    expect(Date.parse(previousSecretExpiresAt) - Date.now()).toBeGreaterThan(23.9 * 3600_000);
    expect((await call(a, 'GET', `/${w.id}`)).json().secretRotationEndsAt).toBe(previousSecretExpiresAt);

    const t1 = (await call(a, 'POST', `/${w.id}/test`)).json().messageId;
    const r1 = rx.received.find((r) => r.id === t1)!;
    expect(String(r1.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(() => new Webhook(w.secret).verify(r1.body, r1.headers as Record<string, string>)).not.toThrow();
    expect(() => new Webhook(fresh).verify(r1.body, r1.headers as Record<string, string>)).not.toThrow();
    // The seed's single hex signature uses the new secret.
    const legacy = { 'x-webhook-signature': r1.headers['x-webhook-signature'], 'x-webhook-timestamp': r1.headers['x-webhook-timestamp'] } as Record<
      string,
      string
    >;
    expect(() => verifyWebhook(r1.body, legacy, fresh)).not.toThrow();

    await hub.deps.database.pool.query("update webhook_endpoints set previous_secret_expires_at = now() - interval '1 second' where id = $1", [w.id]);
    const t2 = (await call(a, 'POST', `/${w.id}/test`)).json().messageId;
    const r2 = rx.received.find((r) => r.id === t2)!;
    expect(String(r2.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(() => new Webhook(fresh).verify(r2.body, r2.headers as Record<string, string>)).not.toThrow();
    expect(() => new Webhook(w.secret).verify(r2.body, r2.headers as Record<string, string>)).toThrow();
    expect((await call(a, 'GET', `/${w.id}`)).json().secretRotationEndsAt).toBeNull();
  });
});

describe('logs', () => {
  it('are newest first and paginated', async () => {
    const w = await addWebhook(hub.app, a, `${rx.url}/logs`);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await call(a, 'POST', `/${w.id}/test`)).json().messageId);
    const p1 = (await call(a, 'GET', `/${w.id}/logs?limit=2`)).json();
    const p2 = (await call(a, 'GET', `/${w.id}/logs?limit=2&offset=2`)).json();
    const p3 = (await call(a, 'GET', `/${w.id}/logs?limit=2&offset=4`)).json();
    expect([...p1.data, ...p2.data, ...p3.data].map((l: { messageId: string }) => l.messageId)).toEqual([...ids].reverse());
    expect(p1.pagination).toEqual({ total: 5, limit: 2, offset: 0, hasMore: true });
    expect(p3.pagination).toEqual({ total: 5, limit: 2, offset: 4, hasMore: false });
    const one = (await call(a, 'GET', `/${w.id}/logs?messageId=${ids[2]}`)).json();
    expect(one.data.map((l: { messageId: string }) => l.messageId)).toEqual([ids[2]]);
    expect((await call(a, 'GET', `/${w.id}/logs?limit=0`)).statusCode).toBe(400);
    expect((await call(a, 'GET', `/${w.id}/logs?messageId=nope`)).statusCode).toBe(400);
  });
});

describe('replay', () => {
  it('refuses while disabled, then resends one message or every failed one since a time, with the same webhook-id', async () => {
    let fail = true;
    const flaky = await startReceiver(() => (fail ? { status: 410 } : { status: 200 }));
    try {
      const w = await addWebhook(hub.app, a, flaky.url);
      await pickedUp(hub, a, b);
      const disabled = await until(async () => ((await call(a, 'GET', `/${w.id}`)).json().enabled ? null : true), 'disabled by 410');
      expect(disabled).toBe(true);
      const [msg] = await messagesOf(hub, w.id);
      expect(msg).toMatchObject({ status: 'failed' });

      const refused = await call(a, 'POST', `/${w.id}/replay`, { messageId: msg!.id });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().code).toBe('WEBHOOK_DISABLED');

      fail = false;
      expect((await call(a, 'PATCH', `/${w.id}`, { enabled: true })).json().enabled).toBe(true);
      const again = await call(a, 'POST', `/${w.id}/replay`, { messageId: msg!.id });
      expect(again.json()).toEqual({ replayed: 1, limit: 10_000 });
      await flaky.waitFor((all) => all.filter((r) => r.id === msg!.id).length === 2);
      const [first, second] = flaky.received.filter((r) => r.id === msg!.id);
      expect(second!.body).toBe(first!.body);
      await until(async () => (await messagesOf(hub, w.id))[0]!.status === 'succeeded', 'replayed message succeeded');
      expect((await messagesOf(hub, w.id))[0]).toMatchObject({ status: 'succeeded', trigger: 'replay', attempts: 1 });

      // A finished message can be replayed again; an unknown one is 404; `since` picks the failed ones.
      expect((await call(a, 'POST', `/${w.id}/replay`, { messageId: 'msg_00000000000000000000' })).json().code).toBe('WEBHOOK_MESSAGE_NOT_FOUND');
      await hub.deps.database.pool.query("update webhook_messages set status = 'failed' where endpoint_id = $1", [w.id]);
      const since = await call(a, 'POST', `/${w.id}/replay`, { since: new Date(Date.now() - 3600_000).toISOString() });
      expect(since.json().replayed).toBe(1);
      await flaky.waitFor((all) => all.filter((r) => r.id === msg!.id).length === 3);
      const none = await call(a, 'POST', `/${w.id}/replay`, { since: new Date(Date.now() + 60_000).toISOString() });
      expect(none.json().replayed).toBe(0);
    } finally {
      await flaky.close();
    }
  });

  it('refuses a message that is still being delivered (409) and bad bodies (400)', async () => {
    const slow = await startReceiver(() => ({ status: 500, delayMs: 50 }));
    try {
      const w = await addWebhook(hub.app, a, slow.url);
      await pickedUp(hub, a, b);
      const [msg] = await until(async () => ((await messagesOf(hub, w.id)).length ? messagesOf(hub, w.id) : null), 'a message');
      const r = await call(a, 'POST', `/${w.id}/replay`, { messageId: msg!.id });
      expect(r.statusCode).toBe(409);
      expect(r.json().code).toBe('WEBHOOK_MESSAGE_IN_PROGRESS');
      for (const body of [{}, { messageId: msg!.id, since: new Date().toISOString() }, { since: 'yesterday' }, { messageId: 'msg_x' }]) {
        const bad = await call(a, 'POST', `/${w.id}/replay`, body);
        expect(bad.statusCode, JSON.stringify(body)).toBe(400);
        expect(bad.json().code).toBe('VALIDATION_FAILED');
      }
    } finally {
      await slow.close();
    }
  });
});
