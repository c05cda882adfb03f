/** Carriers: gateway and callback traffic over 24 h, callbacks by outcome, circuit state per carrier. */
import { unwrap } from '../../../src/client/index.js';
import { admin } from './api.js';
import { ErrorLine, useLoad } from './shared.js';

const CIRCUIT: Record<string, [string, string]> = { closed: ['ok', '✓ Closed'], open: ['bad', '⚠ Open'], half_open: ['warn', '◐ Half-open'] };

export function CarriersTab() {
  const c = useLoad(() => unwrap(admin.GET('/api/admin/carriers')));
  if (c.error) return <ErrorLine error={c.error} />;
  if (!c.data) return <p class="muted">Loading…</p>;
  const t = c.data.traffic;
  return (
    <>
      <div class="cards">
        {(
          [
            ['Gateway tracking requests', t.gateway],
            ['CMS tracking requests', t.cms],
            ['Callback requests', t.callbacks],
          ] as const
        ).map(([label, x]) => (
          <div class="card stat">
            <div class="stat-label">{label} (24 h)</div>
            <div class="stat-value">{x.requests.toLocaleString('en-US')}</div>
            <div class="stat-note">{x.errors} server errors</div>
          </div>
        ))}
      </div>
      <div class="card table-wrap">
        <table>
          <caption class="sr-only">Carriers</caption>
          <thead>
            <tr>
              <th scope="col">Carrier</th>
              <th scope="col">Circuit</th>
              <th scope="col">Active shipments</th>
              <th scope="col">Callbacks accepted</th>
              <th scope="col">Rejected</th>
              <th scope="col">Duplicates</th>
              <th scope="col">Dead</th>
            </tr>
          </thead>
          <tbody>
            {c.data.carriers.map((x) => {
              const [tone, word] = CIRCUIT[x.circuit] ?? ['info', x.circuit];
              return (
                <tr data-carrier={x.code}>
                  <th scope="row">
                    {x.name} {x.configured ? '' : <span class="badge warn">not configured</span>}
                    <div class="muted small">{x.pushesCallbacks ? 'pushes callbacks' : 'polled'}</div>
                  </th>
                  <td>
                    <span class={`badge ${tone}`}>{word}</span>
                  </td>
                  <td>{x.activeShipments}</td>
                  <td>{x.callbacks.accepted}</td>
                  <td>{x.callbacks.rejected}</td>
                  <td>{x.callbacks.duplicates}</td>
                  <td>{x.callbacks.dead}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
