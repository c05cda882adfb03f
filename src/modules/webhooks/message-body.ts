/**
 * The body of one message: the seed's payload built from the stored event. Pure.
 *
 * Events keep their data as jsonb, which reorders keys; the seed's fields are put back in the seed's
 * order (shipmentId, trackingNumber, previousStatus, currentStatus, location), anything else follows.
 * The result is deterministic, so a body rebuilt after a crash is byte-identical to a lost one.
 */
import { buildPayload } from './payload.js';

const SEED_ORDER = ['shipmentId', 'trackingNumber', 'previousStatus', 'currentStatus', 'location'] as const;

/** The event type of `POST /webhooks/:id/test`; never recorded as a domain event. */
export const TEST_EVENT_TYPE = 'webhook.test';

export function orderEventData(data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of SEED_ORDER) if (k in data) out[k] = data[k];
  for (const [k, v] of Object.entries(data)) if (!(k in out)) out[k] = v;
  return out;
}

export function messageBody(m: { messageId: string; endpointId: string; eventType: string; occurredAt: Date; data: unknown }): string {
  const data = m.data !== null && typeof m.data === 'object' && !Array.isArray(m.data) ? orderEventData(m.data as Record<string, unknown>) : m.data;
  return buildPayload({ event: m.eventType, occurredAt: m.occurredAt, messageId: m.messageId, endpointId: m.endpointId, data });
}

/** What a test send carries: shaped like a shipment event so a receiver's parsing is exercised too. */
export function testEventData(endpointId: string): Record<string, unknown> {
  return {
    shipmentId: null,
    trackingNumber: null,
    previousStatus: null,
    currentStatus: null,
    location: null,
    test: true,
    message: `Test delivery to webhook ${endpointId}; no shipment changed.`,
  };
}
