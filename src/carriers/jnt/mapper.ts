/**
 * J&T Express Indonesia (classic "IFD" API): `POST .../trackAction!tracking.action` answer → UnifiedTracking.
 *
 * Choices where docs/carriers.md says unknown or inferred (change JNT_STATUS_TABLE / JNT_100_RULES only):
 * - status_code 101 "Manifes" = order created, before pickup → pending; 200 → delivered;
 *   150 ("on hold / problem", one guide only) → failed, since it is what undelivered attempts show and a
 *   redelivery moves it forward again; 401 ("Return", same guide) → returned. Others → unknown, flagged.
 * - 100 covers every in-network step; the `status` text tells them apart: "akan dikirim ke alamat
 *   penerima" / "sedang diantar" → out_for_delivery, "diambil" / "pick up" / "dijemput" → picked_up,
 *   otherwise in_transit.
 * - rawCode is the numeric status_code as text; rawText the `status` text.
 * - Dates `YYYY-MM-DD HH:mm:ss` are WIB (UTC+7).
 * - POD: the delivered (200) item's `receiver`; no photo URL exists in this API (driver photos are not
 *   POD), so image_url is always null and the CMS falls back to what it has stored. Relation: the
 *   delivered item's `presentername` ("Resepsionis"); no signature in this API.
 * - Errors: `{error_id, error_message}`; error_id 404 or "Invalid AWB" → not_found, else carrier_error.
 */
import type { TrackingEvent, UnifiedStatus, UnifiedTracking } from '../model.js';
import { isObj, lookup, Reader, requireDate, sortEvents, statusOf } from '../mapper-kit.js';

const r = new Reader('jnt');

export const JNT_STATUS_TABLE: Readonly<Record<string, UnifiedStatus>> = {
  '101': 'pending',
  '100': 'in_transit', // refined by JNT_100_RULES
  '150': 'failed',
  '200': 'delivered',
  '401': 'returned',
};

export const JNT_100_RULES: ReadonlyArray<readonly [RegExp, UnifiedStatus]> = [
  [/akan dikirim ke alamat penerima|sedang diantar/i, 'out_for_delivery'],
  [/diambil|pick ?up|dijemput/i, 'picked_up'],
];

export function mapJnt(code: string, text: string): { status: UnifiedStatus; unmapped: boolean } {
  const hit = lookup(JNT_STATUS_TABLE, code.trim());
  if (code.trim() === '100') for (const [re, s] of JNT_100_RULES) if (re.test(text)) return { status: s, unmapped: false };
  return hit;
}

export function parseTracking(payload: unknown): UnifiedTracking {
  if (!isObj(payload)) return r.fail('not_object', 'payload is not an object');
  if (payload.history === undefined && payload.error_id !== undefined) {
    const id = r.optStr(payload.error_id, 'error_id') ?? '';
    const msg = r.optStr(payload.error_message, 'error_message') ?? '';
    r.fail(id === '404' || /invalid awb|not found/i.test(msg) ? 'not_found' : 'carrier_error', `${id} ${msg}`);
  }
  const awb = r.str(payload.awb, 'awb').trim();
  let podReceiverName: string | null = null;
  let relation: string | null = null;
  const events: TrackingEvent[] = sortEvents(
    r.arr(payload.history, 'history').map((h, i) => {
      const o = r.obj(h, `history[${i}]`);
      const rawCode = r.str(o.status_code, `history[${i}].status_code`);
      const text = r.optStr(o.status, `history[${i}].status`) ?? '';
      const at = requireDate(r, r.str(o.date_time, `history[${i}].date_time`), `history[${i}].date_time`);
      const { status, unmapped } = mapJnt(rawCode, text);
      if (status === 'delivered') {
        podReceiverName = r.text(o.receiver, `history[${i}].receiver`) ?? podReceiverName;
        relation = r.text(o.presentername, `history[${i}].presentername`) ?? relation;
      }
      return { at, status, rawCode, rawText: text, location: r.text(o.city_name, `history[${i}].city_name`), description: text, unmapped };
    }),
  );
  const status = statusOf(events);
  return {
    carrier: 'jnt',
    awb,
    status,
    events,
    podReceiverName: status === 'delivered' ? podReceiverName : null,
    image_url: null,
    relation: status === 'delivered' ? relation : null,
    signatureUrl: null,
    rawStatus: events.at(-1)?.rawCode ?? '',
  };
}
