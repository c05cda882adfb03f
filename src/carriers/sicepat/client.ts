/**
 * SiCepat tracking request (docs/carriers.md §2.1).
 * Confirmed [C-code]: `GET {host}/customer/waybill?waybill={AWB}` with header `api-key: <key>`
 *   (api-sicepat, delivery-tracker); the `sicepat.status` / `sicepat.result` answer (§2.2).
 * Chosen: the key goes only in the header, never in the query (some frontends also send it there,
 *   but a query ends up in access logs); `Accept: application/json`. No official doc exists.
 */
import type { CarrierClient } from '../http/carrier-client.js';
import { credential } from '../http/carrier-client.js';
import { parseTracking } from './mapper.js';

export const sicepatClient: CarrierClient = {
  code: 'sicepat',
  request(settings, awb) {
    return {
      method: 'GET',
      path: `/customer/waybill?waybill=${encodeURIComponent(awb)}`,
      headers: { 'api-key': credential(settings, 'api_key'), Accept: 'application/json' },
    };
  },
  parse: parseTracking,
};
