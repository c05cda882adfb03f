/**
 * The carrier settings from the environment: per carrier CARRIER_<CODE>_BASE_URL, one variable per
 * credential, _CALLBACK, _RATE_LIMIT, _REFRESH_MINUTES (names derived from CARRIERS), then the
 * gateway's shared knobs, the JNE callback's secret and allow-list, and NSQ.
 */
import { CARRIER_CODES, CARRIERS, type CarrierCode } from '../carriers/carriers.js';
import { carrierEnvName, CREDENTIAL_KEYS, DEFAULT_BASE_URLS, type CarriersConfig, type CarrierSettings } from '../carriers/settings.js';
import { envReader, type Env } from './env.js';

export function loadCarriersConfig(vars: Env, problems: string[]): CarriersConfig {
  const env = envReader(vars, problems);
  const { str, int: num, bool } = env;
  const carriers = {} as Record<CarrierCode, CarrierSettings>;
  for (const code of CARRIER_CODES) {
    const name = (setting: string) => carrierEnvName(code, setting);
    const baseUrl = str(name('BASE_URL')) ?? DEFAULT_BASE_URLS[code];
    try {
      const u = new URL(baseUrl);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') problems.push(`${name('BASE_URL')} must be http(s) (got "${u.protocol}")`);
    } catch {
      problems.push(`${name('BASE_URL')} is not a valid URL`);
    }
    const credentials: Record<string, string> = {};
    for (const k of CREDENTIAL_KEYS[code]) {
      const v = str(name(k));
      if (v !== undefined) credentials[k] = v;
    }
    carriers[code] = {
      code,
      baseUrl: baseUrl.replace(/\/+$/, ''),
      credentials,
      // The definition says whether the carrier pushes (JNE: the seed's existing flow); others are polled unless told otherwise.
      callbacks: bool(name('CALLBACK'), CARRIERS[code].pushesCallbacks),
      ratePerSecond: env.num(name('RATE_LIMIT'), 10, 0.1, 10_000),
      refreshSeconds: num(name('REFRESH_MINUTES'), 30, 1, 24 * 60) * 60,
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
