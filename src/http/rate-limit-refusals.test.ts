import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { createRefusalRecorder, type RefusalCount } from './rate-limit-refusals.js';

const T0 = Date.UTC(2026, 11, 1, 12, 0, 0);
const MIN = 60_000;

function setup(opts: { maxEntries?: number; fail?: () => boolean } = {}) {
  let clock = T0;
  const written: RefusalCount[][] = [];
  const log = { warn: vi.fn(), error: vi.fn(), info: vi.fn() };
  const recorder = createRefusalRecorder({
    maxEntries: opts.maxEntries ?? 10,
    log,
    now: () => clock,
    write: async (rows) => {
      if (opts.fail?.()) throw new Error('database away');
      written.push(rows.map((r) => ({ ...r })));
    },
  });
  return { recorder, written, log, at: (ms: number) => (clock = ms) };
}

/** Rows as plain tuples, sorted, for comparison with hand-written tables. */
const flat = (rows: RefusalCount[]) =>
  rows.map((r) => [r.windowStart.toISOString(), r.policy, r.ip, r.companyId, r.apiKeyId, r.count].join(' ')).sort();

describe('rate-limit refusal recorder', () => {
  it('counts per (minute, policy, address, company, key) and writes them in one call', async () => {
    const { recorder, written, at } = setup();
    at(T0 + 5_000);
    recorder.refused({ policy: 'starter', ip: '10.0.0.1', companyId: 'c1', apiKeyId: 'k1' });
    recorder.refused({ policy: 'starter', ip: '10.0.0.1', companyId: 'c1', apiKeyId: 'k1' });
    recorder.refused({ policy: 'auth', ip: '10.0.0.1' });
    at(T0 + 59_999);
    recorder.refused({ policy: 'starter', ip: '10.0.0.1', companyId: 'c1', apiKeyId: 'k1' });
    at(T0 + MIN);
    recorder.refused({ policy: 'starter', ip: '10.0.0.1', companyId: 'c1', apiKeyId: 'k1' });
    expect(recorder.pending).toBe(3);
    await recorder.flush();
    expect(written).toHaveLength(1);
    expect(flat(written[0]!)).toEqual([
      '2026-12-01T12:00:00.000Z auth 10.0.0.1   1',
      '2026-12-01T12:00:00.000Z starter 10.0.0.1 c1 k1 3',
      '2026-12-01T12:01:00.000Z starter 10.0.0.1 c1 k1 1',
    ]);
    expect(recorder.pending).toBe(0);
    // Nothing new: no write at all.
    await recorder.flush();
    expect(written).toHaveLength(1);
  });

  it('past the bound counts into the address-only entry, and drops (and logs) when that is new too', async () => {
    const { recorder, written, log } = setup({ maxEntries: 2 });
    recorder.refused({ policy: 'starter', ip: '10.0.0.1' }); // entry 1: the address-only entry
    recorder.refused({ policy: 'starter', ip: '10.0.0.1', companyId: 'c1', apiKeyId: 'k1' }); // entry 2
    recorder.refused({ policy: 'starter', ip: '10.0.0.1', companyId: 'c2', apiKeyId: 'k2' }); // full → address-only
    recorder.refused({ policy: 'starter', ip: '10.0.0.2', companyId: 'c3' }); // full, address-only new → dropped
    recorder.refused({ policy: 'auth', ip: '10.0.0.1' }); // other policy: its own address-only entry is new → dropped
    expect(recorder.pending).toBe(2);
    await recorder.flush();
    expect(flat(written[0]!)).toEqual(['2026-12-01T12:00:00.000Z starter 10.0.0.1   2', '2026-12-01T12:00:00.000Z starter 10.0.0.1 c1 k1 1']);
    expect(log.warn).toHaveBeenCalledTimes(1);
    expect(log.warn.mock.calls[0]![0]).toMatchObject({ dropped: 2, maxEntries: 2 });
    await recorder.flush();
    expect(log.warn).toHaveBeenCalledTimes(1);
  });

  it('keeps the counts of a failed flush for the next one, logging once per outage', async () => {
    let down = true;
    const { recorder, written, log } = setup({ fail: () => down });
    recorder.refused({ policy: 'starter', ip: '10.0.0.1', companyId: 'c1' });
    await recorder.flush();
    recorder.refused({ policy: 'starter', ip: '10.0.0.1', companyId: 'c1' });
    recorder.refused({ policy: 'auth', ip: '10.0.0.9' });
    await recorder.flush();
    await recorder.flush();
    expect(written).toHaveLength(0);
    expect(log.error).toHaveBeenCalledTimes(1);
    expect(recorder.pending).toBe(2);
    down = false;
    await recorder.flush();
    expect(flat(written[0]!)).toEqual(['2026-12-01T12:00:00.000Z auth 10.0.0.9   1', '2026-12-01T12:00:00.000Z starter 10.0.0.1 c1  2']);
    expect(log.info).toHaveBeenCalledTimes(1);
    expect(recorder.pending).toBe(0);
  });

  it('runs one flush at a time: what is refused during a write goes to the next one', async () => {
    let release: () => void = () => {};
    const written: RefusalCount[][] = [];
    const recorder = createRefusalRecorder({
      log: { warn: vi.fn(), error: vi.fn(), info: vi.fn() },
      now: () => T0,
      write: (rows) =>
        new Promise<void>((resolve) => {
          written.push([...rows]);
          release = resolve;
        }),
    });
    recorder.refused({ policy: 'starter', ip: 'a' });
    const first = recorder.flush();
    const second = recorder.flush();
    await Promise.resolve();
    recorder.refused({ policy: 'starter', ip: 'b' });
    expect(written).toHaveLength(1);
    release();
    await first;
    await vi.waitFor(() => expect(written).toHaveLength(2));
    release();
    await second;
    expect(written.map((rows) => rows.map((r) => r.ip))).toEqual([['a'], ['b']]);
  });

  it('never loses or invents a refusal below the bound (property: sum per key matches a plain count)', async () => {
    const refusal = fc.record({
      minute: fc.integer({ min: 0, max: 2 }),
      policy: fc.constantFrom('starter', 'auth'),
      ip: fc.constantFrom('10.0.0.1', '10.0.0.2'),
      companyId: fc.constantFrom(undefined, 'c1', 'c2'),
      apiKeyId: fc.constantFrom(undefined, 'k1'),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(refusal, { maxLength: 200 }), fc.array(fc.boolean(), { maxLength: 4 }), async (list, failing) => {
        // Write calls fail or not by this pattern, which lets one through at least once per round.
        const fails = [...failing, false];
        // 3 × 2 × 2 × 3 × 2 = 72 possible keys: below the bound of 100, nothing is coarsened or dropped.
        let clock = T0;
        let call = 0;
        const stored = new Map<string, number>();
        const recorder = createRefusalRecorder({
          maxEntries: 100,
          log: { warn: vi.fn(), error: vi.fn(), info: vi.fn() },
          now: () => clock,
          write: async (rows) => {
            if (fails[call++ % fails.length]) throw new Error('away');
            for (const r of rows) {
              const k = [r.windowStart.getTime(), r.policy, r.ip, r.companyId, r.apiKeyId].join('|');
              stored.set(k, (stored.get(k) ?? 0) + r.count);
            }
          },
        });
        const expected = new Map<string, number>();
        for (const [i, r] of list.entries()) {
          clock = T0 + r.minute * MIN + 1234;
          recorder.refused(r);
          const k = [T0 + r.minute * MIN, r.policy, r.ip, r.companyId ?? '', r.apiKeyId ?? ''].join('|');
          expected.set(k, (expected.get(k) ?? 0) + 1);
          if (i % 37 === 0) await recorder.flush();
        }
        // Enough flushes for the failure pattern to let one through.
        for (let i = 0; i <= fails.length && recorder.pending > 0; i++) await recorder.flush();
        expect(recorder.pending).toBe(0);
        expect(stored).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });

  it('writes the entries in key order (minute, policy, address, company, key)', async () => {
    const { recorder, written, at } = setup();
    at(T0 + MIN);
    recorder.refused({ policy: 'auth', ip: '10.0.0.1' });
    at(T0);
    recorder.refused({ policy: 'starter', ip: '10.0.0.2', companyId: 'c1', apiKeyId: 'k2' });
    recorder.refused({ policy: 'starter', ip: '10.0.0.2', companyId: 'c1', apiKeyId: 'k1' });
    recorder.refused({ policy: 'starter', ip: '10.0.0.1', companyId: 'c9' });
    recorder.refused({ policy: 'auth', ip: '10.0.0.3' });
    await recorder.flush();
    expect(written[0]!.map((r) => [r.windowStart.getTime() - T0, r.policy, r.ip, r.companyId, r.apiKeyId])).toEqual([
      [0, 'auth', '10.0.0.3', '', ''],
      [0, 'starter', '10.0.0.1', 'c9', ''],
      [0, 'starter', '10.0.0.2', 'c1', 'k1'],
      [0, 'starter', '10.0.0.2', 'c1', 'k2'],
      [MIN, 'auth', '10.0.0.1', '', ''],
    ]);
  });

  it('stop() flushes a last time', async () => {
    const { recorder, written } = setup();
    recorder.start();
    recorder.refused({ policy: 'onboarding', ip: '10.0.0.3' });
    await recorder.stop();
    expect(flat(written[0]!)).toEqual(['2026-12-01T12:00:00.000Z onboarding 10.0.0.3   1']);
  });
});
