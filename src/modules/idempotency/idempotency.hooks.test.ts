import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './idempotency.hooks.js';

/** Rebuilds every object with its keys in another order (reversed, or by a seeded shuffle). */
function reorder(v: unknown, seed: number): unknown {
  if (Array.isArray(v)) return v.map((x) => reorder(x, seed));
  if (v === null || typeof v !== 'object') return v;
  const entries = Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, reorder(x, seed)] as const);
  let s = seed || 1;
  for (let i = entries.length - 1; i > 0; i--) {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = s % (i + 1);
    [entries[i], entries[j]] = [entries[j]!, entries[i]!];
  }
  if (seed % 2 === 0) entries.reverse();
  // Object.fromEntries defines own properties, so a "__proto__" key stays a key.
  return Object.fromEntries(entries);
}

describe('canonicalJson', () => {
  it('sorts object keys', () => {
    expect(canonicalJson({ b: 2, a: 1 })).toBe('{"a":1,"b":2}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  it('sorts keys at every depth, including objects inside arrays', () => {
    const a = {
      z: {
        y: 1,
        x: [
          { d: 4, c: 3 },
          { b: 2, a: 1 },
        ],
      },
      m: null,
    };
    const b = {
      m: null,
      z: {
        x: [
          { c: 3, d: 4 },
          { a: 1, b: 2 },
        ],
        y: 1,
      },
    };
    expect(canonicalJson(a)).toBe('{"m":null,"z":{"x":[{"c":3,"d":4},{"a":1,"b":2}],"y":1}}');
    expect(canonicalJson(a)).toBe(canonicalJson(b));
  });

  it('keeps array order: [1,2] and [2,1] are different requests', () => {
    expect(canonicalJson([1, 2])).toBe('[1,2]');
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
    expect(canonicalJson({ packages: [{ weight: 1 }, { weight: 2 }] })).not.toBe(canonicalJson({ packages: [{ weight: 2 }, { weight: 1 }] }));
  });

  it('tells apart values JSON tells apart', () => {
    const distinct = [
      null,
      0,
      1,
      '1',
      '',
      true,
      false,
      [],
      {},
      [null],
      { a: null },
      { a: '1' },
      { a: 1 },
      { '': 1 },
      ['a', 'b'],
      ['a,b'],
      { a: { b: 1 } },
      { 'a.b': 1 },
    ];
    const seen = new Set(distinct.map(canonicalJson));
    expect(seen.size).toBe(distinct.length);
  });

  it('escapes keys and strings like JSON.stringify', () => {
    const v = { 'we"ird\nkey': 'va"l\\ue', ü: '\u2028', '\u0000': 'x' };
    expect(JSON.parse(canonicalJson(v))).toEqual(v);
    // A key that looks like a separator cannot collide with two keys.
    expect(canonicalJson({ 'a":1,"b': 2 })).not.toBe(canonicalJson({ a: 1, b: 2 }));
  });

  it('scalars and empty containers', () => {
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson(undefined)).toBe('null'); // a request without a body
    expect(canonicalJson('x')).toBe('"x"');
    expect(canonicalJson(1.5)).toBe('1.5');
    expect(canonicalJson(true)).toBe('true');
    expect(canonicalJson([])).toBe('[]');
    expect(canonicalJson({})).toBe('{}');
  });

  it('sorts keys as strings, integer-like keys included (unlike JSON.stringify, which puts them first)', () => {
    expect(canonicalJson({ a: 1, 10: 2, 9: 3, '': 4 })).toBe('{"":4,"10":2,"9":3,"a":1}');
    expect(canonicalJson({ '': false, 0: null })).toBe(canonicalJson(JSON.parse('{"0":null,"":false}')));
  });

  it('keeps "__proto__" as an ordinary key', () => {
    const parsed = JSON.parse('{"b":1,"__proto__":{"x":1}}') as unknown;
    expect(canonicalJson(parsed)).toBe('{"__proto__":{"x":1},"b":1}');
  });

  describe('properties', () => {
    it('key order never matters (fc.object)', () => {
      fc.assert(
        fc.property(fc.object({ values: [fc.jsonValue()] }), fc.nat(), (o, seed) => {
          expect(canonicalJson(reorder(o, seed))).toBe(canonicalJson(o));
        }),
        { numRuns: 500 },
      );
    });

    it('key order never matters (any JSON value, nested)', () => {
      fc.assert(
        fc.property(fc.jsonValue({ maxDepth: 5 }), fc.nat(), (v, seed) => {
          expect(canonicalJson(reorder(v, seed))).toBe(canonicalJson(v));
        }),
        { numRuns: 500 },
      );
    });

    it('is valid JSON that parses back to an equal value (so distinct bodies never share a hash)', () => {
      fc.assert(
        fc.property(fc.jsonValue({ maxDepth: 5 }), (v) => {
          const s = canonicalJson(v);
          expect(JSON.parse(s)).toEqual(JSON.parse(JSON.stringify(v)));
        }),
        { numRuns: 500 },
      );
    });

    it('is idempotent: canonicalising the canonical form changes nothing', () => {
      fc.assert(
        fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => {
          const s = canonicalJson(v);
          expect(canonicalJson(JSON.parse(s))).toBe(s);
        }),
      );
    });

    it('a changed leaf changes the result', () => {
      fc.assert(
        fc.property(fc.dictionary(fc.string(), fc.integer(), { minKeys: 1 }), fc.integer({ min: 1, max: 1000 }), (o, delta) => {
          const k = Object.keys(o)[0]!;
          const changed = Object.fromEntries(Object.entries(o).map(([kk, v]) => [kk, kk === k ? v + delta : v]));
          expect(canonicalJson(changed)).not.toBe(canonicalJson(o));
        }),
      );
    });
  });
});
