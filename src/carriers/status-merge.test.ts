import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UNIFIED_STATUSES, type UnifiedStatus } from './model.js';
import { AWB_PATTERNS, detectCarrier } from './awb.js';
import { CARRIER_FINAL, foldStatuses, mergeStatus } from './status-merge.js';

/** Written out independently: the happy-path order; failed sits with out_for_delivery; finals on top. */
const RANK: Record<string, number> = {
  pending: 0,
  picked_up: 1,
  in_transit: 2,
  out_for_delivery: 3,
  failed: 3,
  delivered: 4,
  returned: 4,
  cancelled: 4,
};
const FINALS = ['delivered', 'returned', 'cancelled'] as const;
const status = fc.constantFrom(...UNIFIED_STATUSES);

describe('mergeStatus', () => {
  it('finals are delivered, returned, cancelled — failed stays open for redelivery', () => {
    expect([...CARRIER_FINAL].sort()).toEqual([...FINALS].sort());
    expect(mergeStatus('failed', 'out_for_delivery')).toBe('out_for_delivery');
    expect(mergeStatus('failed', 'returned')).toBe('returned');
    expect(mergeStatus('out_for_delivery', 'failed')).toBe('failed');
  });

  it('a final status absorbs everything', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FINALS), status, (f, s) => {
        expect(mergeStatus(f, s)).toBe(f);
      }),
    );
  });

  it('never moves backwards along the progression, always returns one of its inputs', () => {
    fc.assert(
      fc.property(status, status, (a, b) => {
        const m = mergeStatus(a, b);
        expect([a, b]).toContain(m);
        if (RANK[a] !== undefined) {
          expect(RANK[m]).toBeDefined();
          expect(RANK[m]!).toBeGreaterThanOrEqual(RANK[a]!);
        }
      }),
    );
  });

  it('exception/unknown never overwrite a known status; a known one replaces them', () => {
    for (const s of UNIFIED_STATUSES) {
      if (s === 'exception' || s === 'unknown') continue;
      expect(mergeStatus(s, 'unknown')).toBe(s);
      expect(mergeStatus(s, 'exception')).toBe(s);
      expect(mergeStatus('unknown', s)).toBe(s);
      expect(mergeStatus('exception', s)).toBe(s);
    }
  });

  it('folding a sequence is monotonic at every step and order of late events cannot undo a final', () => {
    fc.assert(
      fc.property(fc.array(status, { maxLength: 20 }), (seq) => {
        let cur: UnifiedStatus = 'unknown';
        let finalSeen: UnifiedStatus | null = null;
        for (const s of seq) {
          const next = mergeStatus(cur, s);
          if (RANK[cur] !== undefined) expect(RANK[next]!).toBeGreaterThanOrEqual(RANK[cur]!);
          if (finalSeen) expect(next).toBe(finalSeen);
          if (!finalSeen && CARRIER_FINAL.has(next)) finalSeen = next;
          cur = next;
        }
        expect(foldStatuses(seq)).toBe(cur);
      }),
    );
  });

  it('the out-of-order example: a late in_transit after delivered is ignored', () => {
    expect(foldStatuses(['picked_up', 'delivered', 'in_transit'])).toBe('delivered');
    expect(foldStatuses(['in_transit', 'picked_up'])).toBe('in_transit');
  });
});

describe('detectCarrier', () => {
  it.each([
    ['JD0000000001', 'jnt'],
    ['jd0012345671', 'jnt'],
    ['IDD955255915888', 'idexpress'],
    ['CGK8056427900024', 'sap'],
    ['000434236059', 'sicepat'],
    ['5403212200022724', 'jne'],
    [' 5403212200022724 ', 'jne'],
  ])('%s → %s', (awb, code) => expect(detectCarrier(awb)).toBe(code));

  it.each(['', '12345', '123456789012', '540321220002272', 'JP0000000001', 'IDD9552559158881', 'XX-1', 'JD00000000012'])(
    'ambiguous or unknown %j → null',
    (awb) => expect(detectCarrier(awb)).toBeNull(),
  );

  it('patterns are disjoint: no string matches two', () => {
    const samples = fc.oneof(fc.stringMatching(/^[A-Z]{2,3}\d{10,13}$/), fc.stringMatching(/^\d{10,16}$/), fc.string());
    fc.assert(
      fc.property(samples, (s) => {
        expect(AWB_PATTERNS.filter(([, re]) => re.test(s)).length).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe('mergeStatus, every pair written out', () => {
  // Rank along the normal progression: pending < picked_up < in_transit < out_for_delivery = failed <
  // delivered = returned = cancelled (final); exception and unknown have no rank.
  it.each([
    ['unknown', 'pending', 'pending'],
    ['unknown', 'exception', 'unknown'],
    ['exception', 'unknown', 'exception'],
    ['exception', 'picked_up', 'picked_up'],
    ['pending', 'picked_up', 'picked_up'],
    ['picked_up', 'pending', 'picked_up'],
    ['picked_up', 'in_transit', 'in_transit'],
    ['in_transit', 'picked_up', 'in_transit'],
    ['in_transit', 'out_for_delivery', 'out_for_delivery'],
    ['out_for_delivery', 'in_transit', 'out_for_delivery'],
    ['out_for_delivery', 'failed', 'failed'],
    ['failed', 'out_for_delivery', 'out_for_delivery'], // a redelivery attempt
    ['failed', 'failed', 'failed'],
    ['failed', 'in_transit', 'failed'],
    ['failed', 'pending', 'failed'],
    ['failed', 'delivered', 'delivered'],
    ['failed', 'returned', 'returned'],
    ['in_transit', 'cancelled', 'cancelled'],
    ['in_transit', 'exception', 'in_transit'],
    ['in_transit', 'unknown', 'in_transit'],
    ['delivered', 'returned', 'delivered'],
    ['returned', 'delivered', 'returned'],
    ['cancelled', 'delivered', 'cancelled'],
    ['delivered', 'failed', 'delivered'],
    ['pending', 'pending', 'pending'],
  ] as const)('%s + %s → %s', (current, incoming, expected) => {
    expect(mergeStatus(current, incoming)).toBe(expected);
  });

  it('CARRIER_FINAL is exactly delivered, returned, cancelled', () => {
    expect([...CARRIER_FINAL].sort()).toEqual(['cancelled', 'delivered', 'returned']);
  });

  it('foldStatuses starts from unknown, or from the given status', () => {
    expect(foldStatuses([])).toBe('unknown');
    expect(foldStatuses([], 'in_transit')).toBe('in_transit');
    expect(foldStatuses(['picked_up'], 'delivered')).toBe('delivered');
    expect(foldStatuses(['exception', 'unknown'])).toBe('unknown');
  });
});

describe('AWB patterns are anchored at both ends', () => {
  // Sample AWBs per carrier: J&T JD + 10 digits, ID Express IDD + 12 digits, SAP a 3-letter origin +
  // 13 digits, SiCepat 12 digits starting 00, JNE 16 digits.
  it.each([
    ['XJD0000000001', null],
    ['JD0000000001X', null],
    ['JD00000000011', null],
    ['XIDD955255915888', null],
    ['IDD955255915888X', null],
    ['IDD9552559158881', null],
    ['1CGK8056427900024', null],
    ['CGK8056427900024X', null],
    ['CGK80564279000241', null],
    ['IDD8056427900024', null], // IDD is ID Express's prefix, never a SAP origin
    ['X000434236059', null],
    ['000434236059X', null],
    ['0004342360591', null], // 13 digits: neither SiCepat nor JNE
    ['X5403212200022724', null],
    ['5403212200022724X', null],
    ['54032122000227241', null],
    ['0054032122000227', 'jne'], // 16 digits starting 00 is JNE, not SiCepat
    ['sub8056427900024', 'sap'], // upper-cased before matching
    ['\t000434236059\n', 'sicepat'],
  ])('%j → %s', (awb, code) => expect(detectCarrier(awb)).toBe(code));

  it('each pattern by itself, on the string with one character added or removed', () => {
    const samples: Record<string, string> = {
      jnt: 'JD0000000001',
      idexpress: 'IDD955255915888',
      sap: 'CGK8056427900024',
      sicepat: '000434236059',
      jne: '5403212200022724',
    };
    for (const [code, re] of AWB_PATTERNS) {
      const s = samples[code]!;
      expect(re.test(s), code).toBe(true);
      for (const bad of [`${s}1`, `1${s}`, `${s}A`, `A${s}`, s.slice(1), s.slice(0, -1)]) expect(re.test(bad), `${code} ${bad}`).toBe(false);
    }
    // One pattern per carrier; order does not matter (an AWB that two patterns match is not detected).
    expect(AWB_PATTERNS.map(([c]) => c).sort()).toEqual(['idexpress', 'jne', 'jnt', 'sap', 'sicepat']);
  });
});
