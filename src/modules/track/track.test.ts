import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isLanguage, STATUS_LABELS, statusLabel } from './labels.js';
import { buildPublicTracking, maskName, safePhotoUrl, type PublicTrackingRow } from './track.js';
import { confirmationMail, statusMail } from './track.mail.js';
import { CONFIRM_TTL_MS, deriveSubscriptionKey, readSubscriptionToken, subscriptionToken } from './tokens.js';

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

  it('sorts many events by time, keeping the recorded order of events at the same moment', () => {
    const at = (m: number) => `2025-01-20T1${m}:00:00.000Z`;
    const e = (status: string, m: number, location = status) => ({ status, location, timestamp: at(m) });
    const recorded = [e('in_transit', 5), e('pending', 1), e('assigned', 2, 'a'), e('picked_up', 2, 'b'), e('out_for_delivery', 7), e('pending', 0)];
    expect(buildPublicTracking(row({ status: 'out_for_delivery', events: recorded })).events.map((x) => x.location)).toEqual([
      'pending',
      'pending',
      'a',
      'b',
      'in_transit',
      'out_for_delivery',
    ]);
    expect(buildPublicTracking(row({ status: 'out_for_delivery', events: recorded })).events[0]!.timestamp).toBe(at(0));
  });

  it('dates the pending stage by the assignment when there is no pending event', () => {
    const assigned = { status: 'assigned', location: null, timestamp: '2025-01-20T15:35:00.000Z' };
    expect(buildPublicTracking(row({ status: 'assigned', events: [assigned] })).stages[0]).toEqual({
      stage: 'pending',
      reached: true,
      at: assigned.timestamp,
    });
  });

  it('leaves a stage the parcel is not at unreached and undated, even when an earlier event named it', () => {
    const back = [
      ...row().events,
      { status: 'out_for_delivery', location: 'Van', timestamp: '2025-01-21T09:00:00.000Z' },
      { status: 'in_transit', location: 'Hub', timestamp: '2025-01-21T10:00:00.000Z' },
    ];
    const v = buildPublicTracking(row({ status: 'in_transit', events: back }));
    expect(v.stages[3]).toEqual({ stage: 'out_for_delivery', reached: false, at: null });
    expect(v.progressPercentage).toBe(60);
  });

  it('takes the last delivered event as the delivery time, and none when the parcel is not delivered', () => {
    const d1 = { status: 'delivered', location: 'Door', timestamp: '2025-01-22T10:00:00.000Z' };
    const d2 = { status: 'delivered', location: 'Door', timestamp: '2025-01-22T11:00:00.000Z' };
    expect(buildPublicTracking(row({ status: 'delivered', events: [...row().events, d1, d2] })).estimatedDelivery).toBe(d2.timestamp);
    expect(buildPublicTracking(row({ status: 'returned', events: [...row().events, d1] })).estimatedDelivery).toBe('2025-01-22T17:00:00.000Z');
  });

  it('shows a POD with a photo and no name, or a name and no photo', () => {
    const delivered = {
      status: 'delivered',
      events: [...row().events, { status: 'delivered', location: null, timestamp: '2025-01-22T10:00:00.000Z' }],
    };
    expect(buildPublicTracking(row({ ...delivered, pod_image_url: 'https://x.example/p.jpg' })).proofOfDelivery).toEqual({
      receiverName: null,
      photoUrl: 'https://x.example/p.jpg',
      deliveredAt: '2025-01-22T10:00:00.000Z',
    });
    expect(buildPublicTracking(row({ ...delivered, pod_receiver_name: 'Budi' })).proofOfDelivery).toMatchObject({
      receiverName: 'B***',
      photoUrl: null,
    });
  });

  it('estimates two days after creation at 17:00 UTC when the creator gave no date', () => {
    expect(buildPublicTracking(row({ estimated_delivery: null })).estimatedDelivery).toBe('2025-01-22T17:00:00.000Z');
  });
});

describe('subscription tokens', () => {
  const key = deriveSubscriptionKey('master-secret-for-tests');
  // Vectors computed apart, with Python's hmac: HKDF-SHA256 (empty salt, info 'fastforward tracking
  // subscriptions v1'), then HMAC-SHA256 of 'confirm\n42' in base64url.
  it('matches vectors computed apart', () => {
    expect(key.toString('hex')).toBe('68bfe31e6649a15aa6d4a56a18532afbc89f12087f2c92c84056fbb130962d72');
    expect(subscriptionToken(key, 'confirm', 42)).toBe('42.ilJV_cNCHgzD2lBbjHE2TR-NYW0DIwmWNpk8IWJBG7w');
    expect(subscriptionToken(key, 'unsubscribe', 7)).toBe('7.33n69VDfPpi0FgNtxKtoKQPu4YqRLLDnwsulNzyJcaw');
    expect(CONFIRM_TTL_MS).toBe(604_800_000);
  });

  it('reads ids of any length up to 16 digits, and nothing around the token', () => {
    const t = subscriptionToken(key, 'confirm', 1234567);
    expect(readSubscriptionToken(key, 'confirm', t)).toBe(1234567);
    expect(readSubscriptionToken(key, 'confirm', `x${t}`)).toBeNull();
    expect(readSubscriptionToken(key, 'confirm', `${t}x`)).toBeNull();
    expect(readSubscriptionToken(key, 'confirm', ` ${t}`)).toBeNull();
  });

  it('refuses an id past the safe integers even with the MAC its rounded value would have', () => {
    // 9007199254740993 reads as 9007199254740992 in a double: its MAC must not let it through.
    expect(readSubscriptionToken(key, 'confirm', '9007199254740993.SQBrhjb-77MM_u_Iayv0QZgMTXkwsEic_GX1i6cxHv4')).toBeNull();
  });
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

  it('are these texts, word for word', () => {
    const confirmEn = confirmationMail({ ...links, to: 'a@example.com', language: 'en', confirmToken: '5.tok' });
    expect(confirmEn).toEqual({
      to: 'a@example.com',
      subject: 'Confirm notifications for parcel T-1 2',
      text: [
        'You (or someone with this email address) asked for status updates of parcel T-1 2.',
        '',
        'Confirm by opening this link:',
        'https://hub.example/track/T-1%202#confirm=5.tok',
        '',
        'If you did not ask for them, ignore this email: you will get nothing else from us.',
      ].join('\n'),
      tag: 'tracking-confirm',
    });
    expect(confirmationMail({ ...links, to: 'a@example.com', language: 'id', confirmToken: '5.tok' })).toMatchObject({
      subject: 'Konfirmasi notifikasi untuk paket T-1 2',
      text: [
        'Anda (atau seseorang dengan alamat email ini) meminta notifikasi status untuk paket T-1 2.',
        '',
        'Konfirmasi dengan membuka tautan ini:',
        'https://hub.example/track/T-1%202#confirm=5.tok',
        '',
        'Jika Anda tidak memintanya, abaikan email ini: Anda tidak akan menerima email lain dari kami.',
      ].join('\n'),
    });
    const status = (language: 'en' | 'id', location: string | null) =>
      statusMail({ ...links, to: 'a@example.com', language, status: 'in_transit', location, unsubscribeToken: '5.u' });
    expect(status('en', 'Bandung')).toMatchObject({
      subject: 'Parcel T-1 2: In transit',
      text: [
        'Parcel T-1 2 is now: In transit (Bandung).',
        '',
        'Track it: https://hub.example/track/T-1%202',
        '',
        'Stop these notifications for this parcel: https://hub.example/track/T-1%202#unsubscribe=5.u',
      ].join('\n'),
      tag: 'tracking-status',
    });
    expect(status('en', null).text.split('\n')[0]).toBe('Parcel T-1 2 is now: In transit.');
    expect(status('id', null)).toMatchObject({
      subject: 'Paket T-1 2: Dalam perjalanan',
      text: [
        'Status paket T-1 2 sekarang: Dalam perjalanan.',
        '',
        'Lacak paket: https://hub.example/track/T-1%202',
        '',
        'Berhenti menerima notifikasi untuk paket ini: https://hub.example/track/T-1%202#unsubscribe=5.u',
      ].join('\n'),
    });
  });

  it('labels every status in both languages, as written for the product', () => {
    expect(STATUS_LABELS).toEqual({
      id: {
        pending: 'Pesanan dibuat',
        assigned: 'Kurir ditetapkan',
        picked_up: 'Paket dijemput',
        in_transit: 'Dalam perjalanan',
        out_for_delivery: 'Sedang diantar',
        delivered: 'Terkirim',
        failed: 'Gagal dikirim',
        returned: 'Dikembalikan',
        cancelled: 'Dibatalkan',
      },
      en: {
        pending: 'Order created',
        assigned: 'Courier assigned',
        picked_up: 'Picked up',
        in_transit: 'In transit',
        out_for_delivery: 'Out for delivery',
        delivered: 'Delivered',
        failed: 'Delivery failed',
        returned: 'Returned',
        cancelled: 'Cancelled',
      },
    });
    expect([isLanguage('id'), isLanguage('en'), isLanguage('fr'), isLanguage(undefined)]).toEqual([true, true, false, false]);
  });

  it('labels every status in both languages, unknown ones readable', () => {
    expect(statusLabel('en', 'in_transit')).toBe('In transit');
    expect(statusLabel('id', 'delivered')).toBe('Terkirim');
    expect(statusLabel('en', 'lost_at_sea')).toBe('lost at sea');
  });
});
