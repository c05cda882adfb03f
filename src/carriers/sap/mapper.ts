/**
 * SAP Express: `GET /shipment/tracking/awb?awb_no=` (v1: bare array of events) or
 * `GET /v2/shipment/tracking?awb_no=` (v2: `{status, msg, data: [events]}`) → UnifiedTracking.
 *
 * Choices where docs/carriers.md says unknown or inferred (change SAP_STATUS_TABLE only):
 * - Statuses come from `rowstate_name` (trimmed: "DELIVERY " has a trailing space); the numeric
 *   `rowstate` list is incomplete, so it is kept raw only.
 * - ENTRI (…PICKUP…) → pending; ENTRI VERIFIED (verified at counter) → picked_up; VOID / VOID PICKUP →
 *   cancelled; OUTGOING/INCOMING/DELIVERY RETURN (a return under way) → failed; SHIPMENT RETURN TO
 *   CLIENT → returned; POD - UNDELIVERED → failed.
 * - Dates `create_date` (tracking) or `created_at` (push) `YYYY-MM-DD HH:mm:ss` are WIB (UTC+7).
 * - POD: the delivered event's `pod_receiver_name`; photo `pod_photo`, else `pod_camera`, else
 *   `photo_pod[0]` (v2.5); signatures are not the photo. Relation `pod_relation_name`; signature
 *   `pod_signature`, else `signature_pod[0]` (v2.5).
 * - Not found: an empty event array, or v2 `status: "fail"` whose msg says not found; other fails → carrier_error.
 */
import type { TrackingEvent, UnifiedStatus, UnifiedTracking } from '../model.js';
import { isObj, lookup, Reader, requireDate, sortEvents, statusOf } from '../mapper-kit.js';

const r = new Reader('sap');

export const SAP_STATUS_TABLE: Readonly<Record<string, UnifiedStatus>> = {
  'ENTRI (SEDANG DI PICKUP)': 'pending',
  'ENTRI (PENDING PICKUP)': 'pending',
  'ENTRI (SEDANG PICKUP ULANG)': 'pending',
  'PICKED UP': 'picked_up',
  'ENTRI VERIFIED': 'picked_up',
  VOID: 'cancelled',
  'VOID PICKUP': 'cancelled',
  'MANIFEST OUTGOING': 'in_transit',
  'OUTGOING SMU': 'in_transit',
  INCOMING: 'in_transit',
  DELIVERY: 'out_for_delivery',
  'POD - DELIVERED': 'delivered',
  'POD - UNDELIVERED': 'failed',
  'OUTGOING RETURN': 'failed',
  'INCOMING RETURN': 'failed',
  'DELIVERY RETURN': 'failed',
  'SHIPMENT RETURN TO CLIENT': 'returned',
};

export function parseTracking(payload: unknown): UnifiedTracking {
  let list: unknown[];
  if (Array.isArray(payload)) list = payload;
  else if (isObj(payload) && typeof payload.status === 'string') {
    const msg = r.optStr(payload.msg, 'msg') ?? '';
    if (payload.status !== 'success') r.fail(/not found|tidak ditemukan|no data/i.test(msg) ? 'not_found' : 'carrier_error', msg);
    list = r.arr(payload.data, 'data');
  } else return r.fail('not_object', 'payload is neither an event array nor a v2 envelope');
  if (list.length === 0) r.fail('not_found', 'no tracking events');
  let awb: string | null = null;
  let podReceiverName: string | null = null;
  let relation: string | null = null;
  let signature: string | null = null;
  let image: string | null = null;
  const events: TrackingEvent[] = sortEvents(
    list.map((e, i) => {
      const o = r.obj(e, `[${i}]`);
      const rawCode = r.str(o.rowstate_name, `[${i}].rowstate_name`);
      awb ??= r.text(o.awb_no, `[${i}].awb_no`);
      const when = r.optStr(o.create_date, `[${i}].create_date`) ?? r.str(o.created_at, `[${i}].create_date`);
      const at = requireDate(r, when, `[${i}].create_date`);
      const description = r.text(o.description, `[${i}].description`) ?? rawCode.trim();
      const { status, unmapped } = lookup(SAP_STATUS_TABLE, rawCode.trim().toUpperCase());
      if (status === 'delivered') {
        podReceiverName = r.text(o.pod_receiver_name, `[${i}].pod_receiver_name`) ?? podReceiverName;
        const v2 = o.photo_pod === undefined || o.photo_pod === null ? [] : r.arr(o.photo_pod, `[${i}].photo_pod`);
        relation = r.text(o.pod_relation_name, `[${i}].pod_relation_name`) ?? relation;
        const v2s = o.signature_pod === undefined || o.signature_pod === null ? [] : r.arr(o.signature_pod, `[${i}].signature_pod`);
        signature = r.text(o.pod_signature, `[${i}].pod_signature`) ?? r.text(v2s[0], `[${i}].signature_pod[0]`) ?? signature;
        image = r.text(o.pod_photo, `[${i}].pod_photo`) ?? r.text(o.pod_camera, `[${i}].pod_camera`) ?? r.text(v2[0], `[${i}].photo_pod[0]`) ?? image;
      }
      const location = r.text(o.current_branch_name, `[${i}].current_branch_name`) ?? r.text(o.counter_name, `[${i}].counter_name`);
      return { at, status, rawCode, rawText: rawCode, location, description, unmapped };
    }),
  );
  const status = statusOf(events);
  return {
    carrier: 'sap',
    awb: awb ?? r.fail('missing_field', 'awb_no'),
    status,
    events,
    podReceiverName: status === 'delivered' ? podReceiverName : null,
    image_url: status === 'delivered' ? image : null,
    relation: status === 'delivered' ? relation : null,
    signatureUrl: status === 'delivered' ? signature : null,
    rawStatus: events.at(-1)?.rawCode.trim() ?? '',
  };
}
