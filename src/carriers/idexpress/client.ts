/**
 * ID Express tracking request (docs/carriers.md §4.1).
 * Confirmed [C-code]: `GET {base}/open/v1/waybill/get-tracking?data={waybillNo}&appId={appId}&sign={sign}`
 *   with `sign = md5_hex(data + appId + securityKey)`, lowercase hex, the same on every endpoint;
 *   `code` 0 = success and 100002 "Unable to find waybill" (§4.2).
 * Chosen: `data` is the bare AWB (one integrator sends a JSON array `[{"waybillNo":…}]`: ambiguous,
 *   the mapper accepts either answer); the sign is over the raw AWB, before URL-encoding. [INF] any
 *   other code whose `desc` mentions sign/auth is a credentials problem → CARRIER_AUTH_FAILED; other
 *   codes are carrier errors → CARRIER_BAD_RESPONSE (via the mapper's carrier_error).
 */
import { createHash } from 'node:crypto';
import { CarrierError } from '../adapter.js';
import type { CarrierClient } from '../http/carrier-client.js';
import { credential } from '../http/carrier-client.js';
import { isObj } from '../mapper-kit.js';
import { parseTracking } from './mapper.js';

/** ID Express's request signature: md5 of data + appId + securityKey, lowercase hex. */
export function idexpressSign(data: string, appId: string, securityKey: string): string {
  return createHash('md5').update(`${data}${appId}${securityKey}`, 'utf8').digest('hex');
}

export const idexpressClient: CarrierClient = {
  code: 'idexpress',
  request(settings, awb) {
    const appId = credential(settings, 'app_id');
    const q = new URLSearchParams({ data: awb, appId, sign: idexpressSign(awb, appId, credential(settings, 'security_key')) });
    return { method: 'GET', path: `/open/v1/waybill/get-tracking?${q.toString()}`, headers: { Accept: 'application/json' } };
  },
  parse(body) {
    if (isObj(body) && (typeof body.code === 'number' || typeof body.code === 'string')) {
      const code = String(body.code).trim();
      const desc = typeof body.desc === 'string' ? body.desc.slice(0, 200) : '';
      if (code !== '0' && code !== '100002' && /sign|auth/i.test(desc)) {
        throw new CarrierError('idexpress', 'CARRIER_AUTH_FAILED', `idexpress: credentials refused (${code} ${desc})`);
      }
    }
    return parseTracking(body);
  },
};
