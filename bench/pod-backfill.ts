/**
 * `npm run bench:reports:pod` — the POD backfill's throughput against its configured carrier rate. A
 * script, not a test.
 *
 * BENCH_POD_ROWS (10,000) proof_of_delivery rows without a receiver, all JNE AWBs the carrier simulator
 * answers "delivered" (with a receiver), in a fresh database: PostgreSQL (`ff_bench_pod_<random>`, from
 * DATABASE_URL) or, without DATABASE_URL, the embedded engine in a temporary folder. The simulator runs
 * in a child process (`fastforward sim carriers`), as a carrier is another machine. The hub's JNE
 * client is configured at BENCH_POD_RATE (200) requests/s (CARRIER_JNE_RATE_LIMIT) and the backfill
 * runs at the same `--rate`, BENCH_POD_CONCURRENCY (32) rows at once, through the real path: adapter
 * (rate limit, timeout, breaker), mapper, fill-empty save, per-row outcome and cursor.
 *
 * Measured: rows tracked per second of wall time from the run's start to its end (both token buckets
 * start with one second's burst, so the run can never beat the rate by more than one second's worth).
 * Target: ≥ 90 % of BENCH_POD_RATE, every row filled. Exit code 0 when met, 1 otherwise.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createCarrierRegistry } from '../src/carriers/registry.js';
import { loadConfig } from '../src/config/index.js';
import { openDatabase, type Database } from '../src/db/client.js';
import { runMigrations } from '../src/db/migrate.js';
import { createLogger } from '../src/lib/logger.js';
import { createPodBackfill } from '../src/modules/pod/pod.service.js';
import { simAwb } from '../src/sim/carriers/scenarios.js';
import { simCarrierEnv } from '../src/sim/carriers/server.js';
import { cleanupOnSignals, commandLine, databaseUrl, fmt, log, onCleanup, pgExec, runMain, warn } from './common.js';
import { envInt } from './env.js';

const ROWS = envInt('BENCH_POD_ROWS', 10_000, 100, 1_000_000);
const RATE = envInt('BENCH_POD_RATE', 200, 1, 10_000);
const CONCURRENCY = envInt('BENCH_POD_CONCURRENCY', 32, 1, 256);
const TARGET = 0.9;

cleanupOnSignals();

async function startSim(): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('src/cli.ts'), 'sim', 'carriers', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  onCleanup('carrier simulator', async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
  });
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`carrier simulator exited (${code}):\n${out}`)));
  });
}

async function openBenchDatabase(): Promise<Database> {
  const admin = process.env.DATABASE_URL;
  if (admin) {
    const name = `ff_bench_pod_${randomBytes(4).toString('hex')}`;
    await pgExec(admin, `create database ${name}`);
    onCleanup('bench database', () => pgExec(admin, `drop database if exists ${name} with (force)`));
    return openDatabase({ url: databaseUrl(admin, name), dataDir: null, poolMax: 8, statementTimeoutMs: 120_000 });
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-bench-pod-'));
  onCleanup('embedded database folder', async () => fs.rmSync(dir, { recursive: true, force: true }));
  return openDatabase({ url: undefined, dataDir: path.join(dir, 'pgdata'), poolMax: 1, statementTimeoutMs: 120_000 });
}

await runMain(900, async () => {
  log(`# POD backfill benchmark\n${commandLine()}`);
  const simUrl = await startSim();
  const config = loadConfig({
    ...simCarrierEnv(simUrl),
    CARRIER_JNE_RATE_LIMIT: String(RATE),
    LOG_LEVEL: 'warn',
    DATA_DIR: os.tmpdir(),
  });
  const database = await openBenchDatabase();
  onCleanup('database pool', () => database.close());
  await runMigrations(database);
  log(`engine: ${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded (PGlite)'}; ${ROWS} rows; rate ${RATE}/s; concurrency ${CONCURRENCY}`);

  const awbs = Array.from({ length: ROWS }, (_, i) => simAwb('jne', 'delivered', i + 1));
  await database.pool.query(`insert into proof_of_delivery (carrier, awb, source) select 'jne', unnest($1::text[]), 'tracking'`, [awbs]);

  const logger = createLogger(config);
  const registry = createCarrierRegistry(config.carriers, logger);
  const svc = createPodBackfill({ database, registry, defaults: { rate: RATE, concurrency: CONCURRENCY }, log: logger });
  const { run } = await svc.open(
    'cli',
    { carrier: 'jne', since: null, until: null, limit: null, concurrency: CONCURRENCY, rate: RATE, recheckHours: 24 },
    { claim: true },
  );

  const t0 = performance.now();
  let last = 0;
  const r = await svc.execute(run, (p) => {
    if (performance.now() - last > 5000) {
      last = performance.now();
      log(`  ${p.done}/${p.total} after ${fmt((last - t0) / 1000, 1)} s`);
    }
  }).done;
  const seconds = (performance.now() - t0) / 1000;
  const perSecond = r.report.totals.found / seconds;
  log(
    `status ${r.status}: found ${r.report.totals.found}, filled ${r.report.totals.filled}, still empty ${r.report.totals.stillEmpty}, failed ${r.report.totals.failed}`,
  );
  log(
    `${fmt(seconds, 2)} s → ${fmt(perSecond, 1)} rows/s = ${fmt((perSecond / RATE) * 100, 1)} % of the ${RATE}/s limit (target ≥ ${TARGET * 100} %)`,
  );
  const ok = r.status === 'finished' && r.report.totals.filled === ROWS && perSecond >= TARGET * RATE;
  if (!ok) warn('target missed');
  return ok ? 0 : 1;
});
