import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';

const nowSeconds = () => Math.floor(Date.now() / 1000);

/**
 * The seed's headers plus the IETF fields (draft-ietf-httpapi-ratelimit-headers), checked on a
 * limited answer: `X-RateLimit-Reset` is a Unix timestamp within the window, not "seconds from now".
 */
export function expectLimitHeaders(res: LightMyRequestResponse, policy: string, limit: number, remaining: number, windowSeconds = 60) {
  expect(res.headers['x-ratelimit-limit']).toBe(String(limit));
  expect(res.headers['x-ratelimit-remaining']).toBe(String(remaining));
  const reset = Number(res.headers['x-ratelimit-reset']);
  expect(Number.isInteger(reset)).toBe(true);
  expect(reset).toBeGreaterThanOrEqual(nowSeconds() - 1);
  expect(reset).toBeLessThanOrEqual(nowSeconds() + windowSeconds + 1);
  expect(res.headers['ratelimit-policy']).toBe(`"${policy}";q=${limit};w=${windowSeconds}`);
  const m = /^"([^"]+)";r=(\d+);t=(\d+)$/.exec(String(res.headers.ratelimit));
  expect(m, String(res.headers.ratelimit)).not.toBeNull();
  expect(m![1]).toBe(policy);
  expect(Number(m![2])).toBe(remaining);
  expect(Number(m![3])).toBeGreaterThanOrEqual(0);
  expect(Number(m![3])).toBeLessThanOrEqual(windowSeconds);
}

/** A 429 RATE_LIMITED answer with a usable Retry-After that agrees with the reset timestamp. */
export function expectRateLimited(res: LightMyRequestResponse, windowSeconds = 60) {
  expect(res.statusCode, res.body).toBe(429);
  expect(res.json()).toMatchObject({ code: 'RATE_LIMITED', requestId: expect.any(String) });
  const retryAfter = Number(res.headers['retry-after']);
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
  expect(Math.abs(Number(res.headers['x-ratelimit-reset']) - (nowSeconds() + retryAfter))).toBeLessThanOrEqual(2);
}

/** An unlimited company's answer: the X- headers say `unlimited`, and no IETF fields (they need a quota). */
export function expectUnlimitedHeaders(res: LightMyRequestResponse) {
  expect(res.headers['x-ratelimit-limit']).toBe('unlimited');
  expect(res.headers['x-ratelimit-remaining']).toBe('unlimited');
  const reset = Number(res.headers['x-ratelimit-reset']);
  expect(Number.isInteger(reset)).toBe(true);
  expect(reset % 60).toBe(0);
  expect(reset).toBeGreaterThan(nowSeconds() - 1);
  expect(reset).toBeLessThanOrEqual(nowSeconds() + 61);
  expect(res.headers['ratelimit-policy']).toBeUndefined();
  expect(res.headers.ratelimit).toBeUndefined();
  expect(res.headers['retry-after']).toBeUndefined();
}
