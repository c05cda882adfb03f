/**
 * One regression test per hostile input that used to be a 500 (or silently stored): non-finite
 * numbers in query strings and numeric ids, out-of-range and leap-second timestamps, coerced JSON
 * types, NUL characters and lone surrogates. The sweep over every route is in fuzz.test.ts.
 */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, newPartner, newShipment, shipmentBody, testIp, type TestPartner } from '../helpers/factories.js';
import { createTestHub, type TestHub } from '../helpers/hub.js';

let hub: TestHub;
let p: TestPartner;
let admin: { authorization: string };
let webhookId: string;

beforeAll(async () => {
  hub = await createTestHub();
  p = await newPartner(hub.app, { tier: 'enterprise' });
  admin = await adminHeaders(hub);
  const wh = await hub.app.inject({
    method: 'POST',
    url: '/api/partner/webhooks',
    headers: p.headers,
    payload: { url: 'https://example.com/hostile', events: ['shipment.created'] },
  });
  expect(wh.statusCode, wh.body).toBe(201);
  webhookId = wh.json().id;
});
afterAll(() => hub?.close());

const call = (opts: InjectOptions & { url: string }) => hub.app.inject({ remoteAddress: testIp(), ...opts });

/** A 400 VALIDATION_FAILED in the envelope, naming `field` among its details. */
function expectRefused(res: LightMyRequestResponse, field: string): void {
  expect(res.statusCode, res.body).toBe(400);
  const body = res.json();
  expect(body).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.any(String), requestId: expect.any(String) });
  expect(body.details.map((d: { field: string }) => d.field)).toContain(field);
}

describe('non-finite numbers in query strings (coerced to Infinity, past minimum/maximum, into SQL)', () => {
  const paginated = (): Array<[string, Record<string, string>]> => [
    ['/api/partner/shipments', p.headers],
    [`/api/partner/webhooks/${webhookId}/logs`, p.headers],
    ['/api/admin/companies', admin],
    ['/api/admin/shipments', admin],
    ['/api/admin/api-logs', admin],
    ['/api/admin/webhooks', admin],
    [`/api/admin/webhooks/${webhookId}/logs`, admin],
    ['/api/admin/alerts', admin],
    ['/api/admin/carrier-callbacks', admin],
  ];

  it.each([
    ['limit', '1e999'],
    ['limit', 'Infinity'],
    ['limit', '-Infinity'],
    ['offset', '1e999'],
    ['offset', 'Infinity'],
  ])('%s=%s → 400 on every paginated route', async (name, value) => {
    for (const [url, headers] of paginated())
      expectRefused(await call({ method: 'GET', url: `${url}?${name}=${value}`, headers }), `querystring.${name}`);
  });

  it('windowHours=1e999 → 400', async () => {
    expectRefused(await call({ method: 'GET', url: '/api/admin/webhooks?windowHours=1e999', headers: admin }), 'querystring.windowHours');
  });

  it('query strings are still read as numbers and booleans', async () => {
    const list = await call({ method: 'GET', url: '/api/partner/shipments?limit=1e1&offset=0', headers: p.headers });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().pagination).toMatchObject({ limit: 10, offset: 0 });
    const logs = await call({ method: 'GET', url: `/api/partner/webhooks/${webhookId}/logs?success=true&limit=5`, headers: p.headers });
    expect(logs.statusCode, logs.body).toBe(200);
    expect(logs.json().pagination.limit).toBe(5);
  });
});

describe('numeric path ids (bigint rows): bounded to 1 … 2^53 − 1', () => {
  const routes = [(id: string) => `/api/admin/alerts/${id}/acknowledge`, (id: string) => `/api/admin/carrier-callbacks/${id}/replay`];
  it.each(['1e999', 'Infinity', '-Infinity', '9999999999999999999999', '9007199254740992', '0', '-1', '1.5'])('%s → 400', async (id) => {
    for (const url of routes) expectRefused(await call({ method: 'POST', url: url(id), headers: admin }), 'params.id');
  });
  it('9007199254740991 (the largest) is looked up: 404', async () => {
    const alert = await call({ method: 'POST', url: routes[0]!('9007199254740991'), headers: admin });
    expect(alert.statusCode, alert.body).toBe(404);
    expect(alert.json().code).toBe('ALERT_NOT_FOUND');
    const callback = await call({ method: 'POST', url: routes[1]!('9007199254740991'), headers: admin });
    expect(callback.statusCode, callback.body).toBe(404);
    expect(callback.json().code).toBe('CALLBACK_NOT_FOUND');
  });
});

describe('timestamps: a real instant in 1970 … 9999, no leap second — on create and on PATCH alike', () => {
  const refusedDates = ['0000-01-01T00:00:00Z', '2026-12-31T23:59:60Z', '1969-12-31T23:59:59Z', '9999-12-31T23:59:59-01:00', '2026-02-30T00:00:00Z'];

  it.each(refusedDates)('estimatedDelivery %s → 400 on create', async (d) => {
    const res = await call({ method: 'POST', url: '/api/partner/shipments', headers: p.headers, payload: shipmentBody({ estimatedDelivery: d }) });
    expectRefused(res, 'body.estimatedDelivery');
  });

  it.each(refusedDates)('estimatedDelivery %s → 400 on PATCH, and nothing is stored', async (d) => {
    const s = await newShipment(hub.app, p, { estimatedDelivery: '2030-06-01T12:00:00Z' });
    const res = await call({ method: 'PATCH', url: `/api/partner/shipments/${s.id}`, headers: p.headers, payload: { estimatedDelivery: d } });
    expectRefused(res, 'body.estimatedDelivery');
    const after = await call({ method: 'GET', url: `/api/partner/shipments/${s.id}`, headers: p.headers });
    expect(after.json().estimatedDelivery).toBe('2030-06-01T12:00:00.000Z');
  });

  it.each([
    ['1970-01-01T00:00:00Z', '1970-01-01T00:00:00.000Z'],
    ['9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
    ['2030-01-01T01:00:00+01:00', '2030-01-01T00:00:00.000Z'],
    ['2028-02-29t10:00:00z', '2028-02-29T10:00:00.000Z'],
  ])('%s is accepted on create and PATCH, stored as %s', async (given, stored) => {
    const s = await newShipment(hub.app, p, { estimatedDelivery: given });
    expect(s.estimatedDelivery).toBe(stored);
    const s2 = await newShipment(hub.app, p);
    const patched = await call({
      method: 'PATCH',
      url: `/api/partner/shipments/${s2.id}`,
      headers: p.headers,
      payload: { estimatedDelivery: given },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().estimatedDelivery).toBe(stored);
  });

  it('the same rule for every date-time input (webhook replay since)', async () => {
    for (const since of ['0000-01-01T00:00:00Z', '2026-12-31T23:59:60Z']) {
      expectRefused(
        await call({ method: 'POST', url: `/api/partner/webhooks/${webhookId}/replay`, headers: p.headers, payload: { since } }),
        'body.since',
      );
    }
  });
});

describe('JSON bodies are not coerced: a wrong type is a 400', () => {
  it('"weight": true on create', async () => {
    const body = shipmentBody({ packages: [{ weight: true }] });
    expectRefused(await call({ method: 'POST', url: '/api/partner/shipments', headers: p.headers, payload: body }), 'body.packages.0.weight');
  });

  it.each([
    ['weight', { packages: [{ weight: '2' }] }, 'body.packages.0.weight'],
    ['totalCost', { totalCost: '' }, 'body.totalCost'],
    ['totalCost', { totalCost: '10' }, 'body.totalCost'],
    ['customer.name', { customer: { name: 12, email: 'a@b.co', phone: '+1555000111' } }, 'body.customer.name'],
  ])('PATCH %s of the wrong type, and the shipment is unchanged', async (_f, payload, field) => {
    const s = await newShipment(hub.app, p, { totalCost: 7 });
    expectRefused(await call({ method: 'PATCH', url: `/api/partner/shipments/${s.id}`, headers: p.headers, payload }), field);
    const after = (await call({ method: 'GET', url: `/api/partner/shipments/${s.id}`, headers: p.headers })).json();
    expect(after.totalCost).toBe(7);
    expect(after.packages[0].weight).toBe(2.5);
    expect(after.customer.name).toBe('Jane Smith');
  });

  it('"enabled": null and a lone string for an array on a webhook PATCH', async () => {
    const url = `/api/partner/webhooks/${webhookId}`;
    expectRefused(await call({ method: 'PATCH', url, headers: p.headers, payload: { enabled: null } }), 'body.enabled');
    expectRefused(await call({ method: 'PATCH', url, headers: p.headers, payload: { enabled: 'false' } }), 'body.enabled');
    expectRefused(await call({ method: 'PATCH', url, headers: p.headers, payload: { events: 'shipment.updated' } }), 'body.events');
    const after = (await call({ method: 'GET', url, headers: p.headers })).json();
    expect(after.enabled).toBe(true);
    expect(after.events).toEqual(['shipment.created']);
  });

  it('admin PATCH: "capacity": "100" and "monthlyQuota": false', async () => {
    const url = `/api/admin/companies/${p.companyId}`;
    expectRefused(await call({ method: 'PATCH', url, headers: admin, payload: { capacity: '100' } }), 'body.capacity');
    expectRefused(await call({ method: 'PATCH', url, headers: admin, payload: { monthlyQuota: false } }), 'body.monthlyQuota');
  });
});

describe('NUL characters and lone surrogates', () => {
  it.each([
    ['a\u0000b', 'NUL'],
    ['\ud800', 'lone high surrogate'],
    ['x\udc00', 'lone low surrogate'],
  ])('%j (%s) in a body string → 400', async (s) => {
    expectRefused(
      await call({
        method: 'POST',
        url: '/api/partner/shipments',
        headers: p.headers,
        payload: shipmentBody({ customer: { name: s, email: 'a@b.co', phone: '+1555000111' } }),
      }),
      'body.customer.name',
    );
    expectRefused(
      await call({ method: 'PATCH', url: `/api/partner/webhooks/${webhookId}`, headers: p.headers, payload: { description: s } }),
      'body.description',
    );
  });

  it('a well-formed surrogate pair (one emoji) is accepted', async () => {
    const res = await call({ method: 'PATCH', url: `/api/partner/webhooks/${webhookId}`, headers: p.headers, payload: { description: 'ok 💥' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().description).toBe('ok 💥');
  });

  it.each([
    ['/api/admin/api-logs?outcome=a%00b', 'querystring.outcome'],
    ['/api/admin/alerts?kind=%00', 'querystring.kind'],
    ['/api/admin/carrier-callbacks?awb=AB%0012', 'querystring.awb'],
  ])('NUL in a query string: %s → 400', async (url, field) => {
    expectRefused(await call({ method: 'GET', url, headers: admin }), field);
  });
});
