/**
 * Anomaly detection: load the facts, run the pure rules, and keep `admin_alerts` in step — one open row
 * per (kind, subject) while the condition lasts, resolved when an evaluation no longer sees it
 * (docs/balance.md "Anomalies"). The balance service runs it for the actions `anomalies` and `all`.
 */
import type { AnomaliesConfig } from '../../config/anomalies.js';
import type { Database } from '../../db/client.js';
import { withTransaction } from '../../db/tx.js';
import { lockAnomalies, loadFacts, openAnomalyKeys, resolveCleared, upsertAnomalies } from './anomalies.repo.js';
import { ANOMALY_KINDS, detectAnomalies, type Anomaly } from './engine/anomalies.js';

export interface AnomalyReport {
  /** What this evaluation saw, in rule order. */
  detected: Anomaly[];
  /** Anomalies that had no open alert: a new row each (dry run: would have). */
  opened: number;
  /** Open alerts whose condition was no longer seen: resolved now (dry run: would be). */
  resolved: number;
  /** Anomalies that already had an open alert: refreshed (last seen, severity, message, details). */
  stillOpen: number;
}

export function createAnomaliesService(deps: { database: Database; config: { readonly anomalies: AnomaliesConfig } }) {
  const { database } = deps;
  const thresholds = deps.config.anomalies;

  return {
    async detect(opts: { dryRun: boolean; now?: Date }): Promise<AnomalyReport> {
      const now = opts.now ?? new Date();
      // Read outside the write transaction: in embedded mode the pool has one connection.
      const facts = await loadFacts(database.pool, thresholds, now);
      const detected = unique(detectAnomalies(facts, thresholds, now.getTime()));
      if (opts.dryRun) {
        const open = await openAnomalyKeys(database.pool, ANOMALY_KINDS);
        const seen = new Set(detected.map(key));
        const stillOpen = detected.filter((a) => open.has(key(a))).length;
        const resolved = [...open].filter((k) => !seen.has(k)).length;
        return { detected, opened: detected.length - stillOpen, resolved, stillOpen };
      }
      return withTransaction(database, async ({ client }) => {
        await lockAnomalies(client);
        const { opened, refreshed } = await upsertAnomalies(client, detected, now);
        const resolved = await resolveCleared(client, ANOMALY_KINDS, detected, now);
        return { detected, opened, resolved, stillOpen: refreshed };
      });
    },
  };
}

export type AnomaliesService = ReturnType<typeof createAnomaliesService>;

const key = (a: Anomaly): string => `${a.kind} ${a.subject}`;

/** One per (kind, subject), the first kept: a second would make the upsert touch one row twice. */
function unique(list: Anomaly[]): Anomaly[] {
  const seen = new Set<string>();
  return list.filter((a) => !seen.has(key(a)) && seen.add(key(a)) !== undefined);
}
