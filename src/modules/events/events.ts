import type { Tx } from '../../db/tx.js';
import { newId } from '../../lib/ids.js';
import { insertEvent } from './events.repo.js';

/** Domain event types; webhook endpoints subscribe to these names. */
export const EVENT_TYPES = [
  'shipment.created',
  'shipment.assigned',
  'shipment.updated',
  'shipment.delivered',
  'shipment.cancelled',
  'pod.received',
  'report.available',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * Records a domain event inside the transaction that makes the change, so there is never a change
 * without its event nor an event without its change. The insert also fans out to webhook messages
 * (the `webhook_fanout` trigger, once per statement: migration 0010) in this same transaction, whoever
 * inserts the event.
 */
export async function recordEvent(
  tx: Tx,
  e: { type: EventType; companyIds: string[]; shipmentId?: string; data: Record<string, unknown> },
): Promise<string> {
  const id = newId('event');
  await insertEvent(tx.db, {
    id,
    type: e.type,
    companyIds: [...new Set(e.companyIds)],
    shipmentId: e.shipmentId ?? null,
    data: e.data,
  });
  return id;
}
