import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPartnerFromTestIp, newShipment, shipmentBody, type TestPartner } from '../helpers/factories.js';
import { createTestHub, type TestHub } from '../helpers/hub.js';

let hub: TestHub;
let a: TestPartner;
let b: TestPartner;

beforeAll(async () => {
  hub = await createTestHub();
  // Enterprise: no per-minute limit to get in the way.
  a = await newPartnerFromTestIp(hub.app, { tier: 'enterprise' });
  b = await newPartnerFromTestIp(hub.app, { tier: 'enterprise' });
});
afterAll(() => hub?.close());

function post(p: TestPartner, key: string | undefined, payload: unknown) {
  return hub.app.inject({
    method: 'POST',
    url: '/api/partner/shipments',
    headers: { ...p.headers, ...(key === undefined ? {} : { 'idempotency-key': key }) },
    payload: payload as Record<string, unknown>,
  });
}

async function countByTrackingNumber(tn: string): Promise<number> {
  const { rows } = await hub.deps.database.pool.query<{ n: number }>('select count(*)::int as n from shipments where tracking_number = $1', [tn]);
  return rows[0]!.n;
}

async function countByCompany(companyId: string): Promise<number> {
  const { rows } = await hub.deps.database.pool.query<{ n: number }>('select count(*)::int as n from shipments where company_id = $1', [companyId]);
  return rows[0]!.n;
}

describe('Idempotency-Key on POST /api/partner/shipments', () => {
  it('replays the first 201 for the same key and body, with Idempotent-Replayed, and creates one shipment', async () => {
    const key = randomUUID();
    const body = shipmentBody();
    const first = await post(a, key, body);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();

    const again = await post(a, key, body);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(again.json().id).toBe(first.json().id);

    const third = await post(a, key, body);
    expect(third.json().id).toBe(first.json().id);
    expect(await countByTrackingNumber(body.trackingNumber)).toBe(1);
  });

  it('without a key the same body is a new request (here: a duplicate tracking number)', async () => {
    const body = shipmentBody();
    expect((await post(a, undefined, body)).statusCode).toBe(201);
    const second = await post(a, undefined, body);
    expect(second.statusCode).toBe(400);
    expect(second.json().code).toBe('DUPLICATE_TRACKING_NUMBER');
    expect(second.headers['idempotent-replayed']).toBeUndefined();
  });

  it('answers 422 IDEMPOTENCY_KEY_REUSED for the same key with another body, and creates nothing', async () => {
    const key = randomUUID();
    const body = shipmentBody();
    expect((await post(a, key, body)).statusCode).toBe(201);
    const other = shipmentBody();
    const res = await post(a, key, other);
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', requestId: expect.any(String) });
    expect(await countByTrackingNumber(other.trackingNumber)).toBe(0);
    // A small change counts as another body too.
    const changed = await post(a, key, { ...body, totalCost: 1 });
    expect(changed.statusCode).toBe(422);
  });

  it('treats bodies that differ only in key order as the same request', async () => {
    const key = randomUUID();
    const tn = `T-${randomUUID().slice(0, 8)}`;
    const one = `{"trackingNumber":"${tn}","customer":{"name":"Jane Smith","email":"jane@customer.com","phone":"+1555555555"},"pickupLocation":{"address":"1 A St"},"dropoffLocation":{"address":"2 B Ave"},"packages":[{"weight":2.5,"contents":"Books"}]}`;
    const two = `{"packages":[{"contents":"Books","weight":2.5}],"dropoffLocation":{"address":"2 B Ave"},"pickupLocation":{"address":"1 A St"},"customer":{"phone":"+1555555555","email":"jane@customer.com","name":"Jane Smith"},"trackingNumber":"${tn}"}`;
    const headers = { ...a.headers, 'idempotency-key': key, 'content-type': 'application/json' };
    const first = await hub.app.inject({ method: 'POST', url: '/api/partner/shipments', headers, payload: one });
    expect(first.statusCode, first.body).toBe(201);
    const second = await hub.app.inject({ method: 'POST', url: '/api/partner/shipments', headers, payload: two });
    expect(second.statusCode, second.body).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json().id).toBe(first.json().id);
    // Array order is meaningful: the same packages in another order are another request.
    const three = one.replace('[{"weight":2.5,"contents":"Books"}]', '[{"weight":1},{"weight":2.5,"contents":"Books"}]');
    const four = one.replace('[{"weight":2.5,"contents":"Books"}]', '[{"weight":2.5,"contents":"Books"},{"weight":1}]');
    const key2 = randomUUID();
    const h2 = { ...headers, 'idempotency-key': key2 };
    const tn2 = `T-${randomUUID().slice(0, 8)}`;
    expect((await hub.app.inject({ method: 'POST', url: '/api/partner/shipments', headers: h2, payload: three.replace(tn, tn2) })).statusCode).toBe(
      201,
    );
    expect((await hub.app.inject({ method: 'POST', url: '/api/partner/shipments', headers: h2, payload: four.replace(tn, tn2) })).statusCode).toBe(
      422,
    );
  });

  it('keeps keys per company: another company may use the same key', async () => {
    const key = randomUUID();
    const fromA = await post(a, key, shipmentBody());
    expect(fromA.statusCode).toBe(201);
    // Even with the very same body: B's request is B's, never a replay of A's answer.
    const fromB = await post(b, key, shipmentBody());
    expect(fromB.statusCode, fromB.body).toBe(201);
    expect(fromB.headers['idempotent-replayed']).toBeUndefined();
    expect(fromB.json().id).not.toBe(fromA.json().id);
    expect(fromB.json().companyId).toBe(b.companyId);
  });

  it('does not leak another company’s stored answer through a shared key and body', async () => {
    const key = randomUUID();
    const body = shipmentBody();
    const fromA = await post(a, key, body);
    expect(fromA.statusCode).toBe(201);
    const fromB = await post(b, key, body);
    // B runs its own request: the tracking number is taken, so B gets its own 400, not A's shipment.
    expect(fromB.statusCode).toBe(400);
    expect(fromB.json().code).toBe('DUPLICATE_TRACKING_NUMBER');
    expect(fromB.body).not.toContain(fromA.json().id);
  });

  it('replays a 4xx first answer too', async () => {
    const existing = await newShipment(hub.app, a);
    const key = randomUUID();
    const body = shipmentBody({ trackingNumber: existing.trackingNumber });
    const first = await post(a, key, body);
    expect(first.statusCode).toBe(400);
    expect(first.json().code).toBe('DUPLICATE_TRACKING_NUMBER');
    const again = await post(a, key, body);
    expect(again.statusCode).toBe(400);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
  });

  it('does not store an answer to a request that failed validation (the key stays free)', async () => {
    const key = randomUUID();
    const bad = await post(a, key, shipmentBody({ packages: [] }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION_FAILED');
    const good = await post(a, key, shipmentBody());
    expect(good.statusCode, good.body).toBe(201);
    expect(good.headers['idempotent-replayed']).toBeUndefined();
  });

  it.each([
    ['300 characters', 'k'.repeat(300)],
    ['256 characters', 'k'.repeat(256)],
    ['empty', ''],
    ['a space', 'two words'],
    ['non-ASCII', 'clé-é'],
  ])('refuses an invalid key (%s) with 400 VALIDATION_FAILED and creates nothing', async (_name, key) => {
    const body = shipmentBody();
    const res = await post(a, key, body);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('Idempotency-Key') });
    expect(await countByTrackingNumber(body.trackingNumber)).toBe(0);
  });

  it('accepts a key of exactly 255 visible ASCII characters', async () => {
    const key = `${randomUUID()}!~`.padEnd(255, 'x');
    const body = shipmentBody();
    const first = await post(a, key, body);
    expect(first.statusCode, first.body).toBe(201);
    expect((await post(a, key, body)).headers['idempotent-replayed']).toBe('true');
  });

  it('never creates two shipments for two concurrent requests with one key', async () => {
    for (let round = 0; round < 5; round++) {
      const key = randomUUID();
      const body = shipmentBody();
      const before = await countByCompany(a.companyId);
      const [r1, r2] = await Promise.all([post(a, key, body), post(a, key, body)]);
      const results = [r1!, r2!];
      const fresh = results.filter((r) => r.statusCode === 201 && r.headers['idempotent-replayed'] === undefined);
      expect(fresh, results.map((r) => `${r.statusCode} ${r.body}`).join('\n')).toHaveLength(1);
      const other = results.find((r) => r !== fresh[0])!;
      if (other.statusCode === 201) {
        expect(other.headers['idempotent-replayed']).toBe('true');
        expect(other.json().id).toBe(fresh[0]!.json().id);
      } else {
        expect(other.statusCode).toBe(409);
        expect(other.json().code).toBe('IDEMPOTENCY_KEY_IN_PROGRESS');
      }
      expect(await countByCompany(a.companyId)).toBe(before + 1);
      expect(await countByTrackingNumber(body.trackingNumber)).toBe(1);
    }
  });

  it('lets a key be used again once its 24-hour window has passed', async () => {
    const key = randomUUID();
    const first = await post(a, key, shipmentBody());
    expect(first.statusCode).toBe(201);
    const { rows } = await hub.deps.database.pool.query<{ ttl: number }>(
      `select extract(epoch from expires_at - created_at)::int as ttl from idempotency_keys where company_id = $1 and key = $2`,
      [a.companyId, key],
    );
    expect(rows[0]!.ttl).toBe(24 * 3600);
    await hub.deps.database.pool.query(`update idempotency_keys set expires_at = now() - interval '1 second' where company_id = $1 and key = $2`, [
      a.companyId,
      key,
    ]);
    const later = await post(a, key, shipmentBody());
    expect(later.statusCode, later.body).toBe(201);
    expect(later.headers['idempotent-replayed']).toBeUndefined();
    expect(later.json().id).not.toBe(first.json().id);
  });

  it('answers 409 IDEMPOTENCY_KEY_IN_PROGRESS while the first request has no answer yet, and takes over a claim abandoned for over a minute', async () => {
    const key = randomUUID();
    const body = shipmentBody();
    const first = await post(a, key, body);
    expect(first.statusCode).toBe(201);
    // Make the stored claim look like a request still running (no answer recorded yet).
    await hub.deps.database.pool.query(
      `update idempotency_keys set response_status = null, response_body = null where company_id = $1 and key = $2`,
      [a.companyId, key],
    );
    const busy = await post(a, key, body);
    expect(busy.statusCode).toBe(409);
    expect(busy.json().code).toBe('IDEMPOTENCY_KEY_IN_PROGRESS');
    // …and like one that died: after 60 s without an answer the key can be claimed again.
    await hub.deps.database.pool.query(`update idempotency_keys set created_at = now() - interval '2 minutes' where company_id = $1 and key = $2`, [
      a.companyId,
      key,
    ]);
    const retry = await post(a, key, shipmentBody());
    expect(retry.statusCode, retry.body).toBe(201);
  });
});

describe('Idempotency-Key on the other POST routes of a shipment', () => {
  it('replays a cancel instead of answering 409 for the second attempt', async () => {
    const s = await newShipment(hub.app, a);
    const key = randomUUID();
    const headers = { ...a.headers, 'idempotency-key': key };
    const first = await hub.app.inject({
      method: 'POST',
      url: `/api/partner/shipments/${s.id}/cancel`,
      headers,
      payload: { reason: 'changed mind' },
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().status).toBe('cancelled');
    const again = await hub.app.inject({
      method: 'POST',
      url: `/api/partner/shipments/${s.id}/cancel`,
      headers,
      payload: { reason: 'changed mind' },
    });
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    const { rows } = await hub.deps.database.pool.query<{ n: number }>(
      `select count(*)::int as n from tracking_events where shipment_id = $1 and status = 'cancelled'`,
      [s.id],
    );
    expect(rows[0]!.n).toBe(1);
    // Without the key, the second cancel is a real second attempt.
    const plain = await hub.app.inject({ method: 'POST', url: `/api/partner/shipments/${s.id}/cancel`, headers: a.headers, payload: {} });
    expect(plain.statusCode).toBe(409);
  });

  it('treats the same key on another route as another request (422)', async () => {
    const s = await newShipment(hub.app, a);
    const key = randomUUID();
    expect((await post(a, key, shipmentBody())).statusCode).toBe(201);
    const res = await hub.app.inject({
      method: 'POST',
      url: `/api/partner/shipments/${s.id}/cancel`,
      headers: { ...a.headers, 'idempotency-key': key },
      payload: {},
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});

describe('Idempotency-Key keeps only final answers', () => {
  it('does not keep a 409 CAPACITY_EXCEEDED: once capacity frees, the same key creates the shipment', async () => {
    const c = await newPartnerFromTestIp(hub.app, { tier: 'starter' });
    // Capacity 1: 0 active fits (0 < 0.9), 1 active does not (the seed's 90 % rule).
    await hub.deps.database.pool.query('update companies set capacity = 1 where id = $1', [c.companyId]);
    const first = await newShipment(hub.app, c);
    const key = randomUUID();
    const body = shipmentBody();
    const refused = await post(c, key, body);
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json().code).toBe('CAPACITY_EXCEEDED');
    // Not stored: the retry runs again (and is refused again while nothing changed), never a replay.
    const again = await post(c, key, body);
    expect(again.statusCode).toBe(409);
    expect(again.headers['idempotent-replayed']).toBeUndefined();

    const cancel = await hub.app.inject({ method: 'POST', url: `/api/partner/shipments/${first.id}/cancel`, headers: c.headers, payload: {} });
    expect(cancel.statusCode, cancel.body).toBe(200);
    const created = await post(c, key, body);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.headers['idempotent-replayed']).toBeUndefined();
    expect(await countByTrackingNumber(body.trackingNumber)).toBe(1);
    const replay = await post(c, key, body);
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json().id).toBe(created.json().id);
  });
});

describe('Idempotency-Key: the key and the shipment commit together', () => {
  const pool = () => hub.deps.database.pool;

  it('a create stores its answer in its own commit: when the answer cannot be stored, no shipment exists and the key is free again', async () => {
    // A real server error on the key's update (a CHECK violation), raised inside the create statement.
    await pool().query(`alter table idempotency_keys add constraint t_no_201 check (response_status is distinct from 201) not valid`);
    const key = randomUUID();
    const body = shipmentBody();
    try {
      const failed = await post(a, key, body);
      expect(failed.statusCode, failed.body).toBe(500);
      expect(await countByTrackingNumber(body.trackingNumber)).toBe(0);
      const { rows } = await pool().query('select 1 from idempotency_keys where company_id = $1 and key = $2', [a.companyId, key]);
      expect(rows).toHaveLength(0);
    } finally {
      await pool().query('alter table idempotency_keys drop constraint t_no_201');
    }
    const retry = await post(a, key, body);
    expect(retry.statusCode, retry.body).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect(await countByTrackingNumber(body.trackingNumber)).toBe(1);
    const stored = await pool().query<{ response_status: number; response_body: unknown }>(
      'select response_status, response_body from idempotency_keys where company_id = $1 and key = $2',
      [a.companyId, key],
    );
    // What the create statement stored is exactly what the client got.
    expect(stored.rows[0]).toEqual({ response_status: 201, response_body: retry.json() });
  });

  it('answers a committed cancel with its 200 even when storing that answer fails, and never runs it twice', async () => {
    const s = await newShipment(hub.app, a);
    const key = randomUUID();
    const headers = { ...a.headers, 'idempotency-key': key };
    await pool().query(`alter table idempotency_keys add constraint t_no_200 check (response_status is distinct from 200) not valid`);
    let res;
    try {
      res = await hub.app.inject({ method: 'POST', url: `/api/partner/shipments/${s.id}/cancel`, headers, payload: {} });
    } finally {
      await pool().query('alter table idempotency_keys drop constraint t_no_200');
    }
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('cancelled');
    // The key still holds the request (no answer stored): a retry waits instead of cancelling again.
    const retry = await hub.app.inject({ method: 'POST', url: `/api/partner/shipments/${s.id}/cancel`, headers, payload: {} });
    expect(retry.statusCode).toBe(409);
    expect(retry.json().code).toBe('IDEMPOTENCY_KEY_IN_PROGRESS');
  });

  it('a request whose key was taken over creates nothing (the current claim creates)', async () => {
    const key = randomUUID();
    const body = shipmentBody();
    await pool().query(
      `insert into idempotency_keys (company_id, key, claim, method, path, request_hash, expires_at)
       values ($1, $2, 'the-new-claim', 'POST', '/api/partner/shipments', 'h', now() + interval '1 day')`,
      [a.companyId, key],
    );
    await expect(hub.services.shipments.create(a.companyId, body as never, { key, claim: 'the-old-claim' })).rejects.toMatchObject({
      code: 'IDEMPOTENCY_KEY_IN_PROGRESS',
    });
    expect(await countByTrackingNumber(body.trackingNumber)).toBe(0);
    const created = await hub.services.shipments.create(a.companyId, body as never, { key, claim: 'the-new-claim' });
    expect(await countByTrackingNumber(body.trackingNumber)).toBe(1);
    const { rows } = await pool().query<{ response_status: number; id: string }>(
      `select response_status, response_body->>'id' as id from idempotency_keys where company_id = $1 and key = $2`,
      [a.companyId, key],
    );
    expect(rows[0]).toEqual({ response_status: 201, id: created.id });
  });

  it.skipIf(!process.env.DATABASE_URL)('a takeover committed while the create statement waits for the key makes that create give way', async () => {
    const key = randomUUID();
    const body = shipmentBody();
    await pool().query(
      `insert into idempotency_keys (company_id, key, claim, method, path, request_hash, expires_at)
       values ($1, $2, 'first', 'POST', '/api/partner/shipments', 'h', now() + interval '1 day')`,
      [a.companyId, key],
    );
    // Another process takes the key over: its upsert holds the row until it commits.
    const other = new pg.Client({ connectionString: hub.config.db.url });
    await other.connect();
    try {
      await other.query('begin');
      await other.query(`update idempotency_keys set claim = 'second', created_at = now() where company_id = $1 and key = $2`, [a.companyId, key]);
      let settled = false;
      const create = hub.services.shipments.create(a.companyId, body as never, { key, claim: 'first' }).finally(() => (settled = true));
      create.catch(() => {});
      await new Promise((r) => setTimeout(r, 300));
      expect(settled).toBe(false); // waiting for the key's row lock
      await other.query('commit');
      await expect(create).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_IN_PROGRESS' });
    } finally {
      await other.end();
    }
    expect(await countByTrackingNumber(body.trackingNumber)).toBe(0);
  });
});
