/** Webhooks: every endpoint with its health (failing and disabled first), delivery logs with filters, re-enable and replay. */
import { useState } from 'preact/hooks';
import { unwrap } from '../../../src/client/index.js';
import { admin } from './api.js';
import { ErrorLine, pct, problem, useLoad, when } from './shared.js';

const STATUS: Record<string, [string, string]> = {
  healthy: ['ok', '✓ Healthy'],
  recovered: ['ok', '↺ Recovered'],
  failing: ['warn', '! Failing'],
  disabled: ['bad', '⏸ Disabled'],
};
const ORDER: Record<string, number> = { disabled: 0, failing: 1, recovered: 2, healthy: 3 };

export function WebhooksTab() {
  const [filter, setFilter] = useState<'' | 'failing' | 'disabled'>('');
  const hooks = useLoad(
    () => unwrap(admin.GET('/api/admin/webhooks', { params: { query: { limit: 100, offset: 0, ...(filter ? { status: filter } : {}) } } })),
    [filter],
  );
  const [logsOf, setLogsOf] = useState<string | null>(null);
  const [message, setMessage] = useState<{ tone: 'ok' | 'bad'; text: string } | null>(null);
  const act = async (what: () => Promise<unknown>, done: string) => {
    try {
      await what();
      setMessage({ tone: 'ok', text: done });
      hooks.reload();
    } catch (err) {
      setMessage({ tone: 'bad', text: problem(err) });
    }
  };
  const since = () => new Date(Date.now() - 24 * 3600 * 1000).toISOString();
  return (
    <>
      <div class="row">
        <label for="wh-filter">Show</label>
        <select id="wh-filter" value={filter} onChange={(e) => setFilter(e.currentTarget.value as typeof filter)}>
          <option value="">All webhooks</option>
          <option value="failing">Failing</option>
          <option value="disabled">Disabled</option>
        </select>
      </div>
      {message && (
        <p class={`notice ${message.tone}`} role="status">
          {message.text}
        </p>
      )}
      <ErrorLine error={hooks.error} />
      <div class="card table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Webhook</th>
              <th scope="col">Company</th>
              <th scope="col">Status</th>
              <th scope="col">Delivered (window)</th>
              <th scope="col">Last failure</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {[...(hooks.data?.data ?? [])]
              .sort((a, b) => (ORDER[a.status] ?? 9) - (ORDER[b.status] ?? 9))
              .map((w) => {
                const [tone, word] = STATUS[w.status] ?? ['info', w.status];
                return (
                  <tr>
                    <th scope="row">
                      <code>{w.url}</code>
                      {w.disabledReason && <div class="muted small">{w.disabledReason}</div>}
                    </th>
                    <td>{w.companyName}</td>
                    <td>
                      <span class={`badge ${tone}`}>{word}</span>
                    </td>
                    <td>
                      {pct(w.window.successRate)} of {w.window.attempts}
                    </td>
                    <td>
                      {when(w.stats.lastFailureAt)}
                      {w.stats.lastFailureReason && <div class="muted small">{w.stats.lastFailureReason}</div>}
                    </td>
                    <td>
                      <div class="actions">
                        {!w.enabled && (
                          <button
                            type="button"
                            class="small"
                            onClick={() =>
                              void act(
                                () => unwrap(admin.POST('/api/admin/webhooks/{id}/enable', { params: { path: { id: w.id } }, body: null })),
                                'Re-enabled.',
                              )
                            }
                          >
                            Re-enable
                          </button>
                        )}
                        <button
                          type="button"
                          class="secondary small"
                          disabled={!w.enabled}
                          onClick={() =>
                            void act(
                              () =>
                                unwrap(admin.POST('/api/admin/webhooks/{id}/replay', { params: { path: { id: w.id } }, body: { since: since() } })),
                              'Failed messages of the last 24 hours queued again.',
                            )
                          }
                        >
                          Replay failed (24 h)
                        </button>
                        <button type="button" class="secondary small" onClick={() => setLogsOf(w.id)}>
                          Logs
                        </button>
                      </div>
                    </td>
                  </tr>
                );
              })}
          </tbody>
        </table>
        {hooks.data && hooks.data.data.length === 0 && <p class="muted">No webhook matches.</p>}
      </div>
      {logsOf && <Logs id={logsOf} onClose={() => setLogsOf(null)} />}
    </>
  );
}

function Logs({ id, onClose }: { id: string; onClose: () => void }) {
  const [outcome, setOutcome] = useState<'' | 'true' | 'false'>('');
  const logs = useLoad(
    () =>
      unwrap(
        admin.GET('/api/admin/webhooks/{id}/logs', {
          params: { path: { id }, query: { limit: 50, offset: 0, ...(outcome ? { success: outcome === 'true' } : {}) } },
        }),
      ),
    [id, outcome],
  );
  return (
    <section class="card" aria-labelledby="logs-title">
      <div class="row spread">
        <h2 id="logs-title">Delivery log</h2>
        <button type="button" class="secondary small" onClick={onClose}>
          Close
        </button>
      </div>
      <div class="row">
        <label for="logs-outcome">Outcome</label>
        <select id="logs-outcome" value={outcome} onChange={(e) => setOutcome(e.currentTarget.value as typeof outcome)}>
          <option value="">All attempts</option>
          <option value="true">Succeeded</option>
          <option value="false">Failed</option>
        </select>
      </div>
      <ErrorLine error={logs.error} />
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Event</th>
              <th scope="col">Attempt</th>
              <th scope="col">Result</th>
              <th scope="col">Time</th>
            </tr>
          </thead>
          <tbody>
            {logs.data?.data.map((l) => (
              <tr>
                <td>{when(l.createdAt)}</td>
                <td>
                  <code>{l.eventType}</code>
                </td>
                <td>
                  {l.attempt} ({l.trigger})
                </td>
                <td>{l.success ? <span class="badge ok">✓ {l.statusCode}</span> : <span class="badge bad">✕ {l.statusCode ?? l.error}</span>}</td>
                <td>{l.durationMs} ms</td>
              </tr>
            ))}
          </tbody>
        </table>
        {logs.data && logs.data.data.length === 0 && <p class="muted">No attempt matches.</p>}
      </div>
    </section>
  );
}
