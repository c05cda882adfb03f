import { describe, expect, it } from 'vitest';
import { messageBody, orderEventData, testEventData, TEST_EVENT_TYPE } from './message-body.js';

describe('orderEventData', () => {
  it("puts the seed's fields first, in the seed's order, and keeps the rest after them", () => {
    // jsonb hands keys back shortest first; the seed lists them in this order.
    const fromJsonb = {
      notes: 'n',
      location: 'Hub',
      shipmentId: 's',
      currentStatus: 'picked_up',
      previousStatus: 'assigned',
      trackingNumber: 't',
      assignedCompanyId: 'c',
    };
    expect(Object.keys(orderEventData(fromJsonb))).toEqual([
      'shipmentId',
      'trackingNumber',
      'previousStatus',
      'currentStatus',
      'location',
      'notes',
      'assignedCompanyId',
    ]);
  });

  it('adds no key that is absent', () => {
    expect(orderEventData({ report: 'r' })).toEqual({ report: 'r' });
  });
});

describe('messageBody', () => {
  const input = {
    messageId: 'msg_0123456789abcdefghij',
    endpointId: 'whe_0123456789abcdefghij',
    eventType: 'shipment.updated',
    occurredAt: new Date('2025-01-20T16:00:00.000Z'),
    data: {
      location: 'Distribution Center',
      currentStatus: 'picked_up',
      previousStatus: 'pending',
      trackingNumber: 'QUICK-2025-001',
      shipmentId: 'ship_789',
    },
  };

  it("is the seed's payload, byte for byte", () => {
    expect(messageBody(input)).toBe(
      '{"event":"shipment.updated","timestamp":"2025-01-20T16:00:00.000Z","webhookId":"msg_0123456789abcdefghij","endpointId":"whe_0123456789abcdefghij",' +
        '"data":{"shipmentId":"ship_789","trackingNumber":"QUICK-2025-001","previousStatus":"pending","currentStatus":"picked_up","location":"Distribution Center"}}',
    );
  });

  it('is the same whatever order the stored data has (a body rebuilt after a crash matches the lost one)', () => {
    const reversed = Object.fromEntries(Object.entries(input.data).reverse());
    expect(messageBody({ ...input, data: reversed })).toBe(messageBody(input));
  });

  it('builds the test event like a shipment event, flagged as a test', () => {
    const body = JSON.parse(messageBody({ ...input, eventType: TEST_EVENT_TYPE, data: testEventData(input.endpointId) }));
    expect(body.event).toBe('webhook.test');
    expect(body.data).toMatchObject({ shipmentId: null, currentStatus: null, test: true });
  });
});
