/**
 * SAP Express tracking request, v1 (docs/carriers.md §5.1).
 * Confirmed [C-code]: `GET {host}/shipment/tracking/awb?awb_no={AWB}` with header `api_key: <key>`;
 *   the answer is a bare JSON array of events (§5.2).
 * Chosen: v1 rather than v2 (`/v2/shipment/tracking`, which also needs an `api_code` we have no
 *   setting for); header spelled `api_key` as most clients do (one PHP client sends `api-key`).
 *   The mapper reads v2's `{status, msg, data}` envelope too, should the endpoint change.
 */
import type { CarrierClient } from '../http/carrier-client.js';
import { credential } from '../http/carrier-client.js';
import { parseTracking } from './mapper.js';

export const sapClient: CarrierClient = {
  code: 'sap',
  request(settings, awb) {
    return {
      method: 'GET',
      path: `/shipment/tracking/awb?awb_no=${encodeURIComponent(awb)}`,
      headers: { api_key: credential(settings, 'api_key'), Accept: 'application/json' },
    };
  },
  parse: parseTracking,
};
