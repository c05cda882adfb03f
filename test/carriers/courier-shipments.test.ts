/**
 * Shipments created with a carrier and AWB: `courier: {code, awb}` on create, one
 * shipment per carrier AWB, never distributed to partner companies, visible everywhere a shipment is.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awbFor, call, createCarrierTestEnv, newCourierShipment, rows, type CarrierTestEnv } from '../helpers/carriers.js';
import { adminHeaders, assign, newPartner, newShipment, shipmentBody, type TestPartner } from '../helpers/factories.js';

let env: CarrierTestEnv;
let p: TestPartner;
let other: TestPartner;

beforeAll(async () => {
  env = await createCarrierTestEnv();
  [p, other] = await Promise.all([newPartner(env.app), newPartner(env.app)]);
});
afterAll(() => env?.close());

const create = (partner: TestPartner, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  call(env.app, { method: 'POST', url: '/api/partner/shipments', headers: { ...partner.headers, ...headers }, payload: shipmentBody(body) });

describe('create with a courier', () => {
  it('201 with `courier` in the answer, in GET, in the list, and in the shipment.created event', async () => {
    const awb = awbFor('jnt', 'in_transit');
    const res = await create(p, { courier: { code: 'jnt', awb } });
    expect(res.statusCode, res.body).toBe(201);
    const s = res.json();
    expect(s).toMatchObject({ status: 'pending', courier: { code: 'jnt', awb }, assignedCompanyId: null, companyId: p.companyId });

    const got = await call(env.app, { method: 'GET', url: `/api/partner/shipments/${s.id}`, headers: p.headers });
    expect(got.statusCode).toBe(200);
    expect(got.json().courier).toEqual({ code: 'jnt', awb });
    const list = await call(env.app, { method: 'GET', url: '/api/partner/shipments?limit=100', headers: p.headers });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().data.find((x: { id: string }) => x.id === s.id)?.courier).toEqual({ code: 'jnt', awb });

    const [ev] = await rows(env.hub, `select data from events where shipment_id = $1 and type = 'shipment.created'`, [s.id]);
    expect(ev.data.courier).toEqual({ code: 'jnt', awb });
    const [row] = await rows(env.hub, 'select carrier, carrier_awb from shipments where id = $1', [s.id]);
    expect(row).toEqual({ carrier: 'jnt', carrier_awb: awb });
  });

  it('an ordinary shipment has `courier: null`', async () => {
    const s = await newShipment(env.app, p);
    expect(s.courier).toBeNull();
  });

  it('stores the AWB in upper case', async () => {
    const awb = awbFor('idexpress', 'delivered');
    const s = await newCourierShipment(env.app, p, 'idexpress', awb.toLowerCase());
    expect(s.courier).toEqual({ code: 'idexpress', awb });
    // The gateway finds it under either spelling, as the owner's.
    const t = await call(env.app, { method: 'GET', url: `/v1/tracking/${awb.toLowerCase()}`, headers: p.headers });
    expect(t.statusCode, t.body).toBe(200);
    const o = await call(env.app, { method: 'GET', url: `/v1/tracking/${awb}`, headers: other.headers });
    expect(o.statusCode).toBe(404);
  });

  it('counts against capacity like any shipment', async () => {
    const q = async () =>
      (await rows(env.hub, 'select active_shipments from company_usage where company_id = $1', [p.companyId]))[0].active_shipments;
    const before = await q();
    await newCourierShipment(env.app, p, 'sap', awbFor('sap', 'in_transit'));
    expect(await q()).toBe(before + 1);
  });
});

describe('one shipment per carrier AWB and company', () => {
  it('the same AWB twice by one company → 409 CARRIER_AWB_TAKEN (any spelling); another company may register it too', async () => {
    const awb = awbFor('jne', 'delivered');
    await newCourierShipment(env.app, p, 'jne', awb);
    for (const a of [awb, awb.toLowerCase()]) {
      const res = await create(p, { courier: { code: 'jne', awb: a } });
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json().code).toBe('CARRIER_AWB_TAKEN');
    }
    // Nobody can squat an AWB: a second company registering it gets its own shipment.
    expect((await create(other, { courier: { code: 'jne', awb } })).statusCode).toBe(201);
    expect((await create(other, { courier: { code: 'jne', awb } })).statusCode).toBe(409);
  });

  it('the same AWB at another carrier is another parcel: allowed', async () => {
    const awb = awbFor('sicepat', 'delivered');
    await newCourierShipment(env.app, p, 'sicepat', awb);
    const res = await create(p, { courier: { code: 'sap', awb } });
    expect(res.statusCode, res.body).toBe(201);
  });

  it('concurrent creates of one AWB: exactly one 201, the rest 409 (and nothing counted for them)', async () => {
    const q = async () =>
      (await rows(env.hub, 'select active_shipments from company_usage where company_id = $1', [p.companyId]))[0].active_shipments;
    const before = await q();
    const awb = awbFor('jnt', 'delivered');
    const all = await Promise.all(Array.from({ length: 6 }, () => create(p, { courier: { code: 'jnt', awb } })));
    const codes = all.map((r) => r.statusCode).sort();
    expect(codes).toEqual([201, 409, 409, 409, 409, 409]);
    for (const r of all.filter((x) => x.statusCode === 409)) expect(r.json().code).toBe('CARRIER_AWB_TAKEN');
    expect(await q()).toBe(before + 1);
    const n = await rows(env.hub, 'select count(*)::int as n from shipments where carrier = $1 and carrier_awb = $2', ['jnt', awb]);
    expect(n[0].n).toBe(1);
  });

  it('a duplicate AWB among concurrent creates does not fail the others of the batch', async () => {
    const taken = awbFor('idexpress', 'in_transit');
    await newCourierShipment(env.app, p, 'idexpress', taken);
    const bodies = [
      { courier: { code: 'idexpress', awb: taken } },
      { courier: { code: 'idexpress', awb: awbFor('idexpress', 'in_transit') } },
      {},
      { courier: { code: 'sap', awb: awbFor('sap', 'delivered') } },
    ];
    const all = await Promise.all(bodies.map((b) => create(p, b)));
    expect(all.map((r) => r.statusCode)).toEqual([409, 201, 201, 201]);
  });

  it('replaying an Idempotency-Key returns the first answer, not a 409', async () => {
    const awb = awbFor('sap', 'in_transit');
    const body = shipmentBody({ courier: { code: 'sap', awb } });
    const headers = { ...p.headers, 'idempotency-key': `courier-${awb}` };
    const first = await call(env.app, { method: 'POST', url: '/api/partner/shipments', headers, payload: body });
    expect(first.statusCode, first.body).toBe(201);
    const again = await call(env.app, { method: 'POST', url: '/api/partner/shipments', headers, payload: body });
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json().id).toBe(first.json().id);
  });
});

describe('bad courier input → 400', () => {
  it.each([
    ['an unknown carrier', { code: 'dhl', awb: '1234567890' }],
    ['an upper-case code', { code: 'JNE', awb: '1234567890123456' }],
    ['no awb', { code: 'jne' }],
    ['no code', { awb: '1234567890123456' }],
    ['a short awb', { code: 'jne', awb: 'AB1' }],
    ['a long awb', { code: 'jne', awb: '1'.repeat(41) }],
    ['spaces in the awb', { code: 'jne', awb: '1234 5678 9012' }],
    ['a path in the awb', { code: 'jne', awb: '../../etc/passwd' }],
    ['an extra field', { code: 'jne', awb: '1234567890123456', service: 'REG' }],
    ['a string courier', 'jne'],
    ['a null courier', null],
  ])('%s', async (_what, courier) => {
    const res = await create(p, { courier });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
  });
});

describe('never distributed to partner companies', () => {
  it('assign → CARRIER_SHIPMENT_NOT_ASSIGNABLE (service and admin API)', async () => {
    const s = await newCourierShipment(env.app, p, 'jne', awbFor('jne', 'in_transit'));
    await expect(assign(env.hub, s.id, other)).rejects.toMatchObject({ code: 'CARRIER_SHIPMENT_NOT_ASSIGNABLE' });
    const admin = await adminHeaders(env.hub);
    const res = await call(env.app, {
      method: 'POST',
      url: `/api/admin/shipments/${s.id}/assign`,
      headers: admin,
      payload: { companyId: other.companyId },
    });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().code).toBe('CARRIER_SHIPMENT_NOT_ASSIGNABLE');
    const [row] = await rows(env.hub, 'select status, assigned_company_id from shipments where id = $1', [s.id]);
    expect(row).toEqual({ status: 'pending', assigned_company_id: null });
    // An ordinary shipment still can be.
    const plain = await newShipment(env.app, p);
    await expect(assign(env.hub, plain.id, other)).resolves.toMatchObject({ status: 'assigned' });
  });

  it('no company can post carrier events for it; its sender can still cancel it before pickup', async () => {
    const s = await newCourierShipment(env.app, p, 'jnt', awbFor('jnt', 'in_transit'));
    const post = await call(env.app, {
      method: 'POST',
      url: `/api/partner/shipments/${s.id}/events`,
      headers: p.headers,
      payload: { status: 'picked_up' },
    });
    expect(post.statusCode, post.body).toBe(403);
    const stranger = await call(env.app, {
      method: 'POST',
      url: `/api/partner/shipments/${s.id}/events`,
      headers: other.headers,
      payload: { status: 'picked_up' },
    });
    expect(stranger.statusCode).toBe(404);

    const q = async () =>
      (await rows(env.hub, 'select active_shipments from company_usage where company_id = $1', [p.companyId]))[0].active_shipments;
    const before = await q();
    const cancel = await call(env.app, { method: 'POST', url: `/api/partner/shipments/${s.id}/cancel`, headers: p.headers, payload: {} });
    expect(cancel.statusCode, cancel.body).toBe(200);
    expect(cancel.json()).toMatchObject({ status: 'cancelled', courier: s.courier });
    expect(await q()).toBe(before - 1);
  });

  it('the partner tracking route shows a carrier shipment like any other', async () => {
    const s = await newCourierShipment(env.app, p, 'sicepat', awbFor('sicepat', 'in_transit'));
    const res = await call(env.app, { method: 'GET', url: `/api/partner/tracking/${s.trackingNumber}`, headers: p.headers });
    expect(res.statusCode, res.body).toBe(200);
    const theirs = await call(env.app, { method: 'GET', url: `/api/partner/tracking/${s.trackingNumber}`, headers: other.headers });
    expect(theirs.statusCode).toBe(404);
  });
});
