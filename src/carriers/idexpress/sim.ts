/** How the simulator plays ID Express (see ../simulation.ts). */
import { md5, safeEqual, type CarrierSimulation, type LooseJson } from '../simulation.js';

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

export const idexpressSimulation: CarrierSimulation = {
  credentials: { app_id: 'sim-idx-app-0001', security_key: 'sim-idx-security-key-0001' },
  route: { method: 'GET', path: /^\/open\/v1\/waybill\/get-tracking$/ },
  readRequest({ url }, creds) {
    const q = (k: string) => url.searchParams.get(k);
    const data = q('data');
    const appId = q('appId');
    const expected = md5(`${data ?? ''}${appId ?? ''}${creds.security_key ?? ''}`);
    // Both checks always run: no early exit that would tell a wrong appId from a wrong sign by timing.
    const okApp = safeEqual(appId, creds.app_id ?? '');
    const okSign = safeEqual(q('sign')?.toLowerCase(), expected);
    return { awb: data === null ? null : idexpressAwb(data), authorized: okApp && okSign };
  },
  awbShape: { prefix: 'IDD', seqDigits: 11 }, // IDD + 12 digits
  fixtureAwb: (fx: LooseJson) => fx.data.basicInfo.waybillNo,
  dropPod(b: LooseJson) {
    Object.assign(b.data.historys.at(-1), {
      proofOfStatus: '',
      completeProofOfStatus: [],
      signer: '',
      relation: '',
      description: 'Paket telah diterima',
    });
  },
  // ID Express refuses credentials with HTTP 200 and an error code in the body.
  authError: { status: 200, body: { code: 100001, desc: 'Invalid sign', total: null, data: null } },
  unavailableBody: { code: -100000, desc: 'System exception, please contact us', total: null, data: null },
};
