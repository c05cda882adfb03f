/** The proof of delivery a tracking result carries. Pure. */
import type { UnifiedTracking } from './model.js';

export interface PodValues {
  receiverName: string | null;
  imageUrl: string | null;
  relation: string | null;
  signatureUrl: string | null;
  podCode: string | null;
  deliveredAt: string | null;
}

/** POD fields worth saving: only a delivered shipment has a receiver; a photo (or a signature) may come alone. */
export function podOf(t: UnifiedTracking): PodValues | null {
  if (!t.podReceiverName && !t.image_url && !t.relation && !t.signatureUrl) return null;
  const delivered = [...t.events].reverse().find((e) => e.status === 'delivered');
  return {
    receiverName: t.podReceiverName,
    imageUrl: t.image_url,
    relation: t.relation,
    signatureUrl: t.signatureUrl,
    podCode: delivered?.rawCode ?? null,
    deliveredAt: delivered?.at ?? null,
  };
}
