/**
 * J&T Express Indonesia tracking request, classic "IFD" API (docs/carriers.md §3.1).
 * Confirmed [C-code]: POST, JSON body `{"awb": "<AWB>", "eccompanyid": "<COMPANY>"}`, HTTP Basic
 *   `base64(<username/eccompanyid>:<track password>)`; endpoint `.../jandt_track/track/trackAction!tracking.action`
 *   on the sandbox host (production: `.../jandt-order-web/track/trackAction!tracking.action`).
 * Chosen: path `{base}/track/trackAction!tracking.action`, the base holding the web-app context: production
 *   `https://secure-jk.jet.co.id/jandt-order-web` (the default), sandbox
 *   `https://demo-general.inuat-jntexpress.id/jandt_track`, the simulator `…/jnt`; `Content-Type: application/json` (some clients send text/plain); no `"method":"2"`
 *   field (one client only). The username doubles as eccompanyid, as the integrations read do.
 */
import type { CarrierClient } from '../http/carrier-client.js';
import { credential } from '../http/carrier-client.js';
import { parseTracking } from './mapper.js';

export const jntClient: CarrierClient = {
  code: 'jnt',
  request(settings, awb) {
    const username = credential(settings, 'username');
    const basic = Buffer.from(`${username}:${credential(settings, 'password')}`, 'utf8').toString('base64');
    return {
      method: 'POST',
      path: '/track/trackAction!tracking.action',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: `Basic ${basic}` },
      body: JSON.stringify({ awb, eccompanyid: username }),
    };
  },
  parse: parseTracking,
};
