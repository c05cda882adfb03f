import type { JobPayloads } from '../../jobs/queue.js';
import type { CompanyRow } from './partners.repo.js';
import { TIERS, type Tier } from './tiers.js';

/**
 * The welcome email names the API key but never the secret: the seed asks to send "credentials",
 * but a secret in an inbox is a leaked secret. It was shown once, in the onboarding response.
 */
export function welcomeEmail(p: { company: CompanyRow; apiKey: string; publicUrl: string }): JobPayloads['mail.send'] {
  const t = TIERS[p.company.tier as Tier];
  const fmt = (n: number | null, unit: string) => (n === null ? 'unlimited' : `${n.toLocaleString('en-US')} ${unit}`);
  const text = [
    `Welcome to FastForward, ${p.company.name}!`,
    '',
    `Your company id: ${p.company.id}`,
    `Your API key:    ${p.apiKey}`,
    '',
    'Your secret was shown once, in the onboarding response. For your security it is not in this',
    'email and we cannot show it again; if it is lost, create a new key and revoke the old one.',
    '',
    `Tier: ${p.company.tier} — ${fmt(t.requestsPerMinute, 'requests/minute')}, ${fmt(t.monthlyShipments, 'shipments/month')}.`,
    '',
    'Get a token:',
    `  curl -X POST ${p.publicUrl}/api/partner/auth -H 'Content-Type: application/json' \\`,
    `    -d '{"apiKey":"${p.apiKey}","secret":"<your secret>"}'`,
    '',
    `API reference: ${p.publicUrl}/docs`,
  ].join('\n');
  return { to: p.company.email, subject: `Welcome to FastForward, ${p.company.name}`, text, tag: `welcome-${p.company.id}` };
}
