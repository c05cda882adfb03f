import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import setup, { runDatabaseNames } from '../helpers/global-setup.js';
import { createTestHub, type TestHub } from '../helpers/hub.js';

/**
 * The test harness shares its PostgreSQL server with whatever else lives there (another run of the
 * suite, a developer's databases): a run drops only the databases it created. Here a second run's
 * whole setup and teardown happens on the server while this run is in progress, next to databases
 * named like ours; only the second run's own databases may go.
 */
const url = process.env.DATABASE_URL;

describe.skipIf(!url)('test databases on a shared PostgreSQL server', () => {
  let hub: TestHub;
  let admin: pg.Client;
  const hex = () => randomBytes(6).toString('hex');
  // Named like the harness's databases, but not this run's: the old teardown dropped all of them.
  const foreign = [`ff_t_foreign_${hex()}`, runDatabaseNames(hex()).template, `${runDatabaseNames(hex()).prefix}${hex()}`];
  const created: string[] = [];

  const exists = async (name: string) => (await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).rowCount === 1;

  beforeAll(async () => {
    hub = await createTestHub();
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    for (const name of foreign) {
      await admin.query(`CREATE DATABASE ${name}`);
      created.push(name);
    }
    // The fixed name that earlier versions of the harness used, if nobody has it yet.
    if (!(await exists('ff_test_template'))) {
      await admin.query(`CREATE DATABASE ff_test_template`).then(
        () => created.push('ff_test_template'),
        () => {}, // created by someone else in the meantime: theirs, not checked
      );
    }
  }, 60_000);

  afterAll(async () => {
    for (const name of created) await admin?.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    await admin?.end();
    await hub?.close();
  });

  it("a second run's teardown drops its own template and copies, and nothing else", async () => {
    const provided: unknown[] = [];
    const teardown = await setup({ provide: ((_key: string, value: unknown) => provided.push(value)) as never });
    const other = provided[0] as { kind: 'postgres'; name: string; prefix: string };
    expect(other.kind).toBe('postgres');
    const ours = inject('template');
    if (ours.kind !== 'postgres') throw new Error('expected a PostgreSQL template');
    expect(other.name).not.toBe(ours.name);
    expect(other.prefix).not.toBe(ours.prefix);

    // A copy the second run made, as createTestHub does.
    const copy = `${other.prefix}${hex()}`;
    await admin.query(`CREATE DATABASE ${copy} TEMPLATE ${other.name}`);
    expect(await exists(copy)).toBe(true);

    await teardown();

    expect(await exists(other.name)).toBe(false);
    expect(await exists(copy)).toBe(false);
    for (const name of created) expect(await exists(name), name).toBe(true);
    // This run's template and this file's own database are untouched, and still in use.
    expect(await exists(ours.name)).toBe(true);
    expect(await exists(new URL(hub.config.db.url!).pathname.slice(1))).toBe(true);
    const { rows } = await hub.deps.database.pool.query<{ one: number }>('select 1 as one');
    expect(rows[0]!.one).toBe(1);
  }, 60_000);
});
