import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildPayload, isMessageId, newMessageId, type PayloadInput } from './payload.js';

const SEED_DATA = {
  shipmentId: 'ship_789',
  trackingNumber: 'QUICK-2025-001',
  previousStatus: 'pending',
  currentStatus: 'picked_up',
  location: 'Distribution Center',
};
const input = (over: Partial<PayloadInput> = {}): PayloadInput => ({
  event: 'shipment.updated',
  occurredAt: new Date('2025-01-20T16:00:00Z'),
  messageId: 'msg_0123456789abcdefghij',
  data: SEED_DATA,
  ...over,
});

describe('buildPayload', () => {
  it('is the seed example, byte for byte, with the message id as webhookId', () => {
    expect(buildPayload(input())).toBe(
      '{"event":"shipment.updated","timestamp":"2025-01-20T16:00:00.000Z","webhookId":"msg_0123456789abcdefghij",' +
        '"data":{"shipmentId":"ship_789","trackingNumber":"QUICK-2025-001","previousStatus":"pending","currentStatus":"picked_up","location":"Distribution Center"}}',
    );
  });

  it('puts endpointId between webhookId and data when given', () => {
    const p = JSON.parse(buildPayload(input({ endpointId: 'whe_0123456789abcdefghij' }))) as Record<string, unknown>;
    expect(Object.keys(p)).toEqual(['event', 'timestamp', 'webhookId', 'endpointId', 'data']);
    expect(p.endpointId).toBe('whe_0123456789abcdefghij');
    expect(Object.keys(JSON.parse(buildPayload(input())) as object)).toEqual(['event', 'timestamp', 'webhookId', 'data']);
  });

  it('the same input always gives the same bytes (retries resend one body)', () => {
    expect(buildPayload(input())).toBe(buildPayload(input({ data: { ...SEED_DATA } })));
  });

  it('timestamp is the event time in ISO-8601 UTC with milliseconds', () => {
    const p = JSON.parse(buildPayload(input({ occurredAt: new Date(Date.UTC(2025, 0, 20, 23, 59, 59, 7)) }))) as { timestamp: string };
    expect(p.timestamp).toBe('2025-01-20T23:59:59.007Z');
  });

  it('accepts null data, nested arrays and Dates (as ISO strings), and keeps non-ASCII text', () => {
    expect(JSON.parse(buildPayload(input({ data: null }))).data).toBeNull();
    const data = { at: new Date('2025-01-22T17:00:00Z'), list: [1, 'two', [true, null]], city: 'Surabaya — 🚚', obj: Object.create(null) as object };
    expect(JSON.parse(buildPayload(input({ data }))).data).toEqual({
      at: '2025-01-22T17:00:00.000Z',
      list: [1, 'two', [true, null]],
      city: 'Surabaya — 🚚',
      obj: {},
    });
  });

  it.each([
    ['undefined data', { data: undefined }, /undefined/],
    ['an undefined field', { data: { a: 1, b: undefined } }, /data\.b is a undefined/],
    ['NaN', { data: { weight: Number.NaN } }, /data\.weight is NaN/],
    ['Infinity', { data: [1, Number.POSITIVE_INFINITY] }, /data\[1\] is Infinity/],
    ['a function', { data: { f: () => 1 } }, /data\.f is a function/],
    ['a BigInt', { data: { n: 1n } }, /bigint/],
    ['a Map', { data: { m: new Map() } }, /data\.m is not a plain object/],
    ['a class instance', { data: new (class X {})() }, /not a plain object/],
    ['an invalid Date', { data: { at: new Date(Number.NaN) } }, /invalid Date/],
    // eslint-disable-next-line no-sparse-arrays -- the hole is what this case tests
    ['an array hole', { data: [1, , 3] }, /data\[1\]/],
    ['a bad event name', { event: 'shipment updated' }, /event type/],
    ['an empty event name', { event: '' }, /event type/],
    ['an event with a trailing dot', { event: 'shipment.' }, /event type/],
    ['a message id with "."', { messageId: 'msg.1' }, /message id/],
    ['a message id with a newline', { messageId: 'msg_1\n' }, /message id/],
    ['an endpoint id with a space', { endpointId: 'whe 1' }, /endpoint id/],
    ['an invalid occurredAt', { occurredAt: new Date('nope') }, /invalid Date/],
  ] as const)('refuses %s', (_n, over, message) => {
    expect(() => buildPayload(input(over as Partial<PayloadInput>))).toThrow(TypeError);
    expect(() => buildPayload(input(over as Partial<PayloadInput>))).toThrow(message);
  });

  it('refuses circular data but allows the same object twice', () => {
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(() => buildPayload(input({ data: loop }))).toThrow(/data\.self is circular/);
    const shared = { a: 1 };
    expect(JSON.parse(buildPayload(input({ data: { x: shared, y: shared } }))).data).toEqual({ x: { a: 1 }, y: { a: 1 } });
  });

  it('any JSON data round-trips, under a fixed key order (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.date({ noInvalidDate: true }), (data, at) => {
        const text = buildPayload(input({ data, occurredAt: at }));
        const p = JSON.parse(text) as Record<string, unknown>;
        expect(Object.keys(p)).toEqual(['event', 'timestamp', 'webhookId', 'data']);
        expect(p.data).toEqual(JSON.parse(JSON.stringify(data)));
        expect(p.timestamp).toBe(at.toISOString());
      }),
    );
  });
});

describe('message ids', () => {
  it('are msg_ + 20 × [0-9a-z], unique, without "."', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const id = newMessageId();
      expect(id).toMatch(/^msg_[0-9a-z]{20}$/);
      expect(isMessageId(id)).toBe(true);
      ids.add(id);
    }
    expect(ids.size).toBe(200);
  });

  it('isMessageId refuses other shapes', () => {
    for (const s of [
      '',
      'msg_',
      'msg_0123456789abcdefghi',
      'msg_0123456789abcdefghijk',
      'MSG_0123456789abcdefghij',
      'whe_0123456789abcdefghij',
      'msg_0123456789ABCDEFGHIJ',
    ]) {
      expect(isMessageId(s)).toBe(false);
    }
  });
});
