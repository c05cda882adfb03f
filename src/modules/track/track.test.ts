import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { statusLabel } from './labels.js';
import { buildPublicTracking, maskName, safePhotoUrl, type PublicTrackingRow } from './track.js';
import { confirmationMail, statusMail } from './track.mail.js';
import { deriveSubscriptionKey, readSubscriptionToken, subscriptionToken } from './tokens.js';

describe('maskName', () => {
  it.each([
    ['Andi Yusuf', 'A*** Y***'],
    ['SITI NURHALIZA', 'S*** N***'],
    ['siti', 'S***'],
    ['  Budi   Santoso  Putra ', 'B*** S*** P***'],
    ['Ñandú Ö', 'Ñ*** Ö***'],
    ['😀 Smile', '😀*** S***'],
    ['', null],
    ['   ', null],
    [null, null],
  ])('%j → %j', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('keeps one masked word per word and reveals nothing past each first character', () => {
    const word = fc.stringMatching(/^[A-Za-z]{1,12}$/);
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 5 }), (words) => {
        const masked = maskName(words.join(' '))!;
        const parts = masked.split(' ');
        expect(parts).toHaveLength(words.length);
        parts.forEach((p, i) => expect(p).toBe(`${words[i]![0]!.toUpperCase()}***`));
      }),
    );
  });
});

describe('safePhotoUrl', () => {
  it.each([
    ['https://cdn.jne.example/pod/1.jpg', 'https://cdn.jne.example/pod/1.jpg'],
    ['http://127.0.0.1:4010/pod/1.jpg', 'http://127.0.0.1:4010/pod/1.jpg'],
    ['javascript:alert(1)', null],
    ['data:image/png;base64,AAAA', null],
    ['/relative/path.jpg', null],
    ['', null],
    [null, null],
  ])('%j → %j', (url, safe) => {
    expect(safePhotoUrl(url)).toBe(safe);
  });
});

const row = (over: Partial<PublicTrackingRow> = {}): PublicTrackingRow => ({
  tracking_number: 'QUICK-2025-001',
  status: 'in_transit',
  carrier: null,
  estimated_delivery: '2025-01-22T17:00:00.000Z',
  created_at: '2025-01-20T15:30:00.000Z',
  current_location: null,
  events: [
    { status: 'pending', location: 'Warehouse', timestamp: '2025-01-20T15:30:00.000Z' },
    { status: 'assigned', location: null, timestamp: '2025-01-20T15:35:00.000Z' },
    { status: 'picked_up', location: 'Local Pickup', timestamp: '2025-01-20T16:00:00.000Z' },
    { status: 'in_transit', location: 'Distribution Center - Denver', timestamp: '2025-01-21T08:30:00.000Z' },
  ],
  pod_receiver_name: null,
  pod_image_url: null,
  pod_delivered_at: null,
  ...over,
});

describe('buildPublicTracking', () => {
  it("is the seed's example (phase 7.4) without its personal fields", () => {
    expect(buildPublicTracking(row())).toEqual({
      trackingNumber: 'QUICK-2025-001',
      status: 'in_transit',
      stages: [
        { stage: 'pending', reached: true, at: '2025-01-20T15:30:00.000Z' },
        { stage: 'picked_up', reached: true, at: '2025-01-20T16:00:00.000Z' },
        { stage: 'in_transit', reached: true, at: '2025-01-21T08:30:00.000Z' },
        { stage: 'out_for_delivery', reached: false, at: null },
        { stage: 'delivered', reached: false, at: null },
      ],
      progressPercentage: 60,
      currentLocation: 'Distribution Center - Denver',
      estimatedDelivery: '2025-01-22T17:00:00.000Z',
      carrier: null,
      events: row().events,
      proofOfDelivery: null,
    });
  });

  it('shows the POD once delivered: masked name, photo, when; the estimate becomes the delivery time', () => {
    const delivered = { status: 'delivered', location: 'Bandung', timestamp: '2025-01-22T10:32:00.000Z' };
    const v = buildPublicTracking(
      row({
        status: 'delivered',
        carrier: 'jne',
        events: [...row().events, delivered],
        pod_receiver_name: 'Andi Yusuf',
        pod_image_url: 'https://cdn.example/pod.jpg',
        pod_delivered_at: '2025-01-22T10:31:00.000Z',
      }),
    );
    expect(v.progressPercentage).toBe(100);
    expect(v.stages.every((s) => s.reached)).toBe(true);
    expect(v.stages[3]).toEqual({ stage: 'out_for_delivery', reached: true, at: null });
    expect(v.estimatedDelivery).toBe('2025-01-22T10:32:00.000Z');
    expect(v.proofOfDelivery).toEqual({
      receiverName: 'A*** Y***',
      photoUrl: 'https://cdn.example/pod.jpg',
      deliveredAt: '2025-01-22T10:31:00.000Z',
    });
  });

  it('shows no POD before delivery even when the carrier already sent one, and none without name or photo', () => {
    expect(buildPublicTracking(row({ pod_receiver_name: 'Andi', pod_image_url: 'https://x.example/p.jpg' })).proofOfDelivery).toBeNull();
    expect(buildPublicTracking(row({ status: 'delivered' })).proofOfDelivery).toBeNull();
  });

  it('keeps the furthest stage of a parcel that left the happy path, and no estimate once cancelled', () => {
    expect(buildPublicTracking(row({ status: 'returned' })).progressPercentage).toBe(60);
    expect(buildPublicTracking(row({ status: 'cancelled', events: row().events.slice(0, 1) })).estimatedDelivery).toBeNull();
  });

  it('lists the events in time order, whatever order they were recorded in', () => {
    const late = { status: 'picked_up', location: 'Hub', timestamp: '2025-01-20T16:00:00.000Z' };
    const early = { status: 'pending', location: 'Warehouse', timestamp: '2025-01-20T15:30:00.000Z' };
    expect(buildPublicTracking(row({ status: 'picked_up', events: [late, early] })).events).toEqual([early, late]);
  });

  it('estimates two days after creation at 17:00 UTC when the creator gave no date', () => {
    expect(buildPublicTracking(row({ estimated_delivery: null })).estimatedDelivery).toBe('2025-01-22T17:00:00.000Z');
  });
});

describe('subscription tokens', () => {
  const key = deriveSubscriptionKey('master-secret-for-tests');
  it('read back the id they were made for, for their purpose only', () => {
    const t = subscriptionToken(key, 'confirm', 42);
    expect(t).toMatch(/^42\.[A-Za-z0-9_-]{43}$/);
    expect(readSubscriptionToken(key, 'confirm', t)).toBe(42);
    expect(readSubscriptionToken(key, 'unsubscribe', t)).toBeNull();
    expect(readSubscriptionToken(deriveSubscriptionKey('another-master'), 'confirm', t)).toBeNull();
  });

  it.each(['', '42', '42.', 'x.abc', `0.${'A'.repeat(43)}`, `42.${'A'.repeat(42)}`, `42.${'A'.repeat(44)}`, `99999999999999999.${'A'.repeat(43)}`])(
    'refuses %j',
    (t) => expect(readSubscriptionToken(key, 'confirm', t)).toBeNull(),
  );

  it('refuses any change to a token', () => {
    const t = subscriptionToken(key, 'unsubscribe', 7);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: t.length - 1 }), fc.constantFrom(...'ABCxyz019-_'), (i, c) => {
        fc.pre(t[i] !== c);
        const changed = t.slice(0, i) + c + t.slice(i + 1);
        expect(readSubscriptionToken(key, 'unsubscribe', changed)).not.toBe(7);
      }),
    );
  });
});

describe('mails', () => {
  const links = { publicUrl: 'https://hub.example', trackingNumber: 'T-1 2' };
  it('confirmation: the page link with the token in its fragment', () => {
    const m = confirmationMail({ ...links, to: 'a@example.com', language: 'en', confirmToken: '5.tok' });
    expect(m.subject).toBe('Confirm notifications for parcel T-1 2');
    expect(m.text).toContain('https://hub.example/track/T-1%202#confirm=5.tok');
    expect(m.headers).toBeUndefined();
  });

  it('status: the label in the language, the place, the page and both unsubscribe ways', () => {
    const m = statusMail({ ...links, to: 'a@example.com', language: 'id', status: 'out_for_delivery', location: 'Bandung', unsubscribeToken: '5.u' });
    expect(m.subject).toBe('Paket T-1 2: Sedang diantar');
    expect(m.text).toContain('Status paket T-1 2 sekarang: Sedang diantar (Bandung).');
    expect(m.text).toContain('https://hub.example/track/T-1%202#unsubscribe=5.u');
    expect(m.headers).toEqual({
      'List-Unsubscribe': '<https://hub.example/api/public/subscriptions/one-click-unsubscribe?token=5.u>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });

  it('labels every status in both languages, unknown ones readable', () => {
    expect(statusLabel('en', 'in_transit')).toBe('In transit');
    expect(statusLabel('id', 'delivered')).toBe('Terkirim');
    expect(statusLabel('en', 'lost_at_sea')).toBe('lost at sea');
  });
});
