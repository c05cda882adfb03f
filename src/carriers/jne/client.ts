/**
 * JNE tracking request (docs/carriers.md §1.1).
 * Confirmed [C-doc]: `POST {host}/tracing/api/list/v1/cnote/{AWB}`, `Content-Type:
 *   application/x-www-form-urlencoded`, `Accept: application/json`, form fields `username` and
 *   `api_key` (not `key`, which one library sends); the doc's answer shape (§1.2), read by mapper.ts.
 * Confirmed [C-code]: production port 10101 vs test port 10102 (jne-php) — a base-URL matter.
 * Chosen: a missing AWB arrives as HTTP 200 `{"error":"Cnote No. Not Found.","status":false}`
 *   (the doc's example; the mapper turns it into not_found); the AWB is URL-encoded into the path.
 */
import type { CarrierClient } from '../http/carrier-client.js';
import { credential } from '../http/carrier-client.js';
import { parseTracking } from './mapper.js';

export const jneClient: CarrierClient = {
  code: 'jne',
  request(settings, awb) {
    const body = new URLSearchParams({ username: credential(settings, 'username'), api_key: credential(settings, 'api_key') }).toString();
    return {
      method: 'POST',
      path: `/tracing/api/list/v1/cnote/${encodeURIComponent(awb)}`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body,
    };
  },
  parse: parseTracking,
};
