/**
 * Per-carrier settings: base URL, credentials, callback on/off, outbound rate limit and refresh
 * interval, and the gateway's shared knobs. The types only: src/config/carriers.ts reads them from the
 * environment (names derived from CARRIERS: CARRIER_<CODE>_<SETTING>).
 *
 * Defaults point at each carrier's production host as far as public material shows it
 * (docs/carriers.md); tests, the demo and the benchmarks point them at `fastforward sim carriers`.
 */
import { CARRIER_CODES, CARRIERS, type CarrierCode } from './carriers.js';

export interface CarrierSettings {
  readonly code: CarrierCode;
  readonly baseUrl: string;
  /** Carrier-specific credentials (names in CREDENTIAL_KEYS); a missing one leaves the carrier unconfigured. */
  readonly credentials: Readonly<Record<string, string>>;
  /** The carrier pushes updates (callbacks); off → the refresh schedule polls its active shipments. */
  readonly callbacks: boolean;
  /** Outbound requests per second to this carrier, per hub process. */
  readonly ratePerSecond: number;
  /** How often active shipments of a carrier without callbacks are re-tracked. */
  readonly refreshSeconds: number;
}

export interface CarriersConfig {
  readonly carriers: Readonly<Record<CarrierCode, CarrierSettings>>;
  /** Whole-call limit for one attempt. */
  readonly timeoutMs: number;
  /** Attempts after the first, on timeouts, 5xx and connection errors. */
  readonly retries: number;
  /** Consecutive-failure ratio window before the breaker opens, and how long it stays open. */
  readonly breakerResetSeconds: number;
  /** Gateway answers are cached this long (0 = off). */
  readonly cacheSeconds: number;
  readonly jneCallback: {
    /** Expected in X-Callback-Token; unset → every callback is refused (401). */
    readonly secret: string | undefined;
    /** Optional allow-list of caller addresses / CIDR blocks; empty → any address. */
    readonly allowedIps: readonly string[];
  };
  /** nsqd's HTTP address (host:port or URL); set → callback updates are also published there. */
  readonly nsqdHttpAddress: string | undefined;
}

const byCode = <T>(f: (code: CarrierCode) => T): Readonly<Record<CarrierCode, T>> =>
  Object.fromEntries(CARRIER_CODES.map((c) => [c, f(c)])) as Record<CarrierCode, T>;

export const DEFAULT_BASE_URLS: Readonly<Record<CarrierCode, string>> = byCode((c) => CARRIERS[c].defaultBaseUrl);

/** The credential names per carrier, as env suffixes: CARRIER_JNE_USERNAME → credentials.username. */
export const CREDENTIAL_KEYS: Readonly<Record<CarrierCode, readonly string[]>> = byCode((c) => CARRIERS[c].credentialKeys);

/** The environment variable of one carrier setting: (jne, api_key) → CARRIER_JNE_API_KEY. */
export function carrierEnvName(code: CarrierCode, setting: string): string {
  return `CARRIER_${code.toUpperCase()}_${setting.toUpperCase()}`;
}
