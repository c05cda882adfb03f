/** The `pagination` block of an offset-paged list (its schema: `Pagination` in http/common.schemas.ts). */
export interface Pagination {
  total: number;
  limit: number;
  offset: number;
  /** Rows remain after this page. */
  hasMore: boolean;
}

/** Pagination of a page of `returned` rows taken at `q.offset` from `total` matching rows. */
export function pagination(q: { limit: number; offset: number }, returned: number, total: number): Pagination {
  return { total, limit: q.limit, offset: q.offset, hasMore: q.offset + returned < total };
}

/** A page as the list routes answer it: the rows and their pagination. */
export function page<T>(data: T[], total: number, q: { limit: number; offset: number }): { data: T[]; pagination: Pagination } {
  return { data, pagination: pagination(q, data.length, total) };
}
