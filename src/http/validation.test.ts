import { describe, expect, it } from 'vitest';
import { hubValidatorBuilder, nonFinitePath } from './validation.js';

type Validate = ((data: unknown) => boolean) & { errors?: Array<{ instancePath: string; message?: string }> | null };

const build = hubValidatorBuilder() as unknown as (
  ext: Record<string, unknown>,
  opts: unknown,
) => (route: { schema: unknown; method: string; url: string; httpPart: string }) => Validate;
const compilerFor = build({}, { customOptions: { removeAdditional: false, useDefaults: true, allErrors: true } });
const compile = (httpPart: string, schema: unknown) => compilerFor({ schema, method: 'GET', url: '/x', httpPart });

const page = { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 100 }, on: { type: 'boolean' } } };
const shipment = {
  type: 'object',
  properties: {
    weight: { type: 'number' },
    enabled: { type: 'boolean' },
    tags: { type: 'array', items: { type: 'string' } },
    at: { type: 'string', format: 'date-time' },
  },
};

describe('query strings and params: coerced from strings, never to a non-finite number', () => {
  it.each([
    [{ limit: '5' }, { limit: 5 }],
    [{ limit: '1e1' }, { limit: 10 }],
    [{ on: 'true' }, { on: true }],
    [{ limit: ['7'] }, { limit: 7 }],
  ])('%j is valid, read as %j', (input, read) => {
    for (const part of ['querystring', 'params', 'headers']) {
      const v = compile(part, page);
      const data = structuredClone(input);
      expect(v(data)).toBe(true);
      expect(data).toEqual(read);
    }
  });

  it.each(['1e999', 'Infinity', '-Infinity', '-1e999'])('limit=%s is refused as a type error at /limit', (s) => {
    for (const part of ['querystring', 'params', 'headers']) {
      const v = compile(part, page);
      expect(v({ limit: s })).toBe(false);
      expect(v.errors).toEqual([expect.objectContaining({ instancePath: '/limit', keyword: 'type', message: 'must be a finite number' })]);
    }
  });

  it.each(['101', '0', '1.5', 'abc', ''])('limit=%j is refused by the schema itself', (s) => {
    expect(compile('querystring', page)({ limit: s })).toBe(false);
  });
});

describe('bodies: JSON types as sent, never coerced', () => {
  it.each([
    [{ weight: true }, '/weight'],
    [{ weight: '2' }, '/weight'],
    [{ weight: '' }, '/weight'],
    [{ weight: null }, '/weight'],
    [{ enabled: null }, '/enabled'],
    [{ enabled: 'false' }, '/enabled'],
    [{ enabled: 0 }, '/enabled'],
    [{ tags: 'one' }, '/tags'],
    [{ tags: [1] }, '/tags/0'],
    [{ weight: Infinity }, '/weight'], // what JSON.parse makes of 1e999
  ])('%j → refused at %s', (input, path) => {
    const v = compile('body', shipment);
    expect(v(input)).toBe(false);
    expect(v.errors?.map((e) => e.instancePath)).toContain(path);
  });

  it('well-typed values pass unchanged', () => {
    const data = { weight: 2.5, enabled: false, tags: ['a'], at: '2030-01-01T00:00:00Z' };
    expect(compile('body', shipment)(data)).toBe(true);
    expect(data).toEqual({ weight: 2.5, enabled: false, tags: ['a'], at: '2030-01-01T00:00:00Z' });
  });
});

describe("date-time is the hub's (./timestamp.ts) in every part", () => {
  it.each([
    ['2030-01-01T00:00:00Z', true],
    ['0000-01-01T00:00:00Z', false],
    ['2026-12-31T23:59:60Z', false],
  ])('%s → %s', (at, ok) => {
    expect(compile('body', shipment)({ at })).toBe(ok);
    expect(compile('querystring', shipment)({ at })).toBe(ok);
  });

  it('a refused one says what is accepted', () => {
    const v = compile('body', shipment);
    expect(v({ at: '2026-12-31T23:59:60Z' })).toBe(false);
    expect(v.errors).toEqual([
      expect.objectContaining({
        instancePath: '/at',
        keyword: 'format',
        message: 'must be an RFC 3339 date-time from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z, without a leap second',
      }),
    ]);
  });
});

describe('nonFinitePath', () => {
  it.each([
    [1, null],
    [{ a: 1, b: [2, 3] }, null],
    ['Infinity', null],
    [Infinity, ''],
    [{ a: NaN }, '/a'],
    [{ a: [1, -Infinity] }, '/a/1'],
    [{ 'x/y': { '~': Infinity } }, '/x~1y/~0'],
  ])('%j → %j', (v, path) => {
    expect(nonFinitePath(v)).toBe(path);
  });
});
