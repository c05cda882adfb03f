/**
 * A worker-role hub in its own process whose idle polls are all `POLL_MS` long (relay, queues,
 * dispatcher), for the wake-up test: with polls that long, only a wake-up explains a fast delivery.
 * Configured by the environment like `fastforward worker`; prints "ready" once running.
 */
import { loadConfig } from '../../src/config/index.js';
import { openHub } from '../../src/server.js';

const ms = Number(process.env.POLL_MS ?? 60_000);
const hub = await openHub(loadConfig(process.env), { role: 'worker', polls: { relayMs: ms, queueSeconds: ms / 1000, dispatcherMs: ms } });
process.stdout.write('ready\n');
process.on('SIGTERM', () => void hub.close().finally(() => process.exit(0)));
