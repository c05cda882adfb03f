/**
 * Shared by the fuzz tests: the invariant every answer must keep, and the value generators.
 */
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { ERRORS, type ErrorCode } from '../../src/errors.js';

// ---------------------------------------------------------------------------------------------
// The invariant: a 2xx (the input happened to be valid) or a 4xx in the one error envelope with a
// code from the registry and that code's status — never a 5xx, never a redirect, never a stack trace.

export function expectWellFormed(res: LightMyRequestResponse, what: string): void {
  const ctx = `${what} → ${res.statusCode} ${res.body.slice(0, 300)}`;
  expect(res.statusCode, ctx).toBeGreaterThanOrEqual(200);
  expect(res.statusCode, ctx).toBeLessThan(500);
  expect(res.statusCode >= 300 && res.statusCode < 400, ctx).toBe(false);
  expect(res.body, ctx).not.toMatch(/\n\s+at [\w.<]+ \(|node_modules|\.ts:\d+/);
  if (res.statusCode < 400) return;
  expect(String(res.headers['content-type']), ctx).toMatch(/^application\/json/);
  const body = JSON.parse(res.body) as { code?: unknown; message?: unknown; requestId?: unknown };
  expect(typeof body.code, ctx).toBe('string');
  expect(Object.keys(ERRORS), ctx).toContain(body.code);
  expect(ERRORS[body.code as ErrorCode].status, ctx).toBe(res.statusCode);
  expect(typeof body.message, ctx).toBe('string');
  expect(typeof body.requestId, ctx).toBe('string');
}

/** The same checks, as a description of the first one broken (null when the answer is well formed). */
export function wellFormedProblem(res: LightMyRequestResponse): string | null {
  const ctx = `${res.statusCode} ${res.body.slice(0, 200)}`;
  if (res.statusCode < 200 || res.statusCode >= 500 || (res.statusCode >= 300 && res.statusCode < 400)) return `status ${ctx}`;
  if (/\n\s+at [\w.<]+ \(|node_modules|\.ts:\d+/.test(res.body)) return `stack trace in ${ctx}`;
  if (res.statusCode < 400) return null;
  if (!/^application\/json/.test(String(res.headers['content-type']))) return `content-type ${String(res.headers['content-type'])}: ${ctx}`;
  let body: { code?: unknown; message?: unknown; requestId?: unknown };
  try {
    body = JSON.parse(res.body) as typeof body;
  } catch {
    return `not JSON: ${ctx}`;
  }
  if (typeof body.code !== 'string' || !(body.code in ERRORS)) return `unregistered code: ${ctx}`;
  if (ERRORS[body.code as ErrorCode].status !== res.statusCode) return `code with another status: ${ctx}`;
  if (typeof body.message !== 'string' || typeof body.requestId !== 'string') return `not the envelope: ${ctx}`;
  return null;
}

// ---------------------------------------------------------------------------------------------
// Generators

/** What can travel in an HTTP header value: tab, visible ASCII, space and obs-text (0x80–0xff). */
export const headerChar = fc
  .oneof(
    { weight: 8, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
    { weight: 1, arbitrary: fc.integer({ min: 0x80, max: 0xff }) },
    { weight: 1, arbitrary: fc.constant(0x09) },
  )
  .map((c) => String.fromCharCode(c));
export const headerValue = (maxLength = 80) => fc.string({ unit: headerChar, maxLength });

export const nested = (depth: number): unknown => {
  let v: unknown = 'leaf';
  for (let i = 0; i < depth; i++) v = i % 2 ? { a: v } : [v];
  return v;
};

/** Values that break assumptions: wrong types, edge numbers, long and odd strings, deep nesting. */
export const nasty: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ maxDepth: 3, maxKeys: 5, withNullPrototype: true, withBoxedValues: true }),
  fc.string({ maxLength: 2000 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\ud800',
    '💥'.repeat(200),
    '<script>alert(1)</script>',
    "'; drop table shipments; --",
    '1e309',
    'NaN',
    'null',
    'true',
    '0x1F',
    '12x8x6x',
  ),
  fc.double(),
  fc.integer(),
  fc.constantFrom(-1, 0, -0, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 0.0000001, 100_001),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 150 }),
  fc.integer({ min: 1, max: 400 }).map(nested),
  fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'x'), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
);

/** Every path in a JSON value (object keys and array indexes), plus a few that are not there. */
export function pathsOf(v: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [prefix];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...pathsOf(x, [...prefix, i])));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...pathsOf(x, [...prefix, k]));
  return out;
}

export function setPath(root: unknown, path: Array<string | number>, value: unknown, remove: boolean): unknown {
  if (path.length === 0) return remove ? undefined : value;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const k of path.slice(0, -1)) {
    if (!node[k] || typeof node[k] !== 'object') node[k] = {};
    node = node[k] as Record<string | number, unknown>;
  }
  const last = path.at(-1)!;
  if (remove) delete node[last];
  else Object.defineProperty(node, last, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** A valid body with one part replaced (or removed) by something nasty: near misses go deepest. */
export const mutation = fc.record({
  pick: fc.nat(),
  remove: fc.boolean(),
  extraKey: fc.option(fc.constantFrom('surprise', '__proto__', 'constructor', 'id', 'companyId', 'status'), { nil: undefined }),
  value: nasty,
});

export function mutate(base: Record<string, unknown>, m: { pick: number; remove: boolean; extraKey: string | undefined; value: unknown }): unknown {
  const paths = pathsOf(base);
  const path = m.extraKey ? [m.extraKey] : paths[m.pick % paths.length]!;
  return setPath(base, path, m.value, m.remove && !m.extraKey);
}

export const serialize = (v: unknown): string => {
  try {
    return JSON.stringify(v) ?? '';
  } catch {
    return '"unserializable"';
  }
};

export const contentTypeArb = fc.oneof(
  fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'APPLICATION/JSON',
    'application/json; charset=latin1',
    'application/json;;',
    'application/jsonx',
    'application/vnd.api+json',
    'text/plain',
    'text/html',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/octet-stream',
    '*/*',
    ';',
    '',
  ),
  headerValue(60),
);

/** Raw query strings, percent-signs and brackets included. */
export const rawQuery = fc.string({
  unit: fc.constantFrom(
    'a',
    'Z',
    '0',
    '9',
    '=',
    '&',
    '[',
    ']',
    '%',
    '%00',
    '%ZZ',
    '%E0%A4%A',
    '%F0%9F%92%A5',
    '+',
    '.',
    '-',
    '_',
    '~',
    ',',
    ';',
    ':',
    '@',
    '!',
    "'",
    '(',
    ')',
    '*',
    'limit',
    'offset',
    'status',
    'pending',
    '__proto__',
  ),
  maxLength: 40,
});
export const structuredQuery = fc
  .dictionary(
    fc.constantFrom('limit', 'offset', 'status', 'x', '__proto__', 'constructor', 'limit[]', 'status[]'),
    fc.oneof(
      fc.integer(),
      fc.double().map(String),
      fc.string({ maxLength: 30 }),
      fc.constantFrom('pending', 'delivered', '-1', '1e3', '', '101', '50'),
    ),
    { maxKeys: 4 },
  )
  .map((d) => new URLSearchParams(Object.entries(d).map(([k, v]): [string, string] => [k, String(v)])).toString());
export const queryArb = fc.oneof(rawQuery, structuredQuery);
