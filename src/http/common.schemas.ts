import { Type, type TSchema } from 'typebox';

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

export const Timestamp = Type.String({ format: 'date-time' });
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** Bounded strings everywhere: nothing unbounded reaches the database. */
export const Str = (max: number, min = 1, extra: Record<string, unknown> = {}) =>
  Type.String({ minLength: min, maxLength: max, ...extra });

export const bearerAuth = [{ bearerAuth: [] as string[] }];
