/**
 * Anomaly detection: load the facts, run the pure rules, and keep `admin_alerts` in step — one open row
 * per (kind, subject) while the condition lasts, resolved when an evaluation no longer sees it
 * (docs/balance.md "Anomalies"). The balance service runs it for the actions `anomalies` and `all`.
 */
import type { AnomaliesConfig } from '../../config/anomalies.js';
import type { Database, Queryable } from '../../db/client.js';
import { withTransaction, type Tx } from '../../db/tx.js';
import {
  lockAnomalies,
  loadFacts,
  openAnomalyKeys,
  resolveCleared,
  upsertAnomalies,
  type ConditionRow,
  type StoredCondition,
} from './anomalies.repo.js';
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

export function createAnomaliesService(deps: {
  database: Database;
  config: { readonly anomalies: AnomaliesConfig };
  /** Called in the evaluation's transaction with the alerts it opened and resolved (they are posted like the operational alerts). */
  onChanged?: (tx: Tx, opened: readonly StoredCondition[], resolved: readonly StoredCondition[], at: Date) => Promise<void>;
}) {
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
      return withTransaction(database, async (tx) => {
        const kept = await keepConditions(tx.client, ANOMALY_KINDS, detected, now);
        await deps.onChanged?.(tx, kept.opened, kept.resolved, now);
        return { detected, opened: kept.opened.length, resolved: kept.resolved.length, stillOpen: kept.refreshed };
      });
    },
  };
}

export type AnomaliesService = ReturnType<typeof createAnomaliesService>;
export type { ConditionRow, StoredCondition };

/**
 * The condition store on `admin_alerts`, shared by the anomaly rules and the operational alerts
 * (src/modules/alerts): inside the caller's transaction (`client`), under one advisory lock, opens a row
 * for each condition not open yet, refreshes the open ones, and resolves the open rows of `kinds` that
 * `detected` no longer holds. (kind, subject) must be unique in `detected`.
 */
export async function keepConditions(
  client: Queryable,
  kinds: readonly string[],
  detected: readonly ConditionRow[],
  now: Date,
): Promise<{ opened: StoredCondition[]; resolved: StoredCondition[]; refreshed: number }> {
  await lockAnomalies(client);
  const { openedRows, refreshed } = await upsertAnomalies(client, detected, now);
  const resolved = await resolveCleared(client, kinds, detected, now);
  return { opened: openedRows, resolved, refreshed };
}

const key = (a: Anomaly): string => `${a.kind} ${a.subject}`;

/** One per (kind, subject), the first kept: a second would make the upsert touch one row twice. */
function unique(list: Anomaly[]): Anomaly[] {
  const seen = new Set<string>();
  return list.filter((a) => !seen.has(key(a)) && seen.add(key(a)) !== undefined);
}
