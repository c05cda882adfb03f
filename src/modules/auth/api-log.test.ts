import { describe, expect, it } from 'vitest';
import {
  decodeCursor,
  encodeCursor,
  isLoggedRoute,
  requestOutcome,
  rollUpRequests,
  statusRange,
  CURSOR_PATTERN,
  type RollupSource,
} from './api-log.js';

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

  it.each([
    '/healthz',
    '/readyz',
    '/metrics',
    '/openapi.json',
    '/docs',
    '/docs/',
    '/docs/json',
    '/docs/static/*',
    '/files/*',
    // The pages and their files: what the pages then ask of the API is logged.
    '/partner-onboarding',
    '/admin/integrations',
    '/track/:trackingNumber',
    '/assets/*',
    '',
    undefined,
  ])('leaves out %s', (route) => expect(isLoggedRoute(route)).toBe(false));
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

describe('rollUpRequests', () => {
  const row = (
    iso: string,
    route: string | null,
    statusCode: number,
    durationMs: number | null,
    extra: Partial<RollupSource> = {},
  ): RollupSource => ({
    at: new Date(iso),
    kind: 'request',
    method: 'GET',
    route,
    statusCode,
    durationMs,
    ...extra,
  });
  // Buckets (ms): ≤5, ≤10, ≤25, ≤50, ≤100, ≤250, ≤500, ≤1000, ≤2500, ≤5000, ≤10000, above.
  const latency = (...pairs: Array<[number, number]>) => {
    const out = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    for (const [i, n] of pairs) out[i] = n;
    return out;
  };

  it('one rollup per second, method and route; 5xx are errors; durations counted in their bucket', () => {
    const got = rollUpRequests([
      row('2026-12-01T10:00:00.100Z', '/a', 200, 3),
      row('2026-12-01T10:00:00.999Z', '/a', 503, 1000),
      row('2026-12-01T10:00:00.500Z', '/a', 404, 1000.5),
      row('2026-12-01T10:00:01.000Z', '/a', 200, 12000),
      row('2026-12-01T10:00:00.200Z', '/b', 500, 5),
      row('2026-12-01T10:00:00.300Z', '/a', 200, 7, { method: 'POST' }),
    ]);
    expect(got).toEqual([
      { at: new Date('2026-12-01T10:00:00Z'), method: 'GET', route: '/a', requests: 3, errors: 1, latency: latency([0, 1], [7, 1], [8, 1]) },
      { at: new Date('2026-12-01T10:00:01Z'), method: 'GET', route: '/a', requests: 1, errors: 0, latency: latency([11, 1]) },
      { at: new Date('2026-12-01T10:00:00Z'), method: 'GET', route: '/b', requests: 1, errors: 1, latency: latency([0, 1]) },
      { at: new Date('2026-12-01T10:00:00Z'), method: 'POST', route: '/a', requests: 1, errors: 0, latency: latency([1, 1]) },
    ]);
  });

  it('credential checks and rows without a route or method are not traffic; a row without a duration is a request in no bucket', () => {
    expect(
      rollUpRequests([
        row('2026-12-01T10:00:00Z', '/a', 401, 2, { kind: 'partner_auth' }),
        row('2026-12-01T10:00:00Z', null, 200, 2),
        row('2026-12-01T10:00:00Z', '/a', 200, 2, { method: null }),
        row('2026-12-01T10:00:00Z', '/a', 200, null),
      ]),
    ).toEqual([{ at: new Date('2026-12-01T10:00:00Z'), method: 'GET', route: '/a', requests: 1, errors: 0, latency: latency() }]);
    expect(rollUpRequests([])).toEqual([]);
  });
});
