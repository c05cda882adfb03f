/**
 * `npm run bench:reports` — order report exports (docs/reports.md) against their targets. A script, not a test.
 *
 * On PostgreSQL (DATABASE_URL), in a fresh database `ff_bench_rpt_<random>` (migrated, then seeded with
 * SQL `generate_series`: BENCH_REPORT_ROWS shipments of one company, every one a delivered carrier
 * shipment with its proof_of_delivery row), each export runs in a child process of its own (the
 * hub's real export function — the one the job runs, compiled as `npm start` runs it — writing into a
 * local object store in a temp folder), which reports its rows, bytes, export time and peak RSS (`process.resourceUsage().maxRSS`).
 *
 * - CSV rows/s against `COPY (the same query) TO STDOUT WITH (FORMAT csv, HEADER)` run by `psql` into
 *   /dev/null, interleaved, BENCH_REPORT_REPS each; target: median CSV rows/s ≥ 0.5 × median COPY rows/s.
 * - XLSX rows/s and peak RSS at 100k rows and at all rows; target: peak RSS ≤ 300 MB at both.
 * - The CSV export's peak RSS at 100k and at all rows too, and (diagnostic) the all-rows XLSX export with
 *   V8's old generation capped at 128 MB: what the export keeps alive, whatever the row count.
 *
 * Environment (all optional): DATABASE_URL (default postgres://postgres:postgres@127.0.0.1:5432/postgres),
 * BENCH_REPORT_ROWS=1000000, BENCH_REPORT_REPS=3, BENCH_KEEP_DB=1. Exit code: 0 when every target holds, 1 otherwise.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openDatabase } from '../src/db/client.js';
import { runMigrations } from '../src/db/migrate.js';
import { reportCopySql, type ReportQuery } from '../src/modules/reports/reports.rows-repo.js';
import { cleanupAll, cleanupOnSignals, commandLine, databaseUrl, fmt, log, median, onCleanup, pgExec, pgServerVersion, warn } from './common.js';
import { envFlag, envInt } from './env.js';

const ADMIN_URL = process.env.DATABASE_URL?.trim() || 'postgres://postgres:postgres@127.0.0.1:5432/postgres';
const COMPANY = 'cmp_benchreport00000000';
const T0 = Date.parse('2026-01-01T00:00:00Z');
/** One shipment every 25 s: a million span 290 days, inside a report's 366-day limit. */
const STEP_S = 25;
const TARGET_COPY_RATIO = 0.5;
const TARGET_RSS_MB = 300;

interface ChildResult {
  rows: number;
  bytes: number;
  ms: number;
  maxRssMb: number;
}

/** The query of the first `n` rows (created_at order). */
function queryOf(n: number): ReportQuery {
  return {
    companyId: COMPANY,
    from: new Date(T0).toISOString(),
    to: new Date(T0 + (n - 1) * STEP_S * 1000).toISOString(),
    statuses: undefined,
    carrier: undefined,
    assignee: undefined,
  };
}

// ---------------------------------------------------------------------------------------------
// child: one export, then its figures on stdout as the last line. It runs the compiled hub (dist/, as
// `npm start` does) rather than through tsx, whose transpiler would weigh on the memory measured.

const CHILD = `
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
const { url, format, query } = JSON.parse(process.env.BENCH_REPORT_CHILD);
const { openDatabase } = await import(path.resolve('dist/db/client.js'));
const { exportReport } = await import(path.resolve('dist/modules/reports/reports.export.js'));
const { createLocalStore } = await import(path.resolve('dist/storage/local.js'));
const { deriveLinkKey } = await import(path.resolve('dist/storage/signed-link.js'));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-bench-rpt-'));
const database = await openDatabase({ url, dataDir: null, poolMax: 2, statementTimeoutMs: 0 });
try {
  const store = createLocalStore({ dir, publicUrl: 'http://127.0.0.1', linkKey: deriveLinkKey('bench'.repeat(8)) });
  const t = performance.now();
  const r = await exportReport({ database, store }, { format, bom: false, query, key: 'reports/bench.' + format });
  const ms = performance.now() - t;
  process.stdout.write(JSON.stringify({ rows: r.rows, bytes: r.bytes, ms, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\\n');
} finally {
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
`;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function runChild(url: string, format: 'csv' | 'xlsx', n: number, nodeFlags: string[] = []): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [...nodeFlags, '--input-type=module', '-e', CHILD], {
      cwd: ROOT,
      env: { ...process.env, BENCH_REPORT_CHILD: JSON.stringify({ url, format, query: queryOf(n) }) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    onCleanup(`export child ${p.pid}`, async () => {
      if (p.exitCode === null) p.kill('SIGKILL');
    });
    p.on('error', reject);
    p.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`export child (${format}, ${n}) exited with ${code}`));
      resolve(JSON.parse(out.trim().split('\n').at(-1)!) as ChildResult);
    });
  });
}

// ---------------------------------------------------------------------------------------------
// the floor: COPY of the same query, by psql, into /dev/null

function copyFloor(url: string, q: ReportQuery): { ms: number } {
  // The export's own COPY statement, asked for CSV instead of COPY's text format.
  const sql = `${reportCopySql(q, pg.escapeLiteral)} with (format csv, header)`;
  const t = performance.now();
  const r = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql], {
    stdio: ['ignore', fs.openSync('/dev/null', 'w'), 'pipe'],
  });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`psql COPY failed: ${r.stderr?.toString() ?? r.error}`);
  return { ms };
}

// ---------------------------------------------------------------------------------------------

async function seed(url: string, n: number): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    // Triggers off while seeding (the carrier-shipment registration trigger would look up PODs row by row).
    await c.query(`set session_replication_role = replica`);
    await c.query(
      `insert into companies (id, name, email, tier, capacity) values ($1, 'Bench Reports', 'bench@reports.example', 'enterprise', 1000)`,
      [COMPANY],
    );
    await c.query(
      `insert into shipments (id, company_id, tracking_number, status, customer_name, customer_email, customer_phone,
         pickup_address, dropoff_address, total_cost, carrier, carrier_awb, created_at, delivered_at, updated_at)
       select 'shp_b' || lpad(i::text, 19, '0'), $1, 'BENCH-' || i, 'delivered', 'Customer ' || (i % 9973), 'c' || (i % 9973) || '@customer.example',
         '+62812' || lpad((i % 1000000)::text, 7, '0'), 'Jl. Gudang ' || (i % 500) || ', Jakarta', 'Jl. Rumah ' || (i % 7919) || ', "Bandung", Jawa Barat',
         (10 + (i % 500) / 4.0)::numeric(12, 2), 'jne', 'JB' || lpad(i::text, 12, '0'),
         $2::timestamptz + make_interval(secs => i * ${STEP_S}), $2::timestamptz + make_interval(secs => i * ${STEP_S} + 86400), now()
       from generate_series(0, $3 - 1) as i`,
      [COMPANY, new Date(T0).toISOString(), n],
    );
    await c.query(
      `insert into proof_of_delivery (carrier, awb, shipment_id, receiver_name, image_url, relation, signature_url, delivered_at, source)
       select 'jne', 'JB' || lpad(i::text, 12, '0'), 'shp_b' || lpad(i::text, 19, '0'), 'Receiver ' || (i % 7907),
         'https://pod.example/jne/JB' || lpad(i::text, 12, '0') || '.jpg', case when i % 3 = 0 then 'YBS' else 'SECURITY' end,
         null, $1::timestamptz + make_interval(secs => i * ${STEP_S} + 86400), 'callback'
       from generate_series(0, $2 - 1) as i`,
      [new Date(T0).toISOString(), n],
    );
    await c.query(`analyze shipments; analyze proof_of_delivery`);
  } finally {
    await c.end();
  }
}

async function main(): Promise<boolean> {
  cleanupOnSignals();
  const rows = envInt('BENCH_REPORT_ROWS', 1_000_000, 1000, 10_000_000);
  const reps = envInt('BENCH_REPORT_REPS', 3, 1, 20);
  const small = Math.min(100_000, rows);
  log(`# order reports — ${new Date().toISOString()}`);
  log(`command: ${commandLine()}`);
  log(`PostgreSQL ${await pgServerVersion(ADMIN_URL)}; ${rows} shipments with POD; Node ${process.version}`);
  const name = `ff_bench_rpt_${randomBytes(4).toString('hex')}`;
  await pgExec(ADMIN_URL, `create database ${name}`);
  if (!envFlag('BENCH_KEEP_DB')) onCleanup('bench database', () => pgExec(ADMIN_URL, `drop database if exists ${name} with (force)`));
  const url = databaseUrl(ADMIN_URL, name);
  const db = await openDatabase({ url, dataDir: null, poolMax: 1, statementTimeoutMs: 0 });
  try {
    await runMigrations(db);
  } finally {
    await db.close();
  }
  let t = performance.now();
  await seed(url, rows);
  log(`seeded in ${fmt((performance.now() - t) / 1000, 1)} s`);

  // CSV against COPY, interleaved (the order alternates, so drift hits both alike).
  const csv: ChildResult[] = [];
  const copy: number[] = [];
  copyFloor(url, queryOf(rows)); // warm the cache once, unmeasured
  for (let i = 0; i < reps; i++) {
    const doCsv = async () => csv.push(await runChild(url, 'csv', rows));
    const doCopy = async () => copy.push(copyFloor(url, queryOf(rows)).ms);
    if (i % 2) await doCopy().then(doCsv);
    else await doCsv().then(doCopy);
    const c = csv.at(-1)!;
    if (c.rows !== rows) throw new Error(`the CSV export wrote ${c.rows} rows, expected ${rows}`);
    log(`  rep ${i + 1}: CSV ${fmt(c.ms)} ms (${fmt(c.bytes / 1e6, 1)} MB, peak RSS ${fmt(c.maxRssMb)} MB), COPY ${fmt(copy.at(-1)!)} ms`);
  }
  const csvRate = rows / (median(csv.map((c) => c.ms)) / 1000);
  const copyRate = rows / (median(copy) / 1000);
  const ratio = csvRate / copyRate;

  t = performance.now();
  const csvSmall = await runChild(url, 'csv', small);
  const xlsxSmall = await runChild(url, 'xlsx', small);
  const xlsxAll = await runChild(url, 'xlsx', rows);
  // Diagnostic: the same export with V8's old generation capped. If it completes with a small peak, what
  // the export keeps alive is flat, and the rest of the uncapped peak is garbage V8 had not collected yet.
  const xlsxCapped = await runChild(url, 'xlsx', rows, ['--max-old-space-size=128']);
  log(`  xlsx runs: ${fmt((performance.now() - t) / 1000, 1)} s`);
  for (const [r, n] of [
    [csvSmall, small],
    [xlsxSmall, small],
    [xlsxAll, rows],
  ] as const)
    if (r.rows !== n) throw new Error(`an export wrote ${r.rows} rows, expected ${n}`);

  const csvPeak = median(csv.map((c) => c.maxRssMb));
  const ok = (b: boolean) => (b ? 'PASS' : 'FAIL');
  const pass = { ratio: ratio >= TARGET_COPY_RATIO, small: xlsxSmall.maxRssMb <= TARGET_RSS_MB, all: xlsxAll.maxRssMb <= TARGET_RSS_MB };
  log('');
  log(`CSV  ${rows} rows: ${fmt(csvRate)} rows/s (median of ${reps}); COPY TO STDOUT: ${fmt(copyRate)} rows/s`);
  log(`     ratio ${fmt(ratio, 2)} (target ≥ ${TARGET_COPY_RATIO})  ${ok(pass.ratio)}`);
  log(`CSV  peak RSS: ${fmt(csvSmall.maxRssMb)} MB at ${small} rows, ${fmt(csvPeak)} MB at ${rows} rows (flat: no target)`);
  log(
    `XLSX ${small} rows: ${fmt(small / (xlsxSmall.ms / 1000))} rows/s, ${fmt(xlsxSmall.bytes / 1e6, 1)} MB, peak RSS ${fmt(xlsxSmall.maxRssMb)} MB (target ≤ ${TARGET_RSS_MB})  ${ok(pass.small)}`,
  );
  log(
    `XLSX ${rows} rows: ${fmt(rows / (xlsxAll.ms / 1000))} rows/s, ${fmt(xlsxAll.bytes / 1e6, 1)} MB, peak RSS ${fmt(xlsxAll.maxRssMb)} MB (target ≤ ${TARGET_RSS_MB})  ${ok(pass.all)}`,
  );
  log(
    `     diagnostic: the same ${rows}-row XLSX export with --max-old-space-size=128 peaks at ${fmt(xlsxCapped.maxRssMb)} MB (${fmt(rows / (xlsxCapped.ms / 1000))} rows/s)`,
  );
  return pass.ratio && pass.small && pass.all;
}

main().then(
  async (ok) => {
    await cleanupAll();
    process.exit(ok ? 0 : 1);
  },
  async (err: unknown) => {
    warn(`reports benchmark failed: ${(err as Error).stack ?? String(err)}`);
    await cleanupAll();
    process.exit(1);
  },
);
