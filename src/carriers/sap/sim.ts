/** How the simulator plays SAP Express (see ../simulation.ts). */
import { header, safeEqual, type CarrierSimulation, type LooseJson } from '../simulation.js';

export const sapSimulation: CarrierSimulation = {
  credentials: { api_key: 'sim-sap-api-key-0001' },
  route: { method: 'GET', path: /^\/shipment\/tracking\/awb$/ },
  readRequest: ({ req, url }, creds) => ({ awb: url.searchParams.get('awb_no'), authorized: safeEqual(header(req, 'api_key'), creds.api_key ?? '') }),
  awbShape: { prefix: 'CGK', seqDigits: 12 }, // origin + 13 digits
  fixtureAwb: (fx: LooseJson) => fx[0].awb_no,
  dropPod(b: LooseJson) {
    Object.assign(b.at(-1), {
      pod_receiver_name: '',
      pod_relation_name: '',
      pod_photo: null,
      pod_camera: null,
      pod_signature: null,
      description: '[KURIR: ANDI] [PENERIMA: ] [HUB: ] [STATUS: DELIVERED - DL - DITERIMA OLEH] - KETERANGAN: OK',
    });
  },
  authError: { status: 401, body: { status: 'fail', msg: 'Unauthorized' } },
  unavailableBody: { status: 'fail', msg: 'Service Unavailable' },
};
