import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { TestPartner } from './factories.js';
import { assign, newShipment } from './factories.js';
import { createTestHub, type TestHub } from './hub.js';

/** Fast retries for tests: parseSchedule accepts milliseconds. */
export const FAST_SCHEDULE = '100ms,100ms,100ms,100ms,100ms';

/** A hub that also runs the delivery worker, allowed to reach receivers on loopback. */
export function createWebhookHub(env: Record<string, string> = {}): Promise<TestHub> {
  return createTestHub({ role: 'all', env: { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_RETRY_SCHEDULE: FAST_SCHEDULE, ...env } });
}

export async function addWebhook(
  app: FastifyInstance,
  p: TestPartner,
  url: string,
  events: string[] = ['shipment.updated'],
): Promise<{ id: string; secret: string }> {
  const res = await app.inject({ method: 'POST', url: '/api/partner/webhooks', headers: p.headers, payload: { url, events } });
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json().id, secret: res.json().secret };
}

/** Polls `check` until it returns a truthy value. */
export async function until<T>(check: () => Promise<T> | T, what: string, timeoutMs = 15_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A shipment of `creator`, assigned to `carrier`, who reports it picked up: a `shipment.updated` event. */
export async function pickedUp(hub: TestHub, creator: TestPartner, carrier: TestPartner, location = 'Distribution Center') {
  const s = await newShipment(hub.app, creator);
  await assign(hub, s.id, carrier);
  const res = await hub.app.inject({
    method: 'POST',
    url: `/api/partner/shipments/${s.id}/events`,
    headers: carrier.headers,
    payload: { status: 'picked_up', location },
  });
  expect(res.statusCode, res.body).toBe(200);
  return s as { id: string; trackingNumber: string };
}

export async function messagesOf(hub: TestHub, endpointId: string) {
  const { rows } = await hub.deps.database.pool.query<{
    id: string;
    status: string;
    attempts: number;
    event_type: string;
    last_error: string | null;
    trigger: string;
  }>('select id, status, attempts, event_type, last_error, trigger from webhook_messages where endpoint_id = $1 order by created_at, id', [
    endpointId,
  ]);
  return rows;
}
