/**
 * Test helpers shared by the mapper tests (not imported by production code): fixture loading and the
 * fuzz property "garbage in → CarrierPayloadError or a valid result, never anything else".
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { CarrierPayloadError, UNIFIED_STATUSES, type CarrierCode, type UnifiedTracking } from '../../src/carriers/model.js';

export function loadFixture(dirUrl: string, name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, dirUrl), 'utf8'));
}

/** A well-formed result: statuses known, dates ISO and sorted oldest first. */
export function expectWellFormed(t: UnifiedTracking): void {
  expect(UNIFIED_STATUSES).toContain(t.status);
  for (const e of t.events) {
    expect(UNIFIED_STATUSES).toContain(e.status);
    expect(new Date(e.at).toISOString()).toBe(e.at);
  }
  const ats = t.events.map((e) => e.at);
  expect(ats).toEqual([...ats].sort());
}

function check(parse: (p: unknown) => UnifiedTracking, p: unknown): void {
  try {
    expectWellFormed(parse(p));
  } catch (err) {
    if (!(err instanceof CarrierPayloadError)) throw err;
  }
}

/** Runs per property; mutation testing lowers it (FF_FUZZ_RUNS), as it reruns these for every mutant: a factor (default 1). */
const RUNS = Number(process.env.FF_FUZZ_RUNS) || 1;

/** Random JSON, and each fixture with one random node replaced by random JSON. */
export function fuzz(parse: (p: unknown) => UnifiedTracking, fixtures: unknown[]): void {
  fc.assert(
    fc.property(fc.jsonValue(), (v) => check(parse, v)),
    { numRuns: Math.ceil(300 * RUNS) },
  );
  fc.assert(
    fc.property(fc.constantFrom(...fixtures), fc.nat(), fc.jsonValue(), (fixture, pick, junk) => {
      const copy = structuredClone(fixture);
      const slots: Array<[Record<string, unknown> | unknown[], string | number]> = [];
      const walk = (v: unknown): void => {
        if (Array.isArray(v)) v.forEach((x, i) => (slots.push([v, i]), walk(x)));
        else if (v && typeof v === 'object')
          for (const [k, x] of Object.entries(v)) {
            slots.push([v as Record<string, unknown>, k]);
            walk(x);
          }
      };
      walk(copy);
      if (slots.length) {
        const [holder, key] = slots[pick % slots.length]!;
        (holder as Record<string | number, unknown>)[key] = junk;
      }
      check(parse, copy);
    }),
    { numRuns: Math.ceil(500 * RUNS) },
  );
}

/**
 * The fixture cases every carrier has in the same form: in transit, failed attempt and returned parse
 * to that status without a POD, and "not found" raises not_found for this carrier.
 */
export function commonFixtureCases(carrier: CarrierCode, parse: (p: unknown) => UnifiedTracking, fx: (name: string) => unknown): void {
  it.each([
    ['in-transit', 'in_transit'],
    ['failed-attempt', 'failed'],
    ['returned', 'returned'],
  ])('%s → %s', (name, status) => {
    const t = parse(fx(name));
    expectWellFormed(t);
    expect(t).toMatchObject({ status, podReceiverName: null, image_url: null });
  });
  it('not found', () => {
    expect(() => parse(fx('not-found'))).toThrow(expect.objectContaining({ code: 'not_found', carrier }));
  });
}
