/**
 * `npm run bench:carriers` — the carrier gateway's and callbacks' performance check. A script, not a test.
 *
 * On PostgreSQL, in a fresh database `ff_bench_carriers`, with the carrier simulator in this process
 * (`startCarrierSim`, every CARRIER_<X>_BASE_URL pointed at it) and the hub in a child process (this
 * file with `--child hub`: `openHub`, role api, plus two floor routes on the same Fastify app and the
 * same pool), autocannon (50 connections, ~2 s warm-up + ~10 s per route), the whole round repeated
 * (interleaved) and reported as medians:
 *   floor-insert     POST /__bench/floor-insert — exactly ONE INSERT (named statement) on the hub's pool,
 *                    with the same body and headers as the callbacks (the client and the body parser
 *                    cost the same on both sides);
 *   callbacks        POST /callbacks/jne — valid JNE callbacks (jneCallbackPayload, "delivered" by
 *                    default: callback row + POD row) with X-Callback-Token, one distinct AWB per
 *                    request so no body is an exact duplicate;
 *   floor-select     GET /__bench/floor/:id — exactly one primary-key SELECT on the hub's pool (as bench:api);
 *   tracking-cached  GET /v1/tracking/:awb with a partner bearer (from POST /v1/authentication), for
 *                    BENCH_TRACKING_AWBS AWBs whose answers were cached before the rounds.
 * Targets: callbacks ≥ 50 % of floor-insert's req/s, and every callback acknowledged with 200
 * "accepted" present in carrier_callbacks afterwards (checked by AWB after the hub stopped);
 * tracking-cached ≥ 60 % of floor-select's req/s, every answer from the cache (the simulator sees no
 * carrier request during the rounds, and a check request answers `cached: true`).
 *
 * Role: the hub runs as role `api` (HTTP only). The callback relay and the consumer that applies the
 * updates live in the worker role, which in production runs in other processes (or machines); in
 * this process they would take CPU from the measured HTTP path. What the issue measures for callbacks
 * is the acknowledgement path — authenticate, parse, validate, ONE statement that stores the raw body
 * and the POD — and a 200 means "committed", so the presence check holds whatever the worker does
 * later. BENCH_HUB_ROLE=all runs relay + consumer in the same process (diagnostic: the cost of
 * sharing a machine with them).
 *
 * Environment (all optional):
 *   DATABASE_URL          server to use (default postgres://postgres:postgres@127.0.0.1:5432/postgres);
 *                         the benchmark creates and drops the database `ff_bench_carriers` on it
 *   REDIS_URL             passed to the hub when set (rate-limit counters; enterprise partners have none)
 *   BENCH_ROUNDS=3  BENCH_DURATION=10  BENCH_WARMUP=2  BENCH_CONNECTIONS=50  BENCH_TRACKING_AWBS=8
 *   BENCH_CALLBACK_SCENARIO=delivered   delivered | in_transit | failed | returned | pod_missing
 *   BENCH_TRACKING_OWNED=1  the tracked AWBs are the partner's carrier shipments in the hub (default: AWBs
 *                         the hub has no shipment for — the gateway then looks their owners up again on
 *                         every cache hit, since such an AWB may become a shipment later)
 *   BENCH_ROUTES=floor-insert,callbacks   measure only these routes (a route is only compared with its floor)
 *   BENCH_HUB_ROLE=api    api | all (diagnostic, see above)
 *   BENCH_CPU_PROF=1      CPU-profile the hub during each measured run (bench/results/prof-carriers-<time>/r<round>-<route>.cpuprofile)
 *   BENCH_PG_SET=synchronous_commit=off   diagnostics: settings for the database (ALTER DATABASE … SET)
 *   BENCH_KEEP_DB=1       keep ff_bench_carriers afterwards; the next run drops it
 * Exit code: 0 when every target passes and no request failed, 1 otherwise.
 *
 * `npm run bench:carriers` then runs bench/callback-latency.ts: callback → partner webhook latency
 * (1,000 callbacks, api and worker processes apart on PostgreSQL, then the embedded engine).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Options as CannonOptions } from 'autocannon';
import pg from 'pg';
import {
  type BenchServer,
  cleanupOnSignals,
  commandLine,
  databaseUrl,
  expectStatus,
  fmt,
  http,
  idleCheck,
  log,
  lpad,
  measureRoute,
  NOISY_PCT,
  onboardPartner,
  onCleanup,
  pad,
  pct,
  pgExec,
  pgServerVersion,
  type RouteRun,
  runLine,
  startServerProcess,
  summarise,
  type Target,
  warn,
  runMain,
  reportNoise,
  benchServerEnv,
  childStopper,
} from './common.js';
import { envFlag, envInt } from './env.js';
import { registerProfiler, registerSelectFloor } from './server-routes.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SELF = fileURLToPath(import.meta.url);
const RESULTS_DIR = path.join(ROOT, 'bench', 'results');
const PROFILE_DIR = path.join(RESULTS_DIR, `prof-carriers-${new Date().toISOString().replace(/[:.]/g, '-')}`);

const ADMIN_URL = process.env.DATABASE_URL?.trim() || 'postgres://postgres:postgres@127.0.0.1:5432/postgres';
const BENCH_DB = 'ff_bench_carriers';
const BENCH_DB_URL = databaseUrl(ADMIN_URL, BENCH_DB);
const REDIS_URL = process.env.REDIS_URL?.trim() || undefined;
const JWT_SECRET = 'bench-only-jwt-secret-0123456789abcdefgh'; // 40 chars, fixed: runs are comparable
const CALLBACK_SECRET = 'bench-only-jne-callback-secret-0123456789'; // ≥ 16 chars
const RUN_ID = randomBytes(3).toString('hex').toUpperCase();

type RouteName = 'floor-insert' | 'callbacks' | 'floor-select' | 'tracking-cached';
const ALL_ROUTES: RouteName[] = ['floor-insert', 'callbacks', 'floor-select', 'tracking-cached'];
const FLOOR_OF: Record<RouteName, RouteName> = {
  'floor-insert': 'floor-insert',
  callbacks: 'floor-insert',
  'floor-select': 'floor-select',
  'tracking-cached': 'floor-select',
};
const LABEL: Record<RouteName, string> = {
  'floor-insert': 'floor: 1 INSERT, same pool',
  callbacks: 'POST /callbacks/jne',
  'floor-select': 'floor: 1 PK SELECT, same pool',
  'tracking-cached': 'GET /v1/tracking/:awb (cache hit)',
};

// ---------------------------------------------------------------------------------------------
// the child: the hub (role api) plus the floors, on one Fastify app and one pool

async function childMain(): Promise<void> {
  type ChildMessage = { type: 'ready'; port: number; pid: number } | { type: 'error'; message: string };
  const send = (msg: ChildMessage) => process.send?.(msg);

  // Counts every statement any pg client of this process sends (as bench/server.ts does).
  let queries = 0;
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const originalQuery = proto.query;
  proto.query = function countedQuery(this: unknown, ...args: unknown[]) {
    queries++;
    return originalQuery.apply(this, args);
  };

  const { loadConfig } = await import('../src/config/index.js');
  const { openHub } = await import('../src/server.js');
  type Hub = Awaited<ReturnType<typeof openHub>>;
  let hub: Hub | undefined;
  const stop = childStopper('bench hub', async () => hub?.close());

  try {
    const role = process.env.BENCH_HUB_ROLE === 'all' ? 'all' : 'api';
    hub = await openHub(loadConfig(process.env), { role });
    const app = hub.app;
    if (!app) throw new Error(`openHub(role ${role}) returned no HTTP app`);
    const pool = hub.deps.database.pool;
    await pool.query('create table if not exists bench_floor (id bigserial primary key, v text not null)');

    // Floor 1: one INSERT. Same body as a callback, read by Fastify's JSON parser.
    app.post('/__bench/floor-insert', async (req) => {
      const awb = String((req.body as { awb?: unknown } | undefined)?.awb ?? '');
      const res = await pool.query<{ id: string }>({
        name: 'bench_floor_insert',
        text: 'insert into bench_floor (v) values ($1) returning id',
        values: [awb],
      });
      return { status: true, message: 'accepted', id: Number(res.rows[0]!.id) };
    });
    // Floor 2: one primary-key SELECT (as bench/server.ts).
    registerSelectFloor(app, pool);
    app.get('/__bench/stats', async () => ({ queries }));

    await registerProfiler(app, process.env.BENCH_PROFILE_DIR);

    app.server.keepAliveTimeout = 72_000; // as `serve` does
    await app.listen({ host: '127.0.0.1', port: 0 });
    send({ type: 'ready', port: (app.server.address() as AddressInfo).port, pid: process.pid });
  } catch (err) {
    const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stderr.write(`bench hub failed to start: ${message}\n`);
    send({ type: 'error', message });
    await stop(1);
  }
}

// ---------------------------------------------------------------------------------------------
// the parent

async function parentMain(): Promise<number> {
  const { JNE_CALLBACK_SCENARIOS, jneCallbackPayload, simAwb, simCarrierEnv, startCarrierSim } = await import('../src/sim/carriers/server.js');
  type Scenario = (typeof JNE_CALLBACK_SCENARIOS)[number];

  const OPTS = {
    rounds: envInt('BENCH_ROUNDS', 3, 1, 20),
    duration: envInt('BENCH_DURATION', 10, 1, 120),
    warmup: envInt('BENCH_WARMUP', 2, 0, 60),
    connections: envInt('BENCH_CONNECTIONS', 50, 1, 1000),
    trackingAwbs: envInt('BENCH_TRACKING_AWBS', 8, 1, 1000),
    trackingOwned: envFlag('BENCH_TRACKING_OWNED'),
    cpuProf: envFlag('BENCH_CPU_PROF'),
    role: (process.env.BENCH_HUB_ROLE?.trim() || 'api') as 'api' | 'all',
    scenario: (process.env.BENCH_CALLBACK_SCENARIO?.trim() || 'delivered') as Scenario,
  };
  if (OPTS.role !== 'api' && OPTS.role !== 'all') throw new Error('BENCH_HUB_ROLE must be api or all');
  if (!(JNE_CALLBACK_SCENARIOS as readonly string[]).includes(OPTS.scenario))
    throw new Error(`BENCH_CALLBACK_SCENARIO must be one of ${JNE_CALLBACK_SCENARIOS.join(', ')}`);
  const ROUTES: RouteName[] = (() => {
    const raw = process.env.BENCH_ROUTES?.trim();
    if (!raw) return ALL_ROUTES;
    const picked = raw.split(',').map((s) => s.trim()) as RouteName[];
    for (const r of picked) if (!ALL_ROUTES.includes(r)) throw new Error(`BENCH_ROUTES: unknown route ${r}`);
    return ALL_ROUTES.filter((r) => picked.includes(r));
  })();

  const started = Date.now();
  const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-bench-carriers-'));
  onCleanup('remove temp folders', async () => fs.rmSync(tmpRoot, { recursive: true, force: true }));
  const targets: Target[] = [];
  const report: Record<string, unknown> = {
    runId: RUN_ID,
    command: commandLine(),
    startedAt: new Date(started).toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    options: { ...OPTS, routes: ROUTES },
    redis: Boolean(REDIS_URL),
    database: BENCH_DB_URL.replace(/\/\/[^@/]*@/, '//***@'),
  };

  log(`FastForward carriers benchmark — node ${process.version}, ${os.cpus().length} CPUs, run ${RUN_ID}`);
  log(`  command: ${commandLine()}`);
  log(
    `  ${OPTS.connections} connections, ${OPTS.warmup} s warm-up + ${OPTS.duration} s per route, ${OPTS.rounds} interleaved rounds; routes: ${ROUTES.join(', ')}; hub role ${OPTS.role}; callbacks "${OPTS.scenario}"`,
  );
  const busyBefore = await idleCheck(2_000);
  report.busyBeforePct = busyBefore;
  if (busyBefore !== null) {
    log(`  machine busy before start: ${busyBefore.toFixed(0)} % of all CPUs`);
    if (busyBefore > NOISY_PCT)
      warn(`THE MACHINE IS NOT IDLE (${busyBefore.toFixed(0)} % busy before the benchmark started): other processes will distort the figures.`);
  }

  // PostgreSQL: a fresh database
  report.postgres = await pgServerVersion(ADMIN_URL);
  log(`  PostgreSQL ${String(report.postgres)} (${String(report.database)})${REDIS_URL ? ' + Redis' : ''}`);
  const adminQuery = (sql: string) => pgExec(ADMIN_URL, sql);
  await adminQuery(`drop database if exists ${BENCH_DB} with (force)`);
  await adminQuery(`create database ${BENCH_DB}`);
  for (const item of (process.env.BENCH_PG_SET ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)) {
    const m = /^([a-z_]+)=([A-Za-z0-9_.]+)$/.exec(item);
    if (!m) throw new Error(`BENCH_PG_SET: expected name=value, got ${item}`);
    await adminQuery(`alter database ${BENCH_DB} set ${m[1]} = '${m[2]}'`);
    warn(`DIAGNOSTIC RUN: ${BENCH_DB} has ${m[1]} = ${m[2]} — not a production setting; do not quote these figures as the benchmark`);
  }
  if (envFlag('BENCH_KEEP_DB')) log(`  BENCH_KEEP_DB: ${BENCH_DB} is kept after the run; the next run drops it`);
  else onCleanup(`drop ${BENCH_DB}`, () => adminQuery(`drop database if exists ${BENCH_DB} with (force)`));

  // The carrier simulator, in this process (it only works while caches are filled, before the rounds).
  const sim = await startCarrierSim({ port: 0 });
  onCleanup('stop carrier simulator', () => sim.close());

  // The hub
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...simCarrierEnv(sim.url),
    NODE_ENV: 'production',
    DATABASE_URL: BENCH_DB_URL,
    JWT_SECRET,
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: path.join(tmpRoot, 'data'),
    CARRIER_JNE_CALLBACK_SECRET: CALLBACK_SECRET,
    CARRIER_TRACKING_CACHE_SECONDS: '3600',
    BENCH_HUB_ROLE: OPTS.role,
  };
  delete env.NSQD_HTTP_ADDRESS;
  delete env.CARRIER_JNE_CALLBACK_IPS;
  benchServerEnv(env, { redisUrl: REDIS_URL, profileDir: OPTS.cpuProf ? PROFILE_DIR : undefined });
  const server: BenchServer = await startServerProcess({ script: SELF, args: ['--child', 'hub'], env, cwd: ROOT, name: 'bench hub' });
  log(
    `  hub under test: pid ${server.pid}, ${server.base} (role ${OPTS.role}); carrier simulator ${sim.url}${OPTS.cpuProf ? ` (CPU profiles in ${path.relative(ROOT, PROFILE_DIR)})` : ''}`,
  );
  const base = server.base;

  // Set-up: a partner, its gateway token, the cache filled for the tracked AWBs.
  const xff = REDIS_URL ? { 'x-forwarded-for': `198.18.${randomBytes(1)[0]!}.${1 + (randomBytes(1)[0]! % 254)}` } : undefined;
  const partner = await onboardPartner(base, 'tracker', RUN_ID, xff);
  const auth = await expectStatus(
    http(base, 'POST', '/v1/authentication', { headers: xff, body: { client_id: partner.apiKey.key, client_secret: partner.apiKey.secret } }),
    200,
    'gateway authentication',
  );
  const bearer = { authorization: `Bearer ${String(auth.access_token)}` };
  const trackedAwbs = Array.from({ length: OPTS.trackingAwbs }, (_, i) => simAwb('jne', 'delivered', 5_000_000 + i));
  if (OPTS.trackingOwned) {
    for (const [i, awb] of trackedAwbs.entries()) {
      await expectStatus(
        http(base, 'POST', '/api/partner/shipments', {
          headers: partner.headers,
          body: {
            customer: { name: `Customer ${i}`, email: `customer${i}@example.com`, phone: '+6281234567890' },
            pickupLocation: { address: 'Jl. MH Thamrin 1, Jakarta', name: 'Jakarta Hub' },
            dropoffLocation: { address: `Jl. Dago ${i + 1}, Bandung` },
            packages: [{ weight: 1, dimensions: '20x15x10', contents: 'Pakaian' }],
            courier: { code: 'jne', awb },
          },
        }),
        201,
        `carrier shipment ${awb}`,
      );
    }
  }
  for (const awb of trackedAwbs) {
    const first = await expectStatus(http(base, 'GET', `/v1/tracking/${awb}`, { headers: bearer }), 200, `tracking ${awb} (filling the cache)`);
    if (first.cached !== false || first.podReceiverName == null || first.image_url == null)
      throw new Error(`tracking ${awb}: unexpected first answer ${JSON.stringify(first).slice(0, 400)}`);
    const again = await expectStatus(http(base, 'GET', `/v1/tracking/${awb}`, { headers: bearer }), 200, `tracking ${awb} (cached)`);
    if (again.cached !== true) throw new Error(`tracking ${awb}: second answer is not from the cache: ${JSON.stringify(again).slice(0, 400)}`);
  }
  const simAfterFill = sim.stats();
  const carrierRequests = (s: ReturnType<typeof sim.stats>) => Object.values(s.requests).reduce((a, b) => a + b, 0);
  log(
    `  partner ${partner.companyId}; ${trackedAwbs.length} JNE AWBs (${OPTS.trackingOwned ? "the partner's carrier shipments" : 'no hub shipment'}) tracked once (cache filled: ${carrierRequests(simAfterFill)} carrier requests) and answered from the cache`,
  );

  // Callback bodies: one template, a distinct AWB per request (the AWB occurs in awb, photo and signature).
  const SENTINEL = simAwb('jne', OPTS.scenario, 9_999_999_999_999);
  const templateParts = JSON.stringify(jneCallbackPayload(SENTINEL, OPTS.scenario)).split(SENTINEL);
  let seq = 0;
  const nextAwb = () => simAwb('jne', OPTS.scenario, ++seq);
  const callbackHeaders = { 'content-type': 'application/json', 'x-callback-token': CALLBACK_SECRET };
  const probe = nextAwb();
  const probeAnswer = await expectStatus(
    http(base, 'POST', '/callbacks/jne', {
      headers: { 'x-callback-token': CALLBACK_SECRET },
      body: JSON.parse(templateParts.join(probe)) as unknown,
    }),
    200,
    'callback probe',
  );
  if (probeAnswer.message !== 'accepted') throw new Error(`callback probe: ${JSON.stringify(probeAnswer)}`);
  /** AWBs whose callback was answered 200 "accepted" (warm-ups included). */
  const acked: string[] = [probe];
  let ackedOther = 0; // 200 with another message (a duplicate): must stay 0 with distinct bodies
  let floorAcked = 0;
  report.callbackBodyBytes = templateParts.join(probe).length;

  const routeOptions = (route: RouteName): CannonOptions => {
    const common = { url: base, connections: OPTS.connections, title: route };
    switch (route) {
      case 'floor-insert':
      case 'callbacks': {
        const isCallback = route === 'callbacks';
        return {
          ...common,
          method: 'POST',
          requests: [
            {
              method: 'POST',
              path: isCallback ? '/callbacks/jne' : '/__bench/floor-insert',
              headers: callbackHeaders,
              setupRequest: (req, context) => {
                const awb = nextAwb();
                context.awb = awb;
                return { ...req, body: templateParts.join(awb) };
              },
              onResponse: isCallback
                ? (status, body, context) => {
                    if (status !== 200) return;
                    if (body.includes('"accepted"')) acked.push(context.awb as string);
                    else ackedOther++;
                  }
                : (status) => {
                    if (status === 200) floorAcked++;
                  },
            },
          ],
        };
      }
      case 'floor-select':
        return { ...common, url: `${base}/__bench/floor/${partner.companyId}` };
      case 'tracking-cached':
        // Each connection cycles through the cached AWBs.
        return { ...common, requests: trackedAwbs.map((awb) => ({ method: 'GET', path: `/v1/tracking/${awb}`, headers: bearer })) };
    }
  };

  // The rounds
  const runs: RouteRun<RouteName>[] = [];
  const simBefore = carrierRequests(sim.stats());
  for (let round = 1; round <= OPTS.rounds; round++) {
    for (const route of ROUTES) {
      const r = await measureRoute(route, round, server, routeOptions(route), {
        warmup: OPTS.warmup,
        duration: OPTS.duration,
        cpuProf: OPTS.cpuProf,
      });
      runs.push(r);
      log(runLine(r, 15));
    }
  }
  const simDuring = carrierRequests(sim.stats()) - simBefore;
  let cachedCheck: boolean | null = null;
  if (ROUTES.includes('tracking-cached')) {
    const check = await expectStatus(
      http(base, 'GET', `/v1/tracking/${trackedAwbs[0]!}`, { headers: bearer }),
      200,
      'tracking check after the rounds',
    );
    cachedCheck = check.cached === true;
  }
  await server.stop();

  // Every acknowledged callback is in carrier_callbacks (checked with the hub stopped).
  const verify = new pg.Client({ connectionString: BENCH_DB_URL });
  await verify.connect();
  let stored: { accepted: number; rejected: number; duplicates: number; pods: number; floorRows: number };
  let missing = 0;
  try {
    const have = new Set((await verify.query<{ awb: string }>(`select awb from carrier_callbacks where status = 'accepted'`)).rows.map((r) => r.awb));
    for (const awb of acked) if (!have.has(awb)) missing++;
    const c = await verify.query<{ accepted: number; rejected: number; duplicates: number }>(
      `select count(*) filter (where status = 'accepted')::int as accepted, count(*) filter (where status = 'rejected')::int as rejected,
              coalesce(sum(duplicates), 0)::int as duplicates from carrier_callbacks`,
    );
    const pods = await verify.query<{ n: number }>(`select count(*)::int as n from proof_of_delivery where source = 'callback'`);
    const floorRows = await verify.query<{ n: number }>(`select count(*)::int as n from bench_floor`);
    stored = { ...c.rows[0]!, pods: pods.rows[0]!.n, floorRows: floorRows.rows[0]!.n };
  } finally {
    await verify.end();
  }
  const uniqueAcked = new Set(acked).size;

  // Summary
  const summary = summarise(runs, ROUTES, (r) => (ROUTES.includes(FLOOR_OF[r]) ? FLOOR_OF[r] : r));
  report.runs = runs;
  report.summary = summary;
  log('');
  log(`Carriers on PostgreSQL — medians of ${OPTS.rounds} interleaved rounds (${OPTS.connections} connections, ${OPTS.duration} s each)`);
  const header = `| ${pad('route', 34)} | ${lpad('req/s', 7)} | ${lpad('p50 ms', 7)} | ${lpad('p99 ms', 7)} | ${lpad('req/s vs floor', 14)} | ${lpad('p99 vs floor', 12)} | ${lpad('queries/req', 11)} | ${lpad('CPU srv/pg', 10)} | ${lpad('non-2xx', 7)} | ${lpad('errors', 6)} |`;
  log(header);
  log(header.replace(/[^|]/g, '-'));
  for (const r of summary) {
    const isFloor = r.floor === r.route;
    log(
      `| ${pad(LABEL[r.route], 34)} | ${lpad(fmt(r.rps), 7)} | ${lpad(fmt(r.p50, 1), 7)} | ${lpad(fmt(r.p99, 1), 7)} | ${lpad(isFloor ? '(floor)' : pct(r.rpsRatio), 14)} | ${lpad(isFloor ? '' : `${fmt(r.p99Ratio, 2)}×`, 12)} | ${lpad(r.queriesPerRequest === null ? 'n/a' : r.queriesPerRequest.toFixed(2), 11)} | ${lpad(r.serverCores === null ? 'n/a' : `${r.serverCores.toFixed(2)}/${r.postgresCores!.toFixed(2)}`, 10)} | ${lpad(String(r.non2xx), 7)} | ${lpad(String(r.errors), 6)} |`,
    );
  }
  log(`  CPU srv/pg: cores used by the hub process / by all postgres processes during the run (${os.cpus().length} = the whole machine)`);
  const compared = summary.filter((r) => r.floor !== r.route);
  if (compared.length)
    log(
      `  per-round req/s ratios to the floor: ${compared.map((r) => `${r.route} ${r.perRoundRpsRatio.map((x) => pct(x)).join(' / ')}`).join('; ')}`,
    );
  if (ROUTES.includes('callbacks')) {
    log(
      `  callbacks: ${acked.length} answered 200 "accepted" (probe, warm-ups and rounds; ${uniqueAcked} distinct AWBs), ${ackedOther} other 200s; ` +
        `carrier_callbacks: ${stored.accepted} accepted rows, ${stored.rejected} rejected, ${stored.duplicates} duplicates; ${stored.pods} POD rows; ` +
        `${missing} acknowledged AWBs missing`,
    );
  }
  if (ROUTES.includes('floor-insert')) log(`  floor: ${floorAcked} answered 200, ${stored.floorRows} rows in bench_floor`);
  if (ROUTES.includes('tracking-cached'))
    log(`  tracking: ${simDuring} carrier requests at the simulator during the rounds; check after the rounds: cached ${String(cachedCheck)}`);
  report.callbacks = { acked: acked.length, uniqueAcked, ackedOther, missing, stored, floorAcked };
  report.tracking = { awbs: trackedAwbs, carrierRequestsDuringRounds: simDuring, cachedAfterRounds: cachedCheck };

  const by = (route: RouteName) => summary.find((r) => r.route === route);
  const cb = by('callbacks');
  const tr = by('tracking-cached');
  if (cb && cb.floor !== cb.route)
    targets.push({ name: 'callbacks req/s vs INSERT floor', value: pct(cb.rpsRatio), limit: '≥ 50 %', pass: cb.rpsRatio >= 0.5 });
  if (cb) {
    targets.push({
      name: 'every 200-acknowledged callback stored',
      value: `${acked.length - missing}/${acked.length}`,
      limit: 'all, 0 dup',
      pass: missing === 0 && ackedOther === 0 && uniqueAcked === acked.length && acked.length > 0,
    });
  }
  if (tr && tr.floor !== tr.route)
    targets.push({ name: 'cached tracking req/s vs SELECT floor', value: pct(tr.rpsRatio), limit: '≥ 60 %', pass: tr.rpsRatio >= 0.6 });
  if (tr) {
    targets.push({
      name: 'tracking answered from the cache',
      value: `${simDuring} carrier calls`,
      limit: '0, cached',
      pass: simDuring === 0 && cachedCheck === true,
    });
  }
  const noisyCount = reportNoise(runs);
  report.noisyRuns = noisyCount;
  const badRoutes = summary.filter((r) => r.non2xx > 0 || r.errors > 0);
  if (badRoutes.length > 0) {
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

  log('');
  log(`Targets${noisyCount > 0 ? ` — measured on a NOISY machine (${noisyCount} noisy measurements)` : ''}`);
  for (const t of targets) log(`  ${t.pass ? 'PASS' : 'FAIL'}  ${pad(t.name, 38)} ${lpad(t.value, 16)}  (target ${t.limit})`);
  report.targets = targets;
  report.finishedAt = new Date().toISOString();
  report.seconds = Math.round((Date.now() - started) / 1000);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `carriers-${new Date(started).toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  log(`\nResults: ${path.relative(ROOT, file)}  (${report.seconds as number} s)`);
  log(`Command: ${commandLine()}`);
  return targets.every((t) => t.pass) ? 0 : 1;
}

// ---------------------------------------------------------------------------------------------

const childIdx = process.argv.indexOf('--child');
if (childIdx >= 0) {
  await childMain();
} else {
  cleanupOnSignals();
  // Whatever happens, the script ends by itself within this budget.
  const rounds = envInt('BENCH_ROUNDS', 3, 1, 20);
  const perRun = envInt('BENCH_WARMUP', 2, 0, 60) + envInt('BENCH_DURATION', 10, 1, 120) + 35;
  await runMain(300 + rounds * ALL_ROUTES.length * perRun, parentMain);
}
