import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../src/db/tx.js';
import { verifyWebhook, WebhookVerificationError } from '../../src/index.js';
import { recordEvent } from '../../src/modules/events/events.js';
import { adminHeaders, newPartner, newShipment, type TestPartner } from '../helpers/factories.js';
import type { TestHub } from '../helpers/hub.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';
import { addWebhook, createWebhookHub, messagesOf, pickedUp, until } from '../helpers/webhooks.js';

/** Deliveries end to end: the hub's own worker, a real receiver on loopback, fast retry schedule. */

let hub: TestHub;
let creator: TestPartner;
let carrier: TestPartner;
const receivers: Receiver[] = [];
const receiver = async (...a: Parameters<typeof startReceiver>) => {
  const r = await startReceiver(...a);
  receivers.push(r);
  return r;
};

beforeAll(async () => {
  hub = await createWebhookHub();
  [creator, carrier] = await Promise.all([newPartner(hub.app, { tier: 'enterprise' }), newPartner(hub.app, { tier: 'enterprise' })]);
});
afterAll(async () => {
  await hub?.close();
  await Promise.all(receivers.map((r) => r.close()));
});
afterEach(async () => {
  // Each test registers its own webhooks; switch the old ones off so they do not receive later events.
  await hub.deps.database.pool.query('update webhook_endpoints set enabled = false where company_id = any($1)', [
    [creator.companyId, carrier.companyId],
  ]);
});

const logsOf = async (p: TestPartner, id: string, q = '') => {
  const res = await hub.app.inject({ method: 'GET', url: `/api/partner/webhooks/${id}/logs${q}`, headers: p.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { data: any[]; pagination: { total: number; hasMore: boolean } };
};
const getWebhook = async (p: TestPartner, id: string) =>
  (await hub.app.inject({ method: 'GET', url: `/api/partner/webhooks/${id}`, headers: p.headers })).json();

describe('delivery of a status change', () => {
  it("sends the seed's payload and headers to both companies' endpoints; standardwebhooks and verifyWebhook both verify it", async () => {
    const rx = await receiver();
    const mine = await addWebhook(hub.app, creator, `${rx.url}/creator`);
    const theirs = await addWebhook(hub.app, carrier, `${rx.url}/carrier`);
    const s = await pickedUp(hub, creator, carrier);
    await rx.waitFor((all) => all.filter((r) => r.headers['x-webhook-event'] === 'shipment.updated').length >= 2);
    const got = rx.received.filter((r) => r.headers['x-webhook-event'] === 'shipment.updated');
    expect(got.map((r) => r.path).sort()).toEqual(['/hook/carrier', '/hook/creator']);

    for (const r of got) {
      const secret = r.path.endsWith('creator') ? mine.secret : theirs.secret;
      // The library, unchanged, with the raw body and the headers as received.
      expect(() => new Webhook(secret).verify(r.body, r.headers as Record<string, string>)).not.toThrow();
      const payload = verifyWebhook(r.body, r.headers, secret);
      // The seed's legacy headers alone verify too.
      const legacy = { 'x-webhook-signature': r.headers['x-webhook-signature'], 'x-webhook-timestamp': r.headers['x-webhook-timestamp'] };
      expect(verifyWebhook(r.body, legacy as Record<string, string>, secret)).toEqual(payload);

      expect(r.headers['content-type']).toBe('application/json');
      expect(r.headers['x-webhook-id']).toBe(r.id);
      expect(r.id).toMatch(/^msg_[0-9a-z]{20}$/);
      expect(r.headers['x-webhook-timestamp']).toBe(new Date(Number(r.headers['webhook-timestamp']) * 1000).toISOString());
      expect(r.headers['x-webhook-signature']).toMatch(/^[0-9a-f]{64}$/);
      expect(Object.keys(JSON.parse(r.body))).toEqual(['event', 'timestamp', 'webhookId', 'endpointId', 'data']);
      expect(payload).toMatchObject({ event: 'shipment.updated', webhookId: r.id, endpointId: r.path.endsWith('creator') ? mine.id : theirs.id });
      expect(Math.abs(Date.parse(payload.timestamp) - Date.now())).toBeLessThan(60_000);
      expect(payload.data).toMatchObject({
        shipmentId: s.id,
        trackingNumber: s.trackingNumber,
        previousStatus: 'assigned',
        currentStatus: 'picked_up',
        location: 'Distribution Center',
      });
      expect(Object.keys(payload.data as object).slice(0, 5)).toEqual([
        'shipmentId',
        'trackingNumber',
        'previousStatus',
        'currentStatus',
        'location',
      ]);
    }
    // One message per endpoint: different ids.
    expect(new Set(got.map((r) => r.id)).size).toBe(2);
    // A wrong secret or a changed byte fails.
    const one = got.find((r) => r.path.endsWith('creator'))!;
    expect(() => verifyWebhook(one.body, one.headers, theirs.secret)).toThrow(WebhookVerificationError);
    expect(() => verifyWebhook(one.body.replace('picked_up', 'delivered'), one.headers, mine.secret)).toThrow(WebhookVerificationError);

    // Logged, and counted on the endpoint.
    const logs = await logsOf(creator, mine.id);
    expect(logs.data.find((a) => a.eventType === 'shipment.updated')).toMatchObject({
      attempt: 1,
      success: true,
      statusCode: 200,
      responseBody: 'ok',
      error: null,
      trigger: 'event',
    });
    const w = await until(
      async () => ((await getWebhook(creator, mine.id)).stats.successCount >= 1 ? getWebhook(creator, mine.id) : null),
      'counters',
    );
    expect(w).toMatchObject({ status: 'healthy', stats: { consecutiveFailures: 0, failureCount: 0 } });
  });

  it('sends only the events an endpoint subscribes to, and nothing to a disabled endpoint', async () => {
    const rx = await receiver();
    const created = await addWebhook(hub.app, creator, `${rx.url}/created`, ['shipment.created']);
    const off = await addWebhook(hub.app, creator, `${rx.url}/off`, ['shipment.created', 'shipment.updated']);
    const patch = await hub.app.inject({
      method: 'PATCH',
      url: `/api/partner/webhooks/${off.id}`,
      headers: creator.headers,
      payload: { enabled: false },
    });
    expect(patch.json()).toMatchObject({ enabled: false, status: 'disabled', disabledReason: 'disabled by the partner' });
    await pickedUp(hub, creator, carrier);
    await rx.waitFor((all) => all.length >= 1);
    await new Promise((r) => setTimeout(r, 400));
    expect(rx.received.map((r) => [r.path, r.headers['x-webhook-event']])).toEqual([['/hook/created', 'shipment.created']]);
    expect(await messagesOf(hub, off.id)).toEqual([]);
    expect((await messagesOf(hub, created.id)).map((m) => m.event_type)).toEqual(['shipment.created']);
  });
});

describe('retries', () => {
  it('retries a failing receiver on schedule; every attempt carries the same webhook-id and body, each one signed', async () => {
    const rx = await receiver((_r, seen) => (seen < 2 ? { status: 500, body: `boom ${seen}` } : { status: 200, body: 'ok' }));
    const w = await addWebhook(hub.app, creator, rx.url);
    await pickedUp(hub, creator, carrier);
    await rx.waitFor((all) => all.length >= 3);
    const [a, b, c] = rx.received;
    expect(new Set([a!.id, b!.id, c!.id]).size).toBe(1);
    expect(new Set([a!.body, b!.body, c!.body]).size).toBe(1);
    for (const r of rx.received) expect(() => new Webhook(w.secret).verify(r.body, r.headers as Record<string, string>)).not.toThrow();
    // 100 ms schedule: a little later each time, never at once.
    expect(b!.at - a!.at).toBeGreaterThanOrEqual(90);
    expect(c!.at - b!.at).toBeGreaterThanOrEqual(90);

    const logs = await until(async () => ((await logsOf(creator, w.id)).data.length >= 3 ? logsOf(creator, w.id) : null), 'three log rows');
    expect(logs.data.map((l) => [l.attempt, l.success, l.statusCode, l.responseBody])).toEqual([
      [3, true, 200, 'ok'],
      [2, false, 500, 'boom 1'],
      [1, false, 500, 'boom 0'],
    ]);
    await until(async () => (await messagesOf(hub, w.id))[0]?.status === 'succeeded', 'success recorded');
    expect(await messagesOf(hub, w.id)).toMatchObject([{ status: 'succeeded', attempts: 3 }]);
    expect(await getWebhook(creator, w.id)).toMatchObject({ enabled: true, stats: { successCount: 1, failureCount: 2, consecutiveFailures: 0 } });
  });

  it('after six failed attempts disables the endpoint, raises an admin alert, and the logs say why', async () => {
    const rx = await receiver(() => ({ status: 500, body: 'down for maintenance' }));
    const w = await addWebhook(hub.app, creator, rx.url);
    await pickedUp(hub, creator, carrier);
    await rx.waitFor((all) => all.length >= 6);
    const disabled = await until(async () => {
      const x = await getWebhook(creator, w.id);
      return x.enabled ? null : x;
    }, 'the endpoint disabled');
    expect(disabled).toMatchObject({
      status: 'disabled',
      disabledReason: 'all 6 attempts failed (last: HTTP 500)',
      stats: { failureCount: 6, consecutiveFailures: 6 },
    });
    await new Promise((r) => setTimeout(r, 400));
    expect(rx.received).toHaveLength(6); // no seventh attempt
    const logs = await logsOf(creator, w.id);
    expect(logs.data.map((l) => [l.attempt, l.statusCode, l.responseBody])).toEqual([6, 5, 4, 3, 2, 1].map((n) => [n, 500, 'down for maintenance']));
    expect(await messagesOf(hub, w.id)).toMatchObject([{ status: 'failed', attempts: 6, last_error: 'all 6 attempts failed (last: HTTP 500)' }]);

    const admin = await adminHeaders(hub);
    const alerts = (
      await hub.app.inject({ method: 'GET', url: `/api/admin/alerts?open=true&companyId=${creator.companyId}`, headers: admin })
    ).json();
    expect(alerts.data.filter((a: any) => a.endpointId === w.id)).toEqual([
      expect.objectContaining({
        kind: 'webhook.endpoint_disabled',
        companyId: creator.companyId,
        acknowledgedAt: null,
        message: expect.stringContaining('all 6 attempts failed'),
      }),
    ]);
    // New events are not queued for a disabled endpoint.
    await pickedUp(hub, creator, carrier);
    expect(await messagesOf(hub, w.id)).toHaveLength(1);
  });

  it('410 Gone disables the endpoint at once', async () => {
    const rx = await receiver(() => ({ status: 410 }));
    const w = await addWebhook(hub.app, creator, rx.url);
    await pickedUp(hub, creator, carrier);
    const x = await until(async () => {
      const y = await getWebhook(creator, w.id);
      return y.enabled ? null : y;
    }, 'disabled by 410');
    expect(x.disabledReason).toBe('endpoint returned 410 Gone (last: HTTP 410)');
    await new Promise((r) => setTimeout(r, 300));
    expect(rx.received).toHaveLength(1);
  });

  it('honours Retry-After (longer than the 100 ms schedule step)', async () => {
    const rx = await receiver((_r, seen) => (seen === 0 ? { status: 503, headers: { 'retry-after': '1' } } : { status: 200 }));
    await addWebhook(hub.app, creator, rx.url);
    await pickedUp(hub, creator, carrier);
    await rx.waitFor((all) => all.length >= 2, 10_000);
    const gap = rx.received[1]!.at - rx.received[0]!.at;
    expect(gap).toBeGreaterThanOrEqual(950);
    expect(gap).toBeLessThan(2500);
  });

  it('a receiver that fails half the first attempts still gets every event', async () => {
    let n = 0;
    const rx = await receiver((_r, seen) => (seen === 0 && n++ % 2 === 0 ? { status: 502 } : { status: 200 }));
    const w = await addWebhook(hub.app, creator, rx.url, ['shipment.created']);
    const shipments = [];
    for (let i = 0; i < 20; i++) shipments.push(newShipment(hub.app, creator));
    const ids = (await Promise.all(shipments)).map((s) => s.id as string);
    await until(async () => {
      const ms = await messagesOf(hub, w.id);
      return ms.length === 20 && ms.every((m) => m.status === 'succeeded');
    }, 'all 20 succeeded');
    expect([...new Set(rx.received.map((r) => JSON.parse(r.body).data.shipmentId as string))].sort()).toEqual([...ids].sort());
    const byId = new Map<string, number>();
    for (const r of rx.received) byId.set(r.id, (byId.get(r.id) ?? 0) + 1);
    expect(byId.size).toBe(20);
    expect([...byId.values()].filter((c) => c === 2)).toHaveLength(10); // the half that failed once, retried once
  });
});

describe('the transactional guarantee', () => {
  it('a rolled-back change leaves no event and no message; a committed one has both', async () => {
    const rx = await receiver();
    const w = await addWebhook(hub.app, creator, rx.url, ['shipment.updated']);
    const { pool } = hub.deps.database;
    let rolledBack = '';
    await expect(
      withTransaction(hub.deps.database, async (tx) => {
        rolledBack = await recordEvent(tx, {
          type: 'shipment.updated',
          companyIds: [creator.companyId],
          data: { shipmentId: 'shp_rolledback', currentStatus: 'picked_up' },
        });
        // Inside the transaction the message exists…
        const inside = await tx.client.query('select count(*)::int as n from webhook_messages where event_id = $1', [rolledBack]);
        expect(inside.rows[0].n).toBe(1);
        throw new Error('the change fails after its event was recorded');
      }),
    ).rejects.toThrow('the change fails');
    // …and after the rollback neither it nor the event does.
    expect((await pool.query('select count(*)::int as n from events where id = $1', [rolledBack])).rows[0].n).toBe(0);
    expect((await pool.query('select count(*)::int as n from webhook_messages where event_id = $1', [rolledBack])).rows[0].n).toBe(0);

    const committed = await withTransaction(hub.deps.database, (tx) =>
      recordEvent(tx, {
        type: 'shipment.updated',
        companyIds: [creator.companyId],
        data: { shipmentId: 'shp_committed', currentStatus: 'picked_up' },
      }),
    );
    expect(
      (await pool.query('select count(*)::int as n from webhook_messages where event_id = $1 and endpoint_id = $2', [committed, w.id])).rows[0].n,
    ).toBe(1);
    await rx.waitFor((all) => all.some((r) => JSON.parse(r.body).data.shipmentId === 'shp_committed'));
    await new Promise((r) => setTimeout(r, 300));
    expect(rx.received.some((r) => r.body.includes('shp_rolledback'))).toBe(false);
  });

  it('a refused status change (invalid transition) queues nothing', async () => {
    const rx = await receiver();
    const w = await addWebhook(hub.app, creator, rx.url, ['shipment.cancelled']);
    const s = await newShipment(hub.app, creator);
    const res = await hub.app.inject({ method: 'POST', url: `/api/partner/shipments/${s.id}/cancel`, headers: creator.headers, payload: {} });
    expect(res.statusCode).toBe(200);
    const again = await hub.app.inject({ method: 'POST', url: `/api/partner/shipments/${s.id}/cancel`, headers: creator.headers, payload: {} });
    expect(again.statusCode).toBe(409);
    // The cancel made one message; the refused second cancel none.
    expect((await messagesOf(hub, w.id)).map((m) => m.event_type)).toEqual(['shipment.cancelled']);
  });
});
