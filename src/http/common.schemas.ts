import { Type, type Static, type TSchema } from 'typebox';

/** The one error envelope, for every 4xx and 5xx. */
export const ErrorResponse = Type.Object(
  {
    code: Type.String({ description: 'Stable machine-readable code, see docs/errors.md' }),
    message: Type.String(),
    details: Type.Optional(Type.Unknown()),
    requestId: Type.Optional(Type.String()),
  },
  { $id: 'ErrorResponse', title: 'ErrorResponse' },
);

export const errorRef = Type.Ref('ErrorResponse');

/** Standard error responses for a route, so OpenAPI documents them. */
export function errors(...statuses: number[]): Record<number, TSchema> {
  const out: Record<number, TSchema> = {};
  for (const s of statuses) out[s] = errorRef;
  return out;
}

export const Pagination = Type.Object({
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
  hasMore: Type.Boolean(),
});

export const PageQuery = {
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
};

/**
 * RFC 3339. On input the hub's `date-time` (src/http/timestamp.ts) also requires a real instant in
 * 1970-01-01T00:00:00Z … 9999-12-31T23:59:59.999Z and refuses leap seconds (`:60`).
 */
export const Timestamp = Type.String({ format: 'date-time' });

/**
 * A bigint row id in a path (admin alerts, carrier callbacks). Bounded to what a JSON number holds
 * exactly, so `9999999999999999999999` is a 400 rather than a bigint overflow in SQL.
 */
export const SerialId = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
/**
 * `T | null`. For a schema with one `type` this is `type: [T, "null"]`, not `anyOf`: the validator
 * coerces types (for query strings), and in `anyOf: [integer, null]` its first branch turns a JSON
 * `null` into 0 — `{"monthlyQuota": null}` became a quota of 0. A type list never coerces a value one
 * of its types already accepts.
 */
export const Nullable = <T extends TSchema>(t: T) => {
  const type = (t as { type?: unknown }).type;
  const schema = typeof type === 'string' ? { ...t, type: [type, 'null'] } : Type.Union([t, Type.Null()]);
  return Type.Unsafe<Static<T> | null>(schema as TSchema);
};

/**
 * Bounded strings everywhere: nothing unbounded reaches the database. Nor does a NUL character:
 * PostgreSQL text cannot hold one, so it failed at the INSERT as a 500. Nor a lone UTF-16 surrogate:
 * jsonb refuses `\ud800` (ajv matches patterns with the `u` flag, so a well-formed pair is one code
 * point and passes). A schema that brings its own `pattern` must exclude both itself.
 */
export const NO_NUL_PATTERN = '^[^\\u0000\\ud800-\\udfff]*$';
export const Str = (max: number, min = 1, extra: Record<string, unknown> = {}) =>
  Type.String({ minLength: min, maxLength: max, pattern: NO_NUL_PATTERN, ...extra });

export const bearerAuth = [{ bearerAuth: [] as string[] }];
/** Admin operations: an admin bearer token, or the dashboard's session cookie (with X-CSRF-Token on changes). */
export const adminAuth: Array<Record<string, string[]>> = [{ bearerAuth: [] }, { adminSession: [] }];
/** An operation without credentials (onboarding, the credential exchanges, public pages' data): said explicitly, so generated clients send none. */
export const noAuth: Array<Record<string, string[]>> = [];
