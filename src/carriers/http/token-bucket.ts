/**
 * Outbound rate limit per carrier: a token bucket that hands out reservations, so waiting callers
 * are paced one token interval apart instead of racing for the next token (hand-written: it is a
 * dozen lines, pure, and tested with an injected clock; the rate-limit libraries on npm limit
 * incoming requests or need Redis).
 *
 * The bucket may go below zero: a reservation taken now is "paid" by tokens that arrive later, and
 * the caller sleeps until then. A reservation that would wait longer than the caller allows is not
 * taken at all, so a refused caller costs the others nothing.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';

export type Reservation = { readonly ok: true; readonly waitMs: number } | { readonly ok: false; readonly retryAfterMs: number };

export class TokenBucket {
  readonly burst: number;
  private tokens: number;
  private last: number;

  constructor(
    readonly ratePerSecond: number,
    now: number,
    burst = Math.max(1, ratePerSecond),
  ) {
    if (!(ratePerSecond > 0)) throw new RangeError('ratePerSecond must be > 0');
    this.burst = burst;
    this.tokens = burst;
    this.last = now;
  }

  /** Reserves one token at `now` (ms): wait `waitMs` before using it, or refused when that exceeds `maxWaitMs`. */
  reserve(now: number, maxWaitMs: number): Reservation {
    if (now > this.last) {
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.ratePerSecond) / 1000);
      this.last = now;
    }
    const waitMs = this.tokens >= 1 ? 0 : ((1 - this.tokens) * 1000) / this.ratePerSecond;
    if (waitMs > maxWaitMs) return { ok: false, retryAfterMs: waitMs };
    this.tokens -= 1;
    return { ok: true, waitMs };
  }
}

export class RateLimitExceeded extends Error {
  override readonly name = 'RateLimitExceeded';
  constructor(readonly retryAfterMs: number) {
    super(`outbound rate limit reached; next token in ${Math.ceil(retryAfterMs)} ms`);
  }
}

/** The bucket on the real (monotonic) clock. */
export class RateLimiter {
  private readonly bucket: TokenBucket;

  constructor(
    ratePerSecond: number,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.bucket = new TokenBucket(ratePerSecond, clock());
  }

  /**
   * Resolves when a token is ours; rejects with RateLimitExceeded when none comes within maxWaitMs,
   * or with the signal's reason when aborted (the reserved token is then simply lost).
   */
  async acquire(maxWaitMs: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const r = this.bucket.reserve(this.clock(), maxWaitMs);
    if (!r.ok) throw new RateLimitExceeded(r.retryAfterMs);
    if (r.waitMs > 0) await sleep(Math.ceil(r.waitMs), undefined, signal ? { signal } : undefined);
  }
}
