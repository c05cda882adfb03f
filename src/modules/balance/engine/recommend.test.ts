import { describe, expect, it } from 'vitest';
import { companyMetrics } from './metrics.js';
import { IDLE_UTILIZATION, LOW_BALANCE_HEALTH, LOW_PERFORMANCE_SCORE, NEAR_LIMIT_UTILIZATION, recommendations } from './recommend.js';
import type { CompanyFacts, CompanyMetrics } from './types.js';

const company = (id: string, over: Partial<CompanyFacts> = {}): CompanyMetrics =>
  companyMetrics({
    id,
    tier: 'starter',
    status: 'active',
    capacity: 10,
    load: 5,
    balance: 5000,
    delivered: 0,
    deliveredOnTime: 0,
    failed: 0,
    priceMultiplier: 1,
    ...over,
  });
const kinds = (rs: ReturnType<typeof recommendations>) => rs.map((r) => `${r.kind}${r.companyId ? `:${r.companyId}` : ''}`);

describe('recommendations', () => {
  it('thresholds', () => {
    expect([NEAR_LIMIT_UTILIZATION, LOW_BALANCE_HEALTH, LOW_PERFORMANCE_SCORE, IDLE_UTILIZATION]).toEqual([80, 20, 50, 10]);
  });

  it('nothing to say about a calm system', () => {
    expect(recommendations({ metrics: [company('a'), company('b', { load: 1 })], held: 0 })).toEqual([]);
    expect(recommendations({ metrics: [], held: 0 })).toEqual([]);
  });

  it('held shipments: one message, singular or plural, and suspended companies with room', () => {
    const metrics = [company('a', { load: 9 }), company('s', { status: 'suspended', load: 2 }), company('t', { status: 'suspended', load: 9 })];
    const one = recommendations({ metrics, held: 1 });
    expect(one[0]).toEqual({ kind: 'held', message: '1 shipment held: no company could take it without passing 90 % of capacity' });
    expect(recommendations({ metrics, held: 3 })[0]!.message).toBe('3 shipments held: no company could take them without passing 90 % of capacity');
    // t is suspended but at 90 % itself: no use unsuspending it for this
    expect(kinds(one)).toEqual(['held', 'unsuspend:s', 'raise_capacity:a']);
    expect(one[1]!.message).toBe('s is suspended with room for work (20 % of capacity): unsuspending it would take held shipments');
    expect(kinds(recommendations({ metrics, held: 0 }))).toEqual(['raise_capacity:a']);
  });

  it('capacity: from 80 % (near the limit) and at 90 % (takes no work)', () => {
    const rs = recommendations({
      metrics: [
        company('n', { load: 8 }),
        company('f', { load: 9 }),
        company('o', { load: 7, capacity: 9 }),
        company('u', { load: 79, capacity: 100 }),
        company('g', { load: 5, capacity: 6 }),
      ],
      held: 0,
    });
    // 8/10 = 80 % near (a ninth makes 90 %); 9/10 = 90 % full; 5/6 = 83 % full (a sixth would make 100 %);
    // 7/9 = 77.8 % and 79/100 = 79 %: nothing
    expect(kinds(rs).filter((k) => k.startsWith('raise'))).toEqual(['raise_capacity:f', 'raise_capacity:g', 'raise_capacity:n']);
    expect(rs.find((r) => r.companyId === 'g')!.message).toBe(
      'g is at 83 % of capacity (5/6), at the 90 % limit and takes no new work: raise its capacity',
    );
    expect(rs.find((r) => r.companyId === 'n')!.message).toBe('n is at 80 % of capacity (8/10), near the 90 % limit: raise its capacity');
    expect(rs.find((r) => r.companyId === 'f')!.message).toBe(
      'f is at 90 % of capacity (9/10), at the 90 % limit and takes no new work: raise its capacity',
    );
  });

  it('balance health under 20 ($1,000), performance under 50; suspended companies are left alone', () => {
    const rs = recommendations({
      metrics: [
        company('poor', { balance: 999 }), // 19.98
        company('ok', { balance: 1000 }), // 20: not under
        company('bad', { delivered: 40, deliveredOnTime: 0, failed: 40 }), // on-time 1400/60 = 23.3, success 5400/100 = 54 → 14 + 21.6 = 35.6
        company('meh', { delivered: 20, deliveredOnTime: 0, failed: 0 }), // 55: not under
        company('fifty', { delivered: 0, deliveredOnTime: 0, failed: 50 }), // on-time 70, success 1400/70 = 20 → 42 + 8 = 50: not under
        company('gone', { status: 'suspended', balance: 0, delivered: 40, failed: 40 }),
      ],
      held: 0,
    });
    expect(kinds(rs)).toEqual(['top_up_balance:poor', 'review_performance:bad']);
    expect(rs.length).toBe(2);
    expect(rs[0]!.message).toBe('poor has a low balance ($999.00): top it up, a low balance lowers its score');
    expect(rs[1]!.message).toBe('bad has a low performance score (35.6): review its late and failed deliveries');
  });

  it('idle companies only while others are near their limit or work is held', () => {
    const idle = company('idle', { load: 0, capacity: 100 });
    const nine = company('nine', { load: 9, capacity: 100 }); // 9 %: idle too
    const ten = company('ten', { load: 10, capacity: 100 }); // 10 %: not idle
    expect(kinds(recommendations({ metrics: [idle, nine, ten], held: 0 }))).toEqual([]);
    expect(kinds(recommendations({ metrics: [idle, nine, ten], held: 2 }))).toEqual(['held', 'idle_capacity:idle', 'idle_capacity:nine']);
    const busy = company('busy', { load: 8 });
    const rs = recommendations({ metrics: [nine, busy, idle], held: 0 });
    expect(kinds(rs)).toEqual(['raise_capacity:busy', 'idle_capacity:idle', 'idle_capacity:nine']);
    expect(rs[1]!.message).toBe('idle uses 0 % of its capacity while others are near their limit: check why it gets little work');
    // a suspended company near its limit does not make others idle
    expect(kinds(recommendations({ metrics: [idle, company('s', { status: 'suspended', load: 9 })], held: 0 }))).toEqual([]);
  });

  it('orders by kind, then company id', () => {
    const rs = recommendations({
      metrics: [company('z', { load: 9, balance: 0 }), company('a', { load: 9, balance: 0 }), company('m', { load: 0 })],
      held: 1,
    });
    expect(kinds(rs)).toEqual(['held', 'raise_capacity:a', 'raise_capacity:z', 'top_up_balance:a', 'top_up_balance:z', 'idle_capacity:m']);
  });
});
