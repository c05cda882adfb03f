/**
 * `/admin/integrations` — the admin dashboard (seed phase 8): overview cards kept live by server-sent
 * events, Companies (edit, keys, webhooks, analytics), AI Balance, Carriers, Webhooks, Alerts. Signed
 * in by an HttpOnly session cookie; every figure comes computed from the admin API.
 */
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { FastForwardError, unwrap } from '../../../src/client/index.js';
import { Field, TopBar } from '../shared/ui.js';
import { admin, setCsrf, type Overview } from './api.js';
import { AlertsTab } from './alerts.js';
import { BalanceTab } from './balance.js';
import { CarriersTab } from './carriers.js';
import { CompaniesTab } from './companies.js';
import { OverviewTab } from './overview.js';
import { WebhooksTab } from './webhooks.js';
import '../shared/styles.css';
import './admin.css';

const TABS = [
  ['overview', 'Overview'],
  ['companies', 'Companies'],
  ['balance', 'AI Balance'],
  ['carriers', 'Carriers'],
  ['webhooks', 'Webhooks'],
  ['alerts', 'Alerts'],
] as const;
type Tab = (typeof TABS)[number][0];

function App() {
  const [who, setWho] = useState<{ email: string } | null | undefined>(undefined);
  useEffect(() => {
    unwrap(admin.GET('/api/admin/session'))
      .then((s) => {
        setCsrf(s.csrfToken);
        setWho(s.admin);
      })
      .catch(() => setWho(null));
  }, []);
  if (who === undefined) return <p class="muted">Loading…</p>;
  if (who === null) return <Login onIn={setWho} />;
  return (
    <Dashboard
      email={who.email}
      onOut={() => {
        void admin.DELETE('/api/admin/session').finally(() => {
          setCsrf(null);
          setWho(null);
        });
      }}
    />
  );
}

function Login({ onIn }: { onIn: (a: { email: string }) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      const s = await unwrap(admin.POST('/api/admin/session', { body: { email, password } }));
      setCsrf(s.csrfToken);
      onIn(s.admin);
    } catch (err) {
      setError(err instanceof FastForwardError && err.status === 429 ? 'Too many attempts: wait a minute.' : 'Wrong email or password.');
    }
  };
  return (
    <>
      <TopBar />
      <main id="content" class="narrow">
        <h1>Admin sign-in</h1>
        <form class="card" onSubmit={(e) => void submit(e)}>
          <Field id="admin-email" label="Email">
            {(a) => <input {...a} type="email" autoComplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />}
          </Field>
          <Field id="admin-password" label="Password" error={error ?? undefined}>
            {(a) => (
              <input
                {...a}
                type="password"
                autoComplete="current-password"
                required
                value={password}
                onInput={(e) => setPassword(e.currentTarget.value)}
              />
            )}
          </Field>
          <p>
            <button type="submit">Sign in</button>
          </p>
        </form>
      </main>
    </>
  );
}

/** The overview, pushed by the hub every few seconds while the page is open (EventSource reconnects by itself). */
function useLiveOverview(): { overview: Overview | null; live: boolean } {
  const [overview, setOverview] = useState<Overview | null>(null);
  const [live, setLive] = useState(false);
  useEffect(() => {
    const source = new EventSource('/api/admin/stream');
    source.addEventListener('overview', (e) => {
      setOverview(JSON.parse((e as MessageEvent<string>).data) as Overview);
      setLive(true);
    });
    source.onerror = () => setLive(false);
    return () => source.close();
  }, []);
  return { overview, live };
}

function Dashboard({ email, onOut }: { email: string; onOut: () => void }) {
  const initial = (new URLSearchParams(window.location.hash.slice(1)).get('tab') ?? 'overview') as Tab;
  const [tab, setTab] = useState<Tab>(TABS.some(([t]) => t === initial) ? initial : 'overview');
  const { overview, live } = useLiveOverview();
  const tabs = useRef<HTMLDivElement>(null);
  const choose = (t: Tab, focus = false) => {
    setTab(t);
    window.history.replaceState(null, '', `#tab=${t}`);
    if (focus) tabs.current?.querySelector<HTMLButtonElement>(`#tab-${t}`)?.focus();
  };
  // Arrow keys move between tabs (the WAI-ARIA tabs pattern); Tab goes into the panel.
  const onKey = (e: KeyboardEvent) => {
    const i = TABS.findIndex(([t]) => t === tab);
    const to = e.key === 'ArrowRight' ? (i + 1) % TABS.length : e.key === 'ArrowLeft' ? (i - 1 + TABS.length) % TABS.length : -1;
    if (to >= 0) {
      e.preventDefault();
      choose(TABS[to]![0], true);
    }
  };
  return (
    <>
      <TopBar>
        <span class="who">
          {email}{' '}
          <button type="button" class="secondary small" onClick={onOut}>
            Sign out
          </button>
        </span>
      </TopBar>
      <main id="content" class="wide">
        <h1>
          Integrations{' '}
          <span class={`badge ${live ? 'ok' : 'warn'}`} role="status">
            {live ? '● Live' : '○ Reconnecting'}
          </span>
        </h1>
        <div class="tabs" role="tablist" aria-label="Dashboard sections" ref={tabs} onKeyDown={onKey}>
          {TABS.map(([t, label]) => (
            <button
              type="button"
              role="tab"
              id={`tab-${t}`}
              aria-selected={tab === t}
              aria-controls={`panel-${t}`}
              tabIndex={tab === t ? 0 : -1}
              onClick={() => choose(t)}
            >
              {label}
              {t === 'alerts' && overview && overview.openAlerts > 0 ? ` (${overview.openAlerts})` : ''}
            </button>
          ))}
        </div>
        <section role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} tabIndex={0}>
          {tab === 'overview' && <OverviewTab overview={overview} />}
          {tab === 'companies' && <CompaniesTab />}
          {tab === 'balance' && <BalanceTab />}
          {tab === 'carriers' && <CarriersTab />}
          {tab === 'webhooks' && <WebhooksTab />}
          {tab === 'alerts' && <AlertsTab />}
        </section>
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
