import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildPayload } from './payload.js';
import { buildSignedHeaders, decodeSigningSecret, encodeSigningSecret, generateSigningSecret } from './signing.js';
import { verifyWebhook, WebhookVerificationError, type IncomingHeaders, type WebhookVerificationErrorCode } from './verify.js';

const NOW = new Date('2025-01-20T16:00:00.000Z');
const SECRET = 'whsec_' + Buffer.alloc(32, 7).toString('base64');
const OLD = 'whsec_' + Buffer.alloc(24, 9).toString('base64');
const OTHER = 'whsec_' + Buffer.alloc(32, 8).toString('base64');
const BODY = buildPayload({
  event: 'shipment.updated',
  occurredAt: new Date('2025-01-20T15:59:58.000Z'),
  messageId: 'msg_0123456789abcdefghij',
  endpointId: 'whe_0123456789abcdefghij',
  data: { shipmentId: 'shp_1', previousStatus: 'pending', currentStatus: 'picked_up', location: 'Distribution Center' },
});

function sign(body: string = BODY, secrets: string[] = [SECRET], at: Date = NOW): Record<string, string> {
  return buildSignedHeaders({
    messageId: 'msg_0123456789abcdefghij',
    eventType: 'shipment.updated',
    timestamp: at,
    body,
    secrets: secrets.map(decodeSigningSecret),
  });
}
/** Only the seed's X-Webhook-* headers (an older partner integration, or a proxy that drops the others). */
function legacyOnly(h: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(h).filter(([k]) => !k.startsWith('webhook-')));
}
function standardOnly(h: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(h).filter(([k]) => k.startsWith('webhook-')));
}

function codeOf(fn: () => unknown): WebhookVerificationErrorCode | 'none' {
  try {
    fn();
    return 'none';
  } catch (e) {
    if (e instanceof WebhookVerificationError) return e.code;
    throw e;
  }
}

const verifyAt = (body: string | Buffer, headers: IncomingHeaders, secret = SECRET, now = NOW) => verifyWebhook(body, headers, secret, { now });

describe('verifyWebhook: round trip', () => {
  it('returns the parsed payload', () => {
    const p = verifyAt(BODY, sign());
    expect(p).toEqual(JSON.parse(BODY));
    expect(p.event).toBe('shipment.updated');
    expect(p.webhookId).toBe('msg_0123456789abcdefghij');
  });

  it.each([
    ['both header families', (h: Record<string, string>) => h],
    ['Standard Webhooks headers only', standardOnly],
    ['seed X-Webhook-* headers only', legacyOnly],
    ['upper-cased names', (h: Record<string, string>) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toUpperCase(), v]))],
    [
      'lower-cased names (Node req.headers)',
      (h: Record<string, string>) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v])),
    ],
    ['one-element arrays', (h: Record<string, string>) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k, [v]]))],
  ])('accepts %s', (_name, shape) => {
    expect(verifyAt(BODY, shape(sign()) as IncomingHeaders)).toEqual(JSON.parse(BODY));
  });

  it('accepts a Buffer body and a Fetch Headers object', () => {
    expect(verifyAt(Buffer.from(BODY), sign())).toEqual(JSON.parse(BODY));
    expect(verifyAt(BODY, new Headers(sign()))).toEqual(JSON.parse(BODY));
    expect(verifyAt(Buffer.from(BODY), new Headers(legacyOnly(sign())))).toEqual(JSON.parse(BODY));
  });

  it('during a rotation, the old secret verifies through webhook-signature', () => {
    const h = sign(BODY, [SECRET, OLD]);
    expect(verifyAt(BODY, h, OLD).event).toBe('shipment.updated');
    expect(verifyAt(BODY, h, SECRET).event).toBe('shipment.updated');
    // The seed's header carries the current secret only.
    expect(codeOf(() => verifyAt(BODY, legacyOnly(h), OLD))).toBe('INVALID_SIGNATURE');
  });

  it('ignores signature schemes it does not know, and accepts a match anywhere in the list', () => {
    const h = sign();
    const list = `v1a,${Buffer.alloc(64).toString('base64')} v1,${Buffer.alloc(32).toString('base64')} ${h['webhook-signature']} v2,xyz`;
    expect(verifyAt(BODY, { ...h, 'webhook-signature': list }).event).toBe('shipment.updated');
  });

  it('accepts upper-case hex in X-Webhook-Signature', () => {
    const h = legacyOnly(sign());
    expect(verifyAt(BODY, { ...h, 'X-Webhook-Signature': h['X-Webhook-Signature']!.toUpperCase() }).event).toBe('shipment.updated');
  });
});

describe('verifyWebhook: refusals', () => {
  it('a tampered body', () => {
    const tampered = BODY.replace('picked_up', 'delivered');
    expect(codeOf(() => verifyAt(tampered, sign()))).toBe('INVALID_SIGNATURE');
    expect(codeOf(() => verifyAt(tampered, legacyOnly(sign())))).toBe('INVALID_SIGNATURE');
    // Re-serialised JSON (same data, different bytes) is also refused: verify the raw body.
    expect(codeOf(() => verifyAt(JSON.stringify(JSON.parse(BODY), null, 2), sign()))).toBe('INVALID_SIGNATURE');
  });

  it('a wrong secret', () => {
    expect(codeOf(() => verifyAt(BODY, sign(), OTHER))).toBe('INVALID_SIGNATURE');
    expect(codeOf(() => verifyAt(BODY, legacyOnly(sign()), OTHER))).toBe('INVALID_SIGNATURE');
  });

  it('a changed id or timestamp header (they are signed)', () => {
    const h = sign();
    expect(codeOf(() => verifyAt(BODY, { ...h, 'webhook-id': 'msg_other' }))).toBe('INVALID_SIGNATURE');
    expect(codeOf(() => verifyAt(BODY, { ...h, 'webhook-timestamp': '1737388801' }))).toBe('INVALID_SIGNATURE');
    expect(codeOf(() => verifyAt(BODY, { ...legacyOnly(h), 'X-Webhook-Timestamp': '2025-01-20T16:00:01.000Z' }))).toBe('INVALID_SIGNATURE');
  });

  it.each([
    ['webhook-*', (h: Record<string, string>) => h],
    ['X-Webhook-*', legacyOnly],
  ])('%s: timestamps more than 300 s away, either way', (_n, shape) => {
    const h = shape(sign());
    expect(codeOf(() => verifyAt(BODY, h, SECRET, new Date(NOW.getTime() + 300_000)))).toBe('none');
    expect(codeOf(() => verifyAt(BODY, h, SECRET, new Date(NOW.getTime() - 300_000)))).toBe('none');
    expect(codeOf(() => verifyAt(BODY, h, SECRET, new Date(NOW.getTime() + 301_000)))).toBe('TIMESTAMP_OUT_OF_RANGE');
    expect(codeOf(() => verifyAt(BODY, h, SECRET, new Date(NOW.getTime() - 301_000)))).toBe('TIMESTAMP_OUT_OF_RANGE');
    expect(codeOf(() => verifyWebhook(BODY, h, SECRET, { now: new Date(NOW.getTime() + 30_000), toleranceSeconds: 10 }))).toBe(
      'TIMESTAMP_OUT_OF_RANGE',
    );
  });

  it('checks against the real clock by default', () => {
    const fresh = sign(BODY, [SECRET], new Date());
    expect(verifyWebhook(BODY, fresh, SECRET).event).toBe('shipment.updated');
    expect(codeOf(() => verifyWebhook(BODY, sign(), SECRET))).toBe('TIMESTAMP_OUT_OF_RANGE');
  });

  it('missing or malformed headers', () => {
    const h = sign();
    expect(codeOf(() => verifyAt(BODY, {}))).toBe('MISSING_HEADERS');
    expect(codeOf(() => verifyAt(BODY, new Headers()))).toBe('MISSING_HEADERS');
    for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
      // A partial Standard set is not silently replaced by the weaker X-Webhook-* check.
      const { [name]: _dropped, ...rest } = h;
      expect(codeOf(() => verifyAt(BODY, rest))).toBe('MISSING_HEADERS');
    }
    const legacy = legacyOnly(h);
    for (const name of ['X-Webhook-Signature', 'X-Webhook-Timestamp']) {
      const { [name]: _dropped, ...rest } = legacy;
      expect(codeOf(() => verifyAt(BODY, rest))).toBe('MISSING_HEADERS');
    }
    expect(codeOf(() => verifyAt(BODY, { ...h, 'webhook-timestamp': '1737388800.5' }))).toBe('MISSING_HEADERS');
    expect(codeOf(() => verifyAt(BODY, { ...h, 'webhook-timestamp': '' }))).toBe('MISSING_HEADERS');
    expect(codeOf(() => verifyAt(BODY, { ...h, 'webhook-id': undefined }))).toBe('MISSING_HEADERS');
    expect(codeOf(() => verifyAt(BODY, { ...h, 'webhook-id': ['a', 'b'] }))).toBe('MISSING_HEADERS');
    expect(codeOf(() => verifyAt(BODY, { ...legacy, 'X-Webhook-Timestamp': 'Mon, 20 Jan 2025 16:00:00 GMT' }))).toBe('MISSING_HEADERS');
  });

  it.each([
    ['', 'v1,'],
    ['empty list', ' '],
    ['no comma', 'v1'],
    ['wrong length', 'v1,AAAA'],
    ['hex instead of base64', `v1,${'0'.repeat(64)}`],
  ])('a malformed signature (%s)', (_n, value) => {
    expect(codeOf(() => verifyAt(BODY, { ...sign(), 'webhook-signature': value }))).toBe('INVALID_SIGNATURE');
  });

  it('a validly signed body that is not our payload', () => {
    for (const body of ['not json', '', '[1,2]', 'null', '{"event":"x"}', '{"event":1,"timestamp":"t","webhookId":"w","data":null}']) {
      expect(codeOf(() => verifyAt(body, sign(body)))).toBe('INVALID_PAYLOAD');
    }
  });

  it('a malformed secret is a programming error (TypeError), not a verification failure', () => {
    expect(() => verifyAt(BODY, sign(), 'not-a-secret')).toThrow(TypeError);
  });

  it('errors carry a stable code and a readable message', () => {
    try {
      verifyAt(BODY, {});
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(WebhookVerificationError);
      expect(e).toBeInstanceOf(Error);
      expect((e as WebhookVerificationError).name).toBe('WebhookVerificationError');
      expect((e as WebhookVerificationError).code).toBe('MISSING_HEADERS');
      expect((e as Error).message).toMatch(/required/);
    }
  });
});

describe('verifyWebhook: properties', () => {
  const payload = fc
    .record({ event: fc.constantFrom('shipment.updated', 'shipment.delivered'), data: fc.jsonValue() })
    .map(({ event, data }) => buildPayload({ event, occurredAt: NOW, messageId: 'msg_0123456789abcdefghij', data: data ?? null }));
  const key = fc.uint8Array({ minLength: 24, maxLength: 64 }).map((b) => encodeSigningSecret(Buffer.from(b)));

  it('any payload and secret round-trip, through both header families', () => {
    fc.assert(
      fc.property(payload, key, (body, secret) => {
        const h = sign(body, [secret]);
        expect(verifyAt(body, h, secret)).toEqual(JSON.parse(body));
        expect(verifyAt(body, legacyOnly(h), secret)).toEqual(JSON.parse(body));
      }),
    );
  });

  it('any single-byte change to the body is rejected', () => {
    fc.assert(
      fc.property(payload, key, fc.nat(), fc.integer({ min: 1, max: 255 }), (body, secret, pos, xor) => {
        const h = sign(body, [secret]);
        const bytes = Buffer.from(body, 'utf8');
        const i = pos % bytes.length;
        bytes[i] = bytes[i]! ^ xor;
        expect(codeOf(() => verifyAt(bytes, h, secret))).toBe('INVALID_SIGNATURE');
        expect(codeOf(() => verifyAt(bytes, legacyOnly(h), secret))).toBe('INVALID_SIGNATURE');
      }),
    );
  });

  it('a secret never verifies what another secret signed', () => {
    fc.assert(
      fc.property(key, key, (a, b) => {
        fc.pre(a !== b);
        expect(codeOf(() => verifyAt(BODY, sign(BODY, [a]), b))).toBe('INVALID_SIGNATURE');
      }),
    );
  });

  it('a generated secret works end to end', () => {
    const secret = generateSigningSecret();
    expect(verifyAt(BODY, sign(BODY, [secret]), secret).event).toBe('shipment.updated');
  });
});

describe('verifyWebhook: scheme and header shape', () => {
  const sigOf = (h: Record<string, string>) => h['webhook-signature']!.split(',')[1]!;

  it.each(['v2', 'v1a', 'V1', 'v', ''])('the right signature under scheme %j is not accepted', (scheme) => {
    const h = standardOnly(sign());
    expect(codeOf(() => verifyAt(BODY, { ...h, 'webhook-signature': `${scheme},${sigOf(h)}` }))).toBe('INVALID_SIGNATURE');
  });

  it('an entry without a comma, or with a prefix before the scheme, is not accepted', () => {
    const h = standardOnly(sign());
    expect(codeOf(() => verifyAt(BODY, { ...h, 'webhook-signature': sigOf(h) }))).toBe('INVALID_SIGNATURE');
    expect(codeOf(() => verifyAt(BODY, { ...h, 'webhook-signature': `xv1,${sigOf(h)}` }))).toBe('INVALID_SIGNATURE');
    expect(codeOf(() => verifyAt(BODY, { ...h, 'webhook-signature': `v1,${sigOf(h)}x` }))).toBe('INVALID_SIGNATURE');
  });

  it('a repeated webhook-signature header (an array in Node) is read as one list', () => {
    const h = standardOnly(sign());
    const repeated = { ...h, 'webhook-signature': [`v1,${Buffer.alloc(32).toString('base64')}`, h['webhook-signature']!] };
    expect(verifyAt(BODY, repeated).event).toBe('shipment.updated');
    const allWrong = { ...h, 'webhook-signature': [`v1,${Buffer.alloc(32).toString('base64')}`, 'v2,abc'] };
    expect(codeOf(() => verifyAt(BODY, allWrong))).toBe('INVALID_SIGNATURE');
  });

  it('a repeated id or timestamp header is refused as ambiguous', () => {
    const h = standardOnly(sign());
    expect(codeOf(() => verifyAt(BODY, { ...h, 'webhook-id': [h['webhook-id']!, 'msg_other'] }))).toBe('MISSING_HEADERS');
    expect(codeOf(() => verifyAt(BODY, { ...h, 'Webhook-Timestamp': [h['webhook-timestamp']!, h['webhook-timestamp']!] }))).toBe('MISSING_HEADERS');
    const l = legacyOnly(sign());
    expect(codeOf(() => verifyAt(BODY, { ...l, 'X-Webhook-Signature': [l['X-Webhook-Signature']!, l['X-Webhook-Signature']!] }))).toBe(
      'MISSING_HEADERS',
    );
  });

  it('any one Standard Webhooks header present selects that family (the legacy pair is then not enough)', () => {
    const h = sign();
    const { 'webhook-signature': _s, ...withoutSig } = h;
    expect(codeOf(() => verifyAt(BODY, withoutSig))).toBe('MISSING_HEADERS');
    const { 'webhook-id': _i, ...withoutId } = h;
    expect(codeOf(() => verifyAt(BODY, withoutId))).toBe('MISSING_HEADERS');
    const { 'webhook-timestamp': _t, ...withoutTs } = h;
    expect(codeOf(() => verifyAt(BODY, withoutTs))).toBe('MISSING_HEADERS');
  });

  it('webhook-timestamp must be whole seconds, digits only', () => {
    const h = standardOnly(sign());
    for (const ts of [
      `${h['webhook-timestamp']}.0`,
      ` ${h['webhook-timestamp']}`,
      `-${h['webhook-timestamp']}`,
      '1e9',
      `${h['webhook-timestamp']}x`,
      `x${h['webhook-timestamp']}`,
      '1234567890123',
    ])
      expect(
        codeOf(() => verifyAt(BODY, { ...h, 'webhook-timestamp': ts })),
        ts,
      ).toBe('MISSING_HEADERS');
  });

  it('X-Webhook-Timestamp must be an ISO UTC time, anchored at both ends', () => {
    const l = legacyOnly(sign());
    const ts = l['X-Webhook-Timestamp']!;
    for (const bad of [`x${ts}`, `${ts}x`, ts.replace('Z', '+00:00'), ts.replace('.000', '.0000'), '2025-13-45T99:99:99Z'])
      expect(
        codeOf(() => verifyAt(BODY, { ...l, 'X-Webhook-Timestamp': bad })),
        bad,
      ).toBe('MISSING_HEADERS');
  });

  it('the tolerance is inclusive at both ends and can be changed; a negative one is refused', () => {
    const at = (s: number) => new Date(NOW.getTime() + s * 1000);
    expect(verifyWebhook(BODY, sign(), SECRET, { now: at(300) }).event).toBe('shipment.updated');
    expect(verifyWebhook(BODY, sign(), SECRET, { now: at(-300) }).event).toBe('shipment.updated');
    expect(codeOf(() => verifyWebhook(BODY, sign(), SECRET, { now: at(301) }))).toBe('TIMESTAMP_OUT_OF_RANGE');
    expect(codeOf(() => verifyWebhook(BODY, sign(), SECRET, { now: at(-301) }))).toBe('TIMESTAMP_OUT_OF_RANGE');
    expect(verifyWebhook(BODY, sign(), SECRET, { now: at(10), toleranceSeconds: 10 }).event).toBe('shipment.updated');
    expect(codeOf(() => verifyWebhook(BODY, sign(), SECRET, { now: at(11), toleranceSeconds: 10 }))).toBe('TIMESTAMP_OUT_OF_RANGE');
    expect(verifyWebhook(BODY, sign(), SECRET, { now: NOW, toleranceSeconds: 0 }).event).toBe('shipment.updated');
    expect(() => verifyWebhook(BODY, sign(), SECRET, { now: NOW, toleranceSeconds: -1 })).toThrow(RangeError);
    expect(() => verifyWebhook(BODY, sign(), SECRET, { now: NOW, toleranceSeconds: Number.NaN })).toThrow(RangeError);
  });

  it('the time messages say how old or how early, and the tolerance', () => {
    const late = () => verifyWebhook(BODY, sign(), SECRET, { now: new Date(NOW.getTime() + 400_000) });
    expect(late).toThrow('webhook timestamp is 400 s old (tolerance 300 s)');
    const early = () => verifyWebhook(BODY, sign(), SECRET, { now: new Date(NOW.getTime() - 400_000) });
    expect(early).toThrow('webhook timestamp is 400 s in the future (tolerance 300 s)');
  });

  it('the legacy signature of another body, or of the right body with another secret, is refused', () => {
    const l = legacyOnly(sign());
    expect(codeOf(() => verifyAt(`${BODY} `, l))).toBe('INVALID_SIGNATURE');
    expect(codeOf(() => verifyAt(BODY, legacyOnly(sign(BODY, [OTHER]))))).toBe('INVALID_SIGNATURE');
  });

  it.each([
    ['an array', '[]'],
    ['null', 'null'],
    ['a number', '5'],
    ['no data', JSON.stringify({ event: 'e', timestamp: 't', webhookId: 'w' })],
    ['a numeric event', JSON.stringify({ event: 1, timestamp: 't', webhookId: 'w', data: {} })],
    ['a numeric timestamp', JSON.stringify({ event: 'e', timestamp: 1, webhookId: 'w', data: {} })],
    ['a numeric webhookId', JSON.stringify({ event: 'e', timestamp: 't', webhookId: 1, data: {} })],
    ['not JSON', '{'],
  ])('a signed body that is %s is INVALID_PAYLOAD', (_n, body) => {
    expect(codeOf(() => verifyAt(body, sign(body)))).toBe('INVALID_PAYLOAD');
  });

  it('data may be null, but must be present', () => {
    const body = JSON.stringify({ event: 'e', timestamp: 't', webhookId: 'w', data: null });
    expect(verifyAt(body, sign(body)).data).toBeNull();
  });
});
