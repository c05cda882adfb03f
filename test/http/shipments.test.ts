import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assign, newPartner, newShipment, shipmentBody, type TestPartner } from '../helpers/factories.js';
import { createTestHub, type TestHub } from '../helpers/hub.js';

let hub: TestHub;
let sender: TestPartner;
let carrier: TestPartner;

beforeAll(async () => {
  hub = await createTestHub();
  sender = await newPartner(hub.app);
  carrier = await newPartner(hub.app, { tier: 'starter' });
});
afterAll(() => hub?.close());

describe('POST /api/partner/shipments', () => {
  it('creates a pending, unassigned shipment with the seed response shape', async () => {
    const body = shipmentBody();
    const res = await hub.app.inject({ method: 'POST', url: '/api/partner/shipments', headers: sender.headers, payload: body });
    expect(res.statusCode).toBe(201);
    const s = res.json();
    expect(s).toMatchObject({
      trackingNumber: body.trackingNumber,
      status: 'pending',
      assignedCompanyId: null,
      companyId: sender.companyId,
      packages: [{ trackingNumber: `${body.trackingNumber}-001`, weight: 2.5, dimensions: '12x8x6', contents: 'Electronics' }],
      trackingEvents: [{ status: 'pending', location: 'Warehouse', notes: 'Shipment created' }],
    });
    expect(s.id).toMatch(/^shp_[0-9a-z]{20}$/);
    expect(Date.parse(s.createdAt)).not.toBeNaN();
  });

  it('records shipment.created in the same transaction', async () => {
    const s = await newShipment(hub.app, sender);
    const { rows } = await hub.deps.database.pool.query('select type, company_ids, data from events where shipment_id = $1', [s.id]);
    expect(rows).toEqual([
      {
        type: 'shipment.created',
        company_ids: [sender.companyId],
        data: { shipmentId: s.id, trackingNumber: s.trackingNumber, previousStatus: null, currentStatus: 'pending', location: 'Warehouse' },
      },
    ]);
  });

  it('rejects a duplicate tracking number with its own code', async () => {
    const s = await newShipment(hub.app, sender);
    const res = await hub.app.inject({
      method: 'POST',
      url: '/api/partner/shipments',
      headers: carrier.headers,
      payload: shipmentBody({ trackingNumber: s.trackingNumber }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('DUPLICATE_TRACKING_NUMBER');
  });

  it.each([
    ['missing customer', { customer: undefined }],
    ['bad email', { customer: { name: 'A', email: 'not-an-email', phone: '+1555555555' } }],
    ['bad phone', { customer: { name: 'A', email: 'a@b.co', phone: 'call me' } }],
    ['zero weight', { packages: [{ weight: 0 }] }],
    ['negative weight', { packages: [{ weight: -1 }] }],
    ['bad dimensions', { packages: [{ weight: 1, dimensions: '12x8' }] }],
    ['no packages', { packages: [] }],
    ['unknown field', { surprise: true }],
  ])('rejects %s with VALIDATION_FAILED', async (_name, patch) => {
    const res = await hub.app.inject({ method: 'POST', url: '/api/partner/shipments', headers: sender.headers, payload: shipmentBody(patch) });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(res.json().details.length).toBeGreaterThan(0);
  });
});

describe('status changes', () => {
  it('walks pending → delivered through the assigned company, one event per step', async () => {
    const s = await newShipment(hub.app, sender);
    await assign(hub, s.id, carrier);
    for (const status of ['picked_up', 'in_transit', 'out_for_delivery', 'delivered']) {
      const res = await hub.app.inject({
        method: 'POST',
        url: `/api/partner/shipments/${s.id}/events`,
        headers: carrier.headers,
        payload: { status, location: `at ${status}` },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().status).toBe(status);
    }
    const { rows } = await hub.deps.database.pool.query('select type from events where shipment_id = $1 order by seq', [s.id]);
    expect(rows.map((r) => r.type)).toEqual([
      'shipment.created',
      'shipment.assigned',
      'shipment.updated',
      'shipment.updated',
      'shipment.updated',
      'shipment.delivered',
    ]);
  });

  it('refuses a skipped step with INVALID_STATUS_TRANSITION and changes nothing', async () => {
    const s = await newShipment(hub.app, sender);
    await assign(hub, s.id, carrier);
    const res = await hub.app.inject({
      method: 'POST',
      url: `/api/partner/shipments/${s.id}/events`,
      headers: carrier.headers,
      payload: { status: 'delivered' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('INVALID_STATUS_TRANSITION');
    const after = await hub.app.inject({ method: 'GET', url: `/api/partner/shipments/${s.id}`, headers: carrier.headers });
    expect(after.json().status).toBe('assigned');
    expect(after.json().trackingEvents).toHaveLength(2);
  });

  it('lets only the assigned company post events', async () => {
    const s = await newShipment(hub.app, sender);
    await assign(hub, s.id, carrier);
    const res = await hub.app.inject({
      method: 'POST',
      url: `/api/partner/shipments/${s.id}/events`,
      headers: sender.headers,
      payload: { status: 'picked_up' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('NOT_ASSIGNED_COMPANY');
  });

  it('cancels before pickup, and not after', async () => {
    const s = await newShipment(hub.app, sender);
    const res = await hub.app.inject({
      method: 'POST',
      url: `/api/partner/shipments/${s.id}/cancel`,
      headers: sender.headers,
      payload: { reason: 'changed mind' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('cancelled');
    const again = await hub.app.inject({ method: 'POST', url: `/api/partner/shipments/${s.id}/cancel`, headers: sender.headers, payload: {} });
    expect(again.statusCode).toBe(409);
  });
});

describe('PATCH /api/partner/shipments/:id', () => {
  it('changes a pending shipment and records shipment.updated', async () => {
    const s = await newShipment(hub.app, sender);
    const res = await hub.app.inject({
      method: 'PATCH',
      url: `/api/partner/shipments/${s.id}`,
      headers: sender.headers,
      payload: { dropoffLocation: { address: '1 New St' }, packages: [{ weight: 1 }, { weight: 2, contents: 'Books' }] },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().dropoffLocation.address).toBe('1 New St');
    expect(res.json().packages.map((p: { trackingNumber: string }) => p.trackingNumber)).toEqual([
      `${s.trackingNumber}-001`,
      `${s.trackingNumber}-002`,
    ]);
  });

  it('refuses once the shipment is assigned', async () => {
    const s = await newShipment(hub.app, sender);
    await assign(hub, s.id, carrier);
    const res = await hub.app.inject({ method: 'PATCH', url: `/api/partner/shipments/${s.id}`, headers: sender.headers, payload: { totalCost: 10 } });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('SHIPMENT_NOT_EDITABLE');
  });
});

describe('GET /api/partner/shipments', () => {
  it('pages newest first with the seed pagination object, filtered by status', async () => {
    const p = await newPartner(hub.app);
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await newShipment(hub.app, p));
    const page1 = await hub.app.inject({ method: 'GET', url: '/api/partner/shipments?status=pending&limit=2', headers: p.headers });
    expect(page1.statusCode).toBe(200);
    expect(page1.json().pagination).toEqual({ total: 5, limit: 2, offset: 0, hasMore: true });
    expect(page1.json().data.map((s: { id: string }) => s.id)).toEqual([made[4].id, made[3].id]);
    expect(page1.json().data[0].trackingEvents).toHaveLength(1);
    const last = await hub.app.inject({ method: 'GET', url: '/api/partner/shipments?limit=2&offset=4', headers: p.headers });
    expect(last.json().pagination).toEqual({ total: 5, limit: 2, offset: 4, hasMore: false });
    const beyond = await hub.app.inject({ method: 'GET', url: '/api/partner/shipments?offset=50', headers: p.headers });
    expect(beyond.json()).toEqual({ data: [], pagination: { total: 5, limit: 50, offset: 50, hasMore: false } });
    const bad = await hub.app.inject({ method: 'GET', url: '/api/partner/shipments?limit=1000', headers: p.headers });
    expect(bad.statusCode).toBe(400);
  });
});

describe('shipment read model (packages_view / events_view)', () => {
  it('always equals the aggregation of the packages and tracking_events tables', async () => {
    const s = await newShipment(hub.app, sender, {
      packages: [
        { weight: 1.23456, dimensions: '1x2x3', contents: 'A' },
        { weight: 7, dimensions: '4x5x6' },
      ],
    });
    const patched = await hub.app.inject({
      method: 'PATCH',
      url: `/api/partner/shipments/${s.id}`,
      headers: sender.headers,
      payload: { packages: [{ weight: 2.0005, dimensions: '9x9x9', contents: 'B' }] },
    });
    expect(patched.statusCode).toBe(200);
    await assign(hub, s.id, carrier);
    for (const status of ['picked_up', 'in_transit']) {
      const res = await hub.app.inject({
        method: 'POST',
        url: `/api/partner/shipments/${s.id}/events`,
        headers: carrier.headers,
        payload: { status, location: `at ${status}`, notes: status === 'picked_up' ? 'got it' : undefined },
      });
      expect(res.statusCode).toBe(200);
    }
    const { rows } = await hub.deps.database.pool.query(
      `select s.packages_view, s.events_view,
         (select jsonb_agg(jsonb_build_object('id', p.id, 'trackingNumber', p.tracking_number, 'weight', p.weight::float8,
            'dimensions', p.dimensions, 'contents', p.contents) order by p.seq) from packages p where p.shipment_id = s.id) as packages,
         (select jsonb_agg(jsonb_build_object('id', e.id, 'status', e.status, 'location', e.location, 'notes', e.notes,
            'timestamp', to_char(e.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) order by e.occurred_at, e.id)
            from tracking_events e where e.shipment_id = s.id) as events
       from shipments s where s.id = $1`,
      [s.id],
    );
    const row = rows[0];
    expect(row.packages_view).toEqual(row.packages);
    expect(row.events_view).toEqual(row.events);
    expect(row.events_view.map((e: { status: string }) => e.status)).toEqual(['pending', 'assigned', 'picked_up', 'in_transit']);
    expect(row.packages_view).toEqual([expect.objectContaining({ weight: 2.001, dimensions: '9x9x9', contents: 'B' })]);
  });
});

describe('concurrent creates of one company (one statement per batch)', () => {
  it('a duplicate inside a batch fails alone; every other create lands, and the usage counts exactly those', async () => {
    const p = await newPartner(hub.app, { tier: 'enterprise' });
    const existing = await newShipment(hub.app, p);
    const pair = `PAIR-${Date.now()}`;
    const bodies = [
      ...Array.from({ length: 8 }, () => shipmentBody()),
      shipmentBody({ trackingNumber: existing.trackingNumber }),
      shipmentBody({ trackingNumber: pair }),
      shipmentBody({ trackingNumber: pair }),
    ];
    const results = await Promise.all(
      bodies.map((payload) => hub.app.inject({ method: 'POST', url: '/api/partner/shipments', headers: p.headers, payload })),
    );
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(9);
    expect(results.filter((r) => r.statusCode === 400).map((r) => r.json().code)).toEqual(['DUPLICATE_TRACKING_NUMBER', 'DUPLICATE_TRACKING_NUMBER']);
    const pool = hub.deps.database.pool;
    const { rows } = await pool.query(
      `select (select active_shipments from company_usage where company_id = $1) as active,
              (select count(*)::int from shipments where company_id = $1) as shipments,
              (select count(*)::int from events where $1 = any(company_ids) and type = 'shipment.created') as events,
              (select count(*)::int from tracking_events t join shipments s on s.id = t.shipment_id where s.company_id = $1) as tracking`,
      [p.companyId],
    );
    expect(rows[0]).toEqual({ active: 10, shipments: 10, events: 10, tracking: 10 });
  });
});

describe('GET /api/partner/shipments merges created and assigned shipments', () => {
  it('pages through both, newest first, each shipment once (also one it created and was assigned)', async () => {
    const p = await newPartner(hub.app, { tier: 'enterprise' });
    const q = await newPartner(hub.app, { tier: 'enterprise' });
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const creator = i % 2 === 0 ? p : q;
      const s = await newShipment(hub.app, creator);
      if (creator === q) await assign(hub, s.id, p);
      ids.push(s.id);
    }
    await assign(hub, ids[0]!, p); // created by p and assigned to p
    const seen: string[] = [];
    for (let offset = 0; offset < 8; offset += 2) {
      const res = await hub.app.inject({ method: 'GET', url: `/api/partner/shipments?limit=2&offset=${offset}`, headers: p.headers });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.pagination).toMatchObject({ total: 6, limit: 2, offset });
      seen.push(...body.data.map((s: { id: string }) => s.id));
    }
    expect(seen).toEqual([...ids].reverse());
  });
});
