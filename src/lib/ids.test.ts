import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ID_PREFIXES, idPattern, isId, newId, randomString, type IdKind } from './ids.js';

const KINDS = Object.keys(ID_PREFIXES) as IdKind[];

describe('ids', () => {
  it('has the documented prefixes', () => {
    expect(ID_PREFIXES).toEqual({
      company: 'cmp',
      apiKey: 'key',
      admin: 'adm',
      shipment: 'shp',
      package: 'pkg',
      trackingEvent: 'tev',
      event: 'evt',
      webhook: 'whe',
      report: 'rpt',
    });
    // Distinct, three lowercase letters each, so an id names its kind.
    const prefixes = Object.values(ID_PREFIXES);
    expect(new Set(prefixes).size).toBe(prefixes.length);
    for (const p of prefixes) expect(p).toMatch(/^[a-z]{3}$/);
  });

  describe.each(KINDS)('newId(%s)', (kind) => {
    it('is <prefix>_ and 20 characters of [0-9a-z]', () => {
      for (let i = 0; i < 100; i++) {
        const id = newId(kind);
        expect(id).toMatch(new RegExp(`^${ID_PREFIXES[kind]}_[0-9a-z]{20}$`));
        expect(id).toHaveLength(ID_PREFIXES[kind].length + 1 + 20);
        expect(isId(kind, id)).toBe(true);
      }
    });

    it('is refused as any other kind', () => {
      const id = newId(kind);
      for (const other of KINDS) if (other !== kind) expect(isId(other, id)).toBe(false);
    });
  });

  it('never repeats over many draws', () => {
    const ids = new Set(Array.from({ length: 20_000 }, () => newId('shipment')));
    expect(ids.size).toBe(20_000);
  });

  it('uses the whole alphabet', () => {
    const chars = new Set(Array.from({ length: 500 }, () => newId('event').slice(4)).join(''));
    expect([...chars].sort().join('')).toBe('0123456789abcdefghijklmnopqrstuvwxyz');
  });

  describe('isId', () => {
    const body = 'abcdefghij0123456789';

    it('accepts exactly prefix_ + 20 of [0-9a-z]', () => {
      expect(isId('shipment', `shp_${body}`)).toBe(true);
    });

    it.each([
      ['too short', `shp_${body.slice(1)}`],
      ['too long', `shp_${body}0`],
      ['upper case', `shp_${body.toUpperCase()}`],
      ['upper-case prefix', `SHP_${body}`],
      ['wrong prefix', `cmp_${body}`],
      ['no separator', `shp${body}`],
      ['dash separator', `shp-${body}`],
      ['leading space', ` shp_${body}`],
      ['trailing newline', `shp_${body}\n`],
      ['symbol', `shp_${body.slice(0, 19)}_`],
      ['unicode digit', `shp_${body.slice(0, 19)}٣`],
      ['empty', ''],
      ['prefix only', 'shp_'],
      ['sql', `shp_${body}' OR 1=1 --`],
    ])('refuses %s', (_what, value) => {
      expect(isId('shipment', value)).toBe(false);
    });

    it('idPattern is anchored at both ends', () => {
      for (const kind of KINDS) {
        const p = idPattern(kind);
        expect(p.startsWith('^')).toBe(true);
        expect(p.endsWith('$')).toBe(true);
      }
    });

    it('never accepts a string that newId could not produce (property)', () => {
      fc.assert(
        fc.property(fc.constantFrom(...KINDS), fc.string({ maxLength: 40 }), (kind, s) => {
          const ok = new RegExp(`^${ID_PREFIXES[kind]}_[0-9a-z]{20}$`).test(s);
          expect(isId(kind, s)).toBe(ok);
          expect(isId(kind, `${ID_PREFIXES[kind]}_${s}`)).toBe(/^[0-9a-z]{20}$/.test(s));
        }),
      );
    });
  });

  describe('randomString', () => {
    it('has the requested length and only the alphabet’s characters', () => {
      fc.assert(
        fc.property(fc.nat(300), fc.constantFrom('01', 'abc', '0123456789abcdefghijklmnopqrstuvwxyz', 'xyzXYZ_-'), (n, alphabet) => {
          const s = randomString(n, alphabet);
          expect(s).toHaveLength(n);
          for (const ch of s) expect(alphabet).toContain(ch);
        }),
        { numRuns: 200 },
      );
    });

    it('is uniform across an alphabet that does not divide 256 (rejection sampling)', () => {
      // 36 symbols: plain `byte % 36` would make 0–3 (256 = 7·36 + 4) about 14 % more frequent.
      const s = randomString(360_000);
      const counts = new Map<string, number>();
      for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
      expect(counts.size).toBe(36);
      for (const c of counts.values()) {
        // Expected 10,000 each, σ ≈ 99; modulo bias would put the first four near 11,000.
        expect(c).toBeGreaterThan(9_500);
        expect(c).toBeLessThan(10_500);
      }
    });

    it('a length of 0 is empty', () => {
      expect(randomString(0)).toBe('');
    });
  });
});
