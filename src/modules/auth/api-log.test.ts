import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, isLoggedRoute, requestOutcome, statusRange, CURSOR_PATTERN } from './api-log.js';

describe('isLoggedRoute', () => {
  it.each([
    '/api/partner/shipments',
    '/api/partner/shipments/:id',
    '/api/partner/auth',
    '/api/partner/onboarding',
    '/v1/authentication',
    '/v1/tracking/:awb',
    '/v2/public/shipment/tracking/:trackingNumber',
    '/v2/public/orders/reports/:id',
    '/callbacks/jne',
    '/api/admin/api-logs',
    // Only the exact probes and the docs' own folder are left out, not look-alikes.
    '/healthzz',
    '/docsearch',
    '/api/partner/files',
  ])('keeps %s', (route) => expect(isLoggedRoute(route)).toBe(true));

  it.each(['/healthz', '/readyz', '/metrics', '/openapi.json', '/docs', '/docs/', '/docs/json', '/docs/static/*', '/files/*', '', undefined])(
    'leaves out %s',
    (route) => expect(isLoggedRoute(route)).toBe(false),
  );
});

describe('requestOutcome', () => {
  it.each([
    [200, undefined, 'success'],
    [201, undefined, 'success'],
    [204, undefined, 'success'],
    [304, undefined, 'success'],
    [399, 'RATE_LIMITED', 'success'],
    [400, 'VALIDATION_FAILED', 'VALIDATION_FAILED'],
    [401, 'TOKEN_EXPIRED', 'TOKEN_EXPIRED'],
    [429, 'RATE_LIMITED', 'RATE_LIMITED'],
    [503, 'DATABASE_UNAVAILABLE', 'DATABASE_UNAVAILABLE'],
    [409, undefined, 'client_error'],
    [499, undefined, 'client_error'],
    [500, undefined, 'server_error'],
    [502, undefined, 'server_error'],
  ] as const)('%i with %s → %s', (status, code, outcome) => expect(requestOutcome(status, code)).toBe(outcome));
});

describe('statusRange', () => {
  it('maps each class to its hundred', () => {
    expect(statusRange('2xx')).toEqual({ from: 200, to: 300 });
    expect(statusRange('3xx')).toEqual({ from: 300, to: 400 });
    expect(statusRange('4xx')).toEqual({ from: 400, to: 500 });
    expect(statusRange('5xx')).toEqual({ from: 500, to: 600 });
  });
});

describe('cursor', () => {
  it('is `<µs>-<id>` and reads back exactly, past what a double holds in microseconds', () => {
    expect(encodeCursor('1764547200000001', 42)).toBe('1764547200000001-42');
    expect(decodeCursor('1764547200000001-42')).toEqual({ atMicros: '1764547200000001', id: 42 });
    expect(decodeCursor('99999999999999999-9007199254740991')).toEqual({ atMicros: '99999999999999999', id: 9007199254740991 });
  });

  it('refuses anything else, as the route schema does', () => {
    const schema = new RegExp(CURSOR_PATTERN);
    for (const bad of ['', 'abc', '1-', '-1', '1-2-3', '1.5-2', ' 1-2', '1-2 ', '123456789012345678-1', '1-12345678901234567']) {
      expect(schema.test(bad), bad).toBe(false);
      expect(() => decodeCursor(bad), bad).toThrow(RangeError);
    }
    expect(schema.test('1-1')).toBe(true);
  });
});
