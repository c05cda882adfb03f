import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ANOMALY_KINDS, detectAnomalies, volumeScore, type AnomalyFacts, type AnomalyThresholds } from './anomalies.js';

// Every expected value below is worked out by hand from the rules in docs/balance.md "Anomalies".

const H = 3_600_000;
const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);
const T: AnomalyThresholds = {
  stuckHours: 48,
  rollupAbove: 3,
  rollupSample: 2,
  onTimeRecentDays: 7,
  onTimeBaselineDays: 28,
  onTimeDropPoints: 20,
  onTimeMinDeliveries: 10,
  webhookFailurePercent: 5,
  webhookMinAttempts: 20,
  authWindowMinutes: 15,
  authFailuresPerIp: 20,
  authFailuresPerKey: 10,
  rateLimitWindowMinutes: 15,
  rateLimitRefusals: 100,
  volumeZ: 3,
  volumeMin: 20,
};
const EMPTY: AnomalyFacts = { stuck: [], overdue: [], companies: [], onTime: [], webhooks: [], authFailures: [], rateLimitRefusals: [], volume: [] };
const run = (f: Partial<AnomalyFacts>, t: Partial<AnomalyThresholds> = {}) => detectAnomalies({ ...EMPTY, ...f }, { ...T, ...t }, NOW);
const brief = (f: Partial<AnomalyFacts>, t?: Partial<AnomalyThresholds>) => run(f, t).map((a) => [a.subject, a.severity]);

describe('detectAnomalies', () => {
  it('says nothing without facts', () => {
    expect(run({})).toEqual([]);
  });

  it('shipment_stuck: one per shipment up to the roll-up size, critical from 3 × the threshold', () => {
    const shipments = [
      { id: 'shp_a', status: 'in_transit', at: NOW - 150 * H }, // 150 h ≥ 144 h → critical
      { id: 'shp_b', status: 'picked_up', at: NOW - 49 * H },
    ];
    const out = run({ stuck: [{ companyId: 'cmp_1', count: 2, shipments }] });
    expect(out.map((a) => [a.kind, a.subject, a.severity, a.companyId])).toEqual([
      ['anomaly.shipment_stuck', 'shipment:shp_a', 'critical', 'cmp_1'],
      ['anomaly.shipment_stuck', 'shipment:shp_b', 'warning', 'cmp_1'],
    ]);
    expect(out[1]!.evidence).toEqual({ status: 'picked_up', lastChangeAt: new Date(NOW - 49 * H).toISOString(), idleHours: 49, stuckHours: 48 });
  });

  it('shipment_stuck: more than rollupAbove for one company → one company anomaly with the count and a sample', () => {
    const shipments = [
      { id: 'shp_1', status: 'in_transit', at: NOW - 100 * H },
      { id: 'shp_2', status: 'in_transit', at: NOW - 90 * H },
      { id: 'shp_3', status: 'in_transit', at: NOW - 80 * H },
    ];
    const out = run({ stuck: [{ companyId: 'cmp_1', count: 4, shipments }] });
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({
      kind: 'anomaly.shipment_stuck',
      subject: 'company:cmp_1',
      severity: 'warning', // oldest 100 h < 144 h
      companyId: 'cmp_1',
      evidence: { count: 4, oldestIdleHours: 100, sample: ['shp_1', 'shp_2'], rollupAbove: 3, stuckHours: 48 },
    });
    // exactly rollupAbove: still one by one
    expect(brief({ stuck: [{ companyId: 'cmp_1', count: 3, shipments }] })).toEqual([
      ['shipment:shp_1', 'warning'],
      ['shipment:shp_2', 'warning'],
      ['shipment:shp_3', 'warning'],
    ]);
  });

  it('a stuck roll-up is critical when its oldest is; an overdue roll-up names its oldest lateness', () => {
    const shipments = [0, 1, 2].map((i) => ({ id: `shp_${i}`, status: 'in_transit', at: NOW - (144 - i) * H }));
    const [stuck] = run({ stuck: [{ companyId: 'c', count: 4, shipments }] });
    expect(stuck).toMatchObject({ subject: 'company:c', severity: 'critical', evidence: { oldestIdleHours: 144 } });
    const [late] = run({ overdue: [{ companyId: 'c', count: 4, shipments }] });
    expect(late).toMatchObject({
      kind: 'anomaly.shipment_overdue',
      subject: 'company:c',
      severity: 'critical',
      evidence: { count: 4, oldestOverdueHours: 144 },
    });
    expect(late!.evidence).not.toHaveProperty('stuckHours');
  });

  it.each([
    [1, 'info'],
    [23.9, 'info'],
    [24, 'warning'],
    [71.9, 'warning'],
    [72, 'critical'],
  ])('shipment_overdue: %s h late is %s', (late, severity) => {
    const out = run({ overdue: [{ companyId: 'cmp_2', count: 1, shipments: [{ id: 'shp_x', status: 'assigned', at: NOW - late * H }] }] });
    expect(out.map((a) => [a.kind, a.subject, a.severity])).toEqual([['anomaly.shipment_overdue', 'shipment:shp_x', severity]]);
    expect(out[0]!.evidence).toMatchObject({ overdueHours: late, status: 'assigned' });
  });

  it('shipment_overdue rolls up too, with the oldest as its severity', () => {
    const shipments = [1, 2, 3].map((i) => ({ id: `shp_${i}`, status: 'pending', at: NOW - (100 - i) * H }));
    expect(brief({ overdue: [{ companyId: 'cmp_9', count: 50, shipments }] })).toEqual([['company:cmp_9', 'critical']]);
  });

  it.each([
    // load, capacity, expected
    [89, 100, []], // 890 < 900
    [90, 100, [['company:c', 'warning']]], // 900 ≥ 900
    [99, 100, [['company:c', 'warning']]],
    [100, 100, [['company:c', 'critical']]],
    [130, 100, [['company:c', 'critical']]],
    [8, 10, []], // 80 < 90
    [9, 10, [['company:c', 'warning']]],
    [0, 1, []],
    [1, 1, [['company:c', 'critical']]],
  ])('company_over_capacity: load %s of %s', (load, capacity, expected) => {
    expect(brief({ companies: [{ id: 'c', capacity, load }] })).toEqual(expected);
  });

  it('company_over_capacity evidence', () => {
    expect(run({ companies: [{ id: 'c', capacity: 200, load: 185 }] })[0]!.evidence).toEqual({
      load: 185,
      capacity: 200,
      utilization: 92.5,
      thresholdPercent: 90,
    });
  });

  it.each([
    // recent delivered/on time, baseline delivered/on time → expected severity (null: nothing)
    [10, 6, 40, 36, 'warning'], // 60 % vs 90 %: 30 points
    [10, 7, 20, 18, 'warning'], // 70 % vs 90 %: exactly 20 points (≥)
    [10, 8, 20, 19, null], // 80 % vs 95 %: 15 points
    [10, 5, 20, 18, 'critical'], // 50 % vs 90 %: 40 points = 2 × 20
    [9, 0, 100, 100, null], // recent sample too small
    [10, 0, 9, 9, null], // baseline sample too small
    [10, 10, 20, 10, null], // a rise
  ])('on_time_drop: recent %s/%s, baseline %s/%s', (rd, ro, bd, bo, severity) => {
    const out = run({ onTime: [{ companyId: 'c', recentDelivered: rd, recentOnTime: ro, baselineDelivered: bd, baselineOnTime: bo }] });
    expect(out.map((a) => a.severity)).toEqual(severity ? [severity] : []);
  });

  it('on_time_drop evidence', () => {
    const [a] = run({ onTime: [{ companyId: 'c', recentDelivered: 12, recentOnTime: 6, baselineDelivered: 40, baselineOnTime: 36 }] });
    expect(a).toMatchObject({ kind: 'anomaly.on_time_drop', subject: 'company:c', companyId: 'c' });
    expect(a!.evidence).toEqual({
      recent: { days: 7, delivered: 12, onTime: 6, rate: 50 },
      baseline: { days: 28, delivered: 40, onTime: 36, rate: 90 },
      dropPoints: 40,
      thresholdPoints: 20,
      minDeliveries: 10,
    });
  });

  it.each([
    // attempts, failures → expected severity (null: nothing)
    [20, 1, null], // 5 % is not above 5 %
    [20, 2, 'warning'], // 10 %
    [100, 5, null], // 5 %
    [100, 6, 'warning'], // 6 %
    [19, 19, null], // too few attempts
    [40, 19, 'warning'], // 47.5 %
    [40, 20, 'critical'], // 50 %
    [20, 20, 'critical'],
  ])('webhook_failure_rate: %s attempts, %s failed', (attempts, failures, severity) => {
    const out = run({ webhooks: [{ endpointId: 'wh_1', companyId: 'c', attempts, failures }] });
    expect(out.map((a) => [a.subject, a.severity, a.companyId])).toEqual(severity ? [['endpoint:wh_1', severity, 'c']] : []);
  });

  it('webhook_failure_rate evidence', () => {
    expect(run({ webhooks: [{ endpointId: 'wh_1', companyId: 'c', attempts: 30, failures: 3 }] })[0]!.evidence).toEqual({
      endpointId: 'wh_1',
      attempts: 30,
      failures: 3,
      failurePercent: 10,
      windowMinutes: 60,
      thresholdPercent: 5,
      minAttempts: 20,
    });
  });

  it.each([
    ['ip', 19, null],
    ['ip', 20, 'warning'],
    ['ip', 99, 'warning'],
    ['ip', 100, 'critical'],
    ['key', 9, null],
    ['key', 10, 'warning'],
    ['key', 50, 'critical'],
  ] as const)('auth_failure_burst: %s with %s failures', (scope, failures, severity) => {
    const out = run({ authFailures: [{ scope, value: 'v1', companyId: null, failures, distinct: 3 }] });
    expect(out.map((a) => [a.subject, a.severity])).toEqual(severity ? [[`${scope}:v1`, severity]] : []);
  });

  it('auth_failure_burst evidence', () => {
    const out = run({
      authFailures: [
        { scope: 'ip', value: '10.0.0.1', companyId: null, failures: 25, distinct: 7 },
        { scope: 'key', value: 'key_1', companyId: 'c', failures: 12, distinct: 2 },
      ],
    });
    expect(out.map((a) => [a.subject, a.companyId, a.evidence])).toEqual([
      ['ip:10.0.0.1', null, { scope: 'ip', failures: 25, distinctKeys: 7, windowMinutes: 15, threshold: 20 }],
      ['key:key_1', 'c', { scope: 'key', failures: 12, distinctAddresses: 2, windowMinutes: 15, threshold: 10 }],
    ]);
  });

  const refused = (scope: 'ip' | 'key' | 'company', value: string, refusals: number, companyId: string | null = null) => ({
    scope,
    value,
    companyId,
    refusals,
    policies: ['starter'],
    distinctAddresses: 1,
    distinctCompanies: 1,
    distinctKeys: 1,
  });

  // Threshold 100: below it nothing, from it warning, from 5 × 100 = 500 critical; the same for every scope.
  it.each([
    ['ip', 99, null],
    ['ip', 100, 'warning'],
    ['ip', 499, 'warning'],
    ['ip', 500, 'critical'],
    ['key', 99, null],
    ['key', 100, 'warning'],
    ['key', 500, 'critical'],
    ['company', 99, null],
    ['company', 100, 'warning'],
    ['company', 10_000, 'critical'],
  ] as const)('rate_limit_burst: %s with %s refusals', (scope, refusals, severity) => {
    const out = run({ rateLimitRefusals: [refused(scope, 'v1', refusals)] });
    expect(out.map((a) => [a.kind, a.subject, a.severity])).toEqual(severity ? [['anomaly.rate_limit_burst', `${scope}:v1`, severity]] : []);
  });

  it('rate_limit_burst: the threshold and window come from the config', () => {
    expect(brief({ rateLimitRefusals: [refused('ip', '10.0.0.9', 3)] }, { rateLimitRefusals: 3 })).toEqual([['ip:10.0.0.9', 'warning']]);
    expect(brief({ rateLimitRefusals: [refused('ip', '10.0.0.9', 15)] }, { rateLimitRefusals: 3 })).toEqual([['ip:10.0.0.9', 'critical']]);
    expect(run({ rateLimitRefusals: [refused('key', 'key_9', 3)] }, { rateLimitRefusals: 3, rateLimitWindowMinutes: 5 })[0]!.message).toBe(
      '3 requests from API key key_9 refused by rate limits in 5 minutes (starter)',
    );
  });

  it('rate_limit_burst evidence', () => {
    const out = run({
      rateLimitRefusals: [
        {
          scope: 'ip',
          value: '10.0.0.1',
          companyId: null,
          refusals: 140,
          policies: ['auth', 'starter'],
          distinctAddresses: 1,
          distinctCompanies: 3,
          distinctKeys: 4,
        },
        {
          scope: 'key',
          value: 'key_1',
          companyId: 'c1',
          refusals: 120,
          policies: ['starter'],
          distinctAddresses: 2,
          distinctCompanies: 1,
          distinctKeys: 1,
        },
        {
          scope: 'company',
          value: 'c2',
          companyId: 'c2',
          refusals: 101,
          policies: ['professional'],
          distinctAddresses: 5,
          distinctCompanies: 1,
          distinctKeys: 0,
        },
      ],
    });
    expect(out.map((a) => [a.subject, a.companyId, a.message, a.evidence])).toEqual([
      [
        'ip:10.0.0.1',
        null,
        '140 requests from address 10.0.0.1 refused by rate limits in 15 minutes (auth, starter)',
        { scope: 'ip', refusals: 140, policies: ['auth', 'starter'], distinctCompanies: 3, distinctKeys: 4, windowMinutes: 15, threshold: 100 },
      ],
      [
        'key:key_1',
        'c1',
        '120 requests from API key key_1 refused by rate limits in 15 minutes (starter)',
        { scope: 'key', refusals: 120, policies: ['starter'], distinctAddresses: 2, windowMinutes: 15, threshold: 100 },
      ],
      [
        'company:c2',
        'c2',
        '101 requests from company c2 refused by rate limits in 15 minutes (professional)',
        { scope: 'company', refusals: 101, policies: ['professional'], distinctAddresses: 5, windowMinutes: 15, threshold: 100 },
      ],
    ]);
  });

  it('volumeScore: hand-computed z', () => {
    const flat = (last: number, base: number) => [last, ...Array<number>(24).fill(base)];
    // mean 10, stddev 0 → the divisor is √10 = 3.1623
    expect(volumeScore(flat(30, 10)).z).toBeCloseTo(20 / Math.sqrt(10), 10);
    expect(volumeScore(flat(30, 10))).toMatchObject({ last: 30, mean: 10, stddev: 0 });
    // 0,20,0,20…: mean 10, stddev 10 → divisor 10
    const alternating = [45, ...Array.from({ length: 24 }, (_, i) => (i % 2 ? 20 : 0))];
    expect(volumeScore(alternating)).toMatchObject({ last: 45, mean: 10, stddev: 10, z: 3.5 });
    // all zeros: divisor 1
    expect(volumeScore(flat(4, 0)).z).toBe(4);
  });

  it.each([
    [30, 10, 'critical', 'rise'], // z 6.32 ≥ 6
    [20, 10, 'warning', 'rise'], // z 3.16
    [15, 10, null, null], // z 1.58
    [0, 10, null, null], // z −3.16, but neither 0 nor 10 reaches the minimum volume 20
    [20, 40, 'warning', 'fall'], // z = −20 / √40 = −3.16
    [60, 40, 'warning', 'rise'],
    [0, 40, 'critical', 'fall'], // z −6.32
  ])('volume_change for one company: last hour %s, 24 h at %s per hour', (last, base, severity, direction) => {
    // one company: the system-wide series is the same, so both say the same
    const out = run({ volume: [{ companyId: 'c', hourly: [last, ...Array<number>(24).fill(base)] }] });
    const expected = severity
      ? [
          ['system', severity, direction],
          ['company:c', severity, direction],
        ]
      : [];
    expect(out.map((a) => [a.subject, a.severity, a.evidence.direction])).toEqual(expected);
  });

  it('volume_change: companies add up to the system-wide series', () => {
    const twenty = [20, ...Array<number>(24).fill(10)];
    const out = run({
      volume: [
        { companyId: 'a', hourly: twenty },
        { companyId: 'b', hourly: twenty },
      ],
    });
    // each: z 3.16 → warning; system: 40 against 20, z = 20 / √20 = 4.47 → warning
    expect(out.map((a) => [a.subject, a.severity, a.evidence.z])).toEqual([
      ['system', 'warning', 4.5],
      ['company:a', 'warning', 3.2],
      ['company:b', 'warning', 3.2],
    ]);
    expect(out[0]!.companyId).toBeNull();
  });

  it('never reports one (kind, subject) twice, and only known kinds', () => {
    const shipment = fc.record({
      id: fc.stringMatching(/^shp_[a-z0-9]{1,6}$/),
      status: fc.constant('in_transit'),
      at: fc.integer({ min: 0, max: NOW }),
    });
    const group = fc.record({
      companyId: fc.stringMatching(/^cmp_[a-z0-9]{1,6}$/),
      shipments: fc.uniqueArray(shipment, { selector: (s) => s.id, maxLength: 6 }),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(group, { selector: (g) => g.companyId, maxLength: 5 }),
        fc.uniqueArray(fc.record({ id: fc.string({ minLength: 1, maxLength: 4 }), capacity: fc.integer({ min: 1, max: 50 }), load: fc.nat(60) }), {
          selector: (c) => c.id,
          maxLength: 5,
        }),
        (groups, companies) => {
          // a shipment belongs to one company: ids unique across groups
          const seen = new Set<string>();
          const stuck = groups.map((g) => {
            const shipments = g.shipments.filter((s) => !seen.has(s.id) && seen.add(s.id));
            return { companyId: g.companyId, count: shipments.length, shipments };
          });
          const out = run({ stuck, overdue: stuck, companies });
          const keys = out.map((a) => `${a.kind} ${a.subject}`);
          expect(new Set(keys).size).toBe(keys.length);
          for (const a of out) expect(ANOMALY_KINDS).toContain(a.kind);
        },
      ),
    );
  });
});
