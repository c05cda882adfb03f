import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, newPartner, type TestPartner } from '../helpers/factories.js';
import {
  awbFor,
  call,
  callbackBody,
  createCarrierTestEnv,
  newCourierShipment,
  postCallback,
  rows,
  until,
  type CarrierTestEnv,
} from '../helpers/carriers.js';

/** Stored callbacks are auditable (raw body, outcome) and replayable by an admin; rejected ones never apply. */
let env: CarrierTestEnv;
let partner: TestPartner;
let admin: { authorization: string };

beforeAll(async () => {
  env = await createCarrierTestEnv({ role: 'all' });
  partner = await newPartner(env.app, { tier: 'enterprise' });
  admin = await adminHeaders(env.hub);
});
afterAll(async () => env?.close());

describe('admin: carrier callbacks', () => {
  it('lists stored callbacks with their raw body and outcome, and filters by status and AWB', async () => {
    const awb = awbFor('jne', 'delivered');
    await newCourierShipment(env.app, partner, 'jne', awb);
    const body = JSON.stringify(callbackBody(awb, 'delivered'));
    const ok = await postCallback(env.app, body);
    expect(ok.statusCode, ok.body).toBe(200);
    const bad = await postCallback(env.app, body.replace(awb, awb.slice(0, -1) + '9'), { token: 'wrong-token-wrong-token' });
    expect(bad.statusCode).toBe(401);
    await until(
      async () => (await rows(env.hub, `select 1 from carrier_callbacks where awb = $1 and applied_at is not null`, [awb])).length > 0,
      'applied',
    );

    const list = await call(env.app, { method: 'GET', url: `/api/admin/carrier-callbacks?awb=${awb.toLowerCase()}`, headers: admin });
    expect(list.statusCode, list.body).toBe(200);
    const [row] = list.json().data;
    expect(row).toMatchObject({ carrier: 'jne', status: 'accepted', awb, rawBody: body, duplicates: 0, rejectCode: null });
    expect(row.appliedAt).not.toBeNull();
    expect(row.applyNote).toContain('pending -> delivered');

    const rejected = await call(env.app, { method: 'GET', url: '/api/admin/carrier-callbacks?status=rejected', headers: admin });
    expect(rejected.json().data[0]).toMatchObject({ status: 'rejected', rejectCode: 'CALLBACK_UNAUTHORIZED', appliedAt: null, publishedAt: null });

    expect((await call(env.app, { method: 'GET', url: '/api/admin/carrier-callbacks', headers: partner.headers })).statusCode).toBe(401);
  });

  it('replays an accepted callback (applied again, idempotently); refuses rejected and unknown ones', async () => {
    const awb = awbFor('jne', 'delivered');
    const s = await newCourierShipment(env.app, partner, 'jne', awb);
    const res = await postCallback(env.app, callbackBody(awb, 'delivered'));
    const id = res.json().callbackId as number;
    await until(
      async () => (await rows(env.hub, `select 1 from carrier_callbacks where id = $1 and applied_at is not null`, [id])).length > 0,
      'applied',
    );
    const eventsBefore = await rows(env.hub, `select id from events where shipment_id = $1`, [s.id]);

    const replay = await call(env.app, { method: 'POST', url: `/api/admin/carrier-callbacks/${id}/replay`, headers: admin });
    expect(replay.statusCode, replay.body).toBe(202);
    await until(
      async () =>
        (await rows(env.hub, `select 1 from carrier_callbacks where id = $1 and applied_at is not null and apply_note like 'applied%'`, [id]))
          .length > 0,
      're-applied',
    );
    // Applying twice changes nothing: no new domain events, tracking events or status change.
    expect(await rows(env.hub, `select id from events where shipment_id = $1`, [s.id])).toHaveLength(eventsBefore.length);
    expect(
      (
        await rows(env.hub, `select count(*)::int as n from activity_logs where action = 'carrier_callback.replayed' and subject_id = $1`, [
          String(id),
        ])
      )[0].n,
    ).toBe(1);

    const rejectedId = (await rows<{ id: string }>(env.hub, `select id from carrier_callbacks where status = 'rejected' limit 1`))[0]!.id;
    const refused = await call(env.app, { method: 'POST', url: `/api/admin/carrier-callbacks/${rejectedId}/replay`, headers: admin });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('CALLBACK_NOT_REPLAYABLE');
    const missing = await call(env.app, { method: 'POST', url: '/api/admin/carrier-callbacks/999999999/replay', headers: admin });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('CALLBACK_NOT_FOUND');
  });
});
