import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../helpers/hub.js';

let hub: TestHub;
let spec: any;

beforeAll(async () => {
  hub = await createTestHub();
  const res = await hub.app.inject({ method: 'GET', url: '/openapi.json' });
  expect(res.statusCode).toBe(200);
  spec = res.json();
});
afterAll(() => hub?.close());

/** Every API route, as the route files declare them. Keep in step when adding one. */
const API_ROUTES = [
  'POST /api/partner/onboarding',
  'GET /api/partner/onboarding/options',
  'POST /api/partner/onboarding/webhook-test',
  'POST /api/partner/auth',
  'GET /api/partner/me',
  'GET /api/partner/keys',
  'POST /api/partner/keys',
  'DELETE /api/partner/keys/{id}',
  'GET /api/partner/shipments',
  'POST /api/partner/shipments',
  'GET /api/partner/shipments/{id}',
  'PATCH /api/partner/shipments/{id}',
  'POST /api/partner/shipments/{id}/cancel',
  'POST /api/partner/shipments/{id}/events',
  'GET /api/partner/tracking/{trackingNumber}',
  'GET /api/partner/webhooks',
  'POST /api/partner/webhooks',
  'GET /api/partner/webhooks/{id}',
  'PATCH /api/partner/webhooks/{id}',
  'DELETE /api/partner/webhooks/{id}',
  'POST /api/partner/webhooks/{id}/test',
  'POST /api/partner/webhooks/{id}/rotate-secret',
  'GET /api/partner/webhooks/{id}/logs',
  'POST /api/partner/webhooks/{id}/replay',
  'POST /api/admin/login',
  'POST /api/admin/session',
  'GET /api/admin/session',
  'DELETE /api/admin/session',
  'GET /api/admin/overview',
  'GET /api/admin/stream',
  'GET /api/admin/companies/{id}/keys',
  'POST /api/admin/companies/{id}/keys',
  'DELETE /api/admin/companies/{id}/keys/{keyId}',
  'GET /api/admin/companies/{id}/analytics',
  'GET /api/admin/carriers',
  'GET /api/admin/companies',
  'GET /api/admin/companies/{id}',
  'PATCH /api/admin/companies/{id}',
  'GET /api/admin/shipments',
  'POST /api/admin/shipments/{id}/assign',
  'GET /api/admin/api-logs',
  'GET /api/admin/webhooks',
  'POST /api/admin/webhooks/{id}/enable',
  'POST /api/admin/webhooks/{id}/replay',
  'GET /api/admin/webhooks/{id}/logs',
  'GET /api/admin/alerts',
  'GET /api/admin/alerts/{id}',
  'POST /api/admin/alerts/{id}/acknowledge',
  'GET /api/admin/carrier-callbacks',
  'POST /api/admin/carrier-callbacks/{id}/replay',
  'GET /api/admin/outboxes',
  'GET /api/admin/jobs/failed',
  'POST /api/admin/jobs/{queue}/{id}/retry',
  'POST /api/admin/ai',
  'GET /api/admin/ai/runs',
  'GET /api/admin/ai/runs/{id}',
  'GET /api/admin/ai/status',
  'GET /api/admin/shipments/{id}/decision',
  'POST /api/admin/pod/backfill',
  'GET /api/admin/pod/backfill',
  'GET /api/admin/pod/backfill/{id}',
  'GET /api/admin/reports',
  'GET /api/admin/reports/{id}',
  'GET /v2/public/orders/reports',
  'GET /v2/public/orders/reports/{id}',
  'POST /v1/authentication',
  'GET /v1/tracking/{awb}',
  'GET /v2/public/shipment/tracking/{trackingNumber}',
  'POST /callbacks/jne',
  'GET /api/public/tracking/{trackingNumber}',
  'POST /api/public/tracking/{trackingNumber}/subscriptions',
  'POST /api/public/subscriptions/confirm',
  'POST /api/public/subscriptions/unsubscribe',
  'POST /api/public/subscriptions/one-click-unsubscribe',
].sort();
/** Bearer-free: onboarding, the two credential exchanges, admin login, and the carrier callback (its own token). */
const PUBLIC = new Set([
  'POST /api/admin/session',
  'POST /api/partner/onboarding',
  'GET /api/partner/onboarding/options',
  'POST /api/partner/onboarding/webhook-test',
  'POST /api/partner/auth',
  'POST /api/admin/login',
  'POST /v1/authentication',
  'POST /callbacks/jne',
  'GET /api/public/tracking/{trackingNumber}',
  'POST /api/public/tracking/{trackingNumber}/subscriptions',
  'POST /api/public/subscriptions/confirm',
  'POST /api/public/subscriptions/unsubscribe',
  'POST /api/public/subscriptions/one-click-unsubscribe',
]);
/** The API's prefixes: partner, admin, the 3PL gateway and CMS tracking, carrier callbacks. */
const API_PATH = /^\/(api|v1|v2|callbacks)\//;
const isApi = (route: string) => API_PATH.test(route.split(' ')[1] ?? '');
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function documented(): string[] {
  const out: string[] = [];
  for (const [p, item] of Object.entries<Record<string, unknown>>(spec.paths)) {
    for (const m of Object.keys(item)) if (METHODS.includes(m)) out.push(`${m.toUpperCase()} ${p}`);
  }
  return out.sort();
}

/**
 * The routes the server really has under /api, read from Fastify's route tree
 * (`printRoutes({ commonPrefix: false })`), so a route missing from the document is caught even if
 * the list above was not updated.
 */
function served(): string[] {
  const tree = hub.app.printRoutes({ commonPrefix: false });
  const stack: Array<{ depth: number; path: string }> = [];
  const out: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^([│ ]*)[├└]── (\S+)(?: \(([^)]*)\))?/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    while (stack.length > depth) stack.pop();
    const parent = stack.at(-1)?.path ?? '';
    const seg = m[2]!;
    const path = parent === '' ? seg : `${parent.replace(/\/$/, '')}${seg.startsWith('/') ? '' : '/'}${seg}`;
    stack.push({ depth, path });
    for (const method of (m[3] ?? '').split(',').map((s) => s.trim())) {
      if (method && method !== 'HEAD' && API_PATH.test(path)) out.push(`${method} ${path.replace(/:(\w+)/g, '{$1}')}`);
    }
  }
  return out.sort();
}

describe('GET /openapi.json', () => {
  it('is an OpenAPI 3.1.0 document with a title and version', () => {
    expect(spec.openapi).toBe('3.1.0');
    expect(spec.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
  });

  it('documents every route under /api/partner, /api/admin, /v1, /v2 and /callbacks with its method', () => {
    const apiDocumented = documented().filter(isApi);
    expect(apiDocumented).toEqual(API_ROUTES);
  });

  it('documents every route the server serves (read from its route tree), and nothing it does not', () => {
    const routes = served();
    expect(routes.length).toBeGreaterThanOrEqual(API_ROUTES.length);
    expect(routes).toEqual(documented().filter(isApi));
    for (const r of documented()) {
      const [method, p] = r.split(' ') as [string, string];
      // `/files/{key}` is the wildcard route GET /files/* (the signed downloads), its `*` named `key`.
      const url = p === '/files/{key}' ? '/files/*' : p.replace(/\{(\w+)\}/g, ':$1');
      expect(hub.app.hasRoute({ method: method as 'GET', url }), r).toBe(true);
    }
  });

  it('has the bearerAuth security scheme, required on every route but onboarding, auth and admin login', () => {
    expect(spec.components.securitySchemes.bearerAuth).toEqual({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    for (const r of API_ROUTES) {
      const [method, p] = r.split(' ') as [string, string];
      const op = spec.paths[p][method.toLowerCase()];
      // Public operations say so (`security: []`): generated clients then send no credentials.
      if (r === 'POST /callbacks/jne') expect(op.security, r).toEqual([{ callbackToken: [] }]);
      else if (PUBLIC.has(r)) expect(op.security, r).toEqual([]);
      // Admin operations: a bearer token or the dashboard's session cookie.
      else if (p.startsWith('/api/admin/')) expect(op.security, r).toEqual([{ bearerAuth: [] }, { adminSession: [] }]);
      else expect(op.security, r).toEqual([{ bearerAuth: [] }]);
    }
  });

  it('has the ErrorResponse component, and every documented 4xx/5xx answer uses it', () => {
    const er = spec.components.schemas.ErrorResponse;
    expect(er).toMatchObject({ type: 'object', required: expect.arrayContaining(['code', 'message']) });
    expect(Object.keys(er.properties).sort()).toEqual(['code', 'details', 'message', 'requestId']);
    let errorAnswers = 0;
    for (const r of API_ROUTES) {
      const [method, p] = r.split(' ') as [string, string];
      const responses: Record<string, any> = spec.paths[p][method.toLowerCase()].responses;
      expect(
        Object.keys(responses).some((s) => s.startsWith('2')),
        `${r} documents its success`,
      ).toBe(true);
      for (const [status, resp] of Object.entries(responses)) {
        if (Number(status) < 400) continue;
        errorAnswers++;
        expect(resp.content['application/json'].schema, `${r} ${status}`).toEqual({ $ref: '#/components/schemas/ErrorResponse' });
      }
    }
    expect(errorAnswers).toBeGreaterThan(API_ROUTES.length);
    // The routes that can refuse for rate limits say so.
    expect(Object.keys(spec.paths['/api/partner/shipments'].post.responses)).toEqual(
      expect.arrayContaining(['201', '400', '401', '409', '422', '429']),
    );
  });

  it('resolves every $ref inside the document', () => {
    const refs = new Set<string>();
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (k === '$ref' && typeof x === 'string') refs.add(x);
          else walk(x);
        }
      }
    };
    walk(spec);
    expect(refs.size).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref, ref).toMatch(/^#\//);
      const target = ref
        .slice(2)
        .split('/')
        .reduce<any>((node, key) => node?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
      expect(target, ref).toBeTruthy();
    }
  });

  it('describes the seed bodies: shipment create with customer, locations and packages; nullable fields as 3.1 type lists', () => {
    const body = spec.paths['/api/partner/shipments'].post.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(expect.arrayContaining(['customer', 'pickupLocation', 'dropoffLocation', 'packages']));
    expect(body.properties.customer.properties.email.format).toBe('email');
    const patch = spec.paths['/api/admin/companies/{id}'].patch.requestBody.content['application/json'].schema;
    expect(patch.properties.monthlyQuota.type).toEqual(['integer', 'null']);
  });
});

describe('GET /docs', () => {
  it('answers 200 with the interactive HTML documentation (following a redirect if any)', async () => {
    let res = await hub.app.inject({ method: 'GET', url: '/docs' });
    for (let hops = 0; res.statusCode >= 300 && res.statusCode < 400 && hops < 3; hops++) {
      const location = String(res.headers.location);
      res = await hub.app.inject({ method: 'GET', url: new URL(location, 'http://localhost/docs/').pathname });
    }
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toMatch(/<html/i);
    expect(res.body).toContain('swagger');
  });

  it('serves the same document to the UI', async () => {
    const res = await hub.app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    expect(res.json().openapi).toBe('3.1.0');
    expect(Object.keys(res.json().paths).sort()).toEqual(Object.keys(spec.paths).sort());
  });
});

describe('GET /healthz', () => {
  it('answers 200 {status: "ok"}', async () => {
    const res = await hub.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: hub.deps.database.kind });
  });
});

describe('unknown routes', () => {
  it.each([
    ['GET', '/nope'],
    ['GET', '/api/partner/nope?x=1'],
    ['POST', '/api/admin/nope'],
    ['DELETE', '/api/partner/shipments'],
  ])('%s %s → 404 ROUTE_NOT_FOUND in the error envelope', async (method, url) => {
    const res = await hub.app.inject({ method: method as 'GET', url });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const path = url.split('?')[0];
    expect(res.json()).toEqual({ code: 'ROUTE_NOT_FOUND', message: `Route ${method} ${path} not found`, requestId: expect.any(String) });
    expect(res.headers['x-request-id']).toBe(res.json().requestId);
  });
});
