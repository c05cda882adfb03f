/** How the simulator plays J&T Express (see ../simulation.ts). */
import { header, safeEqual, type CarrierSimulation, type LooseJson } from '../simulation.js';

export const jntSimulation: CarrierSimulation = {
  credentials: { username: 'SIMJNT', password: 'sim-jnt-password-0001' },
  route: { method: 'POST', path: /^\/track\/trackAction!tracking\.action$/ },
  readRequest({ req, rawBody }, creds) {
    const basic = /^Basic\s+(\S+)$/i.exec(header(req, 'authorization') ?? '');
    const pair = basic ? Buffer.from(basic[1]!, 'base64').toString('utf8') : '';
    const colon = pair.indexOf(':');
    const user = colon < 0 ? null : pair.slice(0, colon);
    const pass = colon < 0 ? null : pair.slice(colon + 1);
    const okBasic = safeEqual(user, creds.username ?? '') && safeEqual(pass, creds.password ?? '');
    let body: { awb?: unknown; eccompanyid?: unknown } | null = null;
    try {
      const parsed: unknown = JSON.parse(rawBody);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed;
    } catch {
      /* handled below */
    }
    const awb = typeof body?.awb === 'string' ? body.awb : null;
    if (!okBasic) return { awb, authorized: false };
    if (!body) return { awb: null, authorized: true, invalid: { status: 400, body: { error_id: '400', error_message: 'Invalid request body' } } };
    // The account named in the body must be the one that authenticated.
    const okCompany = typeof body.eccompanyid === 'string' && safeEqual(body.eccompanyid, creds.username ?? '');
    return { awb, authorized: okCompany };
  },
  awbShape: { prefix: 'JD', seqDigits: 9 }, // JD + 10 digits
  fixtureAwb: (fx: LooseJson) => fx.awb,
  dropPod(b: LooseJson) {
    Object.assign(b.history.at(-1), { receiver: '', presenter: '', presentername: '' });
  },
  authError: { status: 401, body: { error_id: '401', error_message: 'Unauthorized' } },
  unavailableBody: { error_id: '503', error_message: 'System busy, please try again later' },
};
