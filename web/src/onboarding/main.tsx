/**
 * `/partner-onboarding` — the seed's five steps: Welcome, Company Info, Tier Selection, Webhook Config,
 * Activation. Everything typed lives in one state, so Back and Next keep it; the company is created
 * only at Activation (`POST /api/partner/onboarding`), whose key and secrets are shown once.
 */
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { operations } from '../../../src/client/index.js';
import { api, FastForwardError, fieldErrors, unwrap } from '../shared/api.js';
import { CopyButton, Field, TopBar } from '../shared/ui.js';
import '../shared/styles.css';
import './onboarding.css';

type Options = operations['getOnboardingOptions']['responses'][200]['content']['application/json'];
type Onboarded = operations['onboardCompany']['responses'][201]['content']['application/json'];
type TestResult = operations['testOnboardingWebhookUrl']['responses'][200]['content']['application/json'];
type OnboardBody = operations['onboardCompany']['requestBody']['content']['application/json'];
type Tier = OnboardBody['tier'];
type EventName = NonNullable<OnboardBody['webhooks']>[number]['events'][number];

interface Hook {
  url: string;
  events: string[];
  test?: TestResult | { error: string } | 'sending';
}

const STEPS = ['Welcome', 'Company info', 'Tier', 'Webhooks', 'Activation'] as const;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** What the API would refuse, said while typing (the API checks again and has the last word). */
export function companyProblems(c: { name: string; email: string; industry: string }): Record<string, string> {
  const out: Record<string, string> = {};
  if (!c.name.trim()) out.name = 'Enter your company name.';
  else if (c.name.length > 200) out.name = 'At most 200 characters.';
  if (!c.email.trim()) out.email = 'Enter the email address we should write to.';
  else if (c.email.length > 254 || !EMAIL.test(c.email)) out.email = 'This is not an email address (name@company.com).';
  if (c.industry.length > 100) out.industry = 'At most 100 characters.';
  return out;
}

function urlProblem(url: string): string | undefined {
  if (!url.trim()) return 'Enter the URL that receives the events.';
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return 'Use an http(s) URL.';
  } catch {
    return 'This is not a URL (https://example.com/webhooks).';
  }
  return undefined;
}

const limit = (n: number | null, unit: string) => (n === null ? 'Unlimited' : `${n.toLocaleString('en-US')} ${unit}`);

function App() {
  const [step, setStep] = useState(0);
  const [options, setOptions] = useState<Options | null>(null);
  const [company, setCompany] = useState({ name: '', email: '', industry: '' });
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [tier, setTier] = useState<Tier>('starter');
  const [hooks, setHooks] = useState<Hook[]>([]);
  const [apiErrors, setApiErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Onboarded | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    unwrap(api.GET('/api/partner/onboarding/options'))
      .then(setOptions)
      .catch(() => setGeneral('Could not load the tiers. Reload the page to try again.'));
  }, []);
  // Each step moves the focus to its heading: keyboard and screen reader users start there.
  useEffect(() => heading.current?.focus(), [step]);

  const problems = companyProblems(company);
  const companyError = (f: 'name' | 'email' | 'industry') => apiErrors[`company.${f}`] ?? (touched[f] ? problems[f] : undefined);
  const hookProblems = hooks.map((h) => ({ url: urlProblem(h.url), events: h.events.length === 0 ? 'Pick at least one event.' : undefined }));
  const stepValid = [true, Object.keys(problems).length === 0, true, hookProblems.every((p) => !p.url && !p.events), true][step]!;

  const next = () => {
    if (step === 1) setTouched({ name: true, email: true, industry: true });
    if (step === 3) setTouched((t) => ({ ...t, hooks: true }));
    if (!stepValid) return;
    setGeneral(null);
    setStep(step + 1);
  };
  const edit = (f: keyof typeof company, v: string) => {
    setCompany({ ...company, [f]: v });
    setTouched({ ...touched, [f]: true });
    setApiErrors(({ [`company.${f}`]: _, ...rest }) => rest);
  };
  const setHook = (i: number, h: Partial<Hook>) => {
    setHooks(hooks.map((x, j) => (j === i ? { ...x, ...h } : x)));
    setApiErrors(({ [`webhooks.${i}.url`]: _, ...rest }) => rest);
  };

  const sendTest = async (i: number) => {
    setHook(i, { test: 'sending' });
    try {
      const r = await unwrap(api.POST('/api/partner/onboarding/webhook-test', { body: { url: hooks[i]!.url } }));
      setHooks((hs) => hs.map((x, j) => (j === i ? { ...x, test: r } : x)));
    } catch (err) {
      const text = err instanceof FastForwardError ? err.message : 'The test could not be sent.';
      setHooks((hs) => hs.map((x, j) => (j === i ? { ...x, test: { error: text } } : x)));
    }
  };

  const activate = async () => {
    setBusy(true);
    setGeneral(null);
    try {
      const body = {
        company: {
          name: company.name.trim(),
          email: company.email.trim(),
          ...(company.industry.trim() ? { industry: company.industry.trim() } : {}),
        },
        tier,
        ...(hooks.length ? { webhooks: hooks.map((h) => ({ url: h.url.trim(), events: h.events as EventName[] })) } : {}),
      };
      setDone(await unwrap(api.POST('/api/partner/onboarding', { body })));
    } catch (err) {
      // Back to the step the problem belongs to, with the API's words beside the field.
      const found: Record<string, string> = {};
      for (const [field, message] of Object.entries(fieldErrors(err))) found[field.replace(/^body\./, '').replace(/\//g, '.')] = message;
      if (err instanceof FastForwardError && err.code === 'COMPANY_EMAIL_TAKEN')
        found['company.email'] = 'A company with this email is already registered.';
      if (err instanceof FastForwardError && err.code === 'WEBHOOK_URL_REJECTED') hooks.forEach((_, i) => (found[`webhooks.${i}.url`] = err.message));
      setApiErrors(found);
      const keys = Object.keys(found);
      if (keys.some((k) => k.startsWith('company.'))) setStep(1);
      else if (keys.some((k) => k.startsWith('webhooks'))) setStep(3);
      else if (keys.includes('tier')) setStep(2);
      else
        setGeneral(
          err instanceof FastForwardError && err.status === 429
            ? 'Too many sign-ups from this address: try again in an hour.'
            : 'Activation failed. Try again in a moment.',
        );
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <TopBar />
      <main id="content">
        <h1>Partner onboarding</h1>
        <ol class="stepper" aria-label="Steps">
          {STEPS.map((name, i) => {
            const reached = done ? STEPS.length : step;
            return (
              <li class={i < reached ? 'done' : i === reached ? 'current' : ''} aria-current={i === reached ? 'step' : undefined}>
                <span class="num" aria-hidden="true">
                  {i < reached ? '✓' : i + 1}
                </span>
                {name}
                {i < reached && <span class="sr-only"> (done)</span>}
              </li>
            );
          })}
        </ol>
        {general && (
          <p class="notice bad" role="alert">
            {general}
          </p>
        )}
        {done ? (
          <Activated done={done} />
        ) : (
          <form
            class="card"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              if (step === 4) void activate();
              else next();
            }}
          >
            <h2 ref={heading} tabIndex={-1}>
              Step {step + 1} of 5: {STEPS[step]}
            </h2>
            {step === 0 && <Welcome />}
            {step === 1 && (
              <>
                <Field id="name" label="Company name" error={companyError('name')}>
                  {(a) => (
                    <input {...a} type="text" autoComplete="organization" value={company.name} onInput={(e) => edit('name', e.currentTarget.value)} />
                  )}
                </Field>
                <Field
                  id="email"
                  label="Contact email"
                  error={companyError('email')}
                  hint="Your welcome email goes here. It names your API key, never your secret."
                >
                  {(a) => (
                    <input {...a} type="email" autoComplete="email" value={company.email} onInput={(e) => edit('email', e.currentTarget.value)} />
                  )}
                </Field>
                <Field id="industry" label="Industry (optional)" error={companyError('industry')}>
                  {(a) => <input {...a} type="text" value={company.industry} onInput={(e) => edit('industry', e.currentTarget.value)} />}
                </Field>
              </>
            )}
            {step === 2 && <Tiers options={options} tier={tier} setTier={setTier} error={apiErrors.tier} />}
            {step === 3 && (
              <Webhooks
                hooks={hooks}
                events={options?.events ?? []}
                problems={touched.hooks ? hookProblems : hooks.map(() => ({ url: undefined, events: undefined }))}
                apiErrors={apiErrors}
                setHook={setHook}
                add={() => setHooks([...hooks, { url: '', events: ['shipment.assigned', 'shipment.delivered'] }])}
                remove={(i) => setHooks(hooks.filter((_, j) => j !== i))}
                sendTest={(i) => void sendTest(i)}
              />
            )}
            {step === 4 && <Summary company={company} tier={tier} hooks={hooks} />}
            <div class="row nav">
              {step > 0 && (
                <button type="button" class="secondary" onClick={() => setStep(step - 1)}>
                  ← Back
                </button>
              )}
              <button type="submit" disabled={busy || (step === 2 && !options)}>
                {step === 4 ? (busy ? 'Activating…' : 'Activate') : step === 0 ? 'Get started →' : 'Next →'}
              </button>
            </div>
          </form>
        )}
      </main>
    </>
  );
}

function Welcome() {
  return (
    <>
      <p>Connect your courier company to FastForward in five steps. You will get:</p>
      <ul class="benefits">
        <li>
          <strong>Shipments sent your way</strong> — the balance engine assigns pending shipments to companies by capacity, performance and tier.
        </li>
        <li>
          <strong>One API for everything</strong> — create, list and track shipments with a bearer token; OpenAPI documentation and a typed client.
        </li>
        <li>
          <strong>Signed webhooks</strong> — status changes pushed to your systems, retried for a day, with logs and replay.
        </li>
        <li>
          <strong>Tracking for your customers</strong> — a tracking page with progress, proof of delivery and email notifications.
        </li>
      </ul>
    </>
  );
}

function Tiers(props: { options: Options | null; tier: Tier; setTier: (t: Tier) => void; error: string | undefined }) {
  if (!props.options) return <p>Loading the tiers…</p>;
  return (
    <fieldset class="tiers">
      <legend>Choose a tier (an admin can change it later)</legend>
      {props.options.tiers.map((t) => (
        <label class={`tier ${props.tier === t.name ? 'chosen' : ''}`}>
          <input type="radio" name="tier" value={t.name} checked={props.tier === t.name} onChange={() => props.setTier(t.name as Tier)} />
          <span class="tier-name">{t.name[0]!.toUpperCase() + t.name.slice(1)}</span>
          <dl class="facts">
            <dt>Requests</dt>
            <dd>{limit(t.requestsPerMinute, '/ minute')}</dd>
            <dt>Shipments</dt>
            <dd>{limit(t.monthlyShipments, '/ month')}</dd>
            <dt>Capacity</dt>
            <dd>{limit(t.capacity, 'active')}</dd>
          </dl>
        </label>
      ))}
      {props.error && (
        <p class="field-error" role="alert">
          {props.error}
        </p>
      )}
    </fieldset>
  );
}

function Webhooks(props: {
  hooks: Hook[];
  events: string[];
  problems: Array<{ url: string | undefined; events: string | undefined }>;
  apiErrors: Record<string, string>;
  setHook: (i: number, h: Partial<Hook>) => void;
  add: () => void;
  remove: (i: number) => void;
  sendTest: (i: number) => void;
}) {
  return (
    <>
      <p>Where should we send shipment events? You can add webhooks later too (optional).</p>
      {props.hooks.map((h, i) => (
        <fieldset class="hook">
          <legend>Webhook {i + 1}</legend>
          <Field id={`hook-${i}-url`} label="URL" error={props.apiErrors[`webhooks.${i}.url`] ?? props.problems[i]?.url}>
            {(a) => (
              <input
                {...a}
                type="url"
                placeholder="https://example.com/webhooks"
                value={h.url}
                onInput={(e) => props.setHook(i, { url: e.currentTarget.value, test: undefined })}
              />
            )}
          </Field>
          <fieldset class="events" aria-describedby={props.problems[i]?.events ? `hook-${i}-events-error` : undefined}>
            <legend>Events</legend>
            {props.events.map((ev) => (
              <label class="check">
                <input
                  type="checkbox"
                  checked={h.events.includes(ev)}
                  onChange={(e) => props.setHook(i, { events: e.currentTarget.checked ? [...h.events, ev] : h.events.filter((x) => x !== ev) })}
                />
                <code>{ev}</code>
              </label>
            ))}
            {props.problems[i]?.events && (
              <p id={`hook-${i}-events-error`} class="field-error" role="alert">
                {props.problems[i]!.events}
              </p>
            )}
          </fieldset>
          <div class="row">
            <button type="button" class="secondary" disabled={!!urlProblem(h.url) || h.test === 'sending'} onClick={() => props.sendTest(i)}>
              {h.test === 'sending' ? 'Sending…' : 'Send test'}
            </button>
            <button type="button" class="secondary" onClick={() => props.remove(i)}>
              Remove
            </button>
          </div>
          <TestOutcome test={h.test} />
        </fieldset>
      ))}
      {props.hooks.length < 10 && (
        <button type="button" class="secondary" onClick={props.add}>
          + Add a webhook
        </button>
      )}
    </>
  );
}

function TestOutcome({ test }: { test: Hook['test'] }) {
  if (!test || test === 'sending') return null;
  if ('error' in test && !('success' in test)) {
    return (
      <p class="notice bad" role="status">
        {test.error}
      </p>
    );
  }
  const r = test as TestResult;
  return (
    <div class={`notice ${r.success ? 'ok' : 'bad'}`} role="status">
      {r.statusCode !== null
        ? `Your endpoint answered HTTP ${r.statusCode} in ${r.durationMs} ms.`
        : `No answer: ${r.error ?? 'the request failed'}.`}
      {r.responseBody && <pre class="response">{r.responseBody}</pre>}
    </div>
  );
}

function Summary({ company, tier, hooks }: { company: { name: string; email: string; industry: string }; tier: Tier; hooks: Hook[] }) {
  return (
    <>
      <p>Check your details, then activate. Your API key and secret appear on the next screen.</p>
      <dl class="facts">
        <dt>Company</dt>
        <dd>{company.name}</dd>
        <dt>Email</dt>
        <dd>{company.email}</dd>
        <dt>Industry</dt>
        <dd>{company.industry || '—'}</dd>
        <dt>Tier</dt>
        <dd>{tier}</dd>
        <dt>Webhooks</dt>
        <dd>{hooks.length === 0 ? 'None' : hooks.map((h) => <div>{`${h.url} (${h.events.join(', ')})`}</div>)}</dd>
      </dl>
    </>
  );
}

function Activated({ done }: { done: Onboarded }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const origin = window.location.origin;
  const curl = `curl -X POST ${origin}/api/partner/auth \\\n  -H 'Content-Type: application/json' \\\n  -d '{"apiKey":"${done.apiKey.key}","secret":"${done.apiKey.secret}"}'`;
  return (
    <section class="card" aria-labelledby="activated">
      <h2 id="activated" ref={heading} tabIndex={-1}>
        ✓ {done.company.name} is active
      </h2>
      <p class="notice warn" role="note">
        Store the secret now: it is shown only here, and we keep only its hash. If it is lost, create a new key and revoke this one.
      </p>
      <Secret label="API key" value={done.apiKey.key} testId="api-key" />
      <Secret label="Secret" value={done.apiKey.secret} testId="api-secret" />
      {done.webhooks.map((w) => (
        <Secret label={`Signing secret of ${w.url}`} value={w.secret} testId="webhook-secret" />
      ))}
      <h3>Get a token</h3>
      <pre class="code" data-testid="curl">
        {curl}
      </pre>
      <CopyButton text={curl} label="curl command" />
      <p>
        Then follow the <a href="/docs">API reference</a>: create shipments with the token, and watch them on your webhooks.
      </p>
    </section>
  );
}

function Secret({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div class="secret">
      <span class="secret-label">{label}</span>
      <code data-testid={testId}>{value}</code>
      <CopyButton text={value} label={label} />
    </div>
  );
}

render(<App />, document.getElementById('app')!);
