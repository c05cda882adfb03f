import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildSignedHeaders, decodeSigningSecret, encodeSigningSecret, generateSigningSecret, SECRET_PREFIX, type SignInput } from './signing.js';

const NOW = new Date('2025-01-20T16:00:00.000Z');
const BODY = '{"event":"shipment.updated","timestamp":"2025-01-20T16:00:00.000Z","webhookId":"msg_abc","data":{"currentStatus":"picked_up"}}';
// Fixed secrets so the expected values below are independent of the module.
const CURRENT = 'whsec_' + Buffer.alloc(32, 7).toString('base64');
const OLD = 'whsec_' + Buffer.alloc(24, 9).toString('base64');

const input = (over: Partial<SignInput> = {}): SignInput => ({
  messageId: 'msg_abc',
  eventType: 'shipment.updated',
  timestamp: NOW,
  body: BODY,
  secrets: [decodeSigningSecret(CURRENT)],
  ...over,
});

afterEach(() => {
  vi.useRealTimers();
});

describe('signing secrets', () => {
  it('generates whsec_ + canonical base64 of 32 random bytes, different every time', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const s = generateSigningSecret();
      expect(s).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      expect(decodeSigningSecret(s)).toHaveLength(32);
      seen.add(s);
    }
    expect(seen.size).toBe(50);
  });

  it('decodes to the base64-decoded bytes, as the standardwebhooks library does', () => {
    expect(decodeSigningSecret(CURRENT).equals(Buffer.alloc(32, 7))).toBe(true);
    expect(encodeSigningSecret(Buffer.alloc(32, 7))).toBe(CURRENT);
  });

  it('round-trips any 24–64 byte key (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 24, maxLength: 64 }), (bytes) => {
        const key = Buffer.from(bytes);
        expect(decodeSigningSecret(encodeSigningSecret(key)).equals(key)).toBe(true);
      }),
    );
  });

  it.each([
    ['', 'prefix'],
    [Buffer.alloc(32).toString('base64'), 'prefix'],
    ['whsk_' + Buffer.alloc(32).toString('base64'), 'prefix'],
    ['WHSEC_' + Buffer.alloc(32).toString('base64'), 'prefix'],
    ['whsec_', 'base64'],
    ['whsec_' + Buffer.alloc(32).toString('base64url'), 'base64'],
    ['whsec_' + Buffer.alloc(32).toString('base64').replace(/=$/, ''), 'base64'],
    ['whsec_ ' + Buffer.alloc(32).toString('base64'), 'base64'],
    ['whsec_' + Buffer.alloc(32).toString('base64') + '\n', 'base64'],
    ['whsec_AB==', 'canonical'],
    ['whsec_' + Buffer.alloc(23).toString('base64'), '23 bytes'],
    ['whsec_' + Buffer.alloc(65).toString('base64'), '65 bytes'],
  ])('refuses %j (%s)', (secret, why) => {
    expect(() => decodeSigningSecret(secret)).toThrow(/invalid webhook signing secret/);
    expect(() => decodeSigningSecret(secret)).toThrow(why);
  });

  it('encodeSigningSecret refuses keys outside 24–64 bytes', () => {
    expect(() => encodeSigningSecret(Buffer.alloc(23))).toThrow(RangeError);
    expect(() => encodeSigningSecret(Buffer.alloc(65))).toThrow(RangeError);
  });
});

describe('buildSignedHeaders', () => {
  it('sends the seed headers and the Standard Webhooks headers', () => {
    const h = buildSignedHeaders(input());
    expect(Object.keys(h)).toEqual([
      'Content-Type',
      'X-Webhook-Event',
      'X-Webhook-Timestamp',
      'X-Webhook-ID',
      'X-Webhook-Signature',
      'webhook-id',
      'webhook-timestamp',
      'webhook-signature',
    ]);
    expect(h['Content-Type']).toBe('application/json');
    expect(h['X-Webhook-Event']).toBe('shipment.updated');
    expect(h['X-Webhook-Timestamp']).toBe('2025-01-20T16:00:00.000Z');
    expect(h['X-Webhook-ID']).toBe('msg_abc');
    expect(h['webhook-id']).toBe('msg_abc');
    expect(h['webhook-timestamp']).toBe('1737388800');
  });

  it('X-Webhook-Signature is lowercase hex HMAC-SHA256 over "<X-Webhook-Timestamp>.<body>" with the current secret', () => {
    const h = buildSignedHeaders(input({ secrets: [decodeSigningSecret(CURRENT), decodeSigningSecret(OLD)] }));
    const expected = createHmac('sha256', Buffer.alloc(32, 7)).update(`2025-01-20T16:00:00.000Z.${BODY}`).digest('hex');
    expect(h['X-Webhook-Signature']).toBe(expected);
    expect(h['X-Webhook-Signature']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('webhook-signature is "v1,<base64 HMAC over id.seconds.body>" once per secret, current first', () => {
    const h = buildSignedHeaders(input({ secrets: [decodeSigningSecret(CURRENT), decodeSigningSecret(OLD)] }));
    const sig = (key: Buffer) => createHmac('sha256', key).update(`msg_abc.1737388800.${BODY}`).digest('base64');
    expect(h['webhook-signature']).toBe(`v1,${sig(Buffer.alloc(32, 7))} v1,${sig(Buffer.alloc(24, 9))}`);
  });

  it('truncates the attempt time to whole seconds, so both timestamps name the same instant', () => {
    const h = buildSignedHeaders(input({ timestamp: new Date('2025-01-20T16:00:00.999Z') }));
    expect(h['X-Webhook-Timestamp']).toBe('2025-01-20T16:00:00.000Z');
    expect(h['webhook-timestamp']).toBe('1737388800');
    expect(Date.parse(h['X-Webhook-Timestamp']!) / 1000).toBe(Number(h['webhook-timestamp']));
  });

  it('signs the body bytes as UTF-8', () => {
    const body = '{"data":{"city":"Surabaya — Jawa Timur 🚚"}}';
    const h = buildSignedHeaders(input({ body }));
    const expected = createHmac('sha256', Buffer.alloc(32, 7))
      .update(Buffer.from(`msg_abc.1737388800.${body}`, 'utf8'))
      .digest('base64');
    expect(h['webhook-signature']).toBe(`v1,${expected}`);
  });

  it('refuses ids with ".", header-unsafe values, no secrets, empty secrets and invalid dates', () => {
    expect(() => buildSignedHeaders(input({ messageId: 'msg.1' }))).toThrow(/message id/);
    expect(() => buildSignedHeaders(input({ messageId: '' }))).toThrow(/message id/);
    expect(() => buildSignedHeaders(input({ messageId: 'msg_1\r\nX-Evil: 1' }))).toThrow(/message id/);
    expect(() => buildSignedHeaders(input({ eventType: 'a\nb' }))).toThrow(/event type/);
    expect(() => buildSignedHeaders(input({ secrets: [] }))).toThrow(/at least one/);
    expect(() => buildSignedHeaders(input({ secrets: [Buffer.alloc(0)] }))).toThrow(/empty/);
    expect(() => buildSignedHeaders(input({ timestamp: new Date(Number.NaN) }))).toThrow(/invalid Date/);
  });
});

describe('the standardwebhooks library verifies our headers unchanged', () => {
  const sign = (secrets: string[], body = BODY) => buildSignedHeaders(input({ body, secrets: secrets.map(decodeSigningSecret) }));

  it('with one secret (the library accepts the whsec_ string as is)', () => {
    vi.useFakeTimers({ now: NOW });
    const headers = sign([CURRENT]);
    expect(new Webhook(CURRENT).verify(BODY, headers)).toEqual(JSON.parse(BODY));
    // …and as a Buffer body.
    expect(new Webhook(CURRENT).verify(Buffer.from(BODY), headers)).toEqual(JSON.parse(BODY));
  });

  it('during a rotation: a partner holding either the new or the old secret verifies', () => {
    vi.useFakeTimers({ now: NOW });
    const headers = sign([CURRENT, OLD]);
    expect(new Webhook(CURRENT).verify(BODY, headers)).toEqual(JSON.parse(BODY));
    expect(new Webhook(OLD).verify(BODY, headers)).toEqual(JSON.parse(BODY));
    const stranger = 'whsec_' + Buffer.alloc(32, 1).toString('base64');
    expect(() => new Webhook(stranger).verify(BODY, headers)).toThrow(/No matching signature/);
  });

  it('rejects a tampered body, a swapped id and an old timestamp', () => {
    vi.useFakeTimers({ now: NOW });
    const headers = sign([CURRENT, OLD]);
    const tampered = BODY.replace('picked_up', 'delivered');
    expect(() => new Webhook(CURRENT).verify(tampered, headers)).toThrow(/No matching signature/);
    expect(() => new Webhook(CURRENT).verify(BODY, { ...headers, 'webhook-id': 'msg_other' })).toThrow(/No matching signature/);
    vi.setSystemTime(NOW.getTime() + 301_000);
    expect(() => new Webhook(CURRENT).verify(BODY, headers)).toThrow(/too old/);
  });

  it('any body and any generated secret verify (property)', () => {
    vi.useFakeTimers({ now: NOW });
    fc.assert(
      fc.property(fc.json(), fc.uint8Array({ minLength: 24, maxLength: 64 }), (body, key) => {
        const secret = encodeSigningSecret(Buffer.from(key));
        const headers = buildSignedHeaders(input({ body, secrets: [decodeSigningSecret(secret)] }));
        expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
      }),
      { numRuns: 200 },
    );
  });

  it('a generated secret works with the library too', () => {
    vi.useFakeTimers({ now: NOW });
    const secret = generateSigningSecret();
    expect(secret.startsWith(SECRET_PREFIX)).toBe(true);
    expect(new Webhook(secret).verify(BODY, sign([secret]))).toEqual(JSON.parse(BODY));
  });
});
