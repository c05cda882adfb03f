/**
 * How each carrier's tracking request names the AWB and carries its credentials, as the simulator
 * checks them (the contract the real clients are built against; see server.ts). Also the sim's dev
 * credentials and the env lines that point a hub at the sim.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { CARRIER_CODES, type CarrierCode } from '../../carriers/model.js';
import { CREDENTIAL_KEYS } from '../../carriers/settings.js';

export type SimCredentials = Record<CarrierCode, Record<string, string>>;

/** Fixed dev credentials (names exactly CREDENTIAL_KEYS). Not secrets: they only open the simulator. */
export const SIM_CREDENTIALS: Readonly<SimCredentials> = Object.freeze({
  jne: { username: 'SIMJNE', api_key: 'sim-jne-api-key-0001' },
  sicepat: { api_key: 'sim-sicepat-api-key-0001' },
  jnt: { username: 'SIMJNT', password: 'sim-jnt-password-0001' },
  idexpress: { app_id: 'sim-idx-app-0001', security_key: 'sim-idx-security-key-0001' },
  sap: { api_key: 'sim-sap-api-key-0001' },
});

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

/**
 * Constant-time comparison of a presented secret with the expected one. Both sides are hashed first so
 * the buffers always have equal length (timingSafeEqual throws otherwise) and the length of the
 * secret does not leak through an early return.
 */
export function safeEqual(presented: string | null | undefined, expected: string): boolean {
  const a = createHash('sha256').update(presented ?? '').digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && presented !== null && presented !== undefined;
}

/** What the sim made of one tracking request. */
export interface TrackingRequest {
  /** The AWB asked for, when the request names one. */
  awb: string | null;
  authorized: boolean;
  /** A malformed request the carrier refuses before looking anything up (J&T's JSON body). */
  invalid?: { status: number; body: unknown };
}

/** The sub-path (after /<carrier>) and method of each tracking call. JNE's path ends in the AWB. */
export const TRACKING_ROUTES: Readonly<Record<CarrierCode, { method: 'GET' | 'POST'; path: RegExp }>> = {
  jne: { method: 'POST', path: /^\/tracing\/api\/list\/v1\/cnote\/([^/]+)$/ },
  sicepat: { method: 'GET', path: /^\/customer\/waybill$/ },
  jnt: { method: 'POST', path: /^\/track\/trackAction!tracking\.action$/ },
  idexpress: { method: 'GET', path: /^\/open\/v1\/waybill\/get-tracking$/ },
  sap: { method: 'GET', path: /^\/shipment\/tracking\/awb$/ },
};

const header = (req: IncomingMessage, name: string): string | null => {
  const v = req.headers[name];
  return typeof v === 'string' ? v : Array.isArray(v) ? (v[0] ?? null) : null;
};

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** ID Express `data` is the waybill number; one integrator sends `[{"waybillNo": "..."}]` instead, so take that too. */
function idexpressAwb(data: string): string {
  if (!data.startsWith('[')) return data;
  try {
    const list: unknown = JSON.parse(data);
    const first = Array.isArray(list) ? (list[0] as { waybillNo?: unknown } | undefined) : undefined;
    return typeof first?.waybillNo === 'string' ? first.waybillNo : data;
  } catch {
    return data;
  }
}

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
  const q = (k: string) => url.searchParams.get(k);
  switch (carrier) {
    case 'jne': {
      // Form fields only from a form body: JSON or query-string credentials are what JNE ignores.
      const isForm = (header(req, 'content-type') ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
      const form = new URLSearchParams(isForm ? rawBody : '');
      const authorized = safeEqual(form.get('username'), creds.username ?? '') && safeEqual(form.get('api_key'), creds.api_key ?? '');
      return { awb: decode(match[1]!), authorized };
    }
    case 'sicepat':
      return { awb: q('waybill'), authorized: safeEqual(header(req, 'api-key'), creds.api_key ?? '') };
    case 'sap':
      return { awb: q('awb_no'), authorized: safeEqual(header(req, 'api_key'), creds.api_key ?? '') };
    case 'idexpress': {
      const data = q('data');
      const appId = q('appId');
      const expected = md5(`${data ?? ''}${appId ?? ''}${creds.security_key ?? ''}`);
      // Both checks always run: no early exit that would tell a wrong appId from a wrong sign by timing.
      const okApp = safeEqual(appId, creds.app_id ?? '');
      const okSign = safeEqual(q('sign')?.toLowerCase(), expected);
      return { awb: data === null ? null : idexpressAwb(data), authorized: okApp && okSign };
    }
    case 'jnt': {
      const basic = /^Basic\s+(\S+)$/i.exec(header(req, 'authorization') ?? '');
      const pair = basic ? Buffer.from(basic[1]!, 'base64').toString('utf8') : '';
      const colon = pair.indexOf(':');
      const user = colon < 0 ? null : pair.slice(0, colon);
      const pass = colon < 0 ? null : pair.slice(colon + 1);
      const okBasic = safeEqual(user, creds.username ?? '') && safeEqual(pass, creds.password ?? '');
      let body: { awb?: unknown; eccompanyid?: unknown } | null = null;
      try {
        const parsed: unknown = JSON.parse(rawBody);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed;
      } catch {
        /* handled below */
      }
      const awb = typeof body?.awb === 'string' ? body.awb : null;
      if (!okBasic) return { awb, authorized: false };
      if (!body) return { awb: null, authorized: true, invalid: { status: 400, body: { error_id: '400', error_message: 'Invalid request body' } } };
      // The account named in the body must be the one that authenticated.
      const okCompany = typeof body.eccompanyid === 'string' && safeEqual(body.eccompanyid, creds.username ?? '');
      return { awb, authorized: okCompany };
    }
  }
}
