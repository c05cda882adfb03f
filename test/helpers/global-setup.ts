import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/client.js';
import { runMigrations } from '../../src/db/migrate.js';
import { startJobs } from '../../src/jobs/queue.js';
import { JOB_DEFINITIONS } from '../../src/workers.js';
import { createLogger } from '../../src/lib/logger.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** PGlite: a migrated data folder to copy. PostgreSQL: the template database's name. */
    template: { kind: 'embedded'; dir: string } | { kind: 'postgres'; url: string; name: string; prefix: string };
  }
}

/**
 * Every database a run creates carries the run's id: the template is `ff_test_template_<run>` and
 * each test file's copy `ff_t_<run>_<random>` (see `createTestHub`). The teardown drops exactly the
 * names of its own run, so a run never touches a database it did not create — neither another run's
 * on the same server (two runs at once work) nor anything else that happens to look like ours.
 * A run that is killed before its teardown leaves its databases behind; they are named by run id so
 * that they can be recognised and dropped by hand.
 */
export function runDatabaseNames(runId: string): { template: string; prefix: string } {
  if (!/^[0-9a-f]{8,}$/.test(runId)) throw new Error(`bad run id ${runId}`);
  return { template: `ff_test_template_${runId}`, prefix: `ff_t_${runId}_` };
}

/**
 * Migrates one template (schema + pg-boss schema) before any test file runs; each file then starts
 * from a copy: `CREATE DATABASE … TEMPLATE` on PostgreSQL, a folder copy on PGlite (reopening a
 * folder takes ~0.6 s, initialising a new one ~5 s).
 */
export default async function setup(project: Pick<TestProject, 'provide'>) {
  const log = createLogger({ logLevel: 'silent', env: 'test' });
  const url = process.env.DATABASE_URL;
  if (url) {
    const { template, prefix } = runDatabaseNames(randomBytes(6).toString('hex'));
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${template}`);
    const templateUrl = withDatabase(url, template);
    const db = await openDatabase({ url: templateUrl, dataDir: null, poolMax: 2 });
    await runMigrations(db);
    const jobs = await startJobs(db, log, { worker: false, definitions: JOB_DEFINITIONS });
    await jobs.stop();
    await db.close();
    project.provide('template', { kind: 'postgres', url, name: template, prefix });
    return async () => {
      // Only this run's databases: the template and the copies named with this run's prefix
      // (starts_with, not LIKE: `_` is a LIKE wildcard).
      const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE starts_with(datname, $1) OR datname = $2`, [
        prefix,
        template,
      ]);
      // Copies first: a template cannot be dropped while it is being copied.
      rows.sort((a, b) => Number(a.datname === template) - Number(b.datname === template));
      for (const r of rows) await admin.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`).catch(() => {});
      await admin.end();
    };
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-test-'));
  const dir = path.join(root, 'template');
  const db = await openDatabase({ url: undefined, dataDir: dir, poolMax: 1 });
  await runMigrations(db);
  const jobs = await startJobs(db, log, { worker: false, definitions: JOB_DEFINITIONS });
  await jobs.stop();
  await db.close();
  project.provide('template', { kind: 'embedded', dir });
  return async () => fs.rmSync(root, { recursive: true, force: true });
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
