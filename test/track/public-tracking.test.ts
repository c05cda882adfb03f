/**
 * The public tracking page's API (`/api/public/*`): a parcel as its recipient may see it (no login,
 * nothing personal but the receiver's masked name), and "notify me" end to end over a real SMTP
 * server — double opt-in, a mail per status change, one-click unsubscribe (RFC 8058).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assign, newPartner, newShipment, testIp, type TestPartner } from '../helpers/factories.js';
import { awbFor, callbackBody, createCarrierTestEnv, newCourierShipment, postCallback, type CarrierTestEnv } from '../helpers/carriers.js';
import { decodeMessage, startSmtpSink, waitFor, type ReceivedMail } from '../helpers/smtp.js';

let env: CarrierTestEnv;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let partner: TestPartner;

beforeAll(async () => {
  smtp = await startSmtpSink();
  env = await createCarrierTestEnv({ role: 'all', env: { SMTP_URL: smtp.url, PUBLIC_URL: 'https://track.example.com' } });
  partner = await newPartner(env.app);
});
afterAll(async () => {
  await env?.close();
  await smtp?.close();
});

const track = (tn: string) => env.app.inject({ method: 'GET', url: `/api/public/tracking/${encodeURIComponent(tn)}`, remoteAddress: testIp() });
const post = (url: string, payload: unknown) => env.app.inject({ method: 'POST', url, payload: payload as object, remoteAddress: testIp() });
const moveTo = async (shipmentId: string, status: string, location: string) => {
  const res = await env.app.inject({
    method: 'POST',
    url: `/api/partner/shipments/${shipmentId}/events`,
    headers: partner.headers,
    payload: { status, location, notes: 'Handed to Budi Santoso at the door' },
  });
  expect(res.statusCode, res.body).toBe(200);
};
const mailsTo = (to: string) => smtp.received.filter((m) => m.to.includes(to));
const textOf = (m: ReceivedMail) => decodeMessage(m.raw);

describe('GET /api/public/tracking/:trackingNumber', () => {
  it('shows stages, place, estimate and events of a partner shipment, and nothing personal', async () => {
    const s = await newShipment(env.app, partner, { estimatedDelivery: '2030-01-22T17:00:00.000Z' });
    await assign(env.hub, s.id, partner);
    await moveTo(s.id, 'picked_up', 'Jakarta Hub');
    await moveTo(s.id, 'in_transit', 'Bandung Sorting Center');

    const res = await track(s.trackingNumber);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      trackingNumber: s.trackingNumber,
      status: 'in_transit',
      progressPercentage: 60,
      currentLocation: 'Bandung Sorting Center',
      estimatedDelivery: '2030-01-22T17:00:00.000Z',
      carrier: null,
      proofOfDelivery: null,
    });
    expect(body.stages.map((x: { stage: string; reached: boolean }) => [x.stage, x.reached])).toEqual([
      ['pending', true],
      ['picked_up', true],
      ['in_transit', true],
      ['out_for_delivery', false],
      ['delivered', false],
    ]);
    expect(body.events.map((e: { status: string }) => e.status)).toEqual(['pending', 'assigned', 'picked_up', 'in_transit']);
    // The shipment body (factories.shipmentBody) names Jane Smith, her email, phone and two addresses; the notes name Budi.
    for (const secret of ['Jane', 'jane@customer.com', '+1555555555', 'Warehouse St', 'Home Ave', 'Budi', 'totalCost', 'customer']) {
      expect(res.body).not.toContain(secret);
    }
    expect(res.headers['x-ratelimit-limit']).toBe('120');
  });

  it('shows a delivered carrier parcel by its AWB with the photo and the receiver name masked', async () => {
    const awb = awbFor('jne', 'delivered');
    const s = await newCourierShipment(env.app, partner, 'jne', awb);
    expect((await postCallback(env.app, callbackBody(awb, 'delivered', { receiver_name: 'Siti Nurhaliza' }))).statusCode).toBe(200);
    const body = await waitFor(async () => {
      const b = (await track(awb)).json();
      return b.status === 'delivered' && b.proofOfDelivery ? b : undefined;
    });
    expect(body.trackingNumber).toBe(s.trackingNumber);
    expect(body.carrier).toBe('jne');
    expect(body.progressPercentage).toBe(100);
    expect(body.proofOfDelivery.receiverName).toBe('S*** N***');
    expect(body.proofOfDelivery.photoUrl).toMatch(/^https?:\/\//);
    expect(JSON.stringify(body)).not.toMatch(/siti|nurhaliza/i);
  });

  it.each([
    ['an unknown number', 'NO-SUCH-PARCEL-1', 404, 'SHIPMENT_NOT_FOUND'],
    ['a malformed number', 'a b', 400, 'VALIDATION_FAILED'],
  ])('answers %s with %s', async (_what, tn, status, code) => {
    const res = await track(tn);
    expect(res.statusCode).toBe(status);
    expect(res.json().code).toBe(code);
  });
});

describe('notify me', () => {
  it('mails a confirmation, then one mail per status change once confirmed, until one-click unsubscribe', async () => {
    const s = await newShipment(env.app, partner);
    await assign(env.hub, s.id, partner);
    const email = `customer-${s.id.slice(-6)}@example.com`;

    const signUp = await post(`/api/public/tracking/${s.trackingNumber}/subscriptions`, { email, language: 'en' });
    expect(signUp.statusCode, signUp.body).toBe(202);
    expect(signUp.json()).toEqual({ trackingNumber: s.trackingNumber, status: 'pending_confirmation' });

    // Not confirmed: a status change mails nothing.
    await moveTo(s.id, 'picked_up', 'Jakarta Hub');
    const confirmation = await waitFor(() => mailsTo(email)[0]);
    const confirmText = textOf(confirmation);
    expect(confirmText).toMatch(/^subject: Confirm notifications for parcel/im);
    const link = new RegExp(`https://track\\.example\\.com/track/${s.trackingNumber}#confirm=(\\S+)`).exec(confirmText);
    expect(link, confirmText).not.toBeNull();

    // Signing up again at once answers alike and does not mail again (5 minutes between confirmations).
    expect((await post(`/api/public/tracking/${s.trackingNumber}/subscriptions`, { email: email.toUpperCase(), language: 'en' })).statusCode).toBe(
      202,
    );

    const confirmed = await post('/api/public/subscriptions/confirm', { token: link![1] });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toEqual({ trackingNumber: s.trackingNumber, status: 'confirmed' });

    await moveTo(s.id, 'in_transit', 'Bandung Sorting Center');
    const statusMail = await waitFor(() => mailsTo(email).find((m) => /Parcel .* In transit/.test(textOf(m))));
    const statusText = textOf(statusMail);
    expect(statusText).toContain('Bandung Sorting Center');
    expect(statusText).toContain(`https://track.example.com/track/${s.trackingNumber}`);
    expect(statusText).toMatch(/^list-unsubscribe-post: List-Unsubscribe=One-Click/im);
    const oneClick = /^list-unsubscribe:\s+<https:\/\/track\.example\.com(\/api\/public\/subscriptions\/one-click-unsubscribe\?token=[^>]+)>/im.exec(
      statusText,
    );
    expect(oneClick, statusText).not.toBeNull();
    expect(mailsTo(email)).toHaveLength(2); // the picked_up change before confirming mailed nothing

    // What a mail client does for one-click: POST the form to the header's address.
    const off = await env.app.inject({
      method: 'POST',
      url: oneClick![1]!,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
      remoteAddress: testIp(),
    });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json()).toEqual({ trackingNumber: s.trackingNumber, status: 'unsubscribed' });

    await moveTo(s.id, 'out_for_delivery', 'Bandung');
    // Give the notifier time to (wrongly) send, then check nothing came.
    const outbox = await waitFor(async () => {
      const { rows } = await env.hub.deps.database.pool.query<{ n: number }>(
        `select count(*)::int as n from tracking_notifications n join tracking_subscriptions t on t.id = n.subscription_id
         where t.shipment_id = $1 and n.sent_at is null`,
        [s.id],
      );
      return rows[0]!.n === 0 ? true : undefined;
    });
    expect(outbox).toBe(true);
    await new Promise((r) => setTimeout(r, 500));
    expect(mailsTo(email)).toHaveLength(2);
  });

  it('writes its mails in Indonesian for a sign-up made in Indonesian', async () => {
    const s = await newShipment(env.app, partner);
    const email = `pelanggan-${s.id.slice(-6)}@example.com`;
    expect((await post(`/api/public/tracking/${s.trackingNumber}/subscriptions`, { email, language: 'id' })).statusCode).toBe(202);
    const mail = textOf(await waitFor(() => mailsTo(email)[0]));
    expect(mail).toMatch(/^subject: Konfirmasi notifikasi untuk paket/im);
  });

  it('refuses links it did not make, and a confirm token used to unsubscribe', async () => {
    const s = await newShipment(env.app, partner);
    const email = `c-${s.id.slice(-6)}@example.com`;
    await post(`/api/public/tracking/${s.trackingNumber}/subscriptions`, { email, language: 'en' });
    const token = /#confirm=(\S+)/.exec(textOf(await waitFor(() => mailsTo(email)[0])))![1]!;
    const [id] = token.split('.');
    const forged = `${id}.${'A'.repeat(43)}`;
    for (const [url, t] of [
      ['/api/public/subscriptions/confirm', forged],
      ['/api/public/subscriptions/unsubscribe', token],
      ['/api/public/subscriptions/confirm', `999999999.${token.split('.')[1]}`],
    ] as const) {
      const res = await post(url, { token: t });
      expect(res.statusCode, `${url} ${t}`).toBe(404);
      expect(res.json().code).toBe('SUBSCRIPTION_LINK_INVALID');
    }
    const bad = await post('/api/public/subscriptions/confirm', { token: 'not a token' });
    expect(bad.statusCode).toBe(400);
  });

  it('refuses a bad address (400) and an unknown parcel (404)', async () => {
    const s = await newShipment(env.app, partner);
    const bad = await post(`/api/public/tracking/${s.trackingNumber}/subscriptions`, { email: 'nope', language: 'en' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].field).toBe('body.email');
    const unknown = await post('/api/public/tracking/NO-SUCH-PARCEL-2/subscriptions', { email: 'a@example.com' });
    expect(unknown.statusCode).toBe(404);
  });
});
