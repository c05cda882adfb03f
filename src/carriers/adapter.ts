/**
 * The one interface every carrier adapter implements, and the errors the gateway turns into HTTP
 * answers. An adapter = settings + a client (the only code that does HTTP) + the
 * carrier's pure mapper; the registry (registry.ts) builds one per carrier from the settings.
 */
import type { CarrierCode, UnifiedTracking } from './model.js';

export interface CarrierAdapter {
  readonly code: CarrierCode;
  /** Whether this carrier pushes updates to us (JNE's callback); off → the refresh schedule polls it. */
  readonly callbacks: boolean;
  /** Whether base URL and credentials are set; a carrier that is not configured answers CARRIER_NOT_CONFIGURED. */
  readonly configured: boolean;
  /**
   * Tracks one AWB at the carrier, through the client's rate limit, timeout, retries and circuit
   * breaker. Resolves with the unified tracking; rejects only with CarrierError.
   * `maxWaitMs`: how long to wait for an outbound rate-limit token before CARRIER_RATE_LIMITED
   * (gateway calls a short wait, the background refresh a long one).
   */
  track(awb: string, opts?: { signal?: AbortSignal; maxWaitMs?: number }): Promise<UnifiedTracking>;
}

/**
 * Why a carrier call failed, one code per cause (the gateway maps them, errors.ts registers them):
 *   CARRIER_AWB_NOT_FOUND     the carrier says the AWB does not exist            → 404
 *   CARRIER_TIMEOUT           no answer within the timeout, after retries        → 504
 *   CARRIER_UNAVAILABLE       5xx / connection refused or reset, after retries   → 502
 *   CARRIER_BAD_RESPONSE      an answer we cannot parse or trust (mapper error)  → 502
 *   CARRIER_AUTH_FAILED       the carrier refused our credentials (401/403)     → 502
 *   CARRIER_CIRCUIT_OPEN      too many recent failures; not called at all       → 503
 *   CARRIER_RATE_LIMITED      our outbound budget for this carrier is spent      → 503
 *   CARRIER_NOT_CONFIGURED    no base URL or credentials for this carrier        → 503
 */
export type CarrierErrorCode =
  | 'CARRIER_AWB_NOT_FOUND'
  | 'CARRIER_TIMEOUT'
  | 'CARRIER_UNAVAILABLE'
  | 'CARRIER_BAD_RESPONSE'
  | 'CARRIER_AUTH_FAILED'
  | 'CARRIER_CIRCUIT_OPEN'
  | 'CARRIER_RATE_LIMITED'
  | 'CARRIER_NOT_CONFIGURED';

export class CarrierError extends Error {
  override readonly name = 'CarrierError';
  constructor(
    readonly carrier: CarrierCode,
    readonly code: CarrierErrorCode,
    message: string,
    /** Seconds after which trying again makes sense (circuit open, rate limited), when known. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}
