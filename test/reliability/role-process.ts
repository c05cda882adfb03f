/**
 * A hub of one role (HUB_ROLE: api, worker or all) in its own process, configured by the environment
 * like `fastforward serve`; prints "ready <port>" once up (port 0 for a worker, which does not listen).
 */
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/config/index.js';
import { serve, type Role } from '../../src/server.js';

const role = (process.env.HUB_ROLE ?? 'all') as Role;
await serve(loadConfig(process.env), role, async (hub) => {
  const port = hub.app ? (hub.app.server.address() as AddressInfo).port : 0;
  process.stdout.write(`ready ${port}\n`);
});
