import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { assign, newPartnerFromTestIp, newShipment, shipmentBody, type TestPartner } from '../helpers/factories.js';
import { createTestHub, type TestHub } from '../helpers/hub.js';

/**
 * Seed 003 "Data Isolation": a partner sees only its own shipments (created or assigned to it),
 * keys and tracking. Another company's resource answers exactly what a resource that does not
 * exist answers, on every route, and is left unchanged.
 */

let hub: TestHub;
let a: TestPartner;
let b: TestPartner;

type Req = InjectOptions;
const req = (r: Req) => hub.app.inject(r);

async function snapshot(id: string) {
  const res = await req({ method: 'GET', url: `/api/partner/shipments/${id}`, headers: a.headers });
  expect(res.statusCode).toBe(200);
  const { rows } = await hub.deps.database.pool.query('select type, data from events where shipment_id = $1 order by seq', [id]);
  return { shipment: res.json(), events: rows };
}

beforeAll(async () => {
  hub = await createTestHub();
  a = await newPartnerFromTestIp(hub.app, { name: 'Company A' });
  b = await newPartnerFromTestIp(hub.app, { name: 'Company B' });
});
afterAll(() => hub?.close());

describe("B acting on A's shipment gets 404, and A's shipment is unchanged", () => {
  let shipment: { id: string; trackingNumber: string };
  beforeAll(async () => {
    shipment = await newShipment(hub.app, a);
  });

  const cases: Array<[string, (id: string, tn: string) => Req, string]> = [
    ['GET /shipments/:id', (id) => ({ method: 'GET', url: `/api/partner/shipments/${id}` }), 'SHIPMENT_NOT_FOUND'],
    [
      'PATCH /shipments/:id',
      (id) => ({ method: 'PATCH', url: `/api/partner/shipments/${id}`, payload: { totalCost: 1, dropoffLocation: { address: 'B was here' } } }),
      'SHIPMENT_NOT_FOUND',
    ],
    [
      'POST /shipments/:id/cancel',
      (id) => ({ method: 'POST', url: `/api/partner/shipments/${id}/cancel`, payload: { reason: 'B says so' } }),
      'SHIPMENT_NOT_FOUND',
    ],
    [
      'POST /shipments/:id/cancel (Idempotency-Key)',
      (id) => ({ method: 'POST', url: `/api/partner/shipments/${id}/cancel`, headers: { 'idempotency-key': `iso-${id}` }, payload: {} }),
      'SHIPMENT_NOT_FOUND',
    ],
    [
      'POST /shipments/:id/events',
      (id) => ({ method: 'POST', url: `/api/partner/shipments/${id}/events`, payload: { status: 'picked_up', location: 'B depot' } }),
      'SHIPMENT_NOT_FOUND',
    ],
    ['GET /tracking/:trackingNumber', (_id, tn) => ({ method: 'GET', url: `/api/partner/tracking/${tn}` }), 'SHIPMENT_NOT_FOUND'],
  ];

  it.each(cases)('%s', async (_name, make, code) => {
    const before = await snapshot(shipment.id);
    const r = make(shipment.id, shipment.trackingNumber);
    const res = await req({ ...r, headers: { ...(r.headers as Record<string, string> | undefined), ...b.headers } });
    expect(res.statusCode, res.body).toBe(404);
    expect(res.json()).toEqual({ code, message: expect.any(String), requestId: expect.any(String) });
    // Nothing about the shipment leaks into the answer.
    expect(res.body).not.toContain(a.companyId);
    expect(res.body).not.toContain('Warehouse St');

    // The very same answer as for a shipment that does not exist.
    const missingId = 'shp_00000000000000000000';
    const missing = make(missingId, 'NOPE-0000-000');
    const resMissing = await req({ ...missing, headers: { ...(missing.headers as Record<string, string> | undefined), ...b.headers } });
    expect(resMissing.statusCode).toBe(404);
    expect(resMissing.json().code).toBe(code);

    expect(await snapshot(shipment.id)).toEqual(before);
  });

  it('the shipment is still pending and A can still act on it', async () => {
    const res = await req({ method: 'PATCH', url: `/api/partner/shipments/${shipment.id}`, headers: a.headers, payload: { totalCost: 12.5 } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'pending', totalCost: 12.5, assignedCompanyId: null });
    const track = await req({ method: 'GET', url: `/api/partner/tracking/${shipment.trackingNumber}`, headers: a.headers });
    expect(track.statusCode).toBe(200);
    expect(track.json().tracking.trackingNumber).toBe(shipment.trackingNumber);
  });
});

describe("B acting on A's API key gets 404, and A's key keeps working", () => {
  it('DELETE /keys/:id', async () => {
    // A has two keys, so a revoke would not be stopped by LAST_ACTIVE_KEY: only isolation stops it.
    const spare = (await req({ method: 'POST', url: '/api/partner/keys', headers: a.headers, payload: { name: 'spare' } })).json();
    for (const id of [a.apiKeyId, spare.id]) {
      const res = await req({ method: 'DELETE', url: `/api/partner/keys/${id}`, headers: b.headers });
      expect(res.statusCode, res.body).toBe(404);
      expect(res.json()).toEqual({ code: 'API_KEY_NOT_FOUND', message: expect.any(String), requestId: expect.any(String) });
    }
    const missing = await req({ method: 'DELETE', url: '/api/partner/keys/key_00000000000000000000', headers: b.headers });
    expect(missing.json().code).toBe('API_KEY_NOT_FOUND');

    const { rows } = await hub.deps.database.pool.query('select id from api_keys where company_id = $1 and revoked_at is null order by id', [
      a.companyId,
    ]);
    expect(rows.map((r: { id: string }) => r.id).sort()).toEqual([a.apiKeyId, spare.id].sort());
    expect((await req({ method: 'GET', url: '/api/partner/me', headers: a.headers })).statusCode).toBe(200);
    const list = await req({ method: 'GET', url: '/api/partner/keys', headers: a.headers });
    expect(list.json().data.every((k: { status: string }) => k.status === 'active')).toBe(true);
  });
});

describe('lists hold only the own company', () => {
  it('GET /shipments never lists the other company’s shipments', async () => {
    const p = await newPartnerFromTestIp(hub.app);
    const q = await newPartnerFromTestIp(hub.app);
    const mine = [await newShipment(hub.app, p), await newShipment(hub.app, p)];
    const theirs = [await newShipment(hub.app, q), await newShipment(hub.app, q), await newShipment(hub.app, q)];
    const lp = await req({ method: 'GET', url: '/api/partner/shipments?limit=100', headers: p.headers });
    expect(lp.statusCode).toBe(200);
    expect(
      lp
        .json()
        .data.map((s: { id: string }) => s.id)
        .sort(),
    ).toEqual(mine.map((s) => s.id).sort());
    expect(lp.json().pagination.total).toBe(2);
    const lq = await req({ method: 'GET', url: '/api/partner/shipments?status=pending&limit=100', headers: q.headers });
    expect(
      lq
        .json()
        .data.map((s: { id: string }) => s.id)
        .sort(),
    ).toEqual(theirs.map((s) => s.id).sort());
    expect(lq.json().pagination.total).toBe(3);
    for (const s of theirs) expect(lp.body).not.toContain(s.trackingNumber);
  });

  it('GET /keys never lists the other company’s keys', async () => {
    const ka = (await req({ method: 'GET', url: '/api/partner/keys', headers: a.headers })).json().data as Array<{ id: string }>;
    const kb = (await req({ method: 'GET', url: '/api/partner/keys', headers: b.headers })).json().data as Array<{ id: string }>;
    expect(kb.map((k) => k.id)).toEqual([b.apiKeyId]);
    expect(ka.map((k) => k.id)).toContain(a.apiKeyId);
    expect(ka.map((k) => k.id)).not.toContain(b.apiKeyId);
    const { rows } = await hub.deps.database.pool.query('select id from api_keys where company_id = $1', [a.companyId]);
    expect(ka.map((k) => k.id).sort()).toEqual(rows.map((r: { id: string }) => r.id).sort());
  });

  it('GET /me is always the caller’s own company', async () => {
    expect((await req({ method: 'GET', url: '/api/partner/me', headers: a.headers })).json().id).toBe(a.companyId);
    expect((await req({ method: 'GET', url: '/api/partner/me', headers: b.headers })).json().id).toBe(b.companyId);
  });

  it('an Idempotency-Key used by A means nothing to B', async () => {
    const key = `shared-key-${Date.now()}`;
    const first = await req({
      method: 'POST',
      url: '/api/partner/shipments',
      headers: { ...a.headers, 'idempotency-key': key },
      payload: shipmentBody(),
    });
    expect(first.statusCode, first.body).toBe(201);
    const other = await req({
      method: 'POST',
      url: '/api/partner/shipments',
      headers: { ...b.headers, 'idempotency-key': key },
      payload: shipmentBody(),
    });
    expect(other.statusCode, other.body).toBe(201);
    expect(other.headers['idempotent-replayed']).toBeUndefined();
    expect(other.json().companyId).toBe(b.companyId);
    expect(other.json().id).not.toBe(first.json().id);
  });
});

describe('a shipment assigned to B', () => {
  let shipment: { id: string; trackingNumber: string };
  beforeAll(async () => {
    shipment = await newShipment(hub.app, a);
    const assigned = await assign(hub, shipment.id, b);
    expect(assigned).toMatchObject({ status: 'assigned', assignedCompanyId: b.companyId });
  });

  it('is visible to B: get, list and tracking', async () => {
    const get = await req({ method: 'GET', url: `/api/partner/shipments/${shipment.id}`, headers: b.headers });
    expect(get.statusCode, get.body).toBe(200);
    expect(get.json()).toMatchObject({ id: shipment.id, companyId: a.companyId, assignedCompanyId: b.companyId, status: 'assigned' });
    const list = await req({ method: 'GET', url: '/api/partner/shipments?status=assigned', headers: b.headers });
    expect(list.json().data.map((s: { id: string }) => s.id)).toContain(shipment.id);
    const track = await req({ method: 'GET', url: `/api/partner/tracking/${shipment.trackingNumber}`, headers: b.headers });
    expect(track.statusCode, track.body).toBe(200);
    expect(track.json().tracking).toMatchObject({ trackingNumber: shipment.trackingNumber, status: 'assigned' });
  });

  it('B cannot PATCH or cancel it (409), and it stays as it was', async () => {
    const before = await snapshot(shipment.id);
    const patch = await req({ method: 'PATCH', url: `/api/partner/shipments/${shipment.id}`, headers: b.headers, payload: { totalCost: 1 } });
    expect(patch.statusCode, patch.body).toBe(409);
    expect(patch.json().code).toBe('SHIPMENT_NOT_EDITABLE');
    const cancel = await req({ method: 'POST', url: `/api/partner/shipments/${shipment.id}/cancel`, headers: b.headers, payload: {} });
    expect(cancel.statusCode, cancel.body).toBe(409);
    expect(cancel.json().code).toBe('SHIPMENT_NOT_EDITABLE');
    expect(await snapshot(shipment.id)).toEqual(before);
  });

  it('A cannot post its events (403 NOT_ASSIGNED_COMPANY); B can', async () => {
    const before = await snapshot(shipment.id);
    const res = await req({
      method: 'POST',
      url: `/api/partner/shipments/${shipment.id}/events`,
      headers: a.headers,
      payload: { status: 'picked_up', location: 'A depot' },
    });
    expect(res.statusCode, res.body).toBe(403);
    expect(res.json().code).toBe('NOT_ASSIGNED_COMPANY');
    expect(await snapshot(shipment.id)).toEqual(before);
    const ok = await req({
      method: 'POST',
      url: `/api/partner/shipments/${shipment.id}/events`,
      headers: b.headers,
      payload: { status: 'picked_up', location: 'B depot' },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().status).toBe('picked_up');
  });

  it('a third company C still gets 404 on every route', async () => {
    const c = await newPartnerFromTestIp(hub.app);
    const before = await snapshot(shipment.id);
    const attempts: Req[] = [
      { method: 'GET', url: `/api/partner/shipments/${shipment.id}` },
      { method: 'PATCH', url: `/api/partner/shipments/${shipment.id}`, payload: { totalCost: 1 } },
      { method: 'POST', url: `/api/partner/shipments/${shipment.id}/cancel`, payload: {} },
      { method: 'POST', url: `/api/partner/shipments/${shipment.id}/events`, payload: { status: 'in_transit' } },
      { method: 'GET', url: `/api/partner/tracking/${shipment.trackingNumber}` },
    ];
    for (const r of attempts) {
      const res = await req({ ...r, headers: c.headers });
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(404);
      expect(res.json().code).toBe('SHIPMENT_NOT_FOUND');
    }
    const list = await req({ method: 'GET', url: '/api/partner/shipments', headers: c.headers });
    expect(list.json().pagination.total).toBe(0);
    expect(await snapshot(shipment.id)).toEqual(before);
  });
});
