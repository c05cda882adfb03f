/**
 * Queues the `alerts.notify` posts (one per opened or resolved alert) in the caller's transaction, so a
 * notice exists exactly when the alert row it describes does. Shared by the operational alerts and the
 * balance engine's anomalies: both keep the one `admin_alerts` store, and both are posted alike.
 */
import type { Tx } from '../../db/tx.js';
import type { Jobs } from '../../jobs/queue.js';
import type { StoredCondition } from '../balance/anomalies.service.js';
import type { AlertNotice } from './slack.js';

export function alertNotices(rows: readonly StoredCondition[], transition: 'opened' | 'resolved', at: Date): AlertNotice[] {
  return rows.map((r) => ({
    alertId: r.id,
    transition,
    kind: r.kind,
    subject: r.subject,
    severity: r.severity,
    message: r.message,
    evidence: r.details,
    at: at.toISOString(),
  }));
}

export type AlertNotifier = (tx: Tx, opened: readonly StoredCondition[], resolved: readonly StoredCondition[], at: Date) => Promise<void>;

/** Without ALERT_WEBHOOK_URL nothing is queued: the alerts are still stored and listed. */
export function createAlertNotifier(deps: { jobs: Pick<Jobs, 'sendMany'>; webhookUrl: string | undefined }): AlertNotifier {
  return async (tx, opened, resolved, at) => {
    if (!deps.webhookUrl) return;
    const all = [...alertNotices(opened, 'opened', at), ...alertNotices(resolved, 'resolved', at)];
    if (all.length > 0) await deps.jobs.sendMany('alerts.notify', all, { tx });
  };
}
