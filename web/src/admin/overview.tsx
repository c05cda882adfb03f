import type { Overview } from './api.js';
import { money } from './shared.js';

const HEALTH_WORDS: Record<string, string> = { optimal: 'Optimal', good: 'Good', strained: 'Strained', critical: 'Critical' };

export function OverviewTab({ overview }: { overview: Overview | null }) {
  if (!overview) return <p class="muted">Waiting for the first figures…</p>;
  const h = overview.systemHealth;
  return (
    <>
      <div class="cards">
        <Card label="Connected companies" value={overview.connectedCompanies.toLocaleString('en-US')} note={`${overview.companies} in all`} />
        <Card
          label="Active shipments"
          value={overview.activeShipments.toLocaleString('en-US')}
          note={`${overview.pendingShipments} pending without a company`}
        />
        <Card
          label="System health"
          value={`${Math.round(h.score)}%`}
          note={`${HEALTH_WORDS[h.label] ?? h.label} · ${Math.round(h.systemUtilization)}% utilised`}
          tone={h.label === 'critical' ? 'bad' : h.label === 'strained' ? 'warn' : 'ok'}
        />
        <Card label="Revenue" value={money(overview.revenue)} note="Delivered shipments" />
        <Card
          label="Open alerts"
          value={String(overview.openAlerts)}
          note="Neither resolved nor acknowledged"
          tone={overview.openAlerts > 0 ? 'warn' : 'ok'}
        />
      </div>
      <p class="muted small">Updated {new Date(overview.at).toLocaleTimeString('en-GB')} — the figures refresh every few seconds.</p>
    </>
  );
}

function Card({ label, value, note, tone }: { label: string; value: string; note: string; tone?: 'ok' | 'warn' | 'bad' }) {
  return (
    <div class={`card stat ${tone ?? ''}`}>
      <div class="stat-label">{label}</div>
      <div class="stat-value" data-testid={`card-${label.toLowerCase().replace(/\s+/g, '-')}`}>
        {value}
      </div>
      <div class="stat-note">
        {tone === 'bad' ? '⚠ ' : tone === 'warn' ? '! ' : ''}
        {note}
      </div>
    </div>
  );
}
