import { describe, expect, it } from 'vitest';
import { asciiFallback, attachmentDisposition, encodeRfc5987 } from './disposition.js';

// Expected values written by hand from RFC 6266 (§4.1, §5) and RFC 5987 (§3.2: attr-char is
// ALPHA / DIGIT / "!" "#" "$" "&" "+" "-" "." "^" "_" "`" "|" "~"; everything else is %XX of UTF-8).
describe('Content-Disposition for downloads', () => {
  it.each([
    [undefined, 'attachment'],
    ['', 'attachment'],
    ['orders-2026-12.csv', 'attachment; filename="orders-2026-12.csv"'],
    ['orders 2026 (Dec).xlsx', 'attachment; filename="orders 2026 (Dec).xlsx"'],
    ['€ rates.csv', `attachment; filename="_ rates.csv"; filename*=UTF-8''%E2%82%AC%20rates.csv`],
    ['Zoë.csv', `attachment; filename="Zo_.csv"; filename*=UTF-8''Zo%C3%AB.csv`],
    ['say "hi".csv', `attachment; filename="say _hi_.csv"; filename*=UTF-8''say%20%22hi%22.csv`],
    ['back\\slash.csv', `attachment; filename="back_slash.csv"; filename*=UTF-8''back%5Cslash.csv`],
    ['100%25.csv', `attachment; filename="100_25.csv"; filename*=UTF-8''100%2525.csv`],
    ["it's (1)*.csv", `attachment; filename="it's (1)*.csv"`],
    ["l'été*.csv", `attachment; filename="l'_t_*.csv"; filename*=UTF-8''l%27%C3%A9t%C3%A9%2A.csv`],
    ['a\r\nSet-Cookie: x=1.csv', `attachment; filename="a__Set-Cookie: x=1.csv"; filename*=UTF-8''a%0D%0ASet-Cookie%3A%20x%3D1.csv`],
    ['📦.csv', `attachment; filename="_.csv"; filename*=UTF-8''%F0%9F%93%A6.csv`],
  ])('%j → %s', (name, header) => {
    expect(attachmentDisposition(name)).toBe(header);
  });

  it('RFC 5987 encoding keeps the unreserved attr-chars and percent-encodes the rest (encoding more is allowed)', () => {
    expect(encodeRfc5987('AZaz09!#$&+-.^_`|~')).toBe('AZaz09!%23%24%26%2B-.%5E_%60%7C~');
    expect(encodeRfc5987("'()* ")).toBe('%27%28%29%2A%20');
  });

  it('the fallback holds printable ASCII only, without quote, backslash and percent', () => {
    expect(asciiFallback('\u0000\u001f\u007f"\\%~ ok')).toBe('______~ ok');
  });
});
