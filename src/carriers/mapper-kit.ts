/**
 * Defensive readers shared by the carrier mappers. Every failure is a CarrierPayloadError so the
 * gateway can answer 502 with a code, never a TypeError from deep inside a mapper.
 */
import { foldStatuses } from './status-merge.js';
import { CarrierPayloadError, type CarrierCode, type TrackingEvent, type UnifiedStatus } from './model.js';

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export class Reader {
  constructor(readonly carrier: CarrierCode) {}

  fail(code: CarrierPayloadError['code'], msg: string): never {
    throw new CarrierPayloadError(this.carrier, code, msg);
  }

  obj(v: unknown, what: string): Obj {
    if (!isObj(v)) this.fail(v === undefined || v === null ? 'missing_field' : 'invalid_field', `${what} is not an object`);
    return v;
  }

  arr(v: unknown, what: string): unknown[] {
    if (!Array.isArray(v)) this.fail(v === undefined || v === null ? 'missing_field' : 'invalid_field', `${what} is not an array`);
    return v;
  }

  /** A required string; carriers send numbers as strings and vice versa, so finite numbers are accepted. */
  str(v: unknown, what: string): string {
    const s = this.optStr(v, what);
    if (s === null) this.fail('missing_field', `${what} is missing`);
    return s;
  }

  /** An optional string: null/undefined → null; numbers → their text; anything else is invalid. */
  optStr(v: unknown, what: string): string | null {
    if (v === undefined || v === null) return null;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    return this.fail('invalid_field', `${what} is not a string`);
  }

  /** Optional, and blank counts as absent (carriers send "" for "no POD yet"). */
  text(v: unknown, what: string): string | null {
    const s = this.optStr(v, what)?.trim();
    return s ? s : null;
  }
}

/** Western Indonesia Time, UTC+7, no DST. */
const WIB_OFFSET_MS = 7 * 3600_000;
const MONTHS: Record<string, number> = {
  JAN: 1,
  FEB: 2,
  MAR: 3,
  APR: 4,
  MAY: 5,
  MEI: 5,
  JUN: 6,
  JUL: 7,
  AUG: 8,
  AGU: 8,
  SEP: 9,
  OCT: 10,
  OKT: 10,
  NOV: 11,
  DEC: 12,
  DES: 12,
};

function wib(y: number, mo: number, d: number, h: number, mi: number, s: number): Date | null {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(ms);
  if (check.getUTCDate() !== d || check.getUTCMonth() !== mo - 1) return null; // 31 Feb etc.
  return new Date(ms - WIB_OFFSET_MS);
}

/**
 * Parses the local date formats Indonesian carriers send, all assumed WIB (UTC+7) when they carry no
 * offset — the carriers' head offices and the samples' `+07:00` ISO fields are WIB; a parcel scanned
 * in WITA/WIT may be an hour or two off, which public material cannot settle (docs/carriers.md).
 *   YYYY-MM-DD HH:mm[:ss]   (SiCepat, J&T, SAP)
 *   DD-MM-YYYY HH:mm[:ss]   (JNE history/detail)
 *   DD MMM YYYY  HH:mm      (old JNE cnote_pod_date, any spacing)
 *   ISO-8601 with an offset (JNE cnote_date) — taken as is.
 * Returns ISO in UTC, or null when unparseable.
 */
export function parseCarrierDate(raw: string): string | null {
  const s = raw.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?$/.exec(s);
  if (m) return iso(wib(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0)));
  m = /^(\d{2})-(\d{2})-(\d{4}) +(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(s);
  if (m) return iso(wib(+m[3]!, +m[2]!, +m[1]!, +m[4]!, +m[5]!, +(m[6] ?? 0)));
  m = /^(\d{1,2}) +([A-Za-z]{3}) +(\d{4}) +(\d{2}):(\d{2})$/.exec(s);
  if (m) {
    const mo = MONTHS[m[2]!.toUpperCase()];
    return mo ? iso(wib(+m[3]!, mo, +m[1]!, +m[4]!, +m[5]!, 0)) : null;
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s)) {
    const d = new Date(s);
    return Number.isNaN(d.getTime()) ? null : d.toISOString();
  }
  return null;
}

function iso(d: Date | null): string | null {
  return d && !Number.isNaN(d.getTime()) ? d.toISOString() : null;
}

/** Epoch seconds or milliseconds (ID Express sends either): below 1e11 it must be seconds (≈ year 5138 in ms). */
export function parseEpoch(n: number): string | null {
  if (!Number.isFinite(n) || n <= 0) return null;
  const d = new Date(n < 1e11 ? n * 1000 : n);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

export function requireDate(r: Reader, raw: string, what: string): string {
  return parseCarrierDate(raw) ?? r.fail('invalid_date', `${what} "${raw}" is not a known date format`);
}

/** A lookup result: the table hit, or `unknown` flagged as unmapped. */
export function lookup(table: Readonly<Record<string, UnifiedStatus>>, key: string): { status: UnifiedStatus; unmapped: boolean } {
  const hit = Object.hasOwn(table, key) ? table[key] : undefined;
  return hit ? { status: hit, unmapped: false } : { status: 'unknown', unmapped: true };
}

/** Oldest first; stable, so same-minute scans keep the carrier's order. */
export function sortEvents(events: TrackingEvent[]): TrackingEvent[] {
  return events
    .map((e, i) => [e, i] as const)
    .sort(([a, i], [b, j]) => (a.at < b.at ? -1 : a.at > b.at ? 1 : i - j))
    .map(([e]) => e);
}

/** The shipment status the events add up to, out-of-order scans ignored (see mergeStatus). */
export function statusOf(events: readonly TrackingEvent[], extra: UnifiedStatus[] = []): UnifiedStatus {
  return foldStatuses([...events.map((e) => e.status), ...extra]);
}

/** The text inside the first [...], trimmed, or null. */
export function bracket(s: string): string | null {
  const m = /\[([^\]]*)\]/.exec(s);
  const t = m?.[1]?.trim();
  return t ? t : null;
}
