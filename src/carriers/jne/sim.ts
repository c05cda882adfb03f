/** How the simulator plays JNE (see ../simulation.ts). */
import { decodeComponent, header, safeEqual, type CarrierSimulation, type LooseJson } from '../simulation.js';

/** JNE's POD URLs name the AWB as `<epoch>P||<id>.jpeg` with the id's leading zero dropped; use the AWB. */
export function jnePodUrl(url: unknown, awb: string): unknown {
  return typeof url === 'string' ? url.replace(/\|\|[^|/]*\.jpeg$/, `||${awb}.jpeg`) : url;
}

export const jneSimulation: CarrierSimulation = {
  credentials: { username: 'SIMJNE', api_key: 'sim-jne-api-key-0001' },
  route: { method: 'POST', path: /^\/tracing\/api\/list\/v1\/cnote\/([^/]+)$/ },
  readRequest({ req, match, rawBody }, creds) {
    // Form fields only from a form body: JSON or query-string credentials are what JNE ignores.
    const isForm = (header(req, 'content-type') ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
    const form = new URLSearchParams(isForm ? rawBody : '');
    const authorized = safeEqual(form.get('username'), creds.username ?? '') && safeEqual(form.get('api_key'), creds.api_key ?? '');
    return { awb: decodeComponent(match[1]!), authorized };
  },
  awbShape: { prefix: '01', seqDigits: 13 }, // 16 digits
  fixtureAwb: (fx: LooseJson) => fx.cnote.cnote_no,
  withAwb(body: LooseJson, awb) {
    body.cnote.photo = jnePodUrl(body.cnote.photo, awb);
    body.cnote.signature = jnePodUrl(body.cnote.signature, awb);
  },
  dropPod(b: LooseJson) {
    Object.assign(b.cnote, { cnote_pod_receiver: null, keterangan: null, photo: null, signature: null, lat: null, long: null });
    const text = 'DELIVERED TO [ | 06-03-2024 10:32 | BANDUNG ]';
    b.cnote.last_status = text;
    b.history.at(-1).desc = text;
  },
  authError: { status: 401, body: { error: 'Invalid username or api_key', status: false } },
  unavailableBody: { error: 'Service Temporarily Unavailable', status: false },
};
