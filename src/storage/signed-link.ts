/**
 * Signed, expiring download links of the local object store: `GET /files/<key>?expires=<unix>&name=<file>&sig=<hmac>`.
 * The signature is HMAC-SHA256 over the key, the expiry and the file name, under a key derived from the
 * hub's master secret (HKDF with its own label, so it signs nothing else and tokens sign nothing here).
 * Pure: no I/O.
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

const LABEL = 'fastforward/local-file-links/v1';

export function deriveLinkKey(master: string): Buffer {
  return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), LABEL, 32));
}

export interface LinkParts {
  readonly key: string;
  /** Unix seconds. */
  readonly expires: number;
  /** The name the download is saved under ('' = none). */
  readonly name: string;
}

export function signLink(secret: Buffer, p: LinkParts): string {
  // Newline-separated: a key never holds one, and the name's newlines are refused before signing, so no
  // two different (key, expires, name) give the same input.
  return createHmac('sha256', secret).update(`${p.key}\n${p.expires}\n${p.name}`).digest('base64url');
}

export type LinkVerdict = 'ok' | 'expired' | 'invalid';

/**
 * A bad signature is `invalid` whatever the expiry says (the expiry is part of what is signed); a good
 * one past its expiry is `expired`. The comparison takes the same time wherever the two differ.
 */
export function checkLink(secret: Buffer, p: LinkParts, sig: string, nowSeconds: number): LinkVerdict {
  // Compared as text, not decoded: base64url has spare bits, so decoding would accept several spellings.
  const expected = Buffer.from(signLink(secret, p));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
  return nowSeconds >= p.expires ? 'expired' : 'ok';
}

/**
 * The name a link carries: any text but control characters (CR and LF above all: the signed input is
 * newline-separated), at most 128 characters. It reaches the response header only through
 * `attachmentDisposition` (ASCII fallback + RFC 5987), so non-ASCII names like "Zoë €.csv" survive.
 */
export function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return [...name.replace(/[\u0000-\u001f\u007f]/g, '_')].slice(0, 128).join('');
}
