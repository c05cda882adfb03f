/** The proof of delivery a tracking result carries. Pure. */
import type { UnifiedTracking } from './model.js';

/** POD fields worth saving: only a delivered shipment has a receiver; a photo may come alone. */
export function podOf(
  t: UnifiedTracking,
): { receiverName: string | null; imageUrl: string | null; podCode: string | null; deliveredAt: string | null } | null {
  if (!t.podReceiverName && !t.image_url) return null;
  const delivered = [...t.events].reverse().find((e) => e.status === 'delivered');
  return { receiverName: t.podReceiverName, imageUrl: t.image_url, podCode: delivered?.rawCode ?? null, deliveredAt: delivered?.at ?? null };
}
