/** Alerts and anomalies: open ones first, each with its evidence; acknowledge. */
import { useState } from 'preact/hooks';
import { unwrap } from '../../../src/client/index.js';
import { admin } from './api.js';
import { ErrorLine, problem, useLoad, when } from './shared.js';

const SEVERITY: Record<string, string> = { critical: '⚠ Critical', warning: '! Warning', info: 'ℹ Info' };

export function AlertsTab() {
  const alerts = useLoad(() => unwrap(admin.GET('/api/admin/alerts', { params: { query: { limit: 100, offset: 0 } } })));
  const [error, setError] = useState<string | null>(null);
  const ack = async (id: number) => {
    try {
      await unwrap(admin.POST('/api/admin/alerts/{id}/acknowledge', { params: { path: { id } }, body: null }));
      alerts.reload();
    } catch (err) {
      setError(problem(err));
    }
  };
  if (!alerts.data) return <ErrorLine error={alerts.error} />;
  return (
    <>
      <ErrorLine error={error} />
      {alerts.data.data.length === 0 && <p class="muted">No alert: nothing needs you.</p>}
      <ul class="plain alerts">
        {alerts.data.data.map((a) => {
          const open = !a.resolvedAt && !a.acknowledgedAt;
          return (
            <li class={`card alert ${open ? a.severity : 'closed'}`}>
              <div class="row spread">
                <strong>
                  {SEVERITY[a.severity] ?? a.severity} · <code>{a.kind}</code>
                </strong>
                <span class={`badge ${open ? 'warn' : 'ok'}`}>{a.resolvedAt ? '✓ Resolved' : a.acknowledgedAt ? '✓ Acknowledged' : '● Open'}</span>
              </div>
              <p>{a.message}</p>
              <p class="muted small">
                Raised {when(a.createdAt)}
                {a.lastSeenAt ? ` · last seen ${when(a.lastSeenAt)}` : ''}
                {a.subject ? ` · ${a.subject}` : ''}
              </p>
              {a.details != null && (
                <details>
                  <summary>Evidence</summary>
                  <pre class="code">{JSON.stringify(a.details, null, 2)}</pre>
                </details>
              )}
              {!a.acknowledgedAt && !a.resolvedAt && (
                <button type="button" class="secondary small" onClick={() => void ack(a.id)}>
                  Acknowledge
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}
