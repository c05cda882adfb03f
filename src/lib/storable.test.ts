import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isStorableString, storableText, unstorablePath } from './storable.js';

describe('isStorableString', () => {
  // Hand-written: what PostgreSQL text/jsonb accept (checked against a server in test/carriers/callbacks.test.ts).
  const cases: Array<[string, boolean]> = [
    ['', true],
    ['SHIPPED', true],
    ['Jl. Sudirman – Jakarta 🚚', true], // a paired surrogate (emoji) is fine
    ['\uFFFD', true],
    ['SHIPPED\u0000', false],
    ['\u0000', false],
    ['a\uD800', false], // high surrogate at the end
    ['\uD800a', false], // high surrogate followed by a non-surrogate
    ['\uDC00', false], // low surrogate alone
    ['a\uDFFFb', false],
    ['\uDC00\uD800', false], // reversed pair
    ['\uD83D\uDE9A', true], // 🚚 spelled as its pair
  ];
  it.each(cases)('%j → %s', (s, ok) => expect(isStorableString(s)).toBe(ok));
});

describe('unstorablePath', () => {
  it('finds the first bad value or key, in document order', () => {
    expect(unstorablePath({ a: 'ok', b: ['x', { c: 'bad\u0000' }] })).toBe('$.b[1].c');
    expect(unstorablePath({ ['k\uD800']: 1 })).toBe('$.<key>');
    expect(unstorablePath([1, true, null, 'x'])).toBeNull();
    expect(unstorablePath('\uDC00')).toBe('$');
    expect(unstorablePath(42)).toBeNull();
  });
});

describe('storableText', () => {
  it('replaces NUL and lone surrogates, keeps pairs', () => {
    expect(storableText('a\u0000b')).toBe('a\uFFFDb');
    expect(storableText('\uD800x\uDC00')).toBe('\uFFFDx\uFFFD');
    expect(storableText('ok 🚚')).toBe('ok 🚚');
  });
  it('always yields a storable string of the same length', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: fc.constantFrom('\u0000', '\uD800', '\uDC00', 'a') }), (a, b) => {
        const s = a + b;
        const out = storableText(s);
        expect(isStorableString(out)).toBe(true);
        expect(out.length).toBe(s.length);
        if (isStorableString(s)) expect(out).toBe(s);
      }),
    );
  });
});
