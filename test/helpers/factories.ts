import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { TestHub } from './hub.js';

export const uid = () => randomBytes(5).toString('hex');

export interface TestPartner {
  companyId: string;
  name: string;
  tier: 'starter' | 'professional' | 'enterprise';
  apiKey: string;
  apiKeyId: string;
  secret: string;
  token: string;
  headers: { authorization: string };
}

/**
 * Onboards a company through the API and authenticates it. Each request comes from its own fresh
 * address (see testIp): the per-IP limits on onboarding and auth are shared through Redis by every
 * test file, so one fixed address would run into them.
 */
export async function newPartner(
  app: FastifyInstance,
  opts: { tier?: TestPartner['tier']; name?: string; email?: string; webhooks?: unknown[] } = {},
): Promise<TestPartner & { onboarding: any }> {
  const tier = opts.tier ?? 'professional';
  const name = opts.name ?? `Company ${uid()}`;
  const res = await app.inject({
    method: 'POST',
    url: '/api/partner/onboarding',
    remoteAddress: testIp(),
    payload: {
      company: { name, email: opts.email ?? `ops-${uid()}@example.com`, industry: 'Courier' },
      tier,
      ...(opts.webhooks ? { webhooks: opts.webhooks } : {}),
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  const body = res.json();
  const auth = await app.inject({
    method: 'POST',
    url: '/api/partner/auth',
    remoteAddress: testIp(),
    payload: { apiKey: body.apiKey.key, secret: body.apiKey.secret },
  });
  expect(auth.statusCode, auth.body).toBe(200);
  const token = auth.json().token as string;
  return {
    companyId: body.company.id,
    name,
    tier,
    apiKey: body.apiKey.key,
    apiKeyId: body.apiKey.id,
    secret: body.apiKey.secret,
    token,
    headers: { authorization: `Bearer ${token}` },
    onboarding: body,
  };
}

/** The seed's phase-4 body, with a unique tracking number. */
export function shipmentBody(overrides: Record<string, unknown> = {}) {
  return {
    trackingNumber: `T-${uid()}`,
    customer: { name: 'Jane Smith', email: 'jane@customer.com', phone: '+1555555555' },
    pickupLocation: { address: '123 Warehouse St, New York, NY' },
    dropoffLocation: { address: '456 Home Ave, Los Angeles, CA' },
    packages: [{ weight: 2.5, dimensions: '12x8x6', contents: 'Electronics' }],
    ...overrides,
  };
}

export async function newShipment(app: FastifyInstance, partner: TestPartner, overrides: Record<string, unknown> = {}) {
  const res = await app.inject({ method: 'POST', url: '/api/partner/shipments', headers: partner.headers, payload: shipmentBody(overrides) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

/** Assigns through the same service the balance engine and admins use. */
export async function assign(hub: TestHub, shipmentId: string, to: TestPartner) {
  return hub.services.shipments.assign(shipmentId, to.companyId, { type: 'system', id: 'test' });
}

export async function adminHeaders(hub: TestHub): Promise<{ authorization: string }> {
  const email = `admin-${uid()}@example.com`;
  await hub.services.admin.createAdmin(email, 'correct horse battery');
  // From a fresh address: with Redis, the login budget (20 a minute per address) is shared by every test file.
  const res = await hub.app.inject({
    method: 'POST',
    url: '/api/admin/login',
    remoteAddress: testIp(),
    payload: { email, password: 'correct horse battery' },
  });
  expect(res.statusCode, res.body).toBe(200);
  return { authorization: `Bearer ${res.json().token}` };
}

/**
 * A fresh client address (10.x.y.z) for `app.inject({ remoteAddress })`. The unauthenticated routes
 * are limited per IP (onboarding 20/h, auth 60/min, admin login 20/min) and, with REDIS_URL, those
 * counters are shared by every test file and every run: tests that are not about those limits should
 * not all come from 127.0.0.1.
 */
export function testIp(): string {
  const b = randomBytes(3);
  return `10.${b[0]}.${b[1]}.${b[2]}`;
}

/** Kept for the tests that name it; newPartner itself now uses a fresh address per request. */
export const newPartnerFromTestIp = newPartner;
