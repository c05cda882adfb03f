import { describe, expect, it } from 'vitest';
import { envReader, parseBoolean } from './env.js';
import { loadConfig } from './index.js';

const read = (env: Record<string, string>) => {
  const problems: string[] = [];
  return { r: envReader(env, problems), problems };
};

describe('the one environment reader', () => {
  describe('one boolean rule for every setting', () => {
    it.each([
      ['true', true],
      ['TRUE', true],
      ['1', true],
      ['yes', true],
      ['On', true],
      [' on ', true],
      ['false', false],
      ['0', false],
      ['No', false],
      ['OFF', false],
    ])('%j → %s', (raw, v) => {
      expect(parseBoolean(raw)).toBe(v);
      const { r, problems } = read({ X: raw });
      expect(r.bool('X', !v)).toBe(v);
      expect(problems).toEqual([]);
    });

    it.each(['maybe', 'y', 'n', 't', '2', 'enabled', 'ON!'])('%j is refused with a clear problem, and the default is kept', (raw) => {
      expect(parseBoolean(raw)).toBeNull();
      const { r, problems } = read({ X: raw });
      expect(r.bool('X', true)).toBe(true);
      expect(problems).toEqual([`X must be true or false (got "${raw}")`]);
    });

    it('unset and blank take the default', () => {
      const { r, problems } = read({ BLANK: '  ' });
      expect(r.bool('UNSET', true)).toBe(true);
      expect(r.bool('BLANK', false)).toBe(false);
      expect(problems).toEqual([]);
    });

    it('TRUST_PROXY and CARRIER_<X>_CALLBACK follow the same rule', () => {
      for (const [raw, v] of [
        ['on', true],
        ['off', false],
        ['YES', true],
        ['0', false],
      ] as const) {
        const c = loadConfig({ TRUST_PROXY: raw, CARRIER_SICEPAT_CALLBACK: raw, WEBHOOK_ALLOW_PRIVATE_NETWORKS: raw });
        expect([c.http.trustProxy, c.carriers.carriers.sicepat.callbacks, c.webhooks.allowPrivateNetworks]).toEqual([v, v, v]);
      }
      expect(() => loadConfig({ TRUST_PROXY: 'maybe', CARRIER_SICEPAT_CALLBACK: 'maybe' })).toThrow(
        /TRUST_PROXY must be true or false \(got "maybe"\)[\s\S]*CARRIER_SICEPAT_CALLBACK must be true or false \(got "maybe"\)/,
      );
    });
  });

  describe('numbers and URLs', () => {
    it('int refuses fractions and out-of-range values; num takes fractions', () => {
      const { r, problems } = read({ A: '1.5', B: '11', C: '0.5', D: 'x' });
      expect(r.int('A', 1, 0, 10)).toBe(1);
      expect(r.int('B', 2, 0, 10)).toBe(2);
      expect(r.num('C', 1, 0.1, 10)).toBe(0.5);
      expect(r.num('D', 3, 0, 10)).toBe(3);
      expect(problems).toEqual([
        'A must be an integer between 0 and 10 (got "1.5")',
        'B must be an integer between 0 and 10 (got "11")',
        'D must be a number between 0 and 10 (got "x")',
      ]);
    });

    it('url checks the scheme', () => {
      const { r, problems } = read({ U: 'ftp://x', V: 'nope', W: 'https://x' });
      expect(r.url('U', ['https:'])).toBe('ftp://x');
      r.url('V', ['https:']);
      expect(r.url('W', ['https:'])).toBe('https://x');
      expect(r.url('UNSET', ['https:'])).toBeUndefined();
      expect(problems).toEqual(['U must use one of https: (got "ftp:")', 'V is not a valid URL']);
    });
  });
});
