/**
 * The resilient call layer one carrier's client goes through: rate limit → circuit breaker →
 * one HTTP attempt with its deadline, retried with backoff. It knows nothing about tracking: it
 * returns any answer below 500 and turns everything else into a CarrierError.
 *
 * Per attempt, in this order (so a refused call costs nothing):
 *   1. the breaker is open → CARRIER_CIRCUIT_OPEN (no token spent, the carrier not touched);
 *   2. a rate-limit token within maxWaitMs → else CARRIER_RATE_LIMITED;
 *   3. the HTTP exchange through the breaker; timeouts, 5xx and connection errors count there.
 * Retries: only after a timeout, a 5xx or a connection error, `retries` times, exponential backoff
 * with full jitter (AWS's "full jitter": sleep uniform in [0, min(cap, base·2^n)]), which spreads a
 * burst of failing callers instead of retrying them in lockstep. An answer below 500 is never
 * retried. When a retry is refused locally (breaker opened meanwhile, no token in time), the caller
 * gets the real failure that led to it.
 *
 * The caller's AbortSignal stops waiting, sleeping and the exchange; the call then rejects with
 * CARRIER_TIMEOUT (aborts come from the caller's own deadline) unless the reason is a CarrierError.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { CarrierError, type CarrierErrorCode } from '../adapter.js';
import type { CarrierCode } from '../model.js';
import { CarrierBreaker, CircuitOpen, type BreakerState } from './breaker.js';
import { createTransport, TransportError, type HttpAnswer, type OutboundRequest, type Transport } from './request.js';
import { RateLimiter, RateLimitExceeded } from './token-bucket.js';

export interface ResilienceOptions {
  readonly carrier: CarrierCode;
  readonly baseUrl: string;
  /** Deadline of one attempt. */
  readonly timeoutMs: number;
  /** Attempts after the first. */
  readonly retries: number;
  readonly ratePerSecond: number;
  readonly breakerResetMs: number;
  readonly maxSockets?: number;
  readonly maxBodyBytes?: number;
  readonly backoffBaseMs?: number;
  readonly backoffCapMs?: number;
  /** Injected for tests; Math.random otherwise. */
  readonly random?: () => number;
  readonly log?: Logger;
  readonly observer?: CarrierObserver | undefined;
}

/**
 * Told what the carrier calls do (the hub's metrics implement it): every HTTP attempt, every call that
 * ends in an error, every change of the circuit breaker. Calls must be cheap and must not throw.
 */
export interface CarrierObserver {
  /** One HTTP attempt ended: `outcome` is the answer's status class (`2xx`…`5xx`) or the transport failure's kind. */
  attempt(carrier: CarrierCode, seconds: number, outcome: string): void;
  /** A tracking call ended with this error, after its retries (or refused before any attempt). */
  failure(carrier: CarrierCode, code: CarrierErrorCode): void;
  /** The breaker's state, once when the caller is built and then at every change. */
  breaker(carrier: CarrierCode, state: BreakerState): void;
}

export interface CallOptions {
  readonly signal?: AbortSignal;
  /** Longest wait for a rate-limit token, per attempt. */
  readonly maxWaitMs: number;
}

/** A 5xx: the carrier is there but failing; retried and counted by the breaker. */
export class ServerError extends Error {
  override readonly name = 'ServerError';
  constructor(
    readonly status: number,
    what: string,
  ) {
    super(`${what}: HTTP ${status}`);
  }
}

/** Timeouts, 5xx and connection errors: worth a retry, and what the breaker counts. */
export function isTransient(err: unknown): boolean {
  if (err instanceof ServerError) return true;
  return err instanceof TransportError && (err.kind === 'timeout' || err.kind === 'connection');
}

/** Full-jitter backoff before retry number `n` (0 = the first retry). */
export function backoffMs(n: number, baseMs: number, capMs: number, random: () => number): number {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** n));
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

export class ResilientCaller {
  private readonly transport: Transport;
  private readonly limiter: RateLimiter;
  private readonly breaker: CarrierBreaker;

  constructor(private readonly o: ResilienceOptions) {
    this.transport = createTransport({ baseUrl: o.baseUrl, timeoutMs: o.timeoutMs, maxSockets: o.maxSockets ?? 32, maxBodyBytes: o.maxBodyBytes });
    this.limiter = new RateLimiter(o.ratePerSecond);
    const observer = o.observer;
    this.breaker = new CarrierBreaker(
      o.carrier,
      { resetMs: o.breakerResetMs, countsAsFailure: isTransient, onState: observer && ((s) => observer.breaker(o.carrier, s)) },
      o.log,
    );
    observer?.breaker(o.carrier, 'closed');
  }

  get breakerState(): BreakerState {
    return this.breaker.state;
  }

  get breakerOpenedAt(): number {
    return this.breaker.lastOpenedAt;
  }

  /** Sends `req` (the same request on every attempt) and resolves with the first answer below 500. */
  async send(req: OutboundRequest, opts: CallOptions): Promise<HttpAnswer> {
    const { signal } = opts;
    const what = `${req.method} ${req.path.split('?')[0]}`;
    let last: unknown;
    for (let attempt = 0; attempt <= this.o.retries; attempt++) {
      if (attempt > 0) {
        const delay = backoffMs(attempt - 1, this.o.backoffBaseMs ?? 200, this.o.backoffCapMs ?? 2000, this.o.random ?? Math.random);
        this.o.log?.debug({ carrier: this.o.carrier, attempt, delay, err: (last as Error).message }, 'carrier call failed; retrying');
        try {
          await sleep(delay, undefined, signal ? { signal } : undefined);
        } catch {
          throw this.aborted(signal);
        }
      }
      try {
        this.breaker.check();
        await this.limiter.acquire(opts.maxWaitMs, signal);
      } catch (err) {
        if (signal?.aborted) throw this.aborted(signal);
        // A retry refused here: the failure that caused it is the better answer.
        if (attempt > 0) throw this.toCarrierError(last);
        throw this.toCarrierError(err);
      }
      try {
        return await this.breaker.run(async () => {
          const answer = await this.observed(() => this.transport.send(req, signal));
          if (answer.status >= 500) throw new ServerError(answer.status, what);
          return answer;
        });
      } catch (err) {
        if (signal?.aborted) throw this.aborted(signal);
        if (err instanceof CircuitOpen && attempt > 0) throw this.toCarrierError(last);
        if (!isTransient(err)) throw this.toCarrierError(err);
        last = err;
      }
    }
    throw this.toCarrierError(last);
  }

  /** One exchange, timed for the observer (answers by status class, failures by kind). */
  private async observed(send: () => Promise<HttpAnswer>): Promise<HttpAnswer> {
    const observer = this.o.observer;
    if (!observer) return send();
    const t0 = performance.now();
    try {
      const answer = await send();
      observer.attempt(this.o.carrier, (performance.now() - t0) / 1000, `${Math.floor(answer.status / 100)}xx`);
      return answer;
    } catch (err) {
      observer.attempt(this.o.carrier, (performance.now() - t0) / 1000, err instanceof TransportError ? err.kind : 'error');
      throw err;
    }
  }

  private aborted(signal: AbortSignal | undefined): CarrierError {
    const reason: unknown = signal?.reason;
    if (reason instanceof CarrierError) return reason;
    return new CarrierError(this.o.carrier, 'CARRIER_TIMEOUT', `${this.o.carrier}: call aborted before the carrier answered`);
  }

  /** The one place resilience failures become CarrierError codes. */
  private toCarrierError(err: unknown): CarrierError {
    const c = this.o.carrier;
    if (err instanceof CarrierError) return err;
    if (err instanceof CircuitOpen)
      return new CarrierError(c, 'CARRIER_CIRCUIT_OPEN', `${c}: too many recent failures; not calling the carrier`, seconds(err.retryAfterMs));
    if (err instanceof RateLimitExceeded)
      return new CarrierError(c, 'CARRIER_RATE_LIMITED', `${c}: outbound rate limit reached`, seconds(err.retryAfterMs));
    if (err instanceof ServerError) return new CarrierError(c, 'CARRIER_UNAVAILABLE', `${c}: ${err.message}`);
    if (err instanceof TransportError) {
      if (err.kind === 'timeout') return new CarrierError(c, 'CARRIER_TIMEOUT', `${c}: ${err.message}`);
      if (err.kind === 'too_large') return new CarrierError(c, 'CARRIER_BAD_RESPONSE', `${c}: ${err.message}`);
      if (err.kind === 'aborted') return new CarrierError(c, 'CARRIER_TIMEOUT', `${c}: ${err.message}`);
      return new CarrierError(c, 'CARRIER_UNAVAILABLE', `${c}: ${err.message}`);
    }
    // A bug of ours rather than the carrier's; still a CarrierError, as the adapter contract says.
    return new CarrierError(c, 'CARRIER_UNAVAILABLE', `${c}: unexpected error: ${(err as Error)?.message ?? String(err)}`);
  }

  close(): void {
    this.breaker.close();
    this.transport.close();
  }
}
