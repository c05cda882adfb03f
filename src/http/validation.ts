import AjvCompiler from '@fastify/ajv-compiler';
import type { FastifyServerOptions } from 'fastify';
import { isTimestamp } from './timestamp.js';

/**
 * The request validators, per part of the request:
 *
 * - **body**: no type coercion. JSON carries its own types, so a wrong one is a 400 — with Fastify's
 *   default (`coerceTypes: 'array'` everywhere) `"weight": true` became 1, `"totalCost": ""` 0,
 *   `"enabled": null` false, and a lone string a one-element array.
 * - **querystring, params, headers**: coerced (they arrive as strings), then checked for non-finite
 *   numbers. ajv coerces `"1e999"`, `"Infinity"` and `"-Infinity"` to ±Infinity, and its
 *   `minimum`/`maximum` keywords skip non-finite numbers, so `limit=1e999` passed
 *   `Type.Integer({ maximum: 100 })` and failed in SQL as a 500 (on every paginated route, and as a
 *   bigint id). Refused here once, for every route.
 *
 * Both share the hub's `date-time` (see ./timestamp.ts) in place of ajv-formats' one.
 */
export type ValidatorBuilder = NonNullable<NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildValidator']>;

interface AjvError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message: string;
}
interface RouteDefinition {
  schema: unknown;
  method: string;
  url: string;
  httpPart?: string;
}
type Validate = ((data: unknown, ctx?: unknown) => boolean) & { errors?: unknown; schemaEnv?: unknown };

export function hubValidatorBuilder(): ValidatorBuilder {
  const pool = AjvCompiler();
  const onCreate = (ajv: AjvCompiler.Ajv) => {
    ajv.addFormat('date-time', { type: 'string', validate: isTimestamp });
  };
  // Typed by hand: Fastify calls a compiler with its route definition, which ajv-compiler's types call a schema.
  const build = (externalSchemas: Record<string, unknown>, ajvOptions?: { customOptions?: Record<string, unknown> }) => {
    const options = (part: 'body' | 'strings') => ({
      ...ajvOptions,
      customOptions: { ...ajvOptions?.customOptions, coerceTypes: part === 'body' ? false : ('array' as const) },
      onCreate,
    });
    const forBody = pool(externalSchemas as never, options('body') as never) as unknown as (route: RouteDefinition) => Validate;
    const forStrings = pool(externalSchemas as never, options('strings') as never) as unknown as (route: RouteDefinition) => Validate;
    return (route: RouteDefinition) => (route.httpPart === 'body' ? wrap(forBody(route), false) : wrap(forStrings(route), true));
  };
  return build as unknown as ValidatorBuilder;
}

const DATE_TIME_MESSAGE = 'must be an RFC 3339 date-time from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z, without a leap second';

/**
 * `finite`: a value that coerced to ±Infinity or NaN fails like any other type error. Either way a
 * failed `date-time` says what the hub accepts (ajv's own message only names the format).
 */
function wrap(validate: Validate, finite: boolean): Validate {
  const wrapped: Validate = (data, ctx) => {
    if (!validate(data, ctx)) {
      wrapped.errors = (validate.errors as AjvError[] | null | undefined)?.map((e) =>
        e.keyword === 'format' && e.params.format === 'date-time' ? { ...e, message: DATE_TIME_MESSAGE } : e,
      );
      return false;
    }
    const path = finite ? nonFinitePath(data) : null;
    if (path === null) return true;
    wrapped.errors = [nonFiniteError(path)];
    return false;
  };
  // Fastify passes the request as parent data when it sees schemaEnv (so ajv may replace the root).
  wrapped.schemaEnv = validate.schemaEnv;
  return wrapped;
}

function nonFiniteError(instancePath: string): AjvError {
  return { instancePath, schemaPath: '#/type', keyword: 'type', params: { type: 'number' }, message: 'must be a finite number' };
}

/** The JSON pointer of the first non-finite number in `v`, or null if there is none. */
export function nonFinitePath(v: unknown, path = ''): string | null {
  if (typeof v === 'number') return Number.isFinite(v) ? null : path;
  if (v === null || typeof v !== 'object') return null;
  const entries: Array<[string, unknown]> = Array.isArray(v) ? v.map((x, i) => [String(i), x]) : Object.entries(v);
  for (const [k, x] of entries) {
    const found = nonFinitePath(x, `${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    if (found !== null) return found;
  }
  return null;
}
