/**
 * `npm run client:generate`: write src/client/schema.ts from the OpenAPI document of a hub opened
 * here on a throw-away embedded database (the document depends only on the route schemas).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config/index.js';
import { openHub } from '../src/server.js';
import { clientSource, SCHEMA_FILE } from './client-source.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-openapi-'));
try {
  const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', JWT_SECRET: 'openapi-generation-only-0123456789abcdef' });
  const hub = await openHub(config, { role: 'api', deferWorkers: true });
  try {
    await hub.app!.ready();
    const source = await clientSource(hub.app!.swagger());
    fs.writeFileSync(SCHEMA_FILE, source);
    process.stdout.write(`wrote ${SCHEMA_FILE} (${source.length} characters)\n`);
  } finally {
    await hub.close();
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
