/** Companies: tier, status, usage against capacity, balance; Edit, Keys, Webhooks and Analytics for each. */
import { useState } from 'preact/hooks';
import { unwrap } from '../../../src/client/index.js';
import { fieldErrors } from '../shared/api.js';
import { CopyButton, Field } from '../shared/ui.js';
import { admin, type Company, type NewKey } from './api.js';
import { ChartView, SERIES } from './chart.js';
import { ErrorLine, money, pct, problem, UsageBar, useLoad, when } from './shared.js';

type Action = 'edit' | 'keys' | 'webhooks' | 'analytics';

export function CompaniesTab() {
  const list = useLoad(() => unwrap(admin.GET('/api/admin/companies', { params: { query: { limit: 100, offset: 0 } } })));
  const [open, setOpen] = useState<{ company: Company; action: Action } | null>(null);
  return (
    <>
      <ErrorLine error={list.error} />
      <div class="table-wrap card">
        <table>
          <caption class="sr-only">Companies</caption>
          <thead>
            <tr>
              <th scope="col">Company</th>
              <th scope="col">Tier</th>
              <th scope="col">Status</th>
              <th scope="col">Shipments / capacity</th>
              <th scope="col">Balance</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {list.data?.data.map((c) => (
              <tr data-company={c.name}>
                <th scope="row">
                  {c.name}
                  <div class="muted small">{c.email}</div>
                </th>
                <td>{c.tier}</td>
                <td>
                  <span class={`badge ${c.status === 'active' ? 'ok' : 'bad'}`}>{c.status === 'active' ? '✓ Active' : '⏸ Suspended'}</span>
                </td>
                <td>
                  <UsageBar used={c.usage.activeShipments} capacity={c.capacity} />
                </td>
                <td>{money(c.balance)}</td>
                <td>
                  <div class="actions">
                    {(['edit', 'keys', 'webhooks', 'analytics'] as const).map((a) => (
                      <button
                        type="button"
                        class="secondary small"
                        aria-label={`${a[0]!.toUpperCase()}${a.slice(1)} ${c.name}`}
                        onClick={() => setOpen({ company: c, action: a })}
                      >
                        {a[0]!.toUpperCase() + a.slice(1)}
                      </button>
                    ))}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {list.data && list.data.data.length === 0 && <p class="muted">No company yet: partners sign up at /partner-onboarding.</p>}
      </div>
      {open && (
        <section class="card" aria-labelledby="company-panel">
          <div class="row spread">
            <h2 id="company-panel">
              {open.action[0]!.toUpperCase() + open.action.slice(1)}: {open.company.name}
            </h2>
            <button type="button" class="secondary small" onClick={() => setOpen(null)}>
              Close
            </button>
          </div>
          {open.action === 'edit' && (
            <EditCompany
              company={open.company}
              onSaved={() => {
                list.reload();
                setOpen(null);
              }}
            />
          )}
          {open.action === 'keys' && <Keys companyId={open.company.id} />}
          {open.action === 'webhooks' && <CompanyWebhooks companyId={open.company.id} />}
          {open.action === 'analytics' && <CompanyAnalytics companyId={open.company.id} />}
        </section>
      )}
    </>
  );
}

function EditCompany({ company, onSaved }: { company: Company; onSaved: () => void }) {
  const [tier, setTier] = useState(company.tier);
  const [status, setStatus] = useState(company.status);
  const [balance, setBalance] = useState(String(company.balance));
  const [capacity, setCapacity] = useState(String(company.capacity));
  const [quota, setQuota] = useState(company.monthlyQuota === null ? '' : String(company.monthlyQuota));
  const [rate, setRate] = useState(company.rateLimitPerMinute === null ? '' : String(company.rateLimitPerMinute));
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  // Empty = unlimited (null) for the quota and the rate; anything else must be a whole number.
  const whole = (v: string) => (/^\d+$/.test(v.trim()) ? Number(v) : NaN);
  const save = async (e: Event) => {
    e.preventDefault();
    setError(null);
    const local: Record<string, string> = {};
    if (Number.isNaN(whole(capacity))) local.capacity = 'A whole number.';
    if (quota.trim() !== '' && Number.isNaN(whole(quota))) local.monthlyQuota = 'A whole number, or empty for unlimited.';
    if (rate.trim() !== '' && Number.isNaN(whole(rate))) local.rateLimitPerMinute = 'A whole number, or empty for unlimited.';
    setFields(local);
    if (Object.keys(local).length > 0) return;
    try {
      await unwrap(
        admin.PATCH('/api/admin/companies/{id}', {
          params: { path: { id: company.id } },
          body: {
            tier,
            status: status as 'active' | 'suspended',
            balance: Number(balance),
            capacity: whole(capacity),
            monthlyQuota: quota.trim() === '' ? null : whole(quota),
            rateLimitPerMinute: rate.trim() === '' ? null : whole(rate),
          },
        }),
      );
      onSaved();
    } catch (err) {
      const byField: Record<string, string> = {};
      for (const [f, m] of Object.entries(fieldErrors(err))) byField[f.replace(/^body\./, '')] = m;
      setFields(byField);
      if (Object.keys(byField).length === 0) setError(problem(err));
    }
  };
  return (
    <form onSubmit={(e) => void save(e)} noValidate>
      <div class="grid3">
        <Field id="edit-tier" label="Tier">
          {(a) => (
            <select {...a} value={tier} onChange={(e) => setTier(e.currentTarget.value as typeof tier)}>
              <option value="starter">Starter</option>
              <option value="professional">Professional</option>
              <option value="enterprise">Enterprise</option>
            </select>
          )}
        </Field>
        <Field id="edit-status" label="Status" hint="Suspending cuts off the company's tokens at once.">
          {(a) => (
            <select {...a} value={status} onChange={(e) => setStatus(e.currentTarget.value as typeof status)}>
              <option value="active">Active</option>
              <option value="suspended">Suspended</option>
            </select>
          )}
        </Field>
        <Field id="edit-balance" label="Balance ($)" error={fields.balance}>
          {(a) => <input {...a} type="text" inputMode="decimal" value={balance} onInput={(e) => setBalance(e.currentTarget.value)} />}
        </Field>
        <Field id="edit-capacity" label="Capacity (active shipments)" error={fields.capacity}>
          {(a) => <input {...a} type="text" inputMode="numeric" value={capacity} onInput={(e) => setCapacity(e.currentTarget.value)} />}
        </Field>
        <Field id="edit-quota" label="Monthly quota" hint="Empty: unlimited." error={fields.monthlyQuota}>
          {(a) => <input {...a} type="text" inputMode="numeric" value={quota} onInput={(e) => setQuota(e.currentTarget.value)} />}
        </Field>
        <Field id="edit-rate" label="Requests per minute" hint="Empty: unlimited." error={fields.rateLimitPerMinute}>
          {(a) => <input {...a} type="text" inputMode="numeric" value={rate} onInput={(e) => setRate(e.currentTarget.value)} />}
        </Field>
      </div>
      <ErrorLine error={error} />
      <button type="submit">Save</button>
    </form>
  );
}

function Keys({ companyId }: { companyId: string }) {
  const keys = useLoad(() => unwrap(admin.GET('/api/admin/companies/{id}/keys', { params: { path: { id: companyId } } })), [companyId]);
  const [issued, setIssued] = useState<NewKey | null>(null);
  const [error, setError] = useState<string | null>(null);
  const revoke = async (id: string, name: string) => {
    if (!window.confirm(`Revoke the key "${name}"? Calls made with it are refused from now on.`)) return;
    try {
      await unwrap(admin.DELETE('/api/admin/companies/{id}/keys/{keyId}', { params: { path: { id: companyId, keyId: id } } }));
      keys.reload();
    } catch (err) {
      setError(problem(err));
    }
  };
  const issue = async () => {
    try {
      setIssued(
        await unwrap(admin.POST('/api/admin/companies/{id}/keys', { params: { path: { id: companyId } }, body: { name: 'issued by an admin' } })),
      );
      keys.reload();
    } catch (err) {
      setError(problem(err));
    }
  };
  return (
    <>
      <ErrorLine error={keys.error ?? error} />
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Key</th>
              <th scope="col">Last used</th>
              <th scope="col">State</th>
              <th scope="col">
                <span class="sr-only">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.data?.data.map((k) => (
              <tr data-key={k.id}>
                <td>{k.name}</td>
                <td>
                  <code>{k.keyPreview}</code>
                </td>
                <td>{when(k.lastUsedAt)}</td>
                <td>{k.revokedAt ? <span class="badge bad">✕ Revoked {when(k.revokedAt)}</span> : <span class="badge ok">✓ Active</span>}</td>
                <td>
                  {!k.revokedAt && (
                    <button type="button" class="danger small" aria-label={`Revoke key ${k.name}`} onClick={() => void revoke(k.id, k.name)}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <button type="button" class="secondary" onClick={() => void issue()}>
          Issue a new key
        </button>
      </p>
      {issued && (
        <div class="notice warn" role="status">
          New key <code>{issued.key}</code> — its secret is shown once: <code data-testid="issued-secret">{issued.secret}</code>{' '}
          <CopyButton text={issued.secret} label="secret" />
        </div>
      )}
    </>
  );
}

function CompanyWebhooks({ companyId }: { companyId: string }) {
  const hooks = useLoad(() => unwrap(admin.GET('/api/admin/webhooks', { params: { query: { companyId, limit: 50, offset: 0 } } })), [companyId]);
  if (hooks.error) return <ErrorLine error={hooks.error} />;
  if (!hooks.data) return <p class="muted">Loading…</p>;
  if (hooks.data.data.length === 0) return <p class="muted">This company has no webhook.</p>;
  return (
    <ul class="plain">
      {hooks.data.data.map((w) => (
        <li>
          <code>{w.url}</code> — {w.status} · {pct(w.window.successRate)} delivered over {w.window.hours} h ({w.window.attempts} attempts) · events:{' '}
          {w.events.join(', ')}
        </li>
      ))}
    </ul>
  );
}

function CompanyAnalytics({ companyId }: { companyId: string }) {
  const [days, setDays] = useState(30);
  const a = useLoad(
    () => unwrap(admin.GET('/api/admin/companies/{id}/analytics', { params: { path: { id: companyId }, query: { days } } })),
    [companyId, days],
  );
  if (a.error) return <ErrorLine error={a.error} />;
  if (!a.data) return <p class="muted">Loading…</p>;
  const d = a.data;
  return (
    <>
      <div class="row">
        <label for="days">Period</label>
        <select id="days" value={days} onChange={(e) => setDays(Number(e.currentTarget.value))}>
          <option value={7}>7 days</option>
          <option value={30}>30 days</option>
          <option value={90}>90 days</option>
        </select>
      </div>
      <dl class="facts">
        <dt>On-time rate</dt>
        <dd data-testid="on-time">
          {pct(d.onTime.rate)} ({d.onTime.onTime} of {d.onTime.delivered} with an estimate)
        </dd>
        <dt>Webhook success</dt>
        <dd>
          {pct(d.webhooks.rate)} ({d.webhooks.succeeded} of {d.webhooks.attempts} attempts)
        </dd>
      </dl>
      <ChartView
        label={`Shipments created and delivered per day over the last ${d.days} days`}
        config={{
          type: 'line',
          data: {
            labels: d.volume.map((v) => v.date.slice(5)),
            datasets: [
              {
                label: 'Created',
                data: d.volume.map((v) => v.created),
                borderColor: SERIES[0]!.color,
                backgroundColor: SERIES[0]!.color,
                borderDash: SERIES[0]!.dash,
              },
              {
                label: 'Delivered',
                data: d.volume.map((v) => v.delivered),
                borderColor: SERIES[1]!.color,
                backgroundColor: SERIES[1]!.color,
                borderDash: SERIES[1]!.dash,
              },
            ],
          },
          options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
        }}
      />
      <details>
        <summary>The figures as a table</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Created</th>
              <th scope="col">Delivered</th>
            </tr>
          </thead>
          <tbody>
            {d.volume.map((v) => (
              <tr>
                <td>{v.date}</td>
                <td>{v.created}</td>
                <td>{v.delivered}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </>
  );
}
