/**
 * A worker-role hub in its own process, for the at-least-once test (it is SIGKILLed mid-burst).
 * Configured entirely by the environment, like `fastforward worker`; prints "ready" once running.
 */
import { loadConfig } from '../../src/config/index.js';
import { openHub } from '../../src/server.js';

const hub = await openHub(loadConfig(process.env), { role: 'worker' });
process.stdout.write('ready\n');
process.on('SIGTERM', () => void hub.close().finally(() => process.exit(0)));
