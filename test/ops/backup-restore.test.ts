import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { openHub, type Hub } from '../../src/server.js';
import { newPartner, newShipment } from '../helpers/factories.js';
import { addWebhook } from '../helpers/webhooks.js';

/**
 * The backup and restore of docs/deployment.md, run for real: a database created and migrated by the
 * hub, data written through the API (a company, its key, shipments, a webhook), `pg_dump` in custom
 * format, `pg_restore` into a FRESH database, and a hub on the restored database serving the same data
 * (the same key and secret log in, the shipments and the webhook are listed). The binaries are those of
 * the server's major version (/usr/lib/postgresql/<major>/bin). Only the two databases made here are
 * dropped; they carry this run's prefix, so the run's teardown drops them too if this file is killed.
 *
 * PostgreSQL only: the embedded engine is a data folder (DATA_DIR/pgdata), backed up by copying it
 * with the hub stopped — nothing pg_dump could be run against.
 */
const run = promisify(execFile);
const serverUrl = process.env.DATABASE_URL;
const JWT_SECRET = 'backup-test-secret-long-enough-0123456789';

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

describe.skipIf(!serverUrl)('backup and restore (pg_dump / pg_restore) — PostgreSQL only: the embedded engine has no server to dump', () => {
  let admin: pg.Client;
  let tmp: string;
  let bin: string;
  const made: string[] = [];
  const hubs: Hub[] = [];

  async function hubOn(name: string): Promise<Hub> {
    const hub = await openHub(
      loadConfig({
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        DATA_DIR: tmp,
        DATABASE_URL: withDatabase(serverUrl!, name),
        JWT_SECRET,
        WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      }),
      { role: 'api' },
    );
    hubs.push(hub);
    await hub.app!.ready();
    return hub;
  }

  async function createDatabase(): Promise<string> {
    const template = inject('template');
    const prefix = template.kind === 'postgres' ? template.prefix : 'ff_t_';
    const name = `${prefix}bk_${randomBytes(5).toString('hex')}`;
    await admin.query(`CREATE DATABASE ${name}`);
    made.push(name);
    return name;
  }

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-backup-'));
    admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    const major = Math.floor(Number((await admin.query<{ v: string }>("select current_setting('server_version_num') as v")).rows[0]!.v) / 10_000);
    bin = `/usr/lib/postgresql/${major}/bin`;
    if (!fs.existsSync(`${bin}/pg_dump`) || !fs.existsSync(`${bin}/pg_restore`))
      throw new Error(`pg_dump/pg_restore for PostgreSQL ${major} not found in ${bin}: install postgresql-client-${major}`);
  });
  afterAll(async () => {
    for (const h of hubs) await h.close();
    for (const name of made) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin?.end();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('a hub on the restored database serves the same company, key, shipments and webhook', async () => {
    // 1. A new database, migrated by the hub's start-up, with data written through the API.
    const source = await createDatabase();
    const before = await hubOn(source);
    const partner = await newPartner(before.app!, { tier: 'professional' });
    const shipments = [await newShipment(before.app!, partner), await newShipment(before.app!, partner), await newShipment(before.app!, partner)];
    const webhook = await addWebhook(before.app!, partner, 'http://127.0.0.1:9999/hooks', ['shipment.created']);
    await before.close();

    // 2. The commands of docs/deployment.md "Backups and restore".
    const dump = path.join(tmp, 'fastforward.dump');
    await run(`${bin}/pg_dump`, ['--format=custom', '--no-owner', `--file=${dump}`, withDatabase(serverUrl!, source)]);
    expect(fs.statSync(dump).size).toBeGreaterThan(0);
    const target = await createDatabase();
    await run(`${bin}/pg_restore`, ['--no-owner', '--exit-on-error', '--single-transaction', `--dbname=${withDatabase(serverUrl!, target)}`, dump]);

    // 3. A hub on the restored database: the same key and secret log in, the same data is served.
    const after = await hubOn(target);
    const app = after.app!;
    const auth = await app.inject({ method: 'POST', url: '/api/partner/auth', payload: { apiKey: partner.apiKey, secret: partner.secret } });
    expect(auth.statusCode, auth.body).toBe(200);
    const headers = { authorization: `Bearer ${auth.json().token as string}` };
    // The token issued before the backup is still valid too (same JWT_SECRET).
    const me = await app.inject({ method: 'GET', url: '/api/partner/me', headers: partner.headers });
    expect(me.statusCode, me.body).toBe(200);
    const list = await app.inject({ method: 'GET', url: '/api/partner/shipments?limit=50', headers });
    expect(list.statusCode, list.body).toBe(200);
    const listed = (list.json().data as Array<{ id: string; trackingNumber: string }>).map((s) => [s.id, s.trackingNumber]).sort();
    expect(listed).toEqual(shipments.map((s: { id: string; trackingNumber: string }) => [s.id, s.trackingNumber]).sort());
    const hooks = await app.inject({ method: 'GET', url: '/api/partner/webhooks', headers });
    expect(hooks.statusCode, hooks.body).toBe(200);
    expect((hooks.json().data as Array<{ id: string }>).map((w) => w.id)).toEqual([webhook.id]);
    // The migrations found everything applied: nothing is pending on the restored copy.
    const applied = await after.deps.database.pool.query<{ n: number }>('select count(*)::int as n from drizzle.__drizzle_migrations');
    const journal = JSON.parse(fs.readFileSync('drizzle/meta/_journal.json', 'utf8')) as { entries: unknown[] };
    expect(applied.rows[0]!.n).toBe(journal.entries.length);
  }, 120_000);
});
