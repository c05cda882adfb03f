/**
 * JNE: `POST /tracing/api/list/v1/cnote/{awb}` answer and the push callback → UnifiedTracking.
 *
 * Choices where docs/carriers.md says unknown or inferred (change the tables below, nothing else):
 * - History codes: only RC1, OP1–OP3, TP4, IP1, IP2, D01 are seen in samples. D-codes other than
 *   D24/D25 count as delivered (per the doc's "D01 and other D-codes"); the public failure list
 *   (D24, D25, FOM, KRK, KRP, KRT, PS1, PS4, U01–U14, U21–U25, UB1, UB2) counts as a failed attempt.
 * - Codes we have not seen are matched by their text (JNE's texts are stable English phrases):
 *   "PICKED UP" → picked_up, "WITH DELIVERY COURIER" → out_for_delivery, "RETURN(ED) TO SHIPPER" →
 *   returned, "DELIVERED TO" → delivered. Otherwise `unknown`, flagged. The returned fixture's code
 *   "RTS" is therefore illustrative only: it maps through its text.
 * - Dates: history `DD-MM-YYYY HH:mm` is taken as WIB (UTC+7); cnote ISO dates carry their offset.
 * - POD: receiver `cnote_pod_receiver`, photo `cnote.photo`, relation `cnote.keterangan`, signature
 *   `cnote.signature` (kept out of image_url). Callback: `receiver_name`, `photo`, `receiver_relation`, `signature`.
 * - Not found: a top-level `error` with no `cnote` (e.g. "Cnote No. Not Found.") → not_found.
 * - Callback (no official spec): the fields the integrator's handler reads — awb, status, history[]
 *   {date, status_code, status_desc, location_code}, receiver_name, photo; date in any JNE format.
 */
import { type TrackingEvent, type UnifiedStatus, type UnifiedTracking } from '../model.js';
import { bracket, isObj, lookup, Reader, requireDate, sortEvents, statusOf } from '../mapper-kit.js';

const r = new Reader('jne');

const range = (p: string, from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => `${p}${String(from + i).padStart(2, '0')}`);

export const JNE_FAILURE_CODES: readonly string[] = [
  'D24',
  'D25',
  'FOM',
  'KRK',
  'KRP',
  'KRT',
  'PS1',
  'PS4',
  ...range('U', 1, 14),
  ...range('U', 21, 25),
  'UB1',
  'UB2',
];

/** History / POD code → status. */
export const JNE_STATUS_TABLE: Readonly<Record<string, UnifiedStatus>> = {
  RC1: 'picked_up', // received by JNE counter officer: the parcel is in JNE's hands
  OP1: 'in_transit',
  OP2: 'in_transit',
  OP3: 'in_transit',
  TP4: 'in_transit',
  IP1: 'in_transit',
  IP2: 'in_transit',
  D01: 'delivered',
  ...Object.fromEntries(JNE_FAILURE_CODES.map((c) => [c, 'failed' as const])),
};

/** Text rules for codes missing from the table; first match wins. */
export const JNE_TEXT_RULES: ReadonlyArray<readonly [RegExp, UnifiedStatus]> = [
  [/RETURN(ED)? TO SHIPPER/i, 'returned'],
  [/^DELIVERED TO\b/i, 'delivered'],
  [/WITH DELIVERY COURIER/i, 'out_for_delivery'],
  [/PICKED UP/i, 'picked_up'],
];

export function mapJneCode(code: string, text: string): { status: UnifiedStatus; unmapped: boolean } {
  const c = code.trim().toUpperCase();
  const hit = lookup(JNE_STATUS_TABLE, c);
  if (!hit.unmapped) return hit;
  if (/^D\d{2}$/.test(c)) return { status: 'delivered', unmapped: false };
  for (const [re, status] of JNE_TEXT_RULES) if (re.test(text)) return { status, unmapped: false };
  return hit;
}

/** `[CITY]`, or the city part of `DELIVERED TO [NAME | date | CITY ]`. */
function location(text: string): string | null {
  const b = bracket(text);
  if (b === null || !b.includes('|')) return b;
  return b.split('|').at(-1)!.trim() || null;
}

function event(code: string, text: string, at: string, location: string | null): TrackingEvent {
  const { status, unmapped } = mapJneCode(code, text);
  return { at, status, rawCode: code, rawText: text, location, description: text, unmapped };
}

/** `pod_status` values from the cnote; anything else says nothing about the status. */
const POD_STATUS: Readonly<Record<string, UnifiedStatus>> = { DELIVERED: 'delivered', 'RETURN TO SHIPPER': 'returned' };

export function parseTracking(payload: unknown): UnifiedTracking {
  if (!isObj(payload)) return r.fail('not_object', 'payload is not an object');
  if (payload.cnote === undefined || payload.cnote === null) {
    const err = r.text(payload.error, 'error');
    if (err) r.fail(/not found/i.test(err) ? 'not_found' : 'carrier_error', err);
    return r.fail('missing_field', 'cnote is missing');
  }
  const cnote = r.obj(payload.cnote, 'cnote');
  const awb = r.str(cnote.cnote_no, 'cnote.cnote_no').trim();
  const history = r.arr(payload.history ?? [], 'history');
  const events = sortEvents(
    history.map((h, i) => {
      const o = r.obj(h, `history[${i}]`);
      const desc = r.optStr(o.desc, `history[${i}].desc`) ?? '';
      const code = r.optStr(o.code, `history[${i}].code`) ?? '';
      const at = requireDate(r, r.str(o.date, `history[${i}].date`), `history[${i}].date`);
      return event(code, desc, at, location(desc));
    }),
  );
  const podStatus = r.text(cnote.pod_status, 'cnote.pod_status');
  const podCode = r.text(cnote.pod_code, 'cnote.pod_code');
  const extra: UnifiedStatus[] = [];
  const fromPod = podStatus ? POD_STATUS[podStatus.toUpperCase()] : undefined;
  if (fromPod) extra.push(fromPod);
  else if (podCode) {
    const m = mapJneCode(podCode, '');
    if (!m.unmapped) extra.push(m.status);
  }
  const status = statusOf(events, extra);
  const lastStatus = r.text(cnote.last_status, 'cnote.last_status');
  return {
    carrier: 'jne',
    awb,
    status,
    events,
    podReceiverName: status === 'delivered' ? r.text(cnote.cnote_pod_receiver, 'cnote.cnote_pod_receiver') : null,
    image_url: r.text(cnote.photo, 'cnote.photo'),
    relation: status === 'delivered' ? r.text(cnote.keterangan, 'cnote.keterangan') : null,
    signatureUrl: r.text(cnote.signature, 'cnote.signature'),
    rawStatus: lastStatus ?? podStatus ?? events.at(-1)?.rawText ?? '',
  };
}

/** JNE's push callback, same unified result (the consumer merges it with mergeStatus). */
export function parseJneCallback(payload: unknown): UnifiedTracking {
  if (!isObj(payload)) return r.fail('not_object', 'callback is not an object');
  const awb = r.str(payload.awb, 'awb').trim();
  if (!awb) r.fail('missing_field', 'awb is empty');
  const history = r.arr(payload.history, 'history');
  if (history.length === 0) r.fail('missing_field', 'history is empty');
  const events = sortEvents(
    history.map((h, i) => {
      const o = r.obj(h, `history[${i}]`);
      const code = r.str(o.status_code, `history[${i}].status_code`);
      const text = r.optStr(o.status_desc, `history[${i}].status_desc`) ?? r.optStr(o.status, `history[${i}].status`) ?? '';
      const at = requireDate(r, r.str(o.date, `history[${i}].date`), `history[${i}].date`);
      return event(code, text, at, r.text(o.location_code, `history[${i}].location_code`) ?? location(text));
    }),
  );
  const status = statusOf(events);
  return {
    carrier: 'jne',
    awb,
    status,
    events,
    podReceiverName: status === 'delivered' ? r.text(payload.receiver_name, 'receiver_name') : null,
    image_url: r.text(payload.photo, 'photo'),
    relation: status === 'delivered' ? r.text(payload.receiver_relation, 'receiver_relation') : null,
    signatureUrl: r.text(payload.signature, 'signature'),
    rawStatus: r.text(payload.status, 'status') ?? events.at(-1)!.rawCode,
  };
}
