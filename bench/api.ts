/**
 * `npm run bench:api` — the partner API's performance check. A script, not a test.
 *
 * 1. API on PostgreSQL: a fresh database `ff_bench`, the hub in a child process (bench/server.ts),
 *    seeded through HTTP; then autocannon (50 connections, ~2 s warm-up + ~10 s per route) on
 *    floor → tracking → floor-list → list → create, the whole round repeated (interleaved) and reported
 *    as medians. Targets: tracking ≥ 70 % of the floor's req/s with p99 ≤ 2× the floor's; create ≥ 35 %;
 *    the 50-row list ≥ 60 % of floor-list (one query reading the same 50 rows, serialised).
 *    Then the API log and metrics check (bench/api-log.ts): tracking on a server with API_LOG_ENABLED and
 *    METRICS_ENABLED against one with both off, interleaved; target on ≥ 90 % of off.
 * 2. Embedded mode: `node dist/cli.js serve` on a brand-new DATA_DIR until /healthz answers
 *    (≤ 6 s), then a restart on the same folder (≤ 2 s); medians of several runs.
 *
 * Environment (all optional):
 *   DATABASE_URL          server to use (default postgres://postgres:postgres@127.0.0.1:5432/postgres);
 *                         the benchmark creates and drops the database `ff_bench` on it
 *   REDIS_URL             passed to the server under test when set
 *   BENCH_ROUNDS=3  BENCH_DURATION=10  BENCH_WARMUP=2  BENCH_CONNECTIONS=50  BENCH_SEED=2000
 *   BENCH_EMBEDDED_RUNS=3  BENCH_SKIP_API=1  BENCH_SKIP_EMBEDDED=1  BENCH_SKIP_BUILD=1
 *   BENCH_LOG_ROUNDS=3  BENCH_LOG_DURATION=8  BENCH_SKIP_LOG=1   the API log + metrics comparison
 *   BENCH_CPU_PROF=1      CPU-profile the server during each measured run (bench/results/prof-<time>/r<round>-<route>.cpuprofile);
 *                         the profiler slows every route a little, so compare profiles, not req/s
 *   BENCH_ROUTES=floor,tracking   measure only these routes; diagnostics: floor-auth (floor + partner
 *                         authentication), tracking-noauth (tracking query + mapping, no partner hooks)
 *   BENCH_PG_SET=synchronous_commit=off   diagnostics: settings for ff_bench (ALTER DATABASE … SET)
 *   BENCH_CREATE_COMPANIES=N  diagnostics: spread the creates over N companies (default 1: one partner)
 *   BENCH_KEEP_DB=1       keep ff_bench afterwards (to EXPLAIN its queries); the next run drops it
 * Exit code: 0 when every target passes and no request failed, 1 otherwise.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Options as CannonOptions } from 'autocannon';
import {
  type BenchServer,
  cleanupOnSignals,
  databaseUrl,
  expectStatus,
  fmt,
  http,
  idleCheck,
  log,
  lpad,
  measureRoute,
  median,
  NOISY_PCT,
  onboardPartner,
  onCleanup,
  pad,
  type Partner,
  pct,
  pgExec,
  pgServerVersion,
  type RouteRun,
  runLine,
  sleep,
  startServerProcess,
  summarise,
  type Target,
  waitExit,
  warn,
  runMain,
  reportNoise,
  benchServerEnv,
} from './common.js';
import { envFlag, envInt } from './env.js';
import { benchApiLog, LOG_OPTS } from './api-log.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS_DIR = path.join(ROOT, 'bench', 'results');
const PROFILE_DIR = path.join(RESULTS_DIR, `prof-${new Date().toISOString().replace(/[:.]/g, '-')}`);

const OPTS = {
  rounds: envInt('BENCH_ROUNDS', 3, 1, 20),
  duration: envInt('BENCH_DURATION', 10, 1, 120),
  warmup: envInt('BENCH_WARMUP', 2, 0, 60),
  connections: envInt('BENCH_CONNECTIONS', 50, 1, 1000),
  seed: envInt('BENCH_SEED', 2000, 1, 100_000),
  embeddedRuns: envInt('BENCH_EMBEDDED_RUNS', 3, 1, 10),
  skipApi: envFlag('BENCH_SKIP_API'),
  skipEmbedded: envFlag('BENCH_SKIP_EMBEDDED'),
  skipBuild: envFlag('BENCH_SKIP_BUILD'),
  cpuProf: envFlag('BENCH_CPU_PROF'),
  createCompanies: envInt('BENCH_CREATE_COMPANIES', 1, 1, 15),
};

const ADMIN_URL = process.env.DATABASE_URL?.trim() || 'postgres://postgres:postgres@127.0.0.1:5432/postgres';
const BENCH_DB = 'ff_bench';
const BENCH_DB_URL = databaseUrl(ADMIN_URL, BENCH_DB);
const REDIS_URL = process.env.REDIS_URL?.trim() || undefined;
const JWT_SECRET = 'bench-only-jwt-secret-0123456789abcdefgh'; // 40 chars, fixed: runs are comparable
const ADMIN_EMAIL = 'bench-admin@example.com';
const ADMIN_PASSWORD = 'bench-admin-password-1234';
const RUN_ID = randomBytes(3).toString('hex').toUpperCase();

type RouteName = 'floor' | 'tracking' | 'floor-list' | 'list' | 'create' | 'floor-auth' | 'tracking-noauth';
const DEFAULT_ROUTES: RouteName[] = ['floor', 'tracking', 'floor-list', 'list', 'create'];
const ALL_ROUTES: RouteName[] = ['floor', 'floor-auth', 'tracking-noauth', 'tracking', 'floor-list', 'list', 'create'];
const ROUTES: RouteName[] = (() => {
  const raw = process.env.BENCH_ROUTES?.trim();
  if (!raw) return DEFAULT_ROUTES;
  const picked = raw.split(',').map((s) => s.trim()) as RouteName[];
  for (const r of picked) if (!ALL_ROUTES.includes(r)) throw new Error(`BENCH_ROUTES: unknown route ${r}`);
  return ALL_ROUTES.filter((r) => picked.includes(r));
})();

// ---------------------------------------------------------------------------------------------
// small helpers

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

cleanupOnSignals();

// ---------------------------------------------------------------------------------------------
// build

function build(): { ok: boolean; ms: number; note: string } {
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const t0 = Date.now();
  let r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
  // As `npm run build` does: the embedded database template that a first start copies.
  if (r.status === 0)
    r = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'embedded-template.js')], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
  const ms = Date.now() - t0;
  if (r.status === 0) return { ok: true, ms, note: 'built' };
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(0, 20).join('\n');
  return { ok: false, ms, note: `build failed (status ${r.status ?? r.signal ?? r.error?.message}):\n${out}` };
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL: a fresh ff_bench

const benchDbQuery = (sql: string) => pgExec(BENCH_DB_URL, sql);
const adminQuery = (sql: string) => pgExec(ADMIN_URL, sql);

async function createBenchDb(): Promise<void> {
  await adminQuery(`drop database if exists ${BENCH_DB} with (force)`);
  await adminQuery(`create database ${BENCH_DB}`);
  // Diagnostics only: e.g. BENCH_PG_SET="synchronous_commit=off" to see what commit flushes cost.
  for (const item of (process.env.BENCH_PG_SET ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)) {
    const m = /^([a-z_]+)=([A-Za-z0-9_.]+)$/.exec(item);
    if (!m) throw new Error(`BENCH_PG_SET: expected name=value, got ${item}`);
    await adminQuery(`alter database ${BENCH_DB} set ${m[1]} = '${m[2]}'`);
    warn(`DIAGNOSTIC RUN: ${BENCH_DB} has ${m[1]} = ${m[2]} — not a production setting; do not quote these figures as the benchmark`);
  }
  if (envFlag('BENCH_KEEP_DB')) log(`  BENCH_KEEP_DB: ${BENCH_DB} is kept after the run (for EXPLAIN); the next run drops it`);
  else onCleanup('drop ff_bench', () => adminQuery(`drop database if exists ${BENCH_DB} with (force)`));
}

// ---------------------------------------------------------------------------------------------
// the server under test

async function startBenchServer(tmpDir: string, extra: Record<string, string> = {}): Promise<BenchServer> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...extra,
    NODE_ENV: 'production',
    DATABASE_URL: BENCH_DB_URL,
    JWT_SECRET,
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: path.join(tmpDir, 'data'),
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
  };
  benchServerEnv(env, { redisUrl: REDIS_URL, profileDir: OPTS.cpuProf ? PROFILE_DIR : undefined });
  return startServerProcess({ script: path.join(ROOT, 'bench', 'server.ts'), env, cwd: ROOT, name: 'bench server' });
}

// ---------------------------------------------------------------------------------------------
// seed

interface Seed {
  reader: Partner; // owns the seeded shipments: tracking and list
  writer: Partner; // creates during the benchmark, so the list's table stays the same size
  /** [writer] by default; BENCH_CREATE_COMPANIES=N spreads creates over N companies (diagnostics) */
  writers: Partner[];
  trackingNumber: string;
  trackingEvents: number;
  seeded: number;
  seedMs: number;
}

function shipmentBody(trackingNumber: string | undefined, n: number) {
  return {
    ...(trackingNumber ? { trackingNumber } : {}),
    customer: { name: `Customer ${n}`, email: `customer${n}@example.com`, phone: '+15555550100' },
    pickupLocation: { address: '123 Warehouse St, New York, NY', name: 'NY Hub' },
    dropoffLocation: { address: `${100 + (n % 900)} Home Ave, Los Angeles, CA` },
    packages: [
      { weight: 2.5, dimensions: '12x8x6', contents: 'Electronics' },
      ...(n % 3 === 0 ? [{ weight: 1.2, dimensions: '6x6x4', contents: 'Accessories' }] : []),
    ],
    totalCost: 25 + (n % 40),
  };
}

async function seed(base: string): Promise<Seed> {
  const t0 = Date.now();
  // A per-run address from 198.18.0.0/15 (RFC 2544, benchmarking); only used when TRUST_PROXY is on.
  const xff = REDIS_URL ? { 'x-forwarded-for': `198.18.${randomBytes(1)[0]!}.${1 + (randomBytes(1)[0]! % 254)}` } : undefined;

  const partner = (label: string): Promise<Partner> => onboardPartner(base, label, RUN_ID, xff);

  const reader = await partner('reader');
  const writer = await partner('writer');
  const writers = [writer];
  for (let i = 1; i < OPTS.createCompanies; i++) writers.push(await partner(`writer${i}`));

  const login = await expectStatus(
    http(base, 'POST', '/api/admin/login', { headers: xff, body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } }),
    200,
    'admin login',
  );
  const admin = { authorization: `Bearer ${login.token as string}` };
  // Far from the 90 % rule, whatever the run creates.
  for (const p of [reader, ...writers]) {
    await expectStatus(
      http(base, 'PATCH', `/api/admin/companies/${p.companyId}`, { headers: admin, body: { capacity: 10_000_000 } }),
      200,
      'raise capacity',
    );
  }

  // ~2,000 shipments for the reader, 16 at a time.
  const numbers: string[] = [];
  const ids: string[] = [];
  let next = 0;
  const worker = async () => {
    for (;;) {
      const n = next++;
      if (n >= OPTS.seed) return;
      const tn = `SEED-${RUN_ID}-${String(n).padStart(6, '0')}`;
      const body = await expectStatus(
        http(base, 'POST', '/api/partner/shipments', { headers: reader.headers, body: shipmentBody(tn, n) }),
        201,
        `seed shipment ${n}`,
      );
      numbers[n] = tn;
      ids[n] = body.id as string;
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));

  // The tracked shipment has a history, as a real one would: assigned (to the writer), picked up, in transit.
  const pick = Math.floor(OPTS.seed / 2);
  const trackingNumber = numbers[pick]!;
  const shipmentId = ids[pick]!;
  await expectStatus(
    http(base, 'POST', `/api/admin/shipments/${shipmentId}/assign`, { headers: admin, body: { companyId: writer.companyId } }),
    200,
    'assign',
  );
  for (const [status, location] of [
    ['picked_up', 'NY Hub'],
    ['in_transit', 'Chicago, IL'],
  ] as const) {
    await expectStatus(
      http(base, 'POST', `/api/partner/shipments/${shipmentId}/events`, {
        headers: writer.headers,
        body: { status, location, notes: `bench ${status}` },
      }),
      200,
      `event ${status}`,
    );
  }
  const check = await expectStatus(http(base, 'GET', `/api/partner/tracking/${trackingNumber}`, { headers: reader.headers }), 200, 'tracking check');
  const events = (check.events as unknown[]).length;
  const list = await expectStatus(http(base, 'GET', '/api/partner/shipments?limit=50', { headers: reader.headers }), 200, 'list check');
  const total = (list.pagination as { total: number }).total;
  if (total !== OPTS.seed) throw new Error(`list check: expected ${OPTS.seed} shipments, the API reports ${total}`);
  return { reader, writer, writers, trackingNumber, trackingEvents: events, seeded: total, seedMs: Date.now() - t0 };
}

// ---------------------------------------------------------------------------------------------
// measuring

function routeOptions(route: RouteName, base: string, s: Seed): CannonOptions {
  const common = { url: base, connections: OPTS.connections, title: route };
  switch (route) {
    case 'floor':
      return { ...common, url: `${base}/__bench/floor/${s.reader.companyId}` };
    case 'tracking':
      return { ...common, url: `${base}/api/partner/tracking/${s.trackingNumber}`, headers: s.reader.headers };
    case 'floor-auth':
      return { ...common, url: `${base}/__bench/floor-auth/x`, headers: s.reader.headers };
    case 'tracking-noauth':
      return { ...common, url: `${base}/__bench/tracking-noauth/${s.trackingNumber}?c=${s.reader.companyId}` };
    case 'floor-list':
      return { ...common, url: `${base}/__bench/floor-list/${s.reader.companyId}` };
    case 'list':
      return { ...common, url: `${base}/api/partner/shipments?limit=50`, headers: s.reader.headers };
    case 'create': {
      const headersOf = s.writers.map((w) => ({ ...w.headers, 'content-type': 'application/json' }));
      return {
        ...common,
        url: base,
        method: 'POST',
        headers: headersOf[0],
        requests: [
          {
            method: 'POST',
            path: '/api/partner/shipments',
            headers: headersOf[0],
            // A unique tracking number per request, as a partner would send.
            setupRequest: (req) => {
              const n = createCounter++;
              return {
                ...req,
                headers: headersOf[n % headersOf.length]!,
                body: JSON.stringify(shipmentBody(`B-${RUN_ID}-${n.toString(36)}`, n)),
              };
            },
          },
        ],
      };
    }
  }
}
let createCounter = 0;

function measure(route: RouteName, round: number, server: BenchServer, s: Seed): Promise<RouteRun<RouteName>> {
  return measureRoute(route, round, server, routeOptions(route, server.base, s), {
    warmup: OPTS.warmup,
    duration: OPTS.duration,
    cpuProf: OPTS.cpuProf,
  });
}

// ---------------------------------------------------------------------------------------------
// embedded start-up

interface StartTiming {
  ms: number | null;
  error?: string;
}

async function timeEmbeddedStart(dataDir: string): Promise<StartTiming> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
  };
  let output = '';
  const t0 = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'serve'], { cwd: dataDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (b: Buffer) => {
    output = (output + b.toString()).slice(-4000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const stopChild = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const r = await waitExit(child, 30_000);
    if (r.killed) warn(`embedded server (${dataDir}) ignored SIGTERM for 30 s: killed`);
  };
  onCleanup(`stop embedded server ${child.pid}`, stopChild);
  let ms: number | null = null;
  let error: string | undefined;
  const deadline = t0 + 60_000;
  while (performance.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      error = `exited with ${child.exitCode ?? child.signalCode} before answering /healthz`;
      break;
    }
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status === 200) {
        ms = performance.now() - t0;
        break;
      }
    } catch {
      /* not listening yet */
    }
    await sleep(20);
  }
  if (ms === null && !error) error = 'no 200 from /healthz within 60 s';
  const t1 = performance.now();
  await stopChild();
  const stopMs = performance.now() - t1;
  if (error) error += `\n--- output ---\n${output.trim()}`;
  else if (child.exitCode !== 0)
    warn(`embedded server exited with ${child.exitCode ?? child.signalCode} after SIGTERM (stop took ${Math.round(stopMs)} ms)`);
  return error ? { ms, error } : { ms };
}

async function benchEmbedded(tmpRoot: string): Promise<{ first: StartTiming[]; restart: StartTiming[] }> {
  const first: StartTiming[] = [];
  const restart: StartTiming[] = [];
  for (let i = 0; i < OPTS.embeddedRuns; i++) {
    const dir = fs.mkdtempSync(path.join(tmpRoot, `embedded-${i}-`));
    const a = await timeEmbeddedStart(dir);
    first.push(a);
    log(`  run ${i + 1}: first start ${a.ms === null ? 'FAILED' : `${Math.round(a.ms)} ms`}`);
    if (a.error) warn(`embedded first start failed: ${a.error}`);
    const b = await timeEmbeddedStart(dir);
    restart.push(b);
    log(`  run ${i + 1}: restart     ${b.ms === null ? 'FAILED' : `${Math.round(b.ms)} ms`}`);
    if (b.error) warn(`embedded restart failed: ${b.error}`);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return { first, restart };
}

// ---------------------------------------------------------------------------------------------
// main

async function main(): Promise<number> {
  const started = Date.now();
  const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-bench-'));
  onCleanup('remove temp folders', async () => fs.rmSync(tmpRoot, { recursive: true, force: true }));

  log(`FastForward API benchmark — node ${process.version}, ${os.cpus().length} CPUs, run ${RUN_ID}`);
  log(
    `  ${OPTS.connections} connections, ${OPTS.warmup} s warm-up + ${OPTS.duration} s per route, ${OPTS.rounds} interleaved rounds; routes: ${ROUTES.join(', ')}`,
  );
  const targets: Target[] = [];
  const report: Record<string, unknown> = {
    runId: RUN_ID,
    startedAt: new Date(started).toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    options: { ...OPTS, routes: ROUTES },
    redis: Boolean(REDIS_URL),
    database: BENCH_DB_URL.replace(/\/\/[^@/]*@/, '//***@'),
  };
  let failedRequests = false;

  const busyBefore = await idleCheck(2_000);
  report.busyBeforePct = busyBefore;
  if (busyBefore !== null) {
    log(`  machine busy before start: ${busyBefore.toFixed(0)} % of all CPUs`);
    if (busyBefore > NOISY_PCT)
      warn(`THE MACHINE IS NOT IDLE (${busyBefore.toFixed(0)} % busy before the benchmark started): other processes will distort the figures.`);
  }

  if (!OPTS.skipApi) {
    report.postgres = await pgServerVersion(ADMIN_URL);
    log(`  PostgreSQL ${String(report.postgres)} (${String(report.database)})${REDIS_URL ? ' + Redis' : ''}`);
    await createBenchDb();
    const server = await startBenchServer(tmpRoot);
    log(`  server under test: pid ${server.pid}, ${server.base}${OPTS.cpuProf ? ` (CPU profiles in ${path.relative(ROOT, PROFILE_DIR)})` : ''}`);
    const s = await seed(server.base);
    // Autovacuum analyzes a table within a minute of this many inserts; without statistics the planner
    // takes a fresh 2000-row company for 13 rows and sorts instead of walking the (company, created_at) index.
    await benchDbQuery('analyze');
    log(
      `  seeded ${s.seeded} shipments in ${(s.seedMs / 1000).toFixed(1)} s; tracking ${s.trackingNumber} (${s.trackingEvents} events); creates go to ${s.writers.length === 1 ? 'a second enterprise company' : `${s.writers.length} other enterprise companies (DIAGNOSTIC)`}`,
    );
    report.seed = { shipments: s.seeded, ms: s.seedMs, trackingNumber: s.trackingNumber, trackingEvents: s.trackingEvents };

    const runs: RouteRun<RouteName>[] = [];
    for (let round = 1; round <= OPTS.rounds; round++) {
      for (const route of ROUTES) {
        const r = await measure(route, round, server, s);
        runs.push(r);
        log(runLine(r));
      }
    }
    await server.stop();
    // A 50-row page is measured against a floor that reads and serialises the same 50 rows.
    const summary = summarise(runs, ROUTES, (route) => (route === 'list' && ROUTES.includes('floor-list') ? 'floor-list' : 'floor'));
    report.runs = runs;
    report.summary = summary;

    log('');
    log(`API on PostgreSQL — medians of ${OPTS.rounds} rounds (${OPTS.connections} connections, ${OPTS.duration} s each)`);
    const header = `| ${pad('route', 36)} | ${lpad('req/s', 7)} | ${lpad('p50 ms', 7)} | ${lpad('p99 ms', 7)} | ${lpad('req/s vs floor', 14)} | ${lpad('p99 vs floor', 12)} | ${lpad('queries/req', 11)} | ${lpad('CPU srv/pg', 10)} | ${lpad('non-2xx', 7)} | ${lpad('errors', 6)} |`;
    log(header);
    log(header.replace(/[^|]/g, '-'));
    const label: Record<RouteName, string> = {
      floor: 'floor (1 PK select, same pool)',
      tracking: 'GET /tracking/:tn (JWT)',
      'floor-list': 'floor-list (same 50 rows, 1 query)',
      list: 'GET /shipments?limit=50 (vs floor-list)',
      create: 'POST /shipments',
      'floor-auth': 'diag: floor + partner auth',
      'tracking-noauth': 'diag: tracking query, no auth',
    };
    for (const r of summary) {
      log(
        `| ${pad(label[r.route], 36)} | ${lpad(fmt(r.rps), 7)} | ${lpad(fmt(r.p50, 1), 7)} | ${lpad(fmt(r.p99, 1), 7)} | ${lpad(pct(r.rpsRatio), 14)} | ${lpad(`${fmt(r.p99Ratio, 2)}×`, 12)} | ${lpad(r.queriesPerRequest === null ? 'n/a' : r.queriesPerRequest.toFixed(2), 11)} | ${lpad(r.serverCores === null ? 'n/a' : `${r.serverCores.toFixed(2)}/${r.postgresCores!.toFixed(2)}`, 10)} | ${lpad(String(r.non2xx), 7)} | ${lpad(String(r.errors), 6)} |`,
      );
    }
    log('  CPU srv/pg: cores used by the server process / by all postgres processes during the run (2 = the whole machine)');
    log(`  per-round req/s ratios to the floor: ${summary.map((r) => `${r.route} ${r.perRoundRpsRatio.map((x) => pct(x)).join(' / ')}`).join('; ')}`);

    const by = (route: RouteName) => summary.find((r) => r.route === route);
    const tracking = by('tracking');
    const create = by('create');
    const list = by('list');
    if (by('floor') && tracking) {
      targets.push({ name: 'tracking req/s vs floor', value: pct(tracking.rpsRatio), limit: '≥ 70 %', pass: tracking.rpsRatio >= 0.7 });
      targets.push({ name: 'tracking p99 vs floor p99', value: `${fmt(tracking.p99Ratio, 2)}×`, limit: '≤ 2×', pass: tracking.p99Ratio <= 2 });
    }
    if (by('floor-list') && list)
      targets.push({ name: 'list req/s vs floor-list', value: pct(list.rpsRatio), limit: '≥ 60 %', pass: list.rpsRatio >= 0.6 });
    if (by('floor') && create)
      targets.push({ name: 'create req/s vs floor', value: pct(create.rpsRatio), limit: '≥ 35 %', pass: create.rpsRatio >= 0.35 });
    report.noisyRuns = reportNoise(runs);
    const badRoutes = summary.filter((r) => r.non2xx > 0 || r.errors > 0);
    if (badRoutes.length > 0) {
      failedRequests = true;
      warn(
        `REQUESTS FAILED — the figures above are not valid: ${badRoutes.map((r) => `${r.route}: ${r.non2xx} non-2xx, ${r.errors} errors/timeouts`).join('; ')}`,
      );
    }
    targets.push({
      name: 'every measured request 2xx',
      value: badRoutes.length ? `${badRoutes.reduce((a, r) => a + r.non2xx + r.errors, 0)} failed` : 'all 2xx',
      limit: 'none failed',
      pass: badRoutes.length === 0,
    });

    // The API log and the metrics: the tracking route with both on against both off (bench/api-log.ts).
    if (!LOG_OPTS.skip) {
      const r = await benchApiLog({
        start: (env) => startBenchServer(tmpRoot, env),
        dbUrl: BENCH_DB_URL,
        trackingUrl: (base) => `${base}/api/partner/tracking/${s.trackingNumber}`,
        headers: s.reader.headers,
        connections: OPTS.connections,
        warmup: OPTS.warmup,
      });
      targets.push(...r.targets);
      report.apiLog = r.report;
    }
  }

  if (!OPTS.skipEmbedded) {
    log('');
    log('Embedded mode (node dist/cli.js serve, PGlite): time to the first 200 from /healthz');
    let buildNote = 'skipped (BENCH_SKIP_BUILD)';
    if (!OPTS.skipBuild) {
      const b = build();
      buildNote = b.ok ? `built in ${(b.ms / 1000).toFixed(1)} s` : b.note;
      if (!b.ok) warn(`npm run build FAILED — timing the existing dist/, which may be stale:\n${b.note}`);
      else log(`  ${buildNote}`);
    }
    report.build = buildNote;
    const busy = await idleCheck(1_000);
    report.busyBeforeEmbeddedPct = busy;
    if (busy !== null && busy > NOISY_PCT) warn(`THE MACHINE IS NOT IDLE (${busy.toFixed(0)} % busy before the embedded start-up timings)`);
    if (!fs.existsSync(path.join(ROOT, 'dist', 'cli.js'))) {
      warn('dist/cli.js does not exist: cannot time embedded start-up');
      targets.push({ name: 'embedded first start', value: 'no dist/cli.js', limit: '≤ 6 s', pass: false });
    } else {
      const e = await benchEmbedded(tmpRoot);
      report.embedded = e;
      const okMs = (xs: StartTiming[]) => (xs.every((x) => x.ms !== null) ? median(xs.map((x) => x.ms!)) : Number.NaN);
      const first = okMs(e.first);
      const restart = okMs(e.restart);
      log('');
      log(`| ${pad('embedded start-up', 30)} | ${lpad('median', 8)} | ${pad('runs', 30)} |`);
      log(`|${'-'.repeat(32)}|${'-'.repeat(10)}|${'-'.repeat(32)}|`);
      const runsText = (xs: StartTiming[]) => xs.map((x) => (x.ms === null ? 'FAILED' : `${(x.ms / 1000).toFixed(2)}`)).join(' / ');
      log(`| ${pad('first start, new DATA_DIR', 30)} | ${lpad(`${fmt(first / 1000, 2)} s`, 8)} | ${pad(runsText(e.first), 30)} |`);
      log(`| ${pad('restart, same DATA_DIR', 30)} | ${lpad(`${fmt(restart / 1000, 2)} s`, 8)} | ${pad(runsText(e.restart), 30)} |`);
      targets.push({ name: 'embedded first start → /healthz', value: `${fmt(first / 1000, 2)} s`, limit: '≤ 6 s', pass: first <= 6000 });
      targets.push({ name: 'embedded restart → /healthz', value: `${fmt(restart / 1000, 2)} s`, limit: '≤ 2 s', pass: restart <= 2000 });
    }
  }

  log('');
  const noisyRuns = typeof report.noisyRuns === 'number' ? report.noisyRuns : 0;
  log(`Targets${noisyRuns > 0 ? ` — measured on a NOISY machine (${noisyRuns} noisy measurements)` : ''}`);
  for (const t of targets) log(`  ${t.pass ? 'PASS' : 'FAIL'}  ${pad(t.name, 34)} ${lpad(t.value, 10)}  (target ${t.limit})`);
  report.targets = targets;
  report.finishedAt = new Date().toISOString();
  report.seconds = Math.round((Date.now() - started) / 1000);

  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `api-${new Date(started).toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  log(`\nResults: ${path.relative(ROOT, file)}  (${report.seconds as number} s)`);
  const allPass = targets.every((t) => t.pass);
  if (failedRequests) warn('SOME REQUESTS FAILED (non-2xx or socket errors): see the table above');
  return allPass && !failedRequests ? 0 : 1;
}

// Whatever happens, the script ends by itself within this budget.
const budgetSeconds =
  600 + // start-up, seed, build
  (OPTS.skipApi ? 0 : OPTS.rounds * ROUTES.length * (OPTS.warmup + OPTS.duration + 35)) +
  (OPTS.skipApi || LOG_OPTS.skip ? 0 : 180 + LOG_OPTS.rounds * 2 * (OPTS.warmup + LOG_OPTS.duration + 35)) +
  (OPTS.skipEmbedded ? 0 : OPTS.embeddedRuns * 2 * 100);
await runMain(budgetSeconds, main);
