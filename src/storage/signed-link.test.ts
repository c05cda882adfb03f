import { createHmac, hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkLink, deriveLinkKey, safeFileName, signLink } from './signed-link.js';

const master = 'test-secret-that-is-long-enough-0123456789';
const key = deriveLinkKey(master);
const parts = { key: 'reports/cmp_x/rpt_y.csv', expires: 2_000_000_000, name: 'orders.csv' };

describe('signed links', () => {
  it('the key is HKDF-SHA256 of the master secret with its own label', () => {
    const expected = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'fastforward/local-file-links/v1', 32));
    expect(key.equals(expected)).toBe(true);
    expect(key.equals(Buffer.from(master))).toBe(false);
  });

  it('the signature is HMAC-SHA256 over key, expiry and name, newline-separated, base64url', () => {
    const expected = createHmac('sha256', key).update('reports/cmp_x/rpt_y.csv\n2000000000\norders.csv').digest('base64url');
    expect(signLink(key, parts)).toBe(expected);
  });

  it('accepts its own link before the expiry, says expired at and after it', () => {
    const sig = signLink(key, parts);
    expect(checkLink(key, parts, sig, 1_999_999_999)).toBe('ok');
    expect(checkLink(key, parts, sig, 2_000_000_000)).toBe('expired');
    expect(checkLink(key, parts, sig, 2_000_000_500)).toBe('expired');
  });

  it('refuses any change: key, expiry, name, signature, or another secret', () => {
    const sig = signLink(key, parts);
    expect(checkLink(key, { ...parts, key: 'reports/cmp_x/rpt_z.csv' }, sig, 0)).toBe('invalid');
    expect(checkLink(key, { ...parts, expires: parts.expires + 1 }, sig, 0)).toBe('invalid');
    expect(checkLink(key, { ...parts, name: 'other.csv' }, sig, 0)).toBe('invalid');
    expect(checkLink(key, parts, `${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`, 0)).toBe('invalid');
    expect(checkLink(key, parts, '', 0)).toBe('invalid');
    expect(checkLink(deriveLinkKey(`${master}x`), parts, sig, 0)).toBe('invalid');
    // A forged link past its expiry is invalid, not expired: the expiry is only believed when signed.
    expect(checkLink(key, parts, 'AAAA', 3_000_000_000)).toBe('invalid');
  });

  it('file names keep any text but control characters, up to 128 characters', () => {
    expect(safeFileName('orders-2026-01-01.csv')).toBe('orders-2026-01-01.csv');
    expect(safeFileName('a b/"c";\r\n.csv')).toBe('a b/"c";__.csv');
    expect(safeFileName('Bestellungen Dezember – Zoë €.csv')).toBe('Bestellungen Dezember – Zoë €.csv');
    expect(safeFileName('\u0000\u001f\u007f')).toBe('___');
    expect([...safeFileName('é'.repeat(200))]).toHaveLength(128);
  });
});
