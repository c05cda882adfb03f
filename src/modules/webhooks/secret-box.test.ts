import { createDecipheriv, hkdfSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openSecret, sealSecret, SecretBoxError } from './secret-box.js';
import { generateSigningSecret } from './signing.js';

const MASTER = 'jwt-secret-for-tests-0123456789abcdef';
const OTHER_MASTER = 'jwt-secret-for-tests-0123456789abcdeF';

describe('sealSecret / openSecret', () => {
  it('round-trips a signing secret', () => {
    const secret = generateSigningSecret();
    const sealed = sealSecret(secret, MASTER);
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(secret.slice(6));
    expect(openSecret(sealed, MASTER)).toBe(secret);
  });

  it('is v1. + base64url(iv 12 | tag 16 | ciphertext), AES-256-GCM under HKDF-SHA256(master, info "fastforward webhook secrets v1")', () => {
    const sealed = sealSecret('hello', MASTER);
    const raw = Buffer.from(sealed.slice(3), 'base64url');
    expect(raw).toHaveLength(12 + 16 + 5);
    // Decrypt independently of the module, from the documented recipe.
    const key = Buffer.from(hkdfSync('sha256', MASTER, Buffer.alloc(0), 'fastforward webhook secrets v1', 32));
    const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    d.setAAD(Buffer.from('v1\0', 'utf8'));
    d.setAuthTag(raw.subarray(12, 28));
    expect(Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8')).toBe('hello');
  });

  it('uses a fresh IV every time', () => {
    const seen = new Set(Array.from({ length: 100 }, () => sealSecret('same', MASTER)));
    expect(seen.size).toBe(100);
    const ivs = new Set([...seen].map((s) => Buffer.from(s.slice(3), 'base64url').subarray(0, 12).toString('hex')));
    expect(ivs.size).toBe(100);
  });

  it('round-trips empty and non-ASCII text', () => {
    for (const s of ['', 'ü', '🚚 whsec_x', 'a'.repeat(10_000)]) expect(openSecret(sealSecret(s, MASTER), MASTER)).toBe(s);
  });

  it('binds the optional context: a sealed value copied to another row does not open', () => {
    const sealed = sealSecret('whsec_x', MASTER, 'whe_aaaaaaaaaaaaaaaaaaaa');
    expect(openSecret(sealed, MASTER, 'whe_aaaaaaaaaaaaaaaaaaaa')).toBe('whsec_x');
    expect(() => openSecret(sealed, MASTER, 'whe_bbbbbbbbbbbbbbbbbbbb')).toThrow(SecretBoxError);
    expect(() => openSecret(sealed, MASTER)).toThrow(SecretBoxError);
  });

  it('refuses a wrong master', () => {
    expect(() => openSecret(sealSecret('whsec_x', MASTER), OTHER_MASTER)).toThrow(/wrong master secret or context, or tampered/);
  });

  it('refuses a short master on both sides', () => {
    expect(() => sealSecret('x', 'short')).toThrow(/at least 32 characters/);
    expect(() => openSecret('v1.AAAA', 'short')).toThrow(/at least 32 characters/);
  });

  it.each([
    ['no prefix', (s: string) => s.slice(3), /does not start with "v1\."/],
    ['another version', (s: string) => 'v2.' + s.slice(3), /does not start/],
    ['standard base64 characters', (s: string) => s.replace(/-/g, '+').replace(/_/g, '/') + '+', /not base64url/],
    ['padding', (s: string) => s + '=', /not base64url/],
    ['empty body', () => 'v1.', /not base64url/],
    ['too short for iv and tag', () => 'v1.' + Buffer.alloc(27).toString('base64url'), /malformed/],
    ['a character appended', (s: string) => s + 'A', /malformed|tampered/],
    ['truncated', (s: string) => s.slice(0, -4), /tampered|malformed/],
  ])('refuses %s', (_n, mangle, message) => {
    const sealed = sealSecret('whsec_abcdefghijklmnop', MASTER);
    expect(() => openSecret(mangle(sealed), MASTER)).toThrow(SecretBoxError);
    expect(() => openSecret(mangle(sealed), MASTER)).toThrow(message);
  });

  it('any flipped bit anywhere in iv, tag or ciphertext is detected (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.nat(), fc.integer({ min: 0, max: 7 }), (plain, pos, bit) => {
        const raw = Buffer.from(sealSecret(plain, MASTER).slice(3), 'base64url');
        const i = pos % raw.length;
        raw[i] = raw[i]! ^ (1 << bit);
        expect(() => openSecret('v1.' + raw.toString('base64url'), MASTER)).toThrow(SecretBoxError);
      }),
    );
  });

  it('any well-formed text round-trips under any long master (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 100 }), fc.string({ minLength: 32, maxLength: 80 }), (plain, master) => {
        expect(openSecret(sealSecret(plain, master), master)).toBe(plain);
      }),
      { numRuns: 50 },
    );
  });
});
