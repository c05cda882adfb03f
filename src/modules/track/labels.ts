/**
 * The words the public tracking page and its mails use, in Indonesian and English: one table for
 * both, so a status reads the same on the page and in the inbox. Pure data (the web pages import it).
 */
export const LANGUAGES = ['id', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const STATUS_LABELS: Record<Language, Record<string, string>> = {
  id: {
    pending: 'Pesanan dibuat',
    assigned: 'Kurir ditetapkan',
    picked_up: 'Paket dijemput',
    in_transit: 'Dalam perjalanan',
    out_for_delivery: 'Sedang diantar',
    delivered: 'Terkirim',
    failed: 'Gagal dikirim',
    returned: 'Dikembalikan',
    cancelled: 'Dibatalkan',
  },
  en: {
    pending: 'Order created',
    assigned: 'Courier assigned',
    picked_up: 'Picked up',
    in_transit: 'In transit',
    out_for_delivery: 'Out for delivery',
    delivered: 'Delivered',
    failed: 'Delivery failed',
    returned: 'Returned',
    cancelled: 'Cancelled',
  },
};

export function statusLabel(language: Language, status: string): string {
  return STATUS_LABELS[language][status] ?? status.replace(/_/g, ' ');
}

export function isLanguage(v: unknown): v is Language {
  return v === 'id' || v === 'en';
}
