/**
 * The two mails of "notify me": the confirmation (double opt-in: nothing else is sent before its link
 * is followed) and the status change. Every status mail carries its unsubscribe link in the text and
 * in `List-Unsubscribe` with `List-Unsubscribe-Post` (RFC 8058 one-click: mail clients POST to it).
 * Tokens travel in the page link's fragment (`#confirm=…`), which browsers never send to a server or in
 * a Referer; the one-click address needs it in its query, as RFC 8058 has it. Pure.
 */
import type { MailMessage } from '../mail/mail.jobs.js';
import { statusLabel, type Language } from './labels.js';

export interface SubscriptionLinks {
  publicUrl: string;
  trackingNumber: string;
}

export const pageUrl = (l: SubscriptionLinks) => `${l.publicUrl}/track/${encodeURIComponent(l.trackingNumber)}`;
export const confirmLink = (l: SubscriptionLinks, token: string) => `${pageUrl(l)}#confirm=${token}`;
export const unsubscribeLink = (l: SubscriptionLinks, token: string) => `${pageUrl(l)}#unsubscribe=${token}`;
export const oneClickUnsubscribeUrl = (publicUrl: string, token: string) =>
  `${publicUrl}/api/public/subscriptions/one-click-unsubscribe?token=${token}`;

const TEXT = {
  id: {
    confirmSubject: (tn: string) => `Konfirmasi notifikasi untuk paket ${tn}`,
    confirmBody: (tn: string, link: string) => [
      `Anda (atau seseorang dengan alamat email ini) meminta notifikasi status untuk paket ${tn}.`,
      '',
      'Konfirmasi dengan membuka tautan ini:',
      link,
      '',
      'Jika Anda tidak memintanya, abaikan email ini: Anda tidak akan menerima email lain dari kami.',
    ],
    statusSubject: (tn: string, label: string) => `Paket ${tn}: ${label}`,
    statusBody: (tn: string, label: string, location: string | null, page: string, unsubscribe: string) => [
      `Status paket ${tn} sekarang: ${label}${location ? ` (${location})` : ''}.`,
      '',
      `Lacak paket: ${page}`,
      '',
      `Berhenti menerima notifikasi untuk paket ini: ${unsubscribe}`,
    ],
  },
  en: {
    confirmSubject: (tn: string) => `Confirm notifications for parcel ${tn}`,
    confirmBody: (tn: string, link: string) => [
      `You (or someone with this email address) asked for status updates of parcel ${tn}.`,
      '',
      'Confirm by opening this link:',
      link,
      '',
      'If you did not ask for them, ignore this email: you will get nothing else from us.',
    ],
    statusSubject: (tn: string, label: string) => `Parcel ${tn}: ${label}`,
    statusBody: (tn: string, label: string, location: string | null, page: string, unsubscribe: string) => [
      `Parcel ${tn} is now: ${label}${location ? ` (${location})` : ''}.`,
      '',
      `Track it: ${page}`,
      '',
      `Stop these notifications for this parcel: ${unsubscribe}`,
    ],
  },
} satisfies Record<Language, unknown>;

export function confirmationMail(p: SubscriptionLinks & { to: string; language: Language; confirmToken: string }): MailMessage {
  const t = TEXT[p.language];
  return {
    to: p.to,
    subject: t.confirmSubject(p.trackingNumber),
    text: t.confirmBody(p.trackingNumber, confirmLink(p, p.confirmToken)).join('\n'),
    tag: 'tracking-confirm',
  };
}

export function statusMail(
  p: SubscriptionLinks & { to: string; language: Language; status: string; location: string | null; unsubscribeToken: string },
): MailMessage {
  const t = TEXT[p.language];
  const label = statusLabel(p.language, p.status);
  return {
    to: p.to,
    subject: t.statusSubject(p.trackingNumber, label),
    text: t.statusBody(p.trackingNumber, label, p.location, pageUrl(p), unsubscribeLink(p, p.unsubscribeToken)).join('\n'),
    tag: 'tracking-status',
    headers: {
      'List-Unsubscribe': `<${oneClickUnsubscribeUrl(p.publicUrl, p.unsubscribeToken)}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}
