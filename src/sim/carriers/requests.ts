/**
 * The sim's dev credentials and the env lines that point a hub at the sim; how each carrier's request
 * is checked lives in the carrier's folder (src/carriers/<x>/sim.ts, the contract the real clients
 * are built against; see server.ts).
 */
import type { IncomingMessage } from 'node:http';
import { CARRIER_CODES, CARRIERS, type CarrierCode } from '../../carriers/carriers.js';
import { CREDENTIAL_KEYS } from '../../carriers/settings.js';
import type { TrackingRequest } from '../../carriers/simulation.js';

export type SimCredentials = Record<CarrierCode, Record<string, string>>;

/** Fixed dev credentials (names exactly CREDENTIAL_KEYS). Not secrets: they only open the simulator. */
export const SIM_CREDENTIALS: Readonly<SimCredentials> = Object.freeze(
  Object.fromEntries(CARRIER_CODES.map((c) => [c, { ...CARRIERS[c].simulation.credentials }])) as SimCredentials,
);

/** The env variable the hub reads a credential from: jne + api_key → CARRIER_JNE_API_KEY. */
export const credentialEnvName = (carrier: CarrierCode, key: string): string => `CARRIER_${carrier.toUpperCase()}_${key.toUpperCase()}`;

/** SIM_CREDENTIALS, each value replaced by the hub's env variable when set, so sim and hub agree. */
export function simCredentialsFromEnv(env: Record<string, string | undefined>, base: Readonly<SimCredentials> = SIM_CREDENTIALS): SimCredentials {
  const out = {} as SimCredentials;
  for (const code of CARRIER_CODES) {
    out[code] = { ...base[code] };
    for (const key of CREDENTIAL_KEYS[code]) {
      const v = env[credentialEnvName(code, key)]?.trim();
      if (v) out[code][key] = v;
    }
  }
  return out;
}

/** Every CARRIER_<X>_BASE_URL and credential variable that points a hub at a sim listening on `simBaseUrl`. */
export function simCarrierEnv(simBaseUrl: string, creds: Readonly<SimCredentials> = SIM_CREDENTIALS): Record<string, string> {
  const root = simBaseUrl.replace(/\/+$/, '');
  const env: Record<string, string> = {};
  for (const code of CARRIER_CODES) {
    env[`CARRIER_${code.toUpperCase()}_BASE_URL`] = `${root}/${code}`;
    for (const key of CREDENTIAL_KEYS[code]) {
      const v = creds[code]?.[key];
      if (v !== undefined) env[credentialEnvName(code, key)] = v;
    }
  }
  return env;
}

export type { TrackingRequest };

/** The sub-path (after /<carrier>) and method of each tracking call. JNE's path ends in the AWB. */
export const TRACKING_ROUTES: Readonly<Record<CarrierCode, { method: 'GET' | 'POST'; path: RegExp }>> = Object.fromEntries(
  CARRIER_CODES.map((c) => [c, CARRIERS[c].simulation.route]),
) as Record<CarrierCode, { method: 'GET' | 'POST'; path: RegExp }>;

/**
 * Reads the AWB and checks the credentials of a request already matched to `carrier`'s tracking route
 * (`match` is that route's regex result). Checks are strict to the contract on purpose: a client that
 * sends the key in the wrong place is refused here instead of working only against the sim.
 */
export function readTrackingRequest(
  carrier: CarrierCode,
  req: IncomingMessage,
  url: URL,
  match: RegExpExecArray,
  rawBody: string,
  creds: Readonly<Record<string, string>>,
): TrackingRequest {
  return CARRIERS[carrier].simulation.readRequest({ req, url, match, rawBody }, creds);
}
