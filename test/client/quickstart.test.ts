/**
 * The README's client example (examples/client-quickstart.ts, shown verbatim in the README) runs
 * against a real hub: authenticate, create, track, paginate, and verify a real webhook delivery.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quickstart } from '../../examples/client-quickstart.js';
import { listeningHub, type ListeningHub } from '../helpers/browser.js';
import { newPartner } from '../helpers/factories.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';

let hub: ListeningHub;
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
  hub = await listeningHub({ env: { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' } });
});
afterAll(async () => {
  await hub?.close();
  await receiver?.close();
});

describe('examples/client-quickstart.ts', () => {
  it('is in the README word for word', () => {
    const example = fs.readFileSync('examples/client-quickstart.ts', 'utf8').trim();
    expect(fs.readFileSync('README.md', 'utf8')).toContain(`\`\`\`ts\n${example}\n\`\`\``);
  });

  it('runs against a hub, and its verify accepts a real delivery (and nothing else)', async () => {
    const p = await newPartner(hub.app, { webhooks: [{ url: `${receiver.url}/qs`, events: ['shipment.created'] }] });
    const webhookSecret = p.onboarding.webhooks[0].secret as string;
    const r = await quickstart(hub.url, p.apiKey, p.secret, webhookSecret);
    expect(r.shipment.status).toBe('pending');
    expect(r.progress).toBe(20);
    expect(r.pending).toBe(1);
    await receiver.waitFor((all) => all.some((x) => x.body.includes(r.shipment.id)));
    const delivery = receiver.received.find((x) => x.body.includes(r.shipment.id))!;
    const headers = Object.fromEntries(Object.entries(delivery.headers).map(([k, v]) => [k, String(v)]));
    expect(r.verify(delivery.body, headers)).toMatchObject({ event: 'shipment.created' });
    expect(() => r.verify(delivery.body.replace('pending', 'delivered'), headers)).toThrow();
  });
});
