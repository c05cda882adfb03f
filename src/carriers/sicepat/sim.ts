/** How the simulator plays SiCepat (see ../simulation.ts). */
import { header, safeEqual, type CarrierSimulation, type LooseJson } from '../simulation.js';

export const sicepatSimulation: CarrierSimulation = {
  credentials: { api_key: 'sim-sicepat-api-key-0001' },
  route: { method: 'GET', path: /^\/customer\/waybill$/ },
  readRequest: ({ req, url }, creds) => ({
    awb: url.searchParams.get('waybill'),
    authorized: safeEqual(header(req, 'api-key'), creds.api_key ?? ''),
  }),
  awbShape: { prefix: '00', seqDigits: 9 }, // 12 digits starting 00
  fixtureAwb: (fx: LooseJson) => fx.sicepat.result.waybill_number,
  dropPod(b: LooseJson) {
    const r = b.sicepat.result;
    Object.assign(r, { POD_receiver: '', pod_img_path: null, pod_sign_img_path: null });
    r.track_history.at(-1).receiver_name = 'Paket diterima oleh []';
    r.last_status.receiver_name = 'Paket diterima oleh []';
  },
  authError: { status: 401, body: { sicepat: { status: { code: 401, description: 'Unauthorized' } } } },
  unavailableBody: { sicepat: { status: { code: 503, description: 'Service Unavailable' } } },
};
