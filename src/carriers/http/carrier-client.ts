/**
 * What a carrier's client.ts provides (how to ask, how to read the answer), and the one generic
 * reading of an HTTP answer into tracking or a CarrierError. The HTTP itself is resilience.ts's.
 *
 * Answer → outcome:
 *   2xx, JSON, mapper OK                        → UnifiedTracking
 *   mapper says not_found (2xx/400/404/422)     → CARRIER_AWB_NOT_FOUND
 *   401 / 403                                   → CARRIER_AUTH_FAILED
 *   429 (the carrier's own limit)               → CARRIER_RATE_LIMITED, its Retry-After passed on
 *   any other status, non-JSON, mapper error    → CARRIER_BAD_RESPONSE
 * A 400/404/422 body is only trusted for "not found" or "credentials refused" (some APIs answer with
 * those statuses and their usual error body); a 404 without such a body is a wrong URL, i.e. a bad
 * response, not a missing AWB.
 */
import { CarrierError } from '../adapter.js';
import { CarrierPayloadError, type CarrierCode, type UnifiedTracking } from '../model.js';
import type { CarrierSettings } from '../settings.js';
import type { HttpAnswer, OutboundRequest } from './request.js';

export interface CarrierClient {
  readonly code: CarrierCode;
  /** The tracking request for one (already validated) AWB. Pure. */
  request(settings: CarrierSettings, awb: string): OutboundRequest;
  /** The carrier's JSON answer → tracking; throws CarrierPayloadError (from the mapper) or CarrierError. */
  parse(body: unknown): UnifiedTracking;
}

/** A credential the registry checked is present; the throw only guards against a mis-wired caller. */
export function credential(settings: CarrierSettings, key: string): string {
  const v = settings.credentials[key];
  if (v === undefined || v === '') throw new CarrierError(settings.code, 'CARRIER_NOT_CONFIGURED', `${settings.code}: credential ${key} is not set`);
  return v;
}

const NOT_FOUND_STATUSES = new Set([400, 404, 422]);

function retryAfterSeconds(header: string | string[] | undefined): number {
  const raw = Array.isArray(header) ? header[0] : header;
  if (raw === undefined) return 1;
  const n = Number(raw);
  if (Number.isFinite(n) && n >= 0) return Math.max(1, Math.ceil(n));
  const at = Date.parse(raw);
  return Number.isNaN(at) ? 1 : Math.max(1, Math.ceil((at - Date.now()) / 1000));
}

function parseJson(body: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) as unknown };
  } catch {
    return { ok: false };
  }
}

/** Maps the carrier's payload to tracking, every failure as a CarrierError. */
function map(client: CarrierClient, value: unknown): UnifiedTracking {
  const c = client.code;
  try {
    return client.parse(value);
  } catch (err) {
    if (err instanceof CarrierError) throw err;
    if (err instanceof CarrierPayloadError) {
      if (err.code === 'not_found') throw new CarrierError(c, 'CARRIER_AWB_NOT_FOUND', err.message);
      throw new CarrierError(c, 'CARRIER_BAD_RESPONSE', err.message);
    }
    throw new CarrierError(c, 'CARRIER_BAD_RESPONSE', `${c}: the answer could not be read (${(err as Error)?.message ?? String(err)})`);
  }
}

export function interpretAnswer(client: CarrierClient, answer: HttpAnswer): UnifiedTracking {
  const c = client.code;
  const { status } = answer;
  if (status === 401 || status === 403) throw new CarrierError(c, 'CARRIER_AUTH_FAILED', `${c}: HTTP ${status}: credentials refused`);
  if (status === 429)
    throw new CarrierError(c, 'CARRIER_RATE_LIMITED', `${c}: HTTP 429 from the carrier`, retryAfterSeconds(answer.headers['retry-after']));
  const json = parseJson(answer.body);
  if (status >= 200 && status < 300) {
    if (!json.ok)
      throw new CarrierError(c, 'CARRIER_BAD_RESPONSE', `${c}: HTTP ${status} with a body that is not JSON (${answer.body.length} bytes)`);
    return map(client, json.value);
  }
  if (json.ok && NOT_FOUND_STATUSES.has(status)) {
    try {
      map(client, json.value);
    } catch (err) {
      if (err instanceof CarrierError && (err.code === 'CARRIER_AWB_NOT_FOUND' || err.code === 'CARRIER_AUTH_FAILED')) throw err;
    }
  }
  throw new CarrierError(c, 'CARRIER_BAD_RESPONSE', `${c}: unexpected HTTP ${status}`);
}
