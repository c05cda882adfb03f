import { describe, expect, it } from 'vitest';
import { page, pagination } from './page.js';

describe('pagination', () => {
  it('has more while rows remain after this page', () => {
    expect(pagination({ limit: 2, offset: 0 }, 2, 5)).toEqual({ total: 5, limit: 2, offset: 0, hasMore: true });
    expect(pagination({ limit: 2, offset: 2 }, 2, 5).hasMore).toBe(true);
    expect(pagination({ limit: 2, offset: 4 }, 1, 5).hasMore).toBe(false);
  });

  it('an exactly full last page has no more', () => {
    expect(pagination({ limit: 2, offset: 2 }, 2, 4).hasMore).toBe(false);
  });

  it('an offset past the end: empty page, no more', () => {
    expect(pagination({ limit: 10, offset: 50 }, 0, 3)).toEqual({ total: 3, limit: 10, offset: 50, hasMore: false });
  });

  it('counts the rows returned, not the limit asked for', () => {
    // Rows may vanish between the page and the count: a short page below the total still has more.
    expect(pagination({ limit: 10, offset: 0 }, 3, 4).hasMore).toBe(true);
    expect(page(['a', 'b'], 3, { limit: 2, offset: 0 })).toEqual({ data: ['a', 'b'], pagination: { total: 3, limit: 2, offset: 0, hasMore: true } });
  });
});
