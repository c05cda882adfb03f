/**
 * AWBs: the one syntax check shared by the gateway (a 400 before any carrier is called) and the
 * adapters (which never put anything else into a carrier URL), and which carrier an AWB belongs to.
 * Every AWB sample in docs/carriers.md is letters, digits and at most a dash, 10–16 characters; 4–40
 * leaves room for formats we have not seen.
 */
import type { CarrierCode } from './model.js';

const AWB_RE = /^[A-Za-z0-9-]{4,40}$/;

export function isValidAwb(awb: string): boolean {
  return AWB_RE.test(awb);
}

/**
 * AWB patterns, from the samples in docs/carriers.md (one or a few per carrier, so deliberately narrow):
 *   jnt        JD + 10 digits          (JD0000000001)
 *   idexpress  IDD + 12 digits         (IDD955255915888)
 *   sap        3-letter origin + 13 digits (CGK8056427900024), origin ≠ IDD
 *   sicepat    12 digits starting 00   (000434236059)
 *   jne        16 digits               (5403212200022724)
 * Anything else (other lengths, other prefixes, lower case after trimming) → null: the caller must
 * name the courier. Patterns are disjoint by construction; a test checks that.
 */
export const AWB_PATTERNS: ReadonlyArray<readonly [CarrierCode, RegExp]> = [
  ['jnt', /^JD\d{10}$/],
  ['idexpress', /^IDD\d{12}$/],
  ['sap', /^(?!IDD)[A-Z]{3}\d{13}$/],
  ['sicepat', /^00\d{10}$/],
  ['jne', /^\d{16}$/],
];

export function detectCarrier(awb: string): CarrierCode | null {
  const s = awb.trim().toUpperCase();
  const hits = AWB_PATTERNS.filter(([, re]) => re.test(s));
  return hits.length === 1 ? hits[0]![0] : null;
}
