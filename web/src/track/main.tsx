/**
 * `/track/:trackingNumber` — the public tracking page ("Lacak"): stages, place, estimate, the events as
 * a timeline, the masked proof of delivery, and "notify me". Links from its mails land here with
 * `#confirm=…` / `#unsubscribe=…` (a fragment: never sent to a server or in a Referer).
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { statusLabel, type Language } from '../../../src/modules/track/labels.js';
import type { operations } from '../../../src/client/index.js';
import { api, FastForwardError, fieldErrors, unwrap } from '../shared/api.js';
import { formatDateTime, initialLanguage, useLanguage } from '../shared/i18n.js';
import '../shared/styles.css';
import './track.css';

type Tracking = operations['getPublicTracking']['responses'][200]['content']['application/json'];

const T = {
  id: {
    title: 'Lacak paket',
    number: 'Nomor resi',
    track: 'Lacak',
    notFound: (tn: string) => `Paket ${tn} tidak ditemukan. Periksa kembali nomor resinya.`,
    failed: 'Gagal memuat pelacakan. Coba lagi sebentar lagi.',
    loading: 'Memuat…',
    status: 'Status',
    progress: (p: number) => `Kemajuan ${p}%`,
    location: 'Lokasi terakhir',
    estimate: 'Perkiraan tiba',
    deliveredAt: 'Diterima pada',
    carrier: 'Kurir',
    history: 'Riwayat perjalanan',
    noEvents: 'Belum ada riwayat.',
    pod: 'Bukti pengiriman',
    receiver: 'Diterima oleh',
    photoAlt: 'Foto bukti pengiriman paket',
    noPhoto: 'Kurir tidak mengirim foto.',
    notify: 'Kabari saya',
    notifyHint: 'Kami akan mengirim email setiap kali status paket ini berubah. Anda perlu mengonfirmasi alamat email Anda terlebih dahulu.',
    email: 'Alamat email',
    subscribe: 'Kirim notifikasi',
    subscribed: (email: string) => `Hampir selesai: buka email yang kami kirim ke ${email} dan klik tautan konfirmasi.`,
    confirmed: 'Terima kasih! Anda akan menerima email setiap kali status paket ini berubah.',
    unsubscribed: 'Anda tidak akan lagi menerima email tentang paket ini.',
    linkInvalid: 'Tautan ini tidak berlaku.',
    linkExpired: 'Tautan konfirmasi ini sudah kedaluwarsa. Daftar lagi di bawah.',
    tooMany: 'Paket ini sudah memiliki terlalu banyak pendaftar notifikasi.',
    rateLimited: 'Terlalu banyak permintaan. Coba lagi nanti.',
    ended: { failed: 'Pengiriman gagal.', returned: 'Paket dikembalikan ke pengirim.', cancelled: 'Pengiriman dibatalkan.' } as Record<
      string,
      string
    >,
  },
  en: {
    title: 'Track a parcel',
    number: 'Tracking number',
    track: 'Track',
    notFound: (tn: string) => `Parcel ${tn} was not found. Check the tracking number.`,
    failed: 'Could not load the tracking. Try again in a moment.',
    loading: 'Loading…',
    status: 'Status',
    progress: (p: number) => `Progress ${p}%`,
    location: 'Last location',
    estimate: 'Estimated delivery',
    deliveredAt: 'Delivered on',
    carrier: 'Carrier',
    history: 'Journey',
    noEvents: 'No events yet.',
    pod: 'Proof of delivery',
    receiver: 'Received by',
    photoAlt: 'Proof of delivery photo of the parcel',
    noPhoto: 'The carrier sent no photo.',
    notify: 'Notify me',
    notifyHint: 'We will email you whenever this parcel changes status. You confirm your address first.',
    email: 'Email address',
    subscribe: 'Send me updates',
    subscribed: (email: string) => `Almost done: open the email we sent to ${email} and follow its confirmation link.`,
    confirmed: 'Thank you! You will get an email whenever this parcel changes status.',
    unsubscribed: 'You will no longer get emails about this parcel.',
    linkInvalid: 'This link is not valid.',
    linkExpired: 'This confirmation link has expired. Sign up again below.',
    tooMany: 'This parcel has too many notification sign-ups already.',
    rateLimited: 'Too many requests. Try again later.',
    ended: {
      failed: 'Delivery failed.',
      returned: 'The parcel is being returned to its sender.',
      cancelled: 'The shipment was cancelled.',
    } as Record<string, string>,
  },
} satisfies Record<Language, unknown>;

const CARRIERS: Record<string, string> = { jne: 'JNE', sicepat: 'SiCepat', jnt: 'J&T Express', idexpress: 'ID Express', sap: 'SAP Express' };

function trackingNumberFromPath(): string {
  const m = /^\/track\/([^/]+)\/?$/.exec(window.location.pathname);
  return m ? decodeURIComponent(m[1]!) : '';
}

type Notice = { kind: 'ok' | 'bad' | 'warn'; text: string } | null;

function linkProblem(err: unknown, t: (typeof T)['en']): string {
  if (err instanceof FastForwardError && err.code === 'SUBSCRIPTION_LINK_EXPIRED') return t.linkExpired;
  if (err instanceof FastForwardError && err.status === 429) return t.rateLimited;
  return t.linkInvalid;
}

function App() {
  const [lang, setLang] = useLanguage();
  const t = T[lang];
  const trackingNumber = trackingNumberFromPath();
  const [data, setData] = useState<Tracking | null>(null);
  const [error, setError] = useState<'not_found' | 'failed' | null>(null);
  const [notice, setNotice] = useState<Notice>(null);

  useEffect(() => {
    document.title = `${trackingNumber} — ${t.title} · FastForward`;
  }, [trackingNumber, t.title]);

  useEffect(() => {
    if (!trackingNumber) return;
    unwrap(api.GET('/api/public/tracking/{trackingNumber}', { params: { path: { trackingNumber } } }))
      .then(setData)
      .catch((err: unknown) => setError(err instanceof FastForwardError && err.status === 404 ? 'not_found' : 'failed'));
  }, [trackingNumber]);

  // A mailed link: confirm or unsubscribe once, then drop the token from the address bar. On arrival,
  // and when the link is opened over this very page (only the fragment changes: no reload).
  useEffect(() => {
    const handle = () => {
      const hash = new URLSearchParams(window.location.hash.slice(1));
      const confirm = hash.get('confirm');
      const unsubscribe = hash.get('unsubscribe');
      if (!confirm && !unsubscribe) return;
      window.history.replaceState(null, '', window.location.pathname + window.location.search);
      const call = confirm
        ? unwrap(api.POST('/api/public/subscriptions/confirm', { body: { token: confirm } }))
        : unwrap(api.POST('/api/public/subscriptions/unsubscribe', { body: { token: unsubscribe! } }));
      const words = T[initialLanguage()];
      call
        .then(() => setNotice({ kind: 'ok', text: confirm ? words.confirmed : words.unsubscribed }))
        .catch((err: unknown) => setNotice({ kind: 'bad', text: linkProblem(err, words) }));
    };
    handle();
    window.addEventListener('hashchange', handle);
    return () => window.removeEventListener('hashchange', handle);
  }, []);

  return (
    <>
      <a class="skip" href="#content">
        {lang === 'id' ? 'Lewati ke konten' : 'Skip to content'}
      </a>
      <header class="top">
        <span class="brand">FastForward</span>
        <div class="lang" role="group" aria-label={lang === 'id' ? 'Bahasa' : 'Language'}>
          <button type="button" aria-pressed={lang === 'id'} onClick={() => setLang('id')} lang="id">
            ID
          </button>
          <button type="button" aria-pressed={lang === 'en'} onClick={() => setLang('en')} lang="en">
            EN
          </button>
        </div>
      </header>
      <main id="content">
        <h1>{t.title}</h1>
        <SearchForm t={t} initial={trackingNumber} />
        {notice && (
          <p class={`notice ${notice.kind}`} role="status">
            {notice.text}
          </p>
        )}
        {error === 'not_found' && (
          <p class="notice bad" role="alert">
            {t.notFound(trackingNumber)}
          </p>
        )}
        {error === 'failed' && (
          <p class="notice bad" role="alert">
            {t.failed}
          </p>
        )}
        {!data && !error && trackingNumber && <p aria-live="polite">{t.loading}</p>}
        {data && <TrackingView data={data} lang={lang} />}
        {data && <NotifyForm trackingNumber={data.trackingNumber} lang={lang} />}
      </main>
    </>
  );
}

function SearchForm({ t, initial }: { t: (typeof T)['en']; initial: string }) {
  const [value, setValue] = useState(initial);
  return (
    <form
      class="card row"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        const tn = value.trim();
        if (tn) window.location.assign(`/track/${encodeURIComponent(tn)}`);
      }}
    >
      <div class="grow">
        <label for="tn">{t.number}</label>
        <input id="tn" type="text" required autoComplete="off" value={value} onInput={(e) => setValue(e.currentTarget.value)} />
      </div>
      <button type="submit">{t.track}</button>
    </form>
  );
}

function TrackingView({ data, lang }: { data: Tracking; lang: Language }) {
  const t = T[lang];
  const ended = t.ended[data.status];
  const current = data.stages.filter((s) => s.reached).length - 1;
  const delivered = data.status === 'delivered';
  return (
    <>
      <section class="card" aria-labelledby="summary-title">
        <h2 id="summary-title">
          {data.trackingNumber}{' '}
          <span class={`badge ${delivered ? 'ok' : ended ? 'bad' : 'info'}`}>
            {delivered ? '✓ ' : ended ? '⚠ ' : ''}
            {statusLabel(lang, data.status)}
          </span>
        </h2>
        {ended && <p class="notice warn">{ended}</p>}
        <ol class="stages" aria-label={t.progress(data.progressPercentage)}>
          {data.stages.map((s, i) => (
            <li class={`${s.reached ? 'reached' : ''} ${i === current ? 'current' : ''}`} aria-current={i === current ? 'step' : undefined}>
              <span class="dot" aria-hidden="true">
                {s.reached ? '✓' : i + 1}
              </span>
              {statusLabel(lang, s.stage)}
              <span class="sr-only">{s.reached ? (lang === 'id' ? ' (selesai)' : ' (done)') : ''}</span>
            </li>
          ))}
        </ol>
        <div
          class="progress"
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={data.progressPercentage}
          aria-label={t.progress(data.progressPercentage)}
        >
          <span style={{ width: `${data.progressPercentage}%` }} />
        </div>
        <dl class="facts" style={{ marginTop: '1rem' }}>
          <dt>{t.status}</dt>
          <dd>{statusLabel(lang, data.status)}</dd>
          <dt>{t.location}</dt>
          <dd>{data.currentLocation ?? '—'}</dd>
          <dt>{delivered ? t.deliveredAt : t.estimate}</dt>
          <dd>{formatDateTime(data.estimatedDelivery, lang)}</dd>
          {data.carrier && (
            <>
              <dt>{t.carrier}</dt>
              <dd>{CARRIERS[data.carrier] ?? data.carrier}</dd>
            </>
          )}
        </dl>
      </section>

      {data.proofOfDelivery && (
        <section class="card" aria-labelledby="pod-title">
          <h2 id="pod-title">{t.pod}</h2>
          <div class="pod">
            <dl class="facts">
              <dt>{t.receiver}</dt>
              <dd data-testid="receiver">{data.proofOfDelivery.receiverName ?? '—'}</dd>
              <dt>{t.deliveredAt}</dt>
              <dd>{formatDateTime(data.proofOfDelivery.deliveredAt, lang)}</dd>
            </dl>
            {data.proofOfDelivery.photoUrl ? (
              <img src={data.proofOfDelivery.photoUrl} alt={t.photoAlt} loading="lazy" referrerpolicy="no-referrer" />
            ) : (
              <p class="muted">{t.noPhoto}</p>
            )}
          </div>
        </section>
      )}

      <section class="card" aria-labelledby="history-title">
        <h2 id="history-title">{t.history}</h2>
        {data.events.length === 0 ? (
          <p class="muted">{t.noEvents}</p>
        ) : (
          <ol class="timeline">
            {[...data.events].reverse().map((e) => (
              <li>
                <strong>{statusLabel(lang, e.status)}</strong>
                {e.location ? ` — ${e.location}` : ''}
                <time dateTime={e.timestamp}>{formatDateTime(e.timestamp, lang)}</time>
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}

function NotifyForm({ trackingNumber, lang }: { trackingNumber: string; lang: Language }) {
  const t = T[lang];
  const [email, setEmail] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await unwrap(
        api.POST('/api/public/tracking/{trackingNumber}/subscriptions', { params: { path: { trackingNumber } }, body: { email, language: lang } }),
      );
      setDone(email);
    } catch (err) {
      const fields = fieldErrors(err);
      if (fields['body.email']) setError(lang === 'id' ? 'Alamat email tidak valid.' : 'This email address is not valid.');
      else if (err instanceof FastForwardError && err.code === 'SUBSCRIPTION_LIMIT_REACHED') setError(t.tooMany);
      else if (err instanceof FastForwardError && err.status === 429) setError(t.rateLimited);
      else setError(t.failed);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card" aria-labelledby="notify-title">
      <h2 id="notify-title">{t.notify}</h2>
      <p class="hint">{t.notifyHint}</p>
      {done ? (
        <p class="notice ok" role="status">
          {t.subscribed(done)}
        </p>
      ) : (
        <form class="row" onSubmit={(e) => void submit(e)} noValidate>
          <div class="grow">
            <label for="notify-email">{t.email}</label>
            <input
              id="notify-email"
              type="email"
              required
              autoComplete="email"
              value={email}
              aria-invalid={error ? 'true' : undefined}
              aria-describedby={error ? 'notify-error' : undefined}
              onInput={(e) => setEmail(e.currentTarget.value)}
            />
            {error && (
              <p id="notify-error" class="field-error" role="alert">
                {error}
              </p>
            )}
          </div>
          <button type="submit" disabled={busy}>
            {t.subscribe}
          </button>
        </form>
      )}
    </section>
  );
}

render(<App />, document.getElementById('app')!);
