/**
 * A whole hub (API + workers) in its own process, for the kill tests: configured entirely by the
 * environment like `fastforward serve`, listening on PORT (0 = any); prints "ready <port>" once up.
 */
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/config/index.js';
import { serve } from '../../src/server.js';

await serve(loadConfig(process.env), 'all', async (hub) => {
  const port = (hub.app!.server.address() as AddressInfo).port;
  process.stdout.write(`ready ${port}\n`);
});
