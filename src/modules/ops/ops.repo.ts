import type { Queryable } from '../../db/client.js';
import { AppError } from '../../errors.js';

export async function pingDatabase(q: Queryable): Promise<number> {
  const t0 = performance.now();
  try {
    await q.query('select 1');
  } catch {
    throw new AppError('SERVICE_UNAVAILABLE');
  }
  return Math.round((performance.now() - t0) * 100) / 100;
}
