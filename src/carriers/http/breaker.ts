/**
 * Circuit breaker per carrier, on opossum (a well-kept breaker: rolling window, volume threshold,
 * half-open with a single trial call). Policy:
 *
 * - the window is 10 s; the breaker opens once it has seen ≥ 5 attempts there and ≥ 50 % failed;
 * - only transient failures count (timeouts, 5xx, connection errors — `countsAsFailure`); an answer
 *   the carrier did give (404, bad JSON, "AWB not found", 401) says the carrier is up;
 * - after `resetMs` one trial call goes through (half-open); success closes, failure re-opens.
 *
 * Opossum's own timeout is off: the transport's deadline is the one limit per attempt.
 */
import CircuitBreaker from 'opossum';
import type { Logger } from 'pino';
import type { CarrierCode } from '../model.js';

export interface BreakerOptions {
  readonly resetMs: number;
  readonly windowMs?: number;
  readonly minCalls?: number;
  readonly failurePercent?: number;
  /** True for the errors that say the carrier is unhealthy. */
  readonly countsAsFailure: (err: unknown) => boolean;
  /** Told every change of state (metrics). */
  readonly onState?: (state: BreakerState) => void;
}

export type BreakerState = 'closed' | 'open' | 'half_open';

/** Thrown instead of calling the carrier while the breaker is open. */
export class CircuitOpen extends Error {
  override readonly name = 'CircuitOpen';
  constructor(readonly retryAfterMs: number) {
    super(`circuit open; next trial in ${Math.ceil(retryAfterMs)} ms`);
  }
}

type Action = () => Promise<unknown>;

export class CarrierBreaker {
  private readonly cb: CircuitBreaker<[Action], unknown>;
  private openedAt = 0;

  constructor(
    readonly carrier: CarrierCode,
    private readonly opts: BreakerOptions,
    log?: Logger,
  ) {
    const windowMs = opts.windowMs ?? 10_000;
    this.cb = new CircuitBreaker<[Action], unknown>((fn) => fn(), {
      name: `carrier:${carrier}`,
      timeout: false,
      resetTimeout: opts.resetMs,
      rollingCountTimeout: windowMs,
      rollingCountBuckets: 10,
      volumeThreshold: opts.minCalls ?? 5,
      // opossum opens when the rate is strictly above the threshold; we want "at least 50 %".
      errorThresholdPercentage: (opts.failurePercent ?? 50) - 0.001,
      // opossum's errorFilter returns true for errors that must NOT count. A filtered error counts as
      // a success, which would close a half-open breaker; so a trial that ends without an answer
      // (aborted by its caller, say) re-opens it instead: only a real answer proves the carrier is back.
      errorFilter: (err: unknown) => !(opts.countsAsFailure(err) || this.cb.halfOpen),
      enableSnapshots: false,
      rollingPercentilesEnabled: false,
    });
    this.cb.on('open', () => {
      this.openedAt = Date.now();
      log?.warn({ carrier, resetMs: opts.resetMs }, 'carrier circuit opened');
      opts.onState?.('open');
    });
    this.cb.on('halfOpen', () => {
      log?.info({ carrier }, 'carrier circuit half-open: next call is a trial');
      opts.onState?.('half_open');
    });
    this.cb.on('close', () => {
      log?.info({ carrier }, 'carrier circuit closed');
      opts.onState?.('closed');
    });
  }

  get state(): BreakerState {
    if (this.cb.closed) return 'closed';
    return this.cb.halfOpen ? 'half_open' : 'open';
  }

  /** When it last opened (ms since epoch; 0: never), for the circuits the alert evaluator reads. */
  get lastOpenedAt(): number {
    return this.openedAt;
  }

  private retryAfterMs(): number {
    // Half-open with its trial under way: the answer comes within one attempt, so "soon".
    if (this.cb.halfOpen) return 1000;
    return Math.max(1000, this.openedAt + this.opts.resetMs - Date.now());
  }

  /** Throws CircuitOpen when a call now would be refused (checked before spending a rate-limit token). */
  check(): void {
    if (!this.cb.closed && !this.cb.pendingClose) throw new CircuitOpen(this.retryAfterMs());
  }

  /** Runs one attempt through the breaker; CircuitOpen when it refuses, else the attempt's own outcome. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return (await this.cb.fire(fn)) as T;
    } catch (err) {
      if (CircuitBreaker.isOurError(err as Error) && (err as NodeJS.ErrnoException).code === 'EOPENBREAKER') {
        throw new CircuitOpen(this.retryAfterMs());
      }
      throw err;
    }
  }

  close(): void {
    this.cb.shutdown();
  }
}
