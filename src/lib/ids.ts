import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** Prefixed random ids (`shp_…`) make logs and support tickets self-explaining. */
export const ID_PREFIXES = {
  company: 'cmp',
  apiKey: 'key',
  admin: 'adm',
  shipment: 'shp',
  package: 'pkg',
  trackingEvent: 'tev',
  event: 'evt',
  webhook: 'whe',
  report: 'rpt',
} as const;
export type IdKind = keyof typeof ID_PREFIXES;

export function randomString(length: number, alphabet = ALPHABET): string {
  // Rejection sampling keeps the distribution uniform.
  const out: string[] = [];
  const max = 256 - (256 % alphabet.length);
  while (out.length < length) {
    for (const b of randomBytes(length * 2)) {
      if (b < max && out.length < length) out.push(alphabet[b % alphabet.length]!);
    }
  }
  return out.join('');
}

export function newId(kind: IdKind): string {
  return `${ID_PREFIXES[kind]}_${randomString(20)}`;
}

export function idPattern(kind: IdKind): string {
  return `^${ID_PREFIXES[kind]}_[0-9a-z]{20}$`;
}

export function isId(kind: IdKind, value: string): boolean {
  return new RegExp(idPattern(kind)).test(value);
}
