import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { API_KEY_PATTERN, API_KEY_PREFIX, generateApiKey, generateSecret, hashSecret, keyPreview, secretMatches } from './credentials.js';

const BASE62 = /^[0-9A-Za-z]+$/;

/** Shannon entropy in bits per character of the concatenated samples. */
function bitsPerChar(samples: string[]): number {
  const counts = new Map<string, number>();
  let n = 0;
  for (const s of samples)
    for (const ch of s) {
      counts.set(ch, (counts.get(ch) ?? 0) + 1);
      n++;
    }
  let h = 0;
  for (const c of counts.values()) h -= (c / n) * Math.log2(c / n);
  return h;
}

describe('generateApiKey', () => {
  it('is ff_sk_live_ followed by 32 base62 characters', () => {
    expect(API_KEY_PREFIX).toBe('ff_sk_live_');
    for (let i = 0; i < 200; i++) {
      const key = generateApiKey();
      expect(key).toMatch(/^ff_sk_live_[0-9A-Za-z]{32}$/);
      expect(key).toHaveLength(11 + 32);
      expect(new RegExp(API_KEY_PATTERN).test(key)).toBe(true);
    }
  });

  it('API_KEY_PATTERN is anchored and refuses near misses', () => {
    const re = new RegExp(API_KEY_PATTERN);
    const body = 'a'.repeat(32);
    expect(re.test(`ff_sk_live_${body}`)).toBe(true);
    for (const bad of [
      `ff_sk_live_${'a'.repeat(31)}`,
      `ff_sk_live_${'a'.repeat(33)}`,
      `ff_sk_test_${body}`,
      `FF_SK_LIVE_${body}`,
      ` ff_sk_live_${body}`,
      `ff_sk_live_${body}\n`,
      `xff_sk_live_${body}`,
      `ff_sk_live_${'a'.repeat(31)}-`,
      `ff_sk_live_${'a'.repeat(31)}_`,
    ]) {
      expect(re.test(bad)).toBe(false);
    }
  });

  it('never repeats over many draws', () => {
    const keys = new Set(Array.from({ length: 5_000 }, generateApiKey));
    expect(keys.size).toBe(5_000);
  });

  it('uses the whole base62 alphabet about evenly', () => {
    const bodies = Array.from({ length: 2_000 }, () => generateApiKey().slice(API_KEY_PREFIX.length));
    // 64,000 characters: every one of the 62 appears; log2(62) ≈ 5.954 bits per character.
    expect(new Set(bodies.join('')).size).toBe(62);
    expect(bitsPerChar(bodies)).toBeGreaterThan(5.9);
  });
});

describe('generateSecret', () => {
  it('is 48 base62 characters (≈ 285 bits)', () => {
    for (let i = 0; i < 200; i++) {
      const s = generateSecret();
      expect(s).toHaveLength(48);
      expect(s).toMatch(BASE62);
    }
    expect(48 * Math.log2(62)).toBeGreaterThan(256);
  });

  it('is unique over many draws and never equals a key body', () => {
    const secrets = Array.from({ length: 10_000 }, generateSecret);
    expect(new Set(secrets).size).toBe(secrets.length);
    // No two secrets even share a 12-character prefix (≈ 71 bits): a weak generator would.
    expect(new Set(secrets.map((s) => s.slice(0, 12))).size).toBe(secrets.length);
  });

  it('has high entropy per character and no positional bias', () => {
    const secrets = Array.from({ length: 3_000 }, generateSecret);
    expect(new Set(secrets.join('')).size).toBe(62);
    expect(bitsPerChar(secrets)).toBeGreaterThan(5.9);
    // Every position sees many different characters (a fixed or low-entropy slot would not).
    for (let pos = 0; pos < 48; pos++) {
      const column = secrets.map((s) => s[pos]!);
      expect(new Set(column).size).toBeGreaterThan(55);
    }
    // Uniform-ish: no character is more than twice or less than half as frequent as expected.
    const counts = new Map<string, number>();
    for (const ch of secrets.join('')) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    const expected = (3_000 * 48) / 62;
    for (const c of counts.values()) {
      expect(c).toBeGreaterThan(expected / 2);
      expect(c).toBeLessThan(expected * 2);
    }
  });
});

describe('hashSecret', () => {
  it('is SHA-256 as 64 lowercase hex characters', () => {
    // Known vectors (FIPS 180-2).
    expect(hashSecret('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hashSecret('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('hashes the UTF-8 bytes', () => {
    expect(hashSecret('é')).toBe(
      createHash('sha256')
        .update(Buffer.from([0xc3, 0xa9]))
        .digest('hex'),
    );
  });

  it('matches node:crypto SHA-256 for any string (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        const h = hashSecret(s);
        expect(h).toMatch(/^[0-9a-f]{64}$/);
        expect(h).toBe(createHash('sha256').update(s, 'utf8').digest('hex'));
      }),
    );
  });

  it('is not the secret itself and differs for different secrets', () => {
    const a = generateSecret();
    const b = generateSecret();
    expect(hashSecret(a)).not.toContain(a);
    expect(hashSecret(a)).not.toBe(hashSecret(b));
    expect(hashSecret(a)).toBe(hashSecret(a));
  });
});

describe('secretMatches', () => {
  const secret = generateSecret();
  const stored = hashSecret(secret);

  it('true for the right secret', () => {
    expect(secretMatches(secret, stored)).toBe(true);
  });

  it('false for a wrong secret, however close', () => {
    expect(secretMatches(generateSecret(), stored)).toBe(false);
    expect(secretMatches(secret.slice(0, -1), stored)).toBe(false);
    expect(secretMatches(`${secret}x`, stored)).toBe(false);
    expect(secretMatches(secret.toUpperCase() === secret ? secret.toLowerCase() : secret.toUpperCase(), stored)).toBe(false);
    expect(secretMatches(` ${secret}`, stored)).toBe(false);
    expect(secretMatches('', stored)).toBe(false);
  });

  it('false when the key does not exist (undefined hash), whatever the secret', () => {
    expect(secretMatches(secret, undefined)).toBe(false);
    expect(secretMatches('', undefined)).toBe(false);
    // Not even the secret the dummy hash is made from.
    expect(secretMatches('dummy-secret-for-constant-time-miss', undefined)).toBe(false);
  });

  it('false (not a throw) for a malformed stored hash', () => {
    expect(secretMatches(secret, '')).toBe(false);
    expect(secretMatches(secret, 'not-hex')).toBe(false);
    expect(secretMatches(secret, stored.slice(0, 62))).toBe(false);
    expect(secretMatches(secret, secret)).toBe(false); // a plaintext secret stored by mistake
  });

  it('false when presented the hash instead of the secret (pass-the-hash)', () => {
    expect(secretMatches(stored, stored)).toBe(false);
  });

  it('true exactly when the strings are equal (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 64 }), fc.string({ maxLength: 64 }), (a, b) => {
        expect(secretMatches(a, hashSecret(b))).toBe(a === b);
        expect(secretMatches(a, hashSecret(a))).toBe(true);
      }),
    );
  });
});

describe('keyPreview', () => {
  const key = 'ff_sk_live_ABCDefgh0123456789klmnopqrstWXYZ';

  it('shows the prefix, four characters, an ellipsis and the last four', () => {
    expect(key).toMatch(new RegExp(API_KEY_PATTERN));
    expect(keyPreview(key)).toBe('ff_sk_live_ABCD…WXYZ');
  });

  it('hides the middle 24 characters of any generated key', () => {
    for (let i = 0; i < 200; i++) {
      const k = generateApiKey();
      const body = k.slice(API_KEY_PREFIX.length);
      const preview = keyPreview(k);
      expect(preview).toBe(`${API_KEY_PREFIX}${body.slice(0, 4)}…${body.slice(-4)}`);
      expect(preview).not.toContain(body.slice(4, 28));
      // Shows at most 8 of the 32 random characters.
      expect(preview.length - API_KEY_PREFIX.length - 1).toBe(8);
    }
  });
});
