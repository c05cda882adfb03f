/**
 * SiCepat: `GET /customer/waybill?waybill={awb}` answer → UnifiedTracking.
 *
 * Choices where docs/carriers.md says unknown or inferred (change SICEPAT_STATUS_TABLE, nothing else):
 * - Confirmed codes: PICKREQ, PICK, IN, OUT, ANT, DELIVERED. No return/cancel/problem code has ever
 *   been seen publicly; we assume they arrive as codes named like the terms SiCepat shows customers:
 *   failed attempts NTH, BA, CODA, MR, AU, CNEE UNKNOWN, RETUR (return started) → failed;
 *   RTS / RETURNED → returned; CANCEL → cancelled; HOLD → exception. Anything else → unknown, flagged.
 * - Dates `YYYY-MM-DD HH:mm` are WIB (UTC+7), as integrators append +0700.
 * - The event text is in `city`, except on DELIVERED items where it is in `receiver_name`.
 * - POD receiver: `POD_receiver` reads "Paket diterima oleh [Ilyas - (KEL) Keluarga Serumah]"; we keep
 *   the name before " - (" ("Ilyas"), or the whole text when it has no brackets. Photo: `pod_img_path`
 *   (signature and courier photos are not the POD photo). Relation: the text after " - " inside the
 *   brackets ("(KEL) Keluarga Serumah"); signature `pod_sign_img_path`.
 * - Not found: `sicepat.status.code` ≠ 200 or no `result` → not_found for 400/404, else carrier_error.
 */
import type { TrackingEvent, UnifiedStatus, UnifiedTracking } from '../model.js';
import { bracket, isObj, lookup, Reader, requireDate, sortEvents, statusOf } from '../mapper-kit.js';

const r = new Reader('sicepat');

export const SICEPAT_STATUS_TABLE: Readonly<Record<string, UnifiedStatus>> = {
  PICKREQ: 'pending',
  PICK: 'picked_up',
  IN: 'in_transit',
  OUT: 'in_transit',
  ANT: 'out_for_delivery',
  DELIVERED: 'delivered',
  // inferred, see above
  NTH: 'failed',
  BA: 'failed',
  CODA: 'failed',
  MR: 'failed',
  AU: 'failed',
  'CNEE UNKNOWN': 'failed',
  RETUR: 'failed',
  RTS: 'returned',
  RETURNED: 'returned',
  CANCEL: 'cancelled',
  HOLD: 'exception',
};

export function podReceiverFrom(raw: string | null): string | null {
  if (raw === null) return null;
  const inner = bracket(raw) ?? raw;
  const name = inner.split(' - (')[0]!.trim();
  return name || null;
}

/** The relation part of `POD_receiver` ("Paket diterima oleh [Ilyas - (KEL) Keluarga Serumah]" → "(KEL) Keluarga Serumah"). */
export function podRelationFrom(raw: string | null): string | null {
  if (raw === null) return null;
  const inner = bracket(raw) ?? raw;
  const at = inner.indexOf(' - (');
  return at < 0 ? null : inner.slice(at + 3).trim() || null;
}

export function parseTracking(payload: unknown): UnifiedTracking {
  if (!isObj(payload) || !isObj(payload.sicepat)) return r.fail('not_object', 'payload has no sicepat object');
  const sc = payload.sicepat;
  const st = r.obj(sc.status, 'sicepat.status');
  const code = Number(r.str(st.code, 'sicepat.status.code'));
  const desc = r.optStr(st.description, 'sicepat.status.description') ?? '';
  if (code !== 200 || sc.result === undefined || sc.result === null) {
    r.fail(code === 400 || code === 404 ? 'not_found' : 'carrier_error', `${code} ${desc}`);
  }
  const res = r.obj(sc.result, 'sicepat.result');
  const awb = r.str(res.waybill_number, 'result.waybill_number').trim();
  const events: TrackingEvent[] = sortEvents(
    r.arr(res.track_history ?? [], 'result.track_history').map((h, i) => {
      const o = r.obj(h, `track_history[${i}]`);
      const rawCode = r.str(o.status, `track_history[${i}].status`);
      const text = r.optStr(o.city, `track_history[${i}].city`) ?? r.optStr(o.receiver_name, `track_history[${i}].receiver_name`) ?? '';
      const at = requireDate(r, r.str(o.date_time, `track_history[${i}].date_time`), `track_history[${i}].date_time`);
      const { status, unmapped } = lookup(SICEPAT_STATUS_TABLE, rawCode.trim().toUpperCase());
      return { at, status, rawCode, rawText: text, location: null, description: text, unmapped };
    }),
  );
  const last = res.last_status === undefined || res.last_status === null ? null : r.obj(res.last_status, 'result.last_status');
  const lastCode = last ? r.text(last.status, 'last_status.status') : null;
  const extra: UnifiedStatus[] = [];
  if (lastCode) extra.push(lookup(SICEPAT_STATUS_TABLE, lastCode.toUpperCase()).status);
  const status = statusOf(events, extra);
  return {
    carrier: 'sicepat',
    awb,
    status,
    events,
    podReceiverName: status === 'delivered' ? podReceiverFrom(r.text(res.POD_receiver, 'result.POD_receiver')) : null,
    image_url: r.text(res.pod_img_path, 'result.pod_img_path'),
    relation: status === 'delivered' ? podRelationFrom(r.text(res.POD_receiver, 'result.POD_receiver')) : null,
    signatureUrl: r.text(res.pod_sign_img_path, 'result.pod_sign_img_path'),
    rawStatus: lastCode ?? events.at(-1)?.rawCode ?? '',
  };
}
