/**
 * Per-carrier settings from the environment (issue 4 §1, §2): base URL, credentials, callback on/off,
 * outbound rate limit and refresh interval. Pure: config.ts calls it with the environment and its
 * problem list, so a bad value stops start-up with every problem listed.
 *
 * Defaults point at each carrier's production host as far as public material shows it
 * (research/carriers.md); tests, the demo and the benchmarks point them at `fastforward sim carriers`.
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

type Env = Record<string, string | undefined>;

export function loadCarriersConfig(env: Env, problems: string[]): CarriersConfig {
  const str = (key: string): string | undefined => {
    const v = env[key];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const num = (key: string, def: number, min: number, max: number, integer = true): number => {
    const raw = str(key);
    if (raw === undefined) return def;
    const n = Number(raw);
    if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min || n > max) {
      problems.push(`${key} must be ${integer ? 'an integer' : 'a number'} between ${min} and ${max} (got "${raw}")`);
      return def;
    }
    return n;
  };
  const bool = (key: string, def: boolean): boolean => {
    const raw = str(key)?.toLowerCase();
    if (raw === undefined) return def;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    problems.push(`${key} must be true or false (got "${raw}")`);
    return def;
  };
  const carriers = {} as Record<CarrierCode, CarrierSettings>;
  for (const code of CARRIER_CODES) {
    const P = `CARRIER_${code.toUpperCase()}_`;
    const baseUrl = str(`${P}BASE_URL`) ?? DEFAULT_BASE_URLS[code];
    try {
      const u = new URL(baseUrl);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') problems.push(`${P}BASE_URL must be http(s) (got "${u.protocol}")`);
    } catch {
      problems.push(`${P}BASE_URL is not a valid URL`);
    }
    const credentials: Record<string, string> = {};
    for (const k of CREDENTIAL_KEYS[code]) {
      const v = str(`${P}${k.toUpperCase()}`);
      if (v !== undefined) credentials[k] = v;
    }
    carriers[code] = {
      code,
      baseUrl: baseUrl.replace(/\/+$/, ''),
      credentials,
      // JNE pushes callbacks (the seed's existing flow); the others are polled unless told otherwise.
      callbacks: bool(`${P}CALLBACK`, CARRIERS[code].pushesCallbacks),
      ratePerSecond: num(`${P}RATE_LIMIT`, 10, 0.1, 10_000, false),
      refreshSeconds: num(`${P}REFRESH_MINUTES`, 30, 1, 24 * 60) * 60,
    };
  }
  const allowedIps = (str('CARRIER_JNE_CALLBACK_IPS') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const ip of allowedIps) {
    if (!/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(ip)) problems.push(`CARRIER_JNE_CALLBACK_IPS: "${ip}" is not an address or CIDR block`);
  }
  const secret = str('CARRIER_JNE_CALLBACK_SECRET');
  if (secret !== undefined && secret.length < 16) problems.push('CARRIER_JNE_CALLBACK_SECRET must be at least 16 characters');
  const nsq = str('NSQD_HTTP_ADDRESS');
  return {
    carriers,
    timeoutMs: num('CARRIER_TIMEOUT_MS', 8000, 100, 120_000),
    retries: num('CARRIER_RETRIES', 2, 0, 10),
    breakerResetSeconds: num('CARRIER_BREAKER_RESET_SECONDS', 30, 1, 3600),
    cacheSeconds: num('CARRIER_TRACKING_CACHE_SECONDS', 60, 0, 86_400),
    jneCallback: { secret, allowedIps },
    nsqdHttpAddress: nsq,
  };
}
