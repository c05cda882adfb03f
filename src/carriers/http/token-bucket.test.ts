import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RateLimiter, RateLimitExceeded, TokenBucket } from './token-bucket.js';

describe('TokenBucket', () => {
  it('grants the burst at once, then one token per 1/rate seconds', () => {
    const b = new TokenBucket(5, 0);
    expect(b.burst).toBe(5);
    const waits = Array.from({ length: 8 }, () => b.reserve(0, 10_000));
    expect(waits.map((w) => (w.ok ? Math.round(w.waitMs) : -1))).toEqual([0, 0, 0, 0, 0, 200, 400, 600]);
  });

  it('refills with time, never above the burst', () => {
    const b = new TokenBucket(2, 0);
    b.reserve(0, 0);
    b.reserve(0, 0);
    expect(b.reserve(0, 0)).toMatchObject({ ok: false });
    expect(b.reserve(500, 0)).toEqual({ ok: true, waitMs: 0 });
    // An hour idle still leaves only `burst` tokens.
    const later = 3_600_000;
    expect([b.reserve(later, 0).ok, b.reserve(later, 0).ok, b.reserve(later, 0).ok]).toEqual([true, true, false]);
  });

  it('refuses without reserving when the wait would exceed maxWaitMs', () => {
    const b = new TokenBucket(1, 0);
    expect(b.reserve(0, 0)).toEqual({ ok: true, waitMs: 0 });
    const refused = b.reserve(0, 500);
    expect(refused).toEqual({ ok: false, retryAfterMs: 1000 });
    // The refusal took nothing: the next caller willing to wait gets the same 1 s slot.
    expect(b.reserve(0, 1000)).toEqual({ ok: true, waitMs: 1000 });
  });

  it('a rate below 1/s has a burst of 1', () => {
    const b = new TokenBucket(0.1, 0);
    expect(b.burst).toBe(1);
    expect(b.reserve(0, 0).ok).toBe(true);
    expect(b.reserve(0, 60_000)).toEqual({ ok: true, waitMs: 10_000 });
  });

  it('a clock going backwards grants nothing extra', () => {
    const b = new TokenBucket(1, 1000);
    b.reserve(1000, 0);
    expect(b.reserve(0, 0).ok).toBe(false);
  });

  it('property: in any span t of grant times, at most burst + rate·t tokens are granted', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 200, noNaN: true }),
        fc.array(fc.record({ dt: fc.integer({ min: 0, max: 2000 }), maxWait: fc.integer({ min: 0, max: 5000 }) }), { maxLength: 150 }),
        (rate, ops) => {
          const b = new TokenBucket(rate, 0);
          let now = 0;
          const grants: number[] = [];
          for (const op of ops) {
            now += op.dt;
            const r = b.reserve(now, op.maxWait);
            if (r.ok) {
              expect(r.waitMs).toBeLessThanOrEqual(op.maxWait);
              grants.push(now + r.waitMs);
            }
          }
          grants.sort((x, y) => x - y);
          for (let i = 0; i < grants.length; i++) {
            for (let j = i; j < grants.length; j++) {
              const span = (grants[j]! - grants[i]!) / 1000;
              expect(j - i + 1).toBeLessThanOrEqual(b.burst + rate * span + 1e-6);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('RateLimiter', () => {
  it('rejects with the time to the next token when maxWaitMs is too short', async () => {
    const now = 0;
    const l = new RateLimiter(2, () => now);
    await l.acquire(0);
    await l.acquire(0);
    const err = await l.acquire(100).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitExceeded);
    expect((err as RateLimitExceeded).retryAfterMs).toBe(500);
  });

  it('waits for its token, and an abort ends the wait', async () => {
    const l = new RateLimiter(10);
    await l.acquire(0);
    for (let i = 0; i < 9; i++) await l.acquire(0);
    const t0 = performance.now();
    await l.acquire(1000);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(50);
    const ac = new AbortController();
    const p = l.acquire(1000, ac.signal);
    ac.abort();
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
  });
});
