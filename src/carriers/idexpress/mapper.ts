/**
 * ID Express: `GET /open/v1/waybill/get-tracking` answer → UnifiedTracking.
 *
 * Choices where docs/carriers.md says unknown or inferred (change IDEXPRESS_STATUS_TABLE only):
 * - Statuses come from `historys[].operationType` text (casing varies, so matched lower-cased);
 *   the numeric 00–22 codes are not used (which API sends them is unknown).
 * - Create/Confirm Return Bill = a return under way after a problem → failed (not yet returned);
 *   Return POD Scan → returned; Pickup Failure → pending (the parcel was never taken); Dropped Off at
 *   Store → picked_up; Automatic Cancel → cancelled; Problem On Shipment → failed.
 * - `data` may be one object or (one integrator) an array of one; both are accepted.
 * - `operationTime` is epoch seconds or milliseconds (< 1e11 means seconds); no timezone involved.
 * - POD: the delivered event's `signer`; photo `proofOfStatus`, else the first `completeProofOfStatus`;
 *   relation `relation` ("Parent"); no signature image in this API (`signer` is a name).
 * - Errors: `code` 0 = success; 100002 "Unable to find waybill" → not_found; any other code → carrier_error.
 */
import type { TrackingEvent, UnifiedStatus, UnifiedTracking } from '../model.js';
import { isObj, lookup, parseEpoch, Reader, sortEvents, statusOf } from '../mapper-kit.js';

const r = new Reader('idexpress');

export const IDEXPRESS_STATUS_TABLE: Readonly<Record<string, UnifiedStatus>> = {
  'pick up scan': 'picked_up',
  'dropped off at store': 'picked_up',
  'loading scan': 'in_transit',
  'sending scan': 'in_transit',
  'arrival scan': 'in_transit',
  'unloading scan': 'in_transit',
  'delivery scan': 'out_for_delivery',
  'pod scan': 'delivered',
  'pod entry': 'delivered',
  'return pod scan': 'returned',
  'problem on shipment scan': 'failed',
  'create return bill': 'failed',
  'confirm return bill': 'failed',
  'pickup failure': 'pending',
  'automatic cancel': 'cancelled',
};

export function parseTracking(payload: unknown): UnifiedTracking {
  if (!isObj(payload)) return r.fail('not_object', 'payload is not an object');
  const code = r.str(payload.code, 'code');
  const desc = r.optStr(payload.desc, 'desc') ?? '';
  if (code !== '0') r.fail(code === '100002' ? 'not_found' : 'carrier_error', `${code} ${desc}`);
  let data: unknown = payload.data;
  if (Array.isArray(data)) data = data[0];
  const d = r.obj(data, 'data');
  const basic = d.basicInfo === undefined || d.basicInfo === null ? null : r.obj(d.basicInfo, 'data.basicInfo');
  let podReceiverName: string | null = null;
  let relation: string | null = null;
  let image: string | null = null;
  let awbFromHistory: string | null = null;
  const events: TrackingEvent[] = sortEvents(
    r.arr(d.historys ?? [], 'data.historys').map((h, i) => {
      const o = r.obj(h, `historys[${i}]`);
      const rawCode = r.str(o.operationType, `historys[${i}].operationType`);
      const t = o.operationTime;
      const at =
        ((typeof t === 'number' || typeof t === 'string') && t !== '' ? parseEpoch(Number(t)) : null) ??
        r.fail('invalid_date', `historys[${i}].operationTime is not an epoch`);
      const description = r.text(o.description, `historys[${i}].description`) ?? rawCode;
      const { status, unmapped } = lookup(IDEXPRESS_STATUS_TABLE, rawCode.trim().toLowerCase());
      awbFromHistory ??= r.text(o.waybillNo, `historys[${i}].waybillNo`);
      if (status === 'delivered') {
        podReceiverName = r.text(o.signer, `historys[${i}].signer`) ?? podReceiverName;
        relation = r.text(o.relation, `historys[${i}].relation`) ?? relation;
        const all =
          o.completeProofOfStatus === undefined || o.completeProofOfStatus === null
            ? []
            : r.arr(o.completeProofOfStatus, `historys[${i}].completeProofOfStatus`);
        image = r.text(o.proofOfStatus, `historys[${i}].proofOfStatus`) ?? r.text(all[0], `historys[${i}].completeProofOfStatus[0]`) ?? image;
      }
      return { at, status, rawCode, rawText: rawCode, location: r.text(o.currentBranch, `historys[${i}].currentBranch`), description, unmapped };
    }),
  );
  const awb = (basic ? r.text(basic.waybillNo, 'basicInfo.waybillNo') : null) ?? awbFromHistory ?? r.fail('missing_field', 'no waybillNo');
  const status = statusOf(events);
  return {
    carrier: 'idexpress',
    awb,
    status,
    events,
    podReceiverName: status === 'delivered' ? podReceiverName : null,
    image_url: status === 'delivered' ? image : null,
    relation: status === 'delivered' ? relation : null,
    signatureUrl: null,
    rawStatus: events.at(-1)?.rawCode ?? '',
  };
}
