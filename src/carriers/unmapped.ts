/**
 * The one warning for carrier event codes missing from a status table: they are the signal to extend
 * the table. Logged once per (carrier, code) for the process, whichever path met the code first (a
 * gateway call, the refresh, a callback being applied): logging every occurrence would flood the log
 * on a busy AWB, and one reporter shared by those paths keeps one tracking from warning twice.
 */
import type { Logger } from 'pino';
import type { UnifiedTracking } from './model.js';

const SEEN_MAX = 10_000;

export type UnmappedReporter = (t: UnifiedTracking) => void;

export function createUnmappedReporter(log: Logger): UnmappedReporter {
  const seen = new Set<string>();
  return (t) => {
    for (const e of t.events) {
      if (!e.unmapped) continue;
      const key = `${t.carrier}\u0000${e.rawCode}`;
      if (seen.has(key)) continue;
      // Bounded: a carrier inventing codes endlessly must not grow memory; forgetting means re-logging.
      if (seen.size >= SEEN_MAX) seen.clear();
      seen.add(key);
      log.warn(
        { carrier: t.carrier, rawCode: e.rawCode, rawText: e.rawText, awb: t.awb },
        'carrier event code not in the status table; shown as unknown',
      );
    }
  };
}
