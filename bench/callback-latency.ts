/**
 * The callback → partner webhook latency, the second half of `npm run bench:carriers` (after
 * bench/carriers.ts). A script, not a test.
 *
 * Per engine: a hub in child processes — PostgreSQL: role api (receives the callbacks) and role worker
 * (relay, consumer, dispatcher) as two processes, in a fresh database `ff_bench_cb_latency_<random>`; embedded:
 * one process (role all; PGlite is one process's database) on a new DATA_DIR — a partner with a
 * webhook for `shipment.delivered` to a receiver in this process, BENCH_LATENCY_N carrier shipments
 * (JNE AWBs), then one valid JNE callback ("delivered", X-Callback-Token, the simulator's body) per
 * AWB, paced at a rate per second. Latency = the webhook's arrival at the receiver minus the callback's
 * 200 "accepted" at the sender. Target: p99 ≤ 300 ms, every webhook arrived. The rate is below what the
 * engine carries end to end (the "done/s" column shows what it did): above it, the figure measures the
 * queue's backlog, not how soon the work is woken. PostgreSQL is measured at 50/s; the embedded engine,
 * one process whose database serves each statement in turn (about 22 statements and 10 commits per
 * callback, receiving to webhook), carries about 30/s on this machine and is measured at 15/s, half that.
 *
 * Environment (all optional):
 *   DATABASE_URL   PostgreSQL server (default postgres://postgres:postgres@127.0.0.1:5432/postgres); the
 *                  database ff_bench_cb_latency_<random> is created and dropped on it
 *   REDIS_URL      passed to the hub
 *   BENCH_LATENCY_ENGINES=postgres,embedded   BENCH_LATENCY_N=1000
 *   BENCH_LATENCY_RATE_POSTGRES=50   BENCH_LATENCY_RATE_EMBEDDED=15   (BENCH_LATENCY_RATE sets both)
 *   BENCH_LATENCY_WARMUP=20   callbacks sent (and waited for) before the measured ones
 *   BENCH_KEEP_DB=1  keep ff_bench_cb_latency_<random> afterwards (its timestamps show each stage)
 * Exit code: 0 when every engine's targets pass, 1 otherwise.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import nodeHttp from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import {
  benchServerEnv,
  childStopper,
  cleanupOnSignals,
  commandLine,
  databaseUrl,
  expectStatus,
  fmt,
  http,
  idleCheck,
  log,
  lpad,
  onboardPartner,
  onCleanup,
  pad,
  pgExec,
  runMain,
  sleep,
  startServerProcess,
  type Target,
  warn,
} from './common.js';
import { envFlag, envInt } from './env.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SELF = fileURLToPath(import.meta.url);
const ADMIN_URL = process.env.DATABASE_URL?.trim() || 'postgres://postgres:postgres@127.0.0.1:5432/postgres';
/** A database of this run's own (never one it did not create): dropped at the end unless BENCH_KEEP_DB. */
const BENCH_DB = `ff_bench_cb_latency_${randomBytes(4).toString('hex')}`;
const REDIS_URL = process.env.REDIS_URL?.trim() || undefined;
const JWT_SECRET = 'bench-only-jwt-secret-0123456789abcdefgh';
const CALLBACK_SECRET = 'bench-only-jne-callback-secret-0123456789';
const TARGET_P99_MS = 300;

type Engine = 'postgres' | 'embedded';

// ---------------------------------------------------------------------------------------------
// the child: one hub role, configured by the environment like `fastforward serve --role …`

async function childMain(role: 'api' | 'worker' | 'all'): Promise<void> {
  const { loadConfig } = await import('../src/config/index.js');
  const { openHub } = await import('../src/server.js');
  type Hub = Awaited<ReturnType<typeof openHub>>;
  let hub: Hub | undefined;
  const stop = childStopper(`latency hub (${role})`, async () => hub?.close());
  try {
    hub = await openHub(loadConfig(process.env), { role });
    let port = 1; // a worker does not listen: any non-zero number tells the parent it is ready
    if (hub.app) {
      await hub.app.listen({ host: '127.0.0.1', port: 0 });
      port = (hub.app.server.address() as AddressInfo).port;
    }
    process.send?.({ type: 'ready', port, pid: process.pid });
  } catch (err) {
    const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stderr.write(`latency hub (${role}) failed to start: ${message}\n`);
    process.send?.({ type: 'error', message });
    await stop(1);
  }
}

// ---------------------------------------------------------------------------------------------
// the parent

function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}

/** A webhook receiver: the arrival time of each shipment's `shipment.delivered`. */
async function startReceiver(): Promise<{ url: string; arrivals: Map<string, number>; close(): Promise<void> }> {
  const arrivals = new Map<string, number>();
  const server = nodeHttp.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = performance.now();
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data?: { shipmentId?: string } };
        const id = body.data?.shipmentId;
        if (id && !arrivals.has(id)) arrivals.set(id, at);
      } catch {
        // not a webhook: ignored
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    arrivals,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

interface EngineResult {
  engine: Engine;
  rate: number;
  sent: number;
  acked: number;
  arrived: number;
  p50: number;
  p99: number;
  max: number;
  seconds: number;
}

async function runEngine(engine: Engine, o: { n: number; rate: number; warmup: number }): Promise<EngineResult> {
  const { jneCallbackPayload, simAwb, simCarrierEnv, startCarrierSim } = await import('../src/sim/carriers/server.js');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `ff-bench-cblat-${engine}-`));
  onCleanup(`remove ${tmp}`, async () => fs.rmSync(tmp, { recursive: true, force: true }));
  const sim = await startCarrierSim({ port: 0 });
  onCleanup('stop carrier simulator', () => sim.close());
  const receiver = await startReceiver();
  onCleanup('stop receiver', () => receiver.close());

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...simCarrierEnv(sim.url),
    NODE_ENV: 'production',
    JWT_SECRET,
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: path.join(tmp, 'data'),
    CARRIER_JNE_CALLBACK_SECRET: CALLBACK_SECRET,
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
  };
  delete env.NSQD_HTTP_ADDRESS;
  delete env.CARRIER_JNE_CALLBACK_IPS;
  benchServerEnv(env, { redisUrl: REDIS_URL, profileDir: undefined });
  let benchDbUrl: string | undefined;
  if (engine === 'postgres') {
    benchDbUrl = databaseUrl(ADMIN_URL, BENCH_DB);
    await pgExec(ADMIN_URL, `create database ${BENCH_DB}`);
    if (envFlag('BENCH_KEEP_DB')) log(`  BENCH_KEEP_DB: ${BENCH_DB} is kept after the run`);
    else onCleanup(`drop ${BENCH_DB}`, () => pgExec(ADMIN_URL, `drop database if exists ${BENCH_DB} with (force)`));
    env.DATABASE_URL = benchDbUrl;
  } else delete env.DATABASE_URL;

  const start = (role: 'api' | 'worker' | 'all') =>
    startServerProcess({ script: SELF, args: ['--child', role], env, cwd: ROOT, name: `latency hub (${role}, ${engine})` });
  // The API first: it applies the migrations the worker then finds done.
  const api = await start(engine === 'postgres' ? 'api' : 'all');
  const worker = engine === 'postgres' ? await start('worker') : undefined;
  const base = api.base;
  log(`  ${engine}: hub ${engine === 'postgres' ? `api pid ${api.pid} + worker pid ${worker!.pid}` : `pid ${api.pid} (role all)`}, ${base}`);

  if (benchDbUrl) {
    // The worker's relay LISTENs once it runs: measure from then on (before, the poll would deliver).
    const c = new pg.Client({ connectionString: benchDbUrl });
    await c.connect();
    try {
      const deadline = Date.now() + 30_000;
      while (!(await c.query(`select 1 from pg_stat_activity where datname = current_database() and query = 'LISTEN "ff_callbacks"'`)).rowCount) {
        if (Date.now() > deadline) throw new Error('the worker never LISTENed on ff_callbacks');
        await sleep(100);
      }
    } finally {
      await c.end();
    }
  }

  const partner = await onboardPartner(base, `cblat-${engine}`, String(Date.now()));
  await expectStatus(
    http(base, 'POST', '/api/partner/webhooks', { headers: partner.headers, body: { url: receiver.url, events: ['shipment.delivered'] } }),
    201,
    'webhook endpoint',
  );
  const total = o.warmup + o.n;
  const awbs = Array.from({ length: total }, (_, i) => simAwb('jne', 'delivered', 3_000_000 + i));
  const shipmentOf = new Map<string, string>();
  const t0 = Date.now();
  for (let i = 0; i < total; i += 20) {
    await Promise.all(
      awbs.slice(i, i + 20).map(async (awb, k) => {
        const s = await expectStatus(
          http(base, 'POST', '/api/partner/shipments', {
            headers: partner.headers,
            body: {
              customer: { name: `Customer ${i + k}`, email: `c${i + k}@example.com`, phone: '+6281234567890' },
              pickupLocation: { address: 'Jl. MH Thamrin 1, Jakarta' },
              dropoffLocation: { address: `Jl. Dago ${i + k + 1}, Bandung` },
              packages: [{ weight: 1 }],
              courier: { code: 'jne', awb },
            },
          }),
          201,
          `carrier shipment ${awb}`,
        );
        shipmentOf.set(awb, s.id as string);
      }),
    );
  }
  log(`  ${engine}: ${total} carrier shipments created in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const acks = new Map<string, number>();
  const send = async (awb: string): Promise<void> => {
    const res = await http(base, 'POST', '/callbacks/jne', {
      headers: { 'x-callback-token': CALLBACK_SECRET },
      body: jneCallbackPayload(awb, 'delivered'),
    });
    if (res.status === 200 && (res.body as { message?: string } | undefined)?.message === 'accepted') acks.set(awb, performance.now());
    else warn(`callback ${awb}: ${res.status} ${res.text.slice(0, 200)}`);
  };
  const waitArrivals = async (list: string[], ms: number) => {
    const deadline = Date.now() + ms;
    while (list.some((a) => !receiver.arrivals.has(shipmentOf.get(a)!)) && Date.now() < deadline) await sleep(20);
  };

  // Warm-up: connections, prepared statements, the receiver's keep-alive socket.
  const warm = awbs.slice(0, o.warmup);
  for (const awb of warm) await send(awb);
  await waitArrivals(warm, 15_000);

  // The measured callbacks, paced: one every 1000/rate ms, never waiting for the previous answer.
  const measured = awbs.slice(o.warmup);
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (const [i, awb] of measured.entries()) {
    const due = started + (i * 1000) / o.rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    inFlight.push(send(awb));
  }
  await Promise.all(inFlight);
  await waitArrivals(measured, 60_000);
  const seconds = (performance.now() - started) / 1000;

  const lat: number[] = [];
  for (const awb of measured) {
    const ack = acks.get(awb);
    const at = receiver.arrivals.get(shipmentOf.get(awb)!);
    if (ack !== undefined && at !== undefined) lat.push(at - ack);
  }
  await api.stop();
  await worker?.stop();
  return {
    engine,
    rate: o.rate,
    sent: measured.length,
    acked: measured.filter((a) => acks.has(a)).length,
    arrived: lat.length,
    p50: quantile(lat, 0.5),
    p99: quantile(lat, 0.99),
    max: lat.length ? Math.max(...lat) : Number.NaN,
    seconds,
  };
}

async function parentMain(): Promise<number> {
  const o = {
    n: envInt('BENCH_LATENCY_N', 1000, 1, 100_000),
    rates: {
      postgres: envInt('BENCH_LATENCY_RATE_POSTGRES', envInt('BENCH_LATENCY_RATE', 50, 1, 10_000), 1, 10_000),
      embedded: envInt('BENCH_LATENCY_RATE_EMBEDDED', envInt('BENCH_LATENCY_RATE', 15, 1, 10_000), 1, 10_000),
    } satisfies Record<Engine, number>,
    warmup: envInt('BENCH_LATENCY_WARMUP', 20, 0, 1000),
  };
  const engines = (process.env.BENCH_LATENCY_ENGINES?.trim() || 'postgres,embedded').split(',').map((s) => s.trim()) as Engine[];
  for (const e of engines) if (e !== 'postgres' && e !== 'embedded') throw new Error('BENCH_LATENCY_ENGINES: postgres and/or embedded');
  log(
    `\nCallback → webhook latency — ${o.n} JNE callbacks after ${o.warmup} warm-up, per engine: ${engines.map((e) => `${e} at ${o.rates[e]}/s`).join(', ')}`,
  );
  log(`  command: ${commandLine()}`);
  const busy = await idleCheck(2_000);
  if (busy !== null) log(`  machine busy before start: ${busy.toFixed(0)} % of all CPUs`);
  const results: EngineResult[] = [];
  for (const e of engines) results.push(await runEngine(e, { n: o.n, rate: o.rates[e], warmup: o.warmup }));

  const targets: Target[] = [];
  log('');
  log(
    `| ${pad('engine', 9)} | ${lpad('rate/s', 6)} | ${lpad('sent', 5)} | ${lpad('200', 5)} | ${lpad('webhooks', 8)} | ${lpad('p50 ms', 7)} | ${lpad('p99 ms', 7)} | ${lpad('max ms', 7)} | ${lpad('s', 5)} | ${lpad('done/s', 6)} |`,
  );
  for (const r of results) {
    log(
      `| ${pad(r.engine, 9)} | ${lpad(String(r.rate), 6)} | ${lpad(String(r.sent), 5)} | ${lpad(String(r.acked), 5)} | ${lpad(String(r.arrived), 8)} | ${lpad(fmt(r.p50, 1), 7)} | ${lpad(fmt(r.p99, 1), 7)} | ${lpad(fmt(r.max, 1), 7)} | ${lpad(fmt(r.seconds, 1), 5)} | ${lpad(fmt(r.arrived / r.seconds, 1), 6)} |`,
    );
    targets.push({
      name: `${r.engine}: callback 200 → webhook p99`,
      value: `${fmt(r.p99, 1)} ms`,
      limit: `≤ ${TARGET_P99_MS} ms`,
      pass: r.p99 <= TARGET_P99_MS,
    });
    targets.push({
      name: `${r.engine}: every callback's webhook arrived`,
      value: `${r.arrived}/${r.sent}`,
      limit: 'all',
      pass: r.arrived === r.sent && r.acked === r.sent,
    });
  }
  log('');
  log('Targets');
  for (const t of targets) log(`  ${t.pass ? 'PASS' : 'FAIL'}  ${pad(t.name, 42)} ${lpad(t.value, 12)}  (target ${t.limit})`);
  return targets.every((t) => t.pass) ? 0 : 1;
}

const childIdx = process.argv.indexOf('--child');
if (childIdx >= 0) {
  await childMain(process.argv[childIdx + 1] as 'api' | 'worker' | 'all');
} else {
  cleanupOnSignals();
  await runMain(900, parentMain);
}
