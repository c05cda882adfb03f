/**
 * Property: whatever JSON — or non-JSON — an authenticated caller sends to `POST /callbacks/jne`,
 * including NUL characters and unpaired surrogates in any string, raw or escaped, the hub answers
 * 200 or 400 (never a 5xx), and afterwards a valid callback is still published and applied: no body
 * can stop the callbacks behind it.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  awbFor,
  callbackBody,
  createCarrierTestEnv,
  newCourierShipment,
  postCallback,
  rows,
  shipmentRow,
  until,
  type CarrierTestEnv,
} from '../helpers/carriers.js';
import { newPartner, type TestPartner } from '../helpers/factories.js';

let env: CarrierTestEnv;
let p: TestPartner;

beforeAll(async () => {
  env = await createCarrierTestEnv({ role: 'all' });
  p = await newPartner(env.app);
});
afterAll(async () => {
  await env?.close();
});

/** Strings that PostgreSQL may refuse, mixed with ordinary ones. */
const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('\u0000', 'SHIPPED\u0000', '\uD800', 'a\uDBFFb', '\uDC00', '\uD83D\uDE9A', '', 'DELIVERED'),
  fc.string({ unit: fc.constantFrom('a', ' ', '\u0000', '\uD800', '\uDC00', '\\', '"'), maxLength: 8 }),
);

/** Any JSON value, with hostile strings as values and keys. */
const anyJson = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(hostileString, tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** A valid callback with one field replaced by something hostile (so the mapper goes deep into it). */
function mutated(awb: string) {
  const base = callbackBody(awb);
  const keys = Object.keys(base);
  const value = fc.oneof({ weight: 3, arbitrary: hostileString }, { weight: 1, arbitrary: anyJson });
  return fc.record({ key: fc.constantFrom(...keys, 'extra'), value }).map(({ key, value }) => JSON.stringify({ ...base, [key]: value }));
}

it('never answers 5xx, and the next valid callback is applied', async () => {
  const target = awbFor('jne', 'delivered');
  const body = fc.oneof(
    { weight: 1, arbitrary: anyJson.map((v) => JSON.stringify(v)) },
    { weight: 3, arbitrary: mutated(target) },
    // Raw characters in the body itself, not escaped: a raw NUL, a replacement character, broken JSON.
    {
      weight: 1,
      arbitrary: fc
        .tuple(mutated(target), fc.nat(), fc.constantFrom('\u0000', '\uFFFD', '"', '{'))
        .map(([s, i, c]) => s.slice(0, i % (s.length + 1)) + c + s.slice(i % (s.length + 1))),
    },
  );
  const seen = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(body, async (raw) => {
      const res = await postCallback(env.app, raw);
      seen.set(res.statusCode, (seen.get(res.statusCode) ?? 0) + 1);
      expect([200, 400], `${res.statusCode} for ${JSON.stringify(raw).slice(0, 300)}: ${res.body}`).toContain(res.statusCode);
      if (res.statusCode === 400) expect(res.json().code).toBe('CALLBACK_INVALID');
    }),
    { numRuns: 200 },
  );
  expect(seen.get(400)).toBeGreaterThan(0);

  // Whatever was accepted above went through the relay without stopping it.
  const awb = awbFor('jne', 'delivered');
  const s = await newCourierShipment(env.app, p, 'jne', awb);
  expect((await postCallback(env.app, callbackBody(awb))).statusCode).toBe(200);
  await until(async () => (await shipmentRow(env.hub, s.id)).status === 'delivered', 'a valid callback applied after the fuzzing');
  const stuck = await rows(env.hub, `select id, last_error from carrier_callbacks where status = 'accepted' and published_at is null`);
  expect(stuck).toEqual([]);
  const dead = await rows(env.hub, `select id, last_error from carrier_callbacks where status = 'dead'`);
  expect(dead, 'an acknowledged callback could not be published').toEqual([]);
}, 120_000);
