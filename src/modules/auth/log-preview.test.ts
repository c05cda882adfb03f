import { describe, expect, it } from 'vitest';
import { submittedPreview } from './log-preview.js';

describe('submittedPreview', () => {
  it('a well-formed API key: prefix, its first and last four, as in the key lists', () => {
    expect(submittedPreview('ff_sk_live_AbCdEfGhIjKlMnOpQrStUvWxYz012345')).toBe('ff_sk_live_AbCd…2345');
  });

  it('a 48-character secret pasted as the key: four from each end, the 40 between never', () => {
    const secret = 'Q7x2' + 'm'.repeat(20) + 'Z'.repeat(20) + 'k9P1';
    expect(secret).toHaveLength(48);
    expect(submittedPreview(secret)).toBe('Q7x2…k9P1');
  });

  it('an almost-key (wrong length or alphabet) is treated as any other text', () => {
    // 42 characters → 5 from each end would be allowed, but never more than 4.
    expect(submittedPreview('ff_sk_live_AbCdEfGhIjKlMnOpQrStUvWxYz01234')).toBe('ff_s…1234');
    // 43 characters with a '-' in the body.
    expect(submittedPreview('ff_sk_live_AbCd-fGhIjKlMnOpQrStUvWxYz012345')).toBe('ff_s…2345');
  });

  it('shorter values show at most an eighth from each end', () => {
    expect(submittedPreview('hunter2')).toBe('…'); // 7 characters: nothing
    expect(submittedPreview('password')).toBe('p…d'); // 8: one each end
    expect(submittedPreview('correct-horse-battery')).toBe('co…ry'); // 21: two each end
    expect(submittedPreview('abcdefghijklmnopqrstuvwx')).toBe('abc…vwx'); // 24: three
    expect(submittedPreview('ops@quickship.example.com')).toBe('ops…com'); // 25: three
    expect(submittedPreview('a')).toBe('…');
  });

  it('never cuts a character in half (counts code points, not UTF-16 units)', () => {
    // 8 code points, 10 UTF-16 units: one from each end, the emoji whole.
    expect(submittedPreview('😀bcdefg😀')).toBe('😀…😀');
  });

  it('never contains the middle of what was submitted', () => {
    for (const len of [8, 16, 31, 32, 33, 48, 64, 128]) {
      const v = Array.from({ length: len }, (_, i) => String.fromCharCode(65 + (i % 26))).join('');
      const shown = submittedPreview(v).replace('…', '');
      expect(shown.length, String(len)).toBeLessThanOrEqual(Math.min(8, len / 4));
    }
  });
});
