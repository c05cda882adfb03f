/** AI Balance: load per company (chart and table), scores and their parts, recommendations, and Run Auto-Balance. */
import { useState } from 'preact/hooks';
import { unwrap } from '../../../src/client/index.js';
import { admin, type BalanceReport } from './api.js';
import { ChartView, SERIES } from './chart.js';
import { ErrorLine, money, pct, problem, useLoad } from './shared.js';

export function BalanceTab() {
  const status = useLoad(() => unwrap(admin.GET('/api/admin/ai/status')));
  const [report, setReport] = useState<BalanceReport | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setRunning(true);
    setError(null);
    try {
      setReport(await unwrap(admin.POST('/api/admin/ai', { body: { action: 'all' } })));
      status.reload();
    } catch (err) {
      setError(problem(err));
    } finally {
      setRunning(false);
    }
  };
  const s = status.data;
  return (
    <>
      <ErrorLine error={status.error ?? error} />
      <div class="row spread card">
        <p>
          {s ? (
            <>
              <strong>{s.pending}</strong> pending, <strong>{s.held}</strong> that no company could take now. System health{' '}
              <strong>
                {s.systemHealth.label} ({Math.round(s.systemHealth.score)}%)
              </strong>
              .
            </>
          ) : (
            'Loading…'
          )}
        </p>
        <button type="button" onClick={() => void run()} disabled={running}>
          {running ? 'Running…' : 'Run Auto-Balance'}
        </button>
      </div>
      {report && (
        <section class="card report" aria-labelledby="report-title" role="status">
          <h2 id="report-title">✓ Auto-balance report</h2>
          <dl class="facts">
            <dt>Shipments distributed</dt>
            <dd data-testid="report-distributed">{report.distributed}</dd>
            <dt>Companies rebalanced</dt>
            <dd>{report.companiesRebalanced}</dd>
            <dt>Anomalies detected</dt>
            <dd>{report.anomaliesDetected}</dd>
            <dt>Processing time</dt>
            <dd>{report.processingTimeMs} ms</dd>
            <dt>System health</dt>
            <dd>{report.systemHealth ? `${report.systemHealth.label} (${Math.round(report.systemHealth.score)}%)` : '—'}</dd>
            <dt>Held</dt>
            <dd>{report.held}</dd>
          </dl>
        </section>
      )}
      {s && s.companies.length > 0 && (
        <>
          <section class="card" aria-labelledby="load-title">
            <h2 id="load-title">Load distribution</h2>
            <ChartView
              label="Active shipments and capacity per company"
              config={{
                type: 'bar',
                data: {
                  labels: s.companies.map((c) => c.name),
                  datasets: [
                    { label: 'Active shipments', data: s.companies.map((c) => c.load), backgroundColor: SERIES[0]!.color },
                    { label: 'Capacity × 0.9 (the limit)', data: s.companies.map((c) => Math.floor(c.capacity * 0.9)), backgroundColor: '#c9d3df' },
                  ],
                },
                options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
              }}
            />
          </section>
          <section class="card table-wrap" aria-labelledby="scores-title">
            <h2 id="scores-title">Scores</h2>
            <table>
              <thead>
                <tr>
                  <th scope="col">Company</th>
                  <th scope="col">Load</th>
                  <th scope="col">Utilisation</th>
                  <th scope="col">Score</th>
                  <th scope="col">Performance</th>
                  <th scope="col">Under-use</th>
                  <th scope="col">Balance</th>
                  <th scope="col">Tier</th>
                  <th scope="col">On-time</th>
                  <th scope="col">Revenue</th>
                </tr>
              </thead>
              <tbody>
                {[...s.companies]
                  .sort((a, b) => b.score - a.score)
                  .map((c) => (
                    <tr>
                      <th scope="row">
                        {c.name} {c.eligible ? '' : <span class="badge warn">not eligible</span>}
                      </th>
                      <td>
                        {c.load} / {c.capacity}
                      </td>
                      <td>{pct(c.utilization)}</td>
                      <td>
                        <strong>{c.score.toFixed(1)}</strong>
                      </td>
                      <td>{c.parts.performance.toFixed(1)}</td>
                      <td>{c.parts.underutilization.toFixed(1)}</td>
                      <td>{c.parts.balance.toFixed(1)}</td>
                      <td>{c.parts.tier.toFixed(1)}</td>
                      <td>{pct(c.metrics.onTimeRate)}</td>
                      <td>{money(c.revenue)}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </section>
        </>
      )}
      {s && (
        <section class="card" aria-labelledby="rec-title">
          <h2 id="rec-title">Recommended actions</h2>
          {s.recommendations.length === 0 ? (
            <p class="muted">Nothing to do: every company is within its limits.</p>
          ) : (
            <ul>
              {s.recommendations.map((r) => (
                <li>
                  <span class="badge info">{r.kind}</span> {r.message}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </>
  );
}
