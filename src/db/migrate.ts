import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle, migrate } from './orm.js';
import type { Database } from './client.js';

/** Same relative place from `src/db` and `dist/db`. */
export const MIGRATIONS_FOLDER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../drizzle');

// Any constant: several processes starting at once apply migrations one at a time.
const MIGRATION_LOCK = 724_151_001;

export async function runMigrations(database: Database): Promise<void> {
  // A session without the pool's statement timeouts: a migration may rewrite a big table, and the
  // advisory lock waits for as long as another process migrates.
  const { client, release } = await database.openSession();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_FOLDER });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await release();
  }
}
