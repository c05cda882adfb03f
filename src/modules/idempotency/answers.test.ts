import { describe, expect, it } from 'vitest';
import { isFinalAnswer } from './answers.js';

describe('isFinalAnswer: which answers an Idempotency-Key keeps', () => {
  it.each([
    [201, undefined],
    [200, undefined],
    [204, undefined],
    [400, 'VALIDATION_FAILED'],
    [400, 'DUPLICATE_TRACKING_NUMBER'],
    [404, 'SHIPMENT_NOT_FOUND'],
    [409, 'SHIPMENT_NOT_EDITABLE'],
    [409, 'CARRIER_AWB_TAKEN'],
    [422, 'IDEMPOTENCY_KEY_REUSED'],
    [400, undefined],
  ])('keeps %s %s: a retry of the same request gets the same answer', (status, code) => {
    expect(isFinalAnswer(status, code)).toBe(true);
  });

  it.each([
    [409, 'CAPACITY_EXCEEDED'],
    [429, 'MONTHLY_QUOTA_EXCEEDED'],
    [429, 'RATE_LIMITED'],
    [429, undefined],
    [409, 'IDEMPOTENCY_KEY_IN_PROGRESS'],
    [409, 'WEBHOOK_MESSAGE_IN_PROGRESS'],
    [408, undefined],
    [500, 'INTERNAL_ERROR'],
    [503, 'SERVICE_UNAVAILABLE'],
    [502, undefined],
  ])('releases the key after %s %s: the same request may succeed later', (status, code) => {
    expect(isFinalAnswer(status, code)).toBe(false);
  });
});
