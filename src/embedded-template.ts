/**
 * `npm run build` ends with `node dist/embedded-template.js`: it creates, once per build, an embedded
 * database that is initialised, migrated and has the job queue's schema, in `dist/embedded-template/`.
 * A first start on a new DATA_DIR copies it (see `seedFromTemplate` in db/embedded.ts) instead of
 * running PGlite's initdb, the migrations and pg-boss's schema creation, which are most of the time
 * a first start takes. The copy is an ordinary database: the start-up's migrations run on it as on
 * any existing folder, so a template older than the code only means a few migrations at start-up.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from './config/index.js';
import { EMBEDDED_TEMPLATE_DIR, templateStamp } from './db/embedded.js';
import { openHub } from './server.js';

export async function buildEmbeddedTemplate(target = EMBEDDED_TEMPLATE_DIR): Promise<void> {
  // Built aside and renamed into place: a start-up never sees half a template.
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-template-'));
  try {
    const dataDir = path.join(work, 'data');
    const config = loadConfig({
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATA_DIR: dataDir,
      JWT_SECRET: 'embedded-template-build-only-0123456789',
    });
    // The worker role: database, migrations and the job queue's schema, without an HTTP app.
    const hub = await openHub(config, { role: 'worker', deferWorkers: true });
    await hub.close();
    const built = path.join(work, 'pgdata');
    fs.renameSync(path.join(dataDir, 'pgdata'), built);
    fs.writeFileSync(path.join(built, templateStamp.file), templateStamp.value());
    fs.rmSync(target, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.cpSync(built, target, { recursive: true });
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t0 = Date.now();
  await buildEmbeddedTemplate();
  process.stdout.write(`embedded database template in ${EMBEDDED_TEMPLATE_DIR} (${Date.now() - t0} ms)\n`);
  process.exit(0);
}
