/**
 * The server under test for `npm run bench:api`, run by bench/api.ts in its own process (autocannon
 * and the server must not share an event loop). It is the real hub (`openHub`, role api) plus:
 *   GET /__bench/floor/:id  — the floor: exactly one primary-key SELECT on the hub's own pool;
 *   GET /__bench/floor-list/:companyId — the list's floor: one SELECT of the same 50 rows, serialised;
 *   GET /__bench/stats      — how many queries the process has sent, to count queries per request;
 *   POST /__bench/profile/start, /__bench/profile/stop?name=… — a CPU profile of exactly one measured
 *                             run, written to BENCH_PROFILE_DIR (only when that is set).
 * It tells the parent its port over IPC and stops on a `stop` message, SIGTERM/SIGINT, or when the
 * parent goes away.
 */
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { loadConfig } from '../src/config/index.js';
import { openHub, type Hub } from '../src/server.js';
import { buildTracking, TrackingResponse } from '../src/modules/tracking/tracking.js';
import { childStopper } from './common.js';
import { registerListFloor, registerProfiler, registerSelectFloor } from './server-routes.js';

// Counts every statement any pg client of this process sends (pool.query goes through Client#query
// too; BEGIN/COMMIT count as what they are: round trips).
let queries = 0;
const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
const originalQuery = proto.query;
proto.query = function countedQuery(this: unknown, ...args: unknown[]) {
  queries++;
  return originalQuery.apply(this, args);
};

type ChildMessage = { type: 'ready'; port: number; pid: number } | { type: 'error'; message: string };

const send = (msg: ChildMessage) => {
  if (process.send) process.send(msg);
};

let hub: Hub | undefined;
const stop = childStopper('bench server', async () => hub?.close());

try {
  hub = await openHub(loadConfig(process.env), { role: 'api' });
  const app = hub.app;
  if (!app) throw new Error('openHub(role api) returned no HTTP app');
  const pool = hub.deps.database.pool;

  registerSelectFloor(app, pool);
  registerListFloor(app, pool);
  app.get('/__bench/stats', async () => ({ queries }));

  // Diagnostics (measured only when BENCH_ROUTES names them): the tracking route taken apart.
  // floor-auth = the floor plus the partner authentication every partner route runs;
  // tracking-noauth = the tracking query and mapping, without the partner scope's hooks.
  const services = hub.services;
  app.get('/__bench/floor-auth/:id', async (req, reply) => {
    const partner = await services.auth.resolvePartner(req.headers.authorization);
    const res = await pool.query<{ id: string; name: string; tier: string }>({
      name: 'bench_floor',
      text: 'select id, name, tier from companies where id = $1',
      values: [partner.companyId],
    });
    const row = res.rows[0];
    if (!row) return reply.code(404).send({ code: 'NOT_FOUND', message: 'no such company' });
    return row;
  });
  app.get('/__bench/tracking-noauth/:tn', { schema: { response: { 200: TrackingResponse } } }, async (req) => {
    const { tn } = req.params as { tn: string };
    const { c } = req.query as { c?: string };
    const row = await services.shipments.findByTrackingNumber(c ?? '', tn);
    if (!row) throw new Error(`no such shipment ${tn}`); // 500: counted as a failed request
    return buildTracking(row);
  });

  await registerProfiler(app, process.env.BENCH_PROFILE_DIR);

  app.server.keepAliveTimeout = 72_000; // as `serve` does
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as AddressInfo).port;
  send({ type: 'ready', port, pid: process.pid });
} catch (err) {
  const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(`bench server failed to start: ${message}\n`);
  send({ type: 'error', message });
  await stop(1);
}
