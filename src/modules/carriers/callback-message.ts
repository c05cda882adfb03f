/** The message published on `callback-update-status` (the pg-boss queue and NSQ): self-contained. */
import type { CarrierCode } from '../../carriers/carriers.js';
import type { UnifiedTracking } from '../../carriers/model.js';

export interface CallbackUpdateMessage {
  callbackId: number;
  carrier: CarrierCode;
  awb: string;
  receivedAt: string;
  tracking: UnifiedTracking;
}
