/**
 * Retry decisions for webhook deliveries. Pure: the clock is an argument.
 *
 * Seed 003 ("Retry Strategy", phase 6 step 6): attempt 1 at once, then retries after 1, 2, 4, 8 and
 * 16 s — 6 attempts — and when all fail the endpoint is disabled and an admin alerted. The delays are
 * a setting (`parseSchedule`), e.g. Standard Webhooks' production profile "5s,5m,30m,2h,5h,10h,10h".
 *
 * Decisions taken here:
 * - only 2xx is success; 3xx is a failure (redirects are not followed — the partner fixes the URL);
 * - 410 Gone: fail and disable the endpoint at once (Standard Webhooks);
 * - `ERR_SSRF_BLOCKED` (the URL resolves to a refused address): fail at once — retrying seconds later
 *   gives the same answer — but do NOT disable: one DNS answer should not switch off an endpoint; the
 *   failure is logged and the message can be replayed once DNS is fixed;
 * - Retry-After (delta-seconds or HTTP-date) can lengthen a delay, never shorten it, and is capped at
 *   `RETRY_AFTER_MAX_SECONDS` (1 h) so a partner cannot park a message for days — unless the schedule
 *   itself is longer at that step;
 * - no jitter: the seed's delays are exact, and the queue spreads load anyway.
 */

// The schedule setting's grammar and limits live with the setting (src/config/webhooks.ts).
import { assertSchedule } from '../../config/webhooks.js';

export { assertSchedule, MAX_STEP_SECONDS, MAX_STEPS, parseSchedule } from '../../config/webhooks.js';

export const DEFAULT_SCHEDULE_SECONDS: readonly number[] = Object.freeze([1, 2, 4, 8, 16]);
export const RETRY_AFTER_MAX_SECONDS = 60 * 60;
/** Error codes after which another attempt cannot succeed. */
export const NON_RETRYABLE_ERRORS: ReadonlySet<string> = new Set(['ERR_SSRF_BLOCKED']);

/** Attempts a message gets: the first plus one per scheduled retry. */
export function maxAttempts(schedule: readonly number[]): number {
  return schedule.length + 1;
}

export type AttemptOutcome = { kind: 'response'; status: number; retryAfter?: string | null } | { kind: 'error'; code: string };

export type Decision =
  { action: 'success' } | { action: 'retry'; at: Date; delayMs: number } | { action: 'fail'; disableEndpoint: boolean; reason: string };

export interface AttemptInput {
  /** 1-based number of the attempt that just ended. */
  attempt: number;
  schedule: readonly number[];
  outcome: AttemptOutcome;
  now: Date;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const HTTP_DATES = [
  // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
  /^[A-Za-z]{3}, (\d{2}) ([A-Za-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/,
  // obsolete RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
  /^[A-Za-z]{6,9}, (\d{2})-([A-Za-z]{3})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/,
];
// obsolete asctime: Sun Nov  6 08:49:37 1994
const ASCTIME = /^[A-Za-z]{3} ([A-Za-z]{3}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;

/** RFC 9110 §5.6.7 HTTP-date → epoch ms, or null. Date.parse alone would accept "1" as the year 2001. */
export function parseHttpDate(text: string): number | null {
  let day: string, mon: string, year: string, hh: string, mm: string, ss: string;
  let m = HTTP_DATES[0]!.exec(text) ?? HTTP_DATES[1]!.exec(text);
  if (m) [, day = '', mon = '', year = '', hh = '', mm = '', ss = ''] = m;
  else if ((m = ASCTIME.exec(text))) [, mon = '', day = '', hh = '', mm = '', ss = '', year = ''] = m;
  else return null;
  const month = MONTHS.indexOf(mon.toLowerCase());
  let y = Number(year);
  // RFC 9110: a two-digit year more than 50 years in the future is in the past century.
  if (year.length === 2) y += y < 70 ? 2000 : 1900;
  const [d, h, mi, s] = [Number(day.trim()), Number(hh), Number(mm), Number(ss)];
  if (month < 0 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  const ms = Date.UTC(y, month, d, h, mi, Math.min(s, 59));
  return new Date(ms).getUTCDate() === d ? ms : null; // 31 Feb
}

/** Retry-After → delay in ms from `now` (≥ 0), or null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | null {
  if (value === null || value === undefined) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = parseHttpDate(v);
  return at === null ? null : Math.max(0, at - now.getTime());
}

export function describeOutcome(outcome: AttemptOutcome): string {
  return outcome.kind === 'response' ? `HTTP ${outcome.status}` : outcome.code;
}

export function decideAfterAttempt({ attempt, schedule, outcome, now }: AttemptInput): Decision {
  assertSchedule(schedule);
  const total = maxAttempts(schedule);
  if (!Number.isInteger(attempt) || attempt < 1 || attempt > total) {
    throw new RangeError(`attempt must be an integer in 1–${total}, got ${attempt}`);
  }
  if (outcome.kind === 'response') {
    if (outcome.status >= 200 && outcome.status <= 299) return { action: 'success' };
    if (outcome.status === 410) return { action: 'fail', disableEndpoint: true, reason: 'endpoint returned 410 Gone' };
  } else if (NON_RETRYABLE_ERRORS.has(outcome.code)) {
    return { action: 'fail', disableEndpoint: false, reason: `not retried: ${outcome.code}` };
  }
  if (attempt === total) return { action: 'fail', disableEndpoint: true, reason: `all ${total} attempts failed` };

  const base = schedule[attempt - 1]! * 1000;
  const asked = outcome.kind === 'response' ? parseRetryAfter(outcome.retryAfter, now) : null;
  const cap = Math.max(base, RETRY_AFTER_MAX_SECONDS * 1000);
  const delayMs = Math.round(asked === null ? base : Math.min(Math.max(asked, base), cap));
  return { action: 'retry', at: new Date(now.getTime() + delayMs), delayMs };
}

/**
 * The first `maxBytes` bytes of `text`'s UTF-8 encoding, cut back to a character boundary, for
 * storing response bodies in the delivery log. (A lone surrogate becomes U+FFFD, as in any UTF-8.)
 */
export function truncateBody(text: string, maxBytes = 4096): string {
  if (!Number.isInteger(maxBytes) || maxBytes < 0) throw new RangeError(`maxBytes must be a non-negative integer, got ${maxBytes}`);
  // Each UTF-16 unit is at most 3 UTF-8 bytes: short strings need no encoding at all.
  if (text.length * 3 <= maxBytes) return text;
  const buf = Buffer.from(text, 'utf8');
  if (buf.length <= maxBytes) return text;
  let end = maxBytes;
  while (end > 0 && (buf[end]! & 0xc0) === 0x80) end--; // step back off continuation bytes
  return buf.subarray(0, end).toString('utf8');
}
