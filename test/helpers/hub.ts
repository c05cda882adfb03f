import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import type { Logger } from 'pino';
import { inject } from 'vitest';
import { loadConfig, type Config } from '../../src/config/index.js';
import { openHub, type Hub, type Role } from '../../src/server.js';

export interface TestHub extends Hub {
  app: FastifyInstance;
  config: Config;
  dataDir: string;
}

/**
 * A fresh copy of the migrated template for this test: on PostgreSQL a new database, whose URL is
 * returned (named with this run's prefix: the run's teardown drops it, and nothing else); embedded, a
 * copy of the template's data folder in `dataDir/pgdata` (undefined is returned).
 */
export async function freshDatabase(dataDir: string): Promise<string | undefined> {
  const template = inject('template');
  if (template.kind !== 'postgres') {
    fs.cpSync(template.dir, path.join(dataDir, 'pgdata'), { recursive: true });
    return undefined;
  }
  const name = `${template.prefix}${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: template.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template.name}`);
  await admin.end();
  const u = new URL(template.url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * A whole hub (database, migrations, job queue, services, HTTP app) on a fresh copy of the migrated
 * template, for one test file. Talks to PostgreSQL + Redis when DATABASE_URL / REDIS_URL are set,
 * to embedded PGlite otherwise.
 */
export async function createTestHub(opts: { role?: Role; env?: Record<string, string>; log?: Logger } = {}): Promise<TestHub> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-hub-'));
  const env: Record<string, string | undefined> = {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    DATA_DIR: dataDir,
    REDIS_URL: process.env.REDIS_URL,
    JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
    ...opts.env,
  };
  const url = await freshDatabase(dataDir);
  if (url) env.DATABASE_URL = url;
  const config = loadConfig(env);
  const hub = await openHub(config, { role: opts.role ?? 'api', ...(opts.log ? { log: opts.log } : {}) });
  if (!hub.app) throw new Error('test hub needs the API role');
  await hub.app.ready();
  return {
    ...hub,
    app: hub.app,
    config,
    dataDir,
    async close() {
      await hub.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function json<T = any>(res: LightMyRequestResponse): T {
  return JSON.parse(res.body) as T;
}
