/**
 * What the OpenAPI sweep (test/helpers/openapi-sweep.ts) needs to reach each operation's handler:
 * a company of its own (so one operation's writes never change another's starting point), valid
 * path values (its own shipment, webhook or key), a valid body, and the right credentials.
 * A new route with a path parameter or a required body field must be added here: the sweep fails
 * with "no fixture" until it is.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { simAwb } from '../../src/sim/carriers/server.js';
import { CALLBACK_SECRET } from './carriers.js';
import { assign, newPartner, newShipment, shipmentBody, type TestPartner } from './factories.js';
import type { TestHub } from './hub.js';
import type { Operation, OperationSetup } from './openapi-sweep.js';

const uid = () => randomBytes(5).toString('hex');

/** A valid body per operation, fresh for each request (unique tracking numbers, emails, URLs). */
function validBodies(p: TestPartner): Record<string, () => unknown> {
  return {
    'POST /api/partner/onboarding': () => ({
      company: { name: `Sweep ${uid()}`, email: `sweep-${uid()}@example.com`, industry: 'Courier' },
      tier: 'starter',
      webhooks: [{ url: 'https://example.com/hook', events: ['shipment.created'] }],
    }),
    'POST /api/partner/auth': () => ({ apiKey: p.apiKey, secret: p.secret }),
    // A public address no one listens on: the valid request is a 200 with a failed delivery (fast: refused).
    'POST /api/partner/onboarding/webhook-test': () => ({ url: 'https://192.0.2.1:9/hook' }),
    'POST /v1/authentication': () => ({ client_id: p.apiKey, client_secret: p.secret }),
    'POST /api/admin/login': () => ({ email: 'nobody@example.com', password: 'correct horse' }),
    'POST /api/admin/session': () => ({ email: 'nobody@example.com', password: 'correct horse' }),
    'POST /api/partner/keys': () => ({ name: 'sweep' }),
    'POST /api/partner/shipments': () => shipmentBody({ totalCost: 10, estimatedDelivery: '2030-01-01T00:00:00Z' }),
    'PATCH /api/partner/shipments/{id}': () => ({
      customer: { name: 'A', email: 'a@b.co', phone: '+1555000111' },
      pickupLocation: { address: '1 Dock Rd', name: 'Dock' },
      packages: [{ weight: 1, dimensions: '1x2x3', contents: 'x' }],
      totalCost: 3,
      estimatedDelivery: '2030-01-01T00:00:00Z',
    }),
    'POST /api/partner/shipments/{id}/cancel': () => ({ reason: 'sweep' }),
    'POST /api/partner/shipments/{id}/events': () => ({ status: 'picked_up', location: 'Dock 4', notes: 'ok' }),
    'POST /api/partner/webhooks': () => ({ url: `https://example.com/${uid()}`, events: ['shipment.created'], description: 'x' }),
    'PATCH /api/partner/webhooks/{id}': () => ({
      url: `https://example.com/${uid()}`,
      description: 'x',
      events: ['shipment.updated'],
      enabled: true,
    }),
    'POST /api/partner/webhooks/{id}/replay': () => ({ since: '2020-01-01T00:00:00Z' }),
    'POST /api/admin/webhooks/{id}/replay': () => ({ since: '2020-01-01T00:00:00Z' }),
    'PATCH /api/admin/companies/{id}': () => ({ capacity: 1000, balance: 5, monthlyQuota: null }),
    'POST /api/admin/shipments/{id}/assign': () => ({ companyId: p.companyId }),
    // Dry: the sweep's many requests must not distribute every other operation's shipments.
    'POST /api/admin/ai': () => ({ action: 'all', dryRun: true }),
    'POST /api/public/tracking/{trackingNumber}/subscriptions': () => ({ email: `sweep-${uid()}@example.com`, language: 'en' }),
    // Well-formed tokens that no sign-up has: the valid request is a 404 SUBSCRIPTION_LINK_INVALID.
    'POST /api/public/subscriptions/confirm': () => ({ token: `1.${'A'.repeat(43)}` }),
    'POST /api/public/subscriptions/unsubscribe': () => ({ token: `1.${'A'.repeat(43)}` }),
  };
}

async function created(hub: TestHub, p: TestPartner, url: string, payload: unknown): Promise<{ id: string }> {
  const res = await hub.app.inject({ method: 'POST', url, headers: p.headers, payload: payload as Record<string, unknown> });
  if (res.statusCode !== 201) throw new Error(`fixture ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

function exampleOf(s: Record<string, any>): string | undefined {
  if (Array.isArray(s.enum)) return String(s.enum[0]);
  if (s.const !== undefined) return String(s.const);
  if (Array.isArray(s.anyOf)) return exampleOf(s.anyOf[0]);
  if (s.format === 'uuid') return randomUUID();
  return undefined;
}

export async function sweepSetup(hub: TestHub, admin: { authorization: string }, op: Operation): Promise<OperationSetup> {
  const p = await newPartner(hub.app, { tier: 'enterprise' });
  const segments = op.path.split('/');
  const before = (name: string) => segments[segments.indexOf(`{${name}}`) - 1];
  let shipment: { id: string; trackingNumber: string } | undefined;
  const ownShipment = async () => (shipment ??= await newShipment(hub.app, p));

  const pathValues: Record<string, string> = {};
  for (const { name, schema } of op.params.filter((x) => x.in === 'path')) {
    const parent = before(name);
    if (name === 'id' && parent === 'shipments') {
      const s = await ownShipment();
      // Events are posted by the company the shipment is assigned to.
      if (op.path.endsWith('/events')) await assign(hub, s.id, p);
      pathValues.id = s.id;
    } else if (name === 'id' && parent === 'webhooks') {
      pathValues.id = (await created(hub, p, '/api/partner/webhooks', { url: `https://example.com/${uid()}`, events: ['shipment.created'] })).id;
    } else if (name === 'id' && parent === 'keys') {
      pathValues.id = (await created(hub, p, '/api/partner/keys', { name: 'to revoke' })).id;
    } else if (name === 'id' && parent === 'companies') pathValues.id = p.companyId;
    else if (name === 'keyId' && parent === 'keys') pathValues.keyId = p.apiKeyId;
    // Numeric ids: none exist in a fresh database, so the valid request is a 404.
    else if (name === 'id' && (parent === 'alerts' || parent === 'carrier-callbacks' || parent === 'backfill')) pathValues.id = '1';
    // A well-formed run id that no run has: the valid request is a 404 there too.
    else if (name === 'id' && parent === 'runs') pathValues.id = 'run_00000000000000000000';
    // A well-formed report id that no report has, and a file no link was made for.
    else if (name === 'id' && parent === 'reports') pathValues.id = 'rpt_00000000000000000000';
    else if (name === 'key' && parent === 'files') pathValues.key = 'reports/none.csv';
    else if (name === 'trackingNumber') pathValues.trackingNumber = (await ownShipment()).trackingNumber;
    else if (name === 'awb') pathValues.awb = simAwb('jne', 'delivered');
    // Anything the schema alone names a valid value for (an enum, a uuid): that value, not found or not.
    else if (exampleOf(schema) !== undefined) pathValues[name] = exampleOf(schema)!;
    else throw new Error(`no fixture for path parameter {${name}} of ${op.key}: add one in test/helpers/openapi-fixtures.ts`);
  }

  const bodies = validBodies(p);
  let body = bodies[op.key];
  if (!body && op.body) {
    const needsFields = (op.body.required?.length ?? 0) > 0 || (op.body.minProperties ?? 0) > 0;
    if (needsFields) throw new Error(`no valid body for ${op.key}: add one in test/helpers/openapi-fixtures.ts`);
    body = () => ({});
  }

  let headers: Record<string, string> = {};
  if (op.path.startsWith('/callbacks/')) headers = { 'x-callback-token': CALLBACK_SECRET };
  else if (op.secured) headers = op.path.startsWith('/api/admin/') ? admin : p.headers;
  // A download link's required query (a signature that does not match: the valid request is a 403).
  // One-click unsubscribe's token is in its query too (well-formed, no sign-up's: the valid request is a 404).
  const query: Record<string, string> | undefined = op.path.startsWith('/files/')
    ? { expires: '4102444800', sig: 'A'.repeat(43) }
    : op.path.endsWith('/one-click-unsubscribe')
      ? { token: `1.${'A'.repeat(43)}` }
      : undefined;
  return { pathValues, headers, ...(body ? { body } : {}), ...(query ? { query } : {}) };
}
