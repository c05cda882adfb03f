/**
 * What the onboarding wizard asks of the API before a company exists: the tiers and events it offers,
 * and "send test" to a webhook URL (SSRF-guarded like every webhook).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testIp } from '../helpers/factories.js';
import { createTestHub, type TestHub } from '../helpers/hub.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';

let hub: TestHub;
let open: TestHub;
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver(() => ({ status: 202, body: 'queued' }));
  hub = await createTestHub();
  open = await createTestHub({ env: { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' } });
});
afterAll(async () => {
  await hub?.close();
  await open?.close();
  await receiver?.close();
});

describe('GET /api/partner/onboarding/options', () => {
  it("lists the seed's tiers with their limits and every webhook event", async () => {
    const res = await hub.app.inject({ method: 'GET', url: '/api/partner/onboarding/options', remoteAddress: testIp() });
    expect(res.statusCode).toBe(200);
    // Seed 003, "Rate Limiting & Quotas": 60 / 500 / unlimited requests a minute; 1,000 / 10,000 / unlimited shipments a month.
    expect(res.json().tiers.map((t: any) => [t.name, t.requestsPerMinute, t.monthlyShipments])).toEqual([
      ['starter', 60, 1000],
      ['professional', 500, 10000],
      ['enterprise', null, null],
    ]);
    expect(res.json().events).toEqual(
      expect.arrayContaining(['shipment.created', 'shipment.assigned', 'shipment.updated', 'shipment.delivered', 'pod.received']),
    );
  });
});

describe('POST /api/partner/onboarding/webhook-test', () => {
  it("sends a signed webhook.test and returns the receiver's answer", async () => {
    const res = await open.app.inject({
      method: 'POST',
      url: '/api/partner/onboarding/webhook-test',
      payload: { url: `${receiver.url}/wizard` },
      remoteAddress: testIp(),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ success: true, statusCode: 202, responseBody: 'queued', error: null });
    const got = receiver.received.at(-1)!;
    expect(JSON.parse(got.body)).toMatchObject({ event: 'webhook.test', data: { test: true } });
    expect(got.headers['x-webhook-signature']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a loopback or private URL by default (SSRF), as webhook registration does', async () => {
    for (const url of [`${receiver.url}/wizard`, 'http://10.0.0.5/hook', 'http://169.254.169.254/latest/meta-data']) {
      const res = await hub.app.inject({ method: 'POST', url: '/api/partner/onboarding/webhook-test', payload: { url }, remoteAddress: testIp() });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().code).toBe('WEBHOOK_URL_REJECTED');
    }
    expect(receiver.received.filter((r) => r.path.includes('wizard'))).toHaveLength(1);
  });

  it('answers 400 for what is not a URL', async () => {
    const res = await hub.app.inject({
      method: 'POST',
      url: '/api/partner/onboarding/webhook-test',
      payload: { url: 'ftp://x' },
      remoteAddress: testIp(),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
  });
});
