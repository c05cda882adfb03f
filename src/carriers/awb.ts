/**
 * AWBs: the one syntax check shared by the gateway (a 400 before any carrier is called) and the
 * adapters (which never put anything else into a carrier URL), and which carrier an AWB belongs to.
 * Every AWB sample in docs/carriers.md is letters, digits and at most a dash, 10–16 characters; 4–40
 * leaves room for formats we have not seen.
 */
import { CARRIER_CODES, CARRIERS, type CarrierCode } from './carriers.js';

const AWB_RE = /^[A-Za-z0-9-]{4,40}$/;

export function isValidAwb(awb: string): boolean {
  return AWB_RE.test(awb);
}

/**
 * AWB patterns, one per carrier (each definition's `awbPattern`, from the samples in
 * docs/carriers.md, so deliberately narrow). Anything else (other lengths, other prefixes, lower case
 * after trimming) → null: the caller must name the courier. Patterns are disjoint by construction; a
 * test checks that.
 */
export const AWB_PATTERNS: ReadonlyArray<readonly [CarrierCode, RegExp]> = CARRIER_CODES.map((c) => [c, CARRIERS[c].awbPattern] as const);

export function detectCarrier(awb: string): CarrierCode | null {
  const s = awb.trim().toUpperCase();
  const hits = AWB_PATTERNS.filter(([, re]) => re.test(s));
  return hits.length === 1 ? hits[0]![0] : null;
}
