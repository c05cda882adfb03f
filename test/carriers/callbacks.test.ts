/**
 * The JNE push callback, end to end on a hub that runs its worker (relay + consumer):
 * authentication before parsing, raw storage, exact-duplicate dropping, the POD saved at once, the
 * update applied to the carrier shipment by the `callback-update-status` consumer (status, tracking
 * events with raw codes, domain events once, capacity), never backwards from delivered, the IP
 * allow-list, and the NSQ copy of the topic (published later when nsqd was down).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activeShipments,
  awbFor,
  CALLBACK_SECRET,
  call,
  callbackBody,
  callbacksFor,
  createCarrierTestEnv,
  eventsOf,
  newCourierShipment,
  podOf,
  postCallback,
  rows,
  shipmentRow,
  startFakeNsqd,
  until,
  type CarrierTestEnv,
  type FakeNsqd,
} from '../helpers/carriers.js';
import { newPartner, type TestPartner } from '../helpers/factories.js';

let env: CarrierTestEnv;
let nsqd: FakeNsqd;
let p: TestPartner;

beforeAll(async () => {
  nsqd = await startFakeNsqd();
  env = await createCarrierTestEnv({
    role: 'all',
    env: { NSQD_HTTP_ADDRESS: nsqd.address, CARRIER_JNE_CALLBACK_IPS: '127.0.0.1, ::1, 10.0.0.0/8' },
  });
  p = await newPartner(env.app);
});
afterAll(async () => {
  await env?.close();
  await nsqd?.close();
});

async function appliedRow(callbackId: number) {
  return until(async () => {
    const [r] = await rows<{ applied_at: Date | null; apply_note: string | null; nsq_published_at: Date | null; published_at: Date | null }>(
      env.hub,
      'select applied_at, apply_note, nsq_published_at, published_at from carrier_callbacks where id = $1',
      [callbackId],
    );
    return r?.applied_at ? r : undefined;
  }, `callback ${callbackId} applied`);
}

async function accepted(body: unknown, message: 'accepted' | 'duplicate' = 'accepted'): Promise<number> {
  const res = await postCallback(env.app, body);
  expect(res.statusCode, res.body).toBe(200);
  const b = res.json();
  expect(b).toEqual({ status: true, message, callbackId: expect.any(Number) });
  return b.callbackId;
}

describe('acknowledgement', () => {
  it('a valid callback → 200 accepted with its id; the raw body is stored verbatim', async () => {
    const awb = awbFor('jne', 'delivered');
    // Odd spacing and key order: the stored body must be these exact bytes, not a re-serialisation.
    const raw = JSON.stringify(callbackBody(awb), null, 3).replace('{', '{  ') + '\n';
    const res = await postCallback(env.app, raw);
    expect(res.statusCode, res.body).toBe(200);
    const { callbackId, status, message } = res.json();
    expect({ status, message }).toEqual({ status: true, message: 'accepted' });
    const [row] = await rows(env.hub, 'select * from carrier_callbacks where id = $1', [callbackId]);
    expect(row.raw_body).toBe(raw);
    expect(row).toMatchObject({ carrier: 'jne', status: 'accepted', awb, duplicates: 0, reject_code: null });
    expect(row.remote_ip).toBe('127.0.0.1');
  });

  it('an exact duplicate → 200 duplicate, same id, stored once (duplicates = 1), applied once', async () => {
    const awb = awbFor('jne', 'delivered');
    const s = await newCourierShipment(env.app, p, 'jne', awb);
    const body = JSON.stringify(callbackBody(awb));
    const id = await accepted(body);
    const dup = await postCallback(env.app, body);
    expect(dup.statusCode, dup.body).toBe(200);
    expect(dup.json()).toEqual({ status: true, message: 'duplicate', callbackId: id });
    const stored = await callbacksFor(env.hub, awb);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.duplicates).toBe(1);
    await appliedRow(id);
    const types = (await eventsOf(env.hub, s.id)).map((e) => e.type);
    expect(types.filter((t) => t === 'shipment.delivered')).toHaveLength(1);
    expect(types.filter((t) => t === 'pod.received')).toHaveLength(1);
  });

  it('saves the POD (receiver and photo) to proof_of_delivery before answering', async () => {
    const awb = awbFor('jne', 'delivered');
    const s = await newCourierShipment(env.app, p, 'jne', awb);
    await accepted(callbackBody(awb));
    // Read at once, without waiting for the worker.
    const pod = await podOf(env.hub, 'jne', awb);
    expect(pod).toBeDefined();
    expect(pod!.receiver_name).toBe('SITI');
    expect(pod!.image_url).toMatch(new RegExp(`^https://.*P\\|\\|${awb}\\.jpeg$`));
    expect(pod!.pod_code).toBe('D01');
    expect(pod!.source).toBe('callback');
    expect(pod!.shipment_id).toBe(s.id);
  });

  it('an in-transit callback stores no POD', async () => {
    const awb = awbFor('jne', 'in_transit');
    await accepted(callbackBody(awb, 'in_transit'));
    expect(await podOf(env.hub, 'jne', awb)).toBeUndefined();
  });
});

describe('refused callbacks: 401/400, stored as rejected, never applied', () => {
  it('missing or wrong X-Callback-Token → 401 CALLBACK_UNAUTHORIZED', async () => {
    const awb = awbFor('jne', 'delivered');
    const s = await newCourierShipment(env.app, p, 'jne', awb);
    const body = JSON.stringify(callbackBody(awb));
    for (const token of [null, '', 'wrong-token-wrong-token', `${CALLBACK_SECRET}x`]) {
      const res = await postCallback(env.app, body, { token });
      expect(res.statusCode, res.body).toBe(401);
      expect(res.json().code).toBe('CALLBACK_UNAUTHORIZED');
    }
    // Unauthenticated bodies are not even parsed: garbage is refused the same way.
    const junk = await postCallback(env.app, '{not json', { token: null });
    expect(junk.statusCode).toBe(401);

    const stored = await rows(env.hub, `select * from carrier_callbacks where status = 'rejected' and raw_body = $1`, [body]);
    expect(stored).toHaveLength(4);
    for (const r of stored) {
      expect(r).toMatchObject({ reject_code: 'CALLBACK_UNAUTHORIZED', awb: null, published_at: null, applied_at: null });
    }
    // A later valid callback for another AWB goes all the way through; the refused one never does.
    const other = awbFor('jne', 'delivered');
    await appliedRow(await accepted(callbackBody(other)));
    expect((await shipmentRow(env.hub, s.id)).status).toBe('pending');
    expect(await podOf(env.hub, 'jne', awb)).toBeUndefined();
    expect((await eventsOf(env.hub, s.id)).map((e) => e.type)).toEqual(['shipment.created']);
  });

  it.each([
    ['malformed JSON', '{"awb": "0100000000000010", "history": ['],
    ['an empty body', ''],
    ['a JSON array', '[]'],
    ['no awb', JSON.stringify({ ...callbackBody('0100000000000010'), awb: undefined })],
    ['a blank awb', JSON.stringify({ ...callbackBody('0100000000000010'), awb: '   ' })],
    ['no history', JSON.stringify({ ...callbackBody('0100000000000010'), history: [] })],
    [
      'a bad history date',
      JSON.stringify({ ...callbackBody('0100000000000010'), history: [{ date: 'yesterday', status_code: 'D01', status_desc: 'x' }] }),
    ],
    ['an awb that is no AWB', JSON.stringify(callbackBody('../../etc/passwd'))],
    ['an awb of 200 characters', JSON.stringify(callbackBody('1'.repeat(200)))],
  ])('%s → 400 CALLBACK_INVALID, stored as rejected', async (_what, raw) => {
    const before = await rows(
      env.hub,
      `select count(*)::int as n from carrier_callbacks where status = 'rejected' and reject_code = 'CALLBACK_INVALID'`,
    );
    const res = await postCallback(env.app, raw);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().code).toBe('CALLBACK_INVALID');
    const after = await rows(
      env.hub,
      `select count(*)::int as n from carrier_callbacks where status = 'rejected' and reject_code = 'CALLBACK_INVALID'`,
    );
    expect(after[0].n).toBe(before[0].n + 1);
    const [last] = await rows(env.hub, `select * from carrier_callbacks order by id desc limit 1`);
    expect(last).toMatchObject({ status: 'rejected', raw_body: raw, published_at: null, applied_at: null });
  });

  it('fuzz: random JSON and mutated callbacks are 200 or 400, never a 500', async () => {
    const template = callbackBody('0100000000000010', 'delivered');
    const ip = '10.99.99.99'; // its own address: the per-address cap on stored rejections is not the other tests'
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue().map((v) => JSON.stringify(v)),
          fc.tuple(fc.nat(), fc.jsonValue()).map(([pick, junk]) => {
            const copy = structuredClone(template) as Record<string, unknown>;
            const slots: Array<[Record<string, unknown> | unknown[], string | number]> = [];
            const walk = (v: unknown): void => {
              if (Array.isArray(v)) v.forEach((x, i) => (slots.push([v, i]), walk(x)));
              else if (v && typeof v === 'object')
                for (const [k, x] of Object.entries(v)) {
                  slots.push([v as Record<string, unknown>, k]);
                  walk(x);
                }
            };
            walk(copy);
            const [holder, key] = slots[pick % slots.length]!;
            (holder as Record<string | number, unknown>)[key] = junk;
            return JSON.stringify(copy);
          }),
          fc.string({ maxLength: 200 }),
        ),
        async (raw) => {
          const res = await postCallback(env.app, raw, { remoteAddress: ip });
          expect([200, 400], res.body).toContain(res.statusCode);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('accepts any content type (the body is read raw), but never a 500', async () => {
    const awb = awbFor('jne', 'delivered');
    for (const contentType of ['text/plain', 'application/json; charset=utf-8', 'application/octet-stream']) {
      const res = await postCallback(env.app, JSON.stringify(callbackBody(awb, 'delivered', { n: contentType })), { contentType });
      expect(res.statusCode, `${contentType}: ${res.body}`).toBe(200);
    }
    const noType = await call(env.app, {
      method: 'POST',
      url: '/callbacks/jne',
      headers: { 'x-callback-token': CALLBACK_SECRET },
      payload: Buffer.from(JSON.stringify(callbackBody(awb, 'delivered', { n: 'none' }))),
    });
    expect([200, 400, 415], noType.body).toContain(noType.statusCode);
    const big = await postCallback(env.app, JSON.stringify(callbackBody(awb, 'delivered', { pad: 'x'.repeat(300 * 1024) })));
    expect(big.statusCode, big.body).toBe(413);
  });

  it('the IP allow-list refuses other addresses (401), accepts listed ones and IPv4-mapped IPv6', async () => {
    const awb = awbFor('jne', 'in_transit');
    const body = JSON.stringify(callbackBody(awb, 'in_transit'));
    const refused = await postCallback(env.app, body, { remoteAddress: '192.168.7.7' });
    expect(refused.statusCode, refused.body).toBe(401);
    expect(refused.json().code).toBe('CALLBACK_UNAUTHORIZED');
    const [r] = await rows(env.hub, `select * from carrier_callbacks where remote_ip = '192.168.7.7' order by id desc limit 1`);
    expect(r).toMatchObject({ status: 'rejected', reject_code: 'CALLBACK_UNAUTHORIZED', raw_body: body });
    expect((await postCallback(env.app, body, { remoteAddress: '10.20.30.40' })).statusCode).toBe(200);
    const mapped = await postCallback(env.app, JSON.stringify(callbackBody(awb, 'in_transit', { v: 2 })), { remoteAddress: '::ffff:10.1.2.3' });
    expect(mapped.statusCode, mapped.body).toBe(200);
    const v6 = await postCallback(env.app, JSON.stringify(callbackBody(awb, 'in_transit', { v: 3 })), { remoteAddress: '2001:db8::1' });
    expect(v6.statusCode).toBe(401);
    // TRUST_PROXY is off: a forwarded-for header does not make an outside caller an allowed one.
    const spoofed = await call(env.app, {
      method: 'POST',
      url: '/callbacks/jne',
      remoteAddress: '192.168.7.8',
      headers: { 'content-type': 'application/json', 'x-callback-token': CALLBACK_SECRET, 'x-forwarded-for': '10.1.1.1' },
      payload: JSON.stringify(callbackBody(awb, 'in_transit', { v: 4 })),
    });
    expect(spoofed.statusCode).toBe(401);
  });
});

// Concurrent: each test has its own AWB and shipment, and most of the time is the worker's polling.
describe.concurrent('the consumer (queue callback-update-status) applies callbacks', () => {
  it('moves a carrier shipment along, records tracking events with raw codes, domain events once, releases capacity; never moves back', async () => {
    const p = await newPartner(env.app); // its own company: the capacity counter is this test's alone
    const awb = awbFor('jne', 'delivered');
    const s = await newCourierShipment(env.app, p, 'jne', awb);
    const active = await activeShipments(env.hub, p.companyId);

    // 1. In transit.
    const a = await appliedRow(await accepted(callbackBody(awb, 'in_transit')));
    expect(a.apply_note).toMatch(/pending -> in_transit/);
    expect((await shipmentRow(env.hub, s.id)).status).toBe('in_transit');

    // 2. Delivered, twice with different bodies (JNE resends with other fields): applied once.
    const d1 = await accepted(callbackBody(awb, 'delivered'));
    const d2 = await accepted(callbackBody(awb, 'delivered', { resent: true }));
    await appliedRow(d1);
    await appliedRow(d2);
    const row = await shipmentRow(env.hub, s.id);
    expect(row.status).toBe('delivered');
    expect(row.current_location).toBe('BDO10000');
    expect(row.carrier_raw_status).toBe('DELIVERED');

    const types = (await eventsOf(env.hub, s.id)).map((e) => e.type);
    expect(types).toEqual(['shipment.created', 'shipment.updated', 'shipment.delivered', 'pod.received']);
    const events = await eventsOf(env.hub, s.id);
    expect(events[1]!.data).toMatchObject({ shipmentId: s.id, previousStatus: 'pending', currentStatus: 'in_transit', carrier: 'jne', awb });
    expect(events[2]!.data).toMatchObject({ previousStatus: 'in_transit', currentStatus: 'delivered', carrier: 'jne', awb });
    expect(events[3]!.data).toMatchObject({ shipmentId: s.id, podReceiverName: 'SITI', image_url: expect.stringContaining(awb), awb });
    expect(await activeShipments(env.hub, p.companyId)).toBe(active - 1);

    // The raw codes are kept on the tracking events.
    const te = await rows<{ status: string; raw_code: string | null; notes: string }>(
      env.hub,
      'select status, raw_code, notes from tracking_events where shipment_id = $1 order by occurred_at, id',
      [s.id],
    );
    // The hub's own "Shipment created" event has no raw code; every carrier event has one.
    expect(te.filter((e) => e.raw_code === null).map((e) => e.status)).toEqual(['pending']);
    expect(te.map((e) => e.raw_code)).toEqual(expect.arrayContaining(['D01', 'IP3']));
    expect(te.find((e) => e.raw_code === 'D01')).toMatchObject({ status: 'delivered', notes: expect.stringContaining('DELIVERED TO [SITI') });
    expect(new Set(te.filter((e) => e.raw_code).map((e) => `${e.raw_code}`)).size).toBe(te.filter((e) => e.raw_code).length);

    // The partner API shows the carrier's history.
    const api = await call(env.app, { method: 'GET', url: `/api/partner/shipments/${s.id}`, headers: p.headers });
    expect(api.statusCode, api.body).toBe(200);
    const view = api.json();
    expect(view).toMatchObject({ status: 'delivered', courier: { code: 'jne', awb }, currentLocation: 'BDO10000' });
    expect(view.trackingEvents.length).toBe(te.length);
    expect(view.trackingEvents.filter((e: { status: string }) => e.status === 'delivered')).toEqual([
      expect.objectContaining({ notes: expect.stringContaining('DELIVERED TO [SITI'), location: 'BDO10000', rawCode: 'D01' }),
    ]);
    // Each carrier event with its raw code, the hub's own "Shipment created" without one.
    expect(view.trackingEvents.map((e: { rawCode?: string }) => e.rawCode ?? null).sort()).toEqual(te.map((e) => e.raw_code).sort());
    // In time order (the carrier's events may be older than the shipment's creation in the hub).
    const times = view.trackingEvents.map((e: { timestamp: string }) => e.timestamp);
    expect(times).toEqual([...times].sort());

    // 3. A late in-transit callback (another body) does not move it back, nor record anything.
    const late = await appliedRow(await accepted(callbackBody(awb, 'in_transit', { late: true })));
    expect(late.apply_note).toMatch(/delivered -> delivered/);
    expect((await shipmentRow(env.hub, s.id)).status).toBe('delivered');
    expect((await eventsOf(env.hub, s.id)).map((e) => e.type)).toEqual(types);
    expect(await activeShipments(env.hub, p.companyId)).toBe(active - 1);
  });

  it('a failed attempt then redelivery: failed → delivered, the load released once (at failed: the load rule counts it final)', async () => {
    const p = await newPartner(env.app);
    const awb = awbFor('jne', 'delivered');
    const s = await newCourierShipment(env.app, p, 'jne', awb);
    const active = await activeShipments(env.hub, p.companyId);
    await appliedRow(await accepted(callbackBody(awb, 'failed')));
    expect((await shipmentRow(env.hub, s.id)).status).toBe('failed');
    expect(await activeShipments(env.hub, p.companyId)).toBe(active - 1);
    await appliedRow(await accepted(callbackBody(awb, 'delivered')));
    expect((await shipmentRow(env.hub, s.id)).status).toBe('delivered');
    expect(await activeShipments(env.hub, p.companyId)).toBe(active - 1);
  });

  it('an unknown carrier code is kept raw as an `unknown` event and changes no status', async () => {
    const awb = awbFor('jne', 'delivered');
    const s = await newCourierShipment(env.app, p, 'jne', awb);
    const body = callbackBody(awb, 'in_transit', {
      status: 'SOMETHING NEW',
      history: [
        { date: '07-03-2024 09:00', status: 'ODD', status_code: 'ZZ9', status_desc: 'PAKET SEDANG DIPERIKSA [BANDUNG]', location_code: 'BDO10000' },
      ],
    });
    const r = await appliedRow(await accepted(body));
    expect(r.apply_note).toMatch(/pending -> pending, 1 new event/);
    expect((await shipmentRow(env.hub, s.id)).status).toBe('pending');
    const te = await rows(env.hub, 'select status, raw_code, notes from tracking_events where shipment_id = $1 and raw_code is not null', [s.id]);
    expect(te).toEqual([{ status: 'unknown', raw_code: 'ZZ9', notes: 'PAKET SEDANG DIPERIKSA [BANDUNG]' }]);
    expect((await eventsOf(env.hub, s.id)).map((e) => e.type)).toEqual(['shipment.created']);
  });

  it('a callback for an AWB the hub does not know: stored, POD kept, marked applied with a note', async () => {
    const awb = awbFor('jne', 'delivered');
    const id = await accepted(callbackBody(awb));
    const r = await appliedRow(id);
    expect(r.apply_note).toMatch(/no hub shipment/i);
    const pod = await podOf(env.hub, 'jne', awb);
    expect(pod).toMatchObject({ receiver_name: 'SITI', shipment_id: null });
  });

  it('a delivered callback without POD (pod_missing) delivers the shipment and records no pod.received', async () => {
    const awb = awbFor('jne', 'delivered');
    const s = await newCourierShipment(env.app, p, 'jne', awb);
    await appliedRow(await accepted(callbackBody(awb, 'pod_missing')));
    expect((await shipmentRow(env.hub, s.id)).status).toBe('delivered');
    expect(await podOf(env.hub, 'jne', awb)).toBeUndefined();
    expect((await eventsOf(env.hub, s.id)).map((e) => e.type)).toEqual(['shipment.created', 'shipment.delivered']);
  });

  it('the gateway cache is dropped once a callback is applied', async () => {
    const awb = awbFor('jne', 'in_transit');
    await newCourierShipment(env.app, p, 'jne', awb);
    const first = await call(env.app, { method: 'GET', url: `/v1/tracking/${awb}`, headers: p.headers });
    expect(first.statusCode, first.body).toBe(200);
    expect((await call(env.app, { method: 'GET', url: `/v1/tracking/${awb}`, headers: p.headers })).json().cached).toBe(true);
    await appliedRow(await accepted(callbackBody(awb, 'delivered')));
    const after = await call(env.app, { method: 'GET', url: `/v1/tracking/${awb}`, headers: p.headers });
    expect(after.json().cached).toBe(false);
  });
});

describe('NSQ (NSQD_HTTP_ADDRESS)', () => {
  it('publishes each accepted callback to topic callback-update-status', async () => {
    const awb = awbFor('jne', 'delivered');
    const id = await accepted(callbackBody(awb));
    const m = await until(() => nsqd.messages.find((x) => JSON.parse(x.body).callbackId === id), 'the NSQ message');
    expect(m.topic).toBe('callback-update-status');
    const msg = JSON.parse(m.body);
    expect(msg).toMatchObject({ callbackId: id, carrier: 'jne', awb, tracking: { awb, status: 'delivered', podReceiverName: 'SITI' } });
    const r = await appliedRow(id);
    await until(
      async () => (await rows(env.hub, 'select nsq_published_at from carrier_callbacks where id = $1', [id]))[0].nsq_published_at,
      'nsq_published_at',
    );
    expect(r.published_at).not.toBeNull();
  });

  it('nsqd down: the hub queue still applies the update; NSQ gets it once nsqd is back', async () => {
    const awb = awbFor('jne', 'delivered');
    const s = await newCourierShipment(env.app, p, 'jne', awb);
    nsqd.down = true;
    try {
      const id = await accepted(callbackBody(awb));
      const r = await appliedRow(id);
      expect(r.published_at).not.toBeNull();
      expect(r.nsq_published_at).toBeNull();
      expect((await shipmentRow(env.hub, s.id)).status).toBe('delivered');
      expect(nsqd.messages.some((x) => JSON.parse(x.body).callbackId === id)).toBe(false);
      nsqd.down = false;
      await until(() => nsqd.messages.find((x) => JSON.parse(x.body).callbackId === id), 'the NSQ message after nsqd came back');
      await until(
        async () => (await rows(env.hub, 'select nsq_published_at from carrier_callbacks where id = $1', [id]))[0].nsq_published_at,
        'nsq_published_at',
      );
    } finally {
      nsqd.down = false;
    }
  });
});
