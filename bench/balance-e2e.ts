/**
 * `npm run bench:balance` (second half) — one real distribution run end to end, against its floor. A
 * script, not a test.
 *
 * On PostgreSQL, in a fresh database `ff_bench_bal_<random>` (migrated, then seeded with BENCH_E2E_SHIPMENTS
 * pending shipments from BENCH_E2E_CREATORS sender companies, BENCH_E2E_COMPANIES companies of varied tiers,
 * capacities, loads, balances and records, and webhook endpoints subscribed to `shipment.assigned` for a
 * third of them, so the fan-out happens). That database is the template of one copy per measurement
 * (`CREATE DATABASE … TEMPLATE`): every repetition starts from the same rows.
 *
 * - run:   the balance service's real `distribute` run, in this process, as the admin API calls it: lock,
 *          read, decide (the pure engine), assign (shipments, tracking events, counters, activity log,
 *          `shipment.assigned` events, and the trigger's webhook messages), store the run.
 * - floor: the bare write of the same assignments: `UPDATE shipments SET assigned_company_id = x.c,
 *          status = 'assigned' FROM unnest($1::text[], $2::text[]) AS x(id, c) WHERE shipments.id = x.id`.
 * Interleaved, BENCH_E2E_REPS (≥ 5) each; target: median(run) ≤ 4 × median(floor), in wall time — and in
 * CPU time (this process plus the processes of our PostgreSQL server, from /proc) when other processes
 * kept the machine busy during the measurements, as wall time then mostly measures the wait for a core.
 * Then, not measured: one run with every statement timed (where the time goes), and one on a copy whose
 * `events_webhook_fanout` trigger is disabled (what the per-row fan-out costs). Both are diagnostics.
 *
 * Environment (all optional): DATABASE_URL (default postgres://postgres:postgres@127.0.0.1:5432/postgres),
 * BENCH_E2E_SHIPMENTS=10000, BENCH_E2E_COMPANIES=200, BENCH_E2E_CREATORS=20, BENCH_E2E_REPS=9, BENCH_E2E_CHUNK (assignments per statement; diagnostics), BENCH_KEEP_DB=1 (keep the
 * template to EXPLAIN against). Exit code: 0 when the target holds, 1 otherwise.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { openDatabase, type Database } from '../src/db/client.js';
import { runMigrations } from '../src/db/migrate.js';
import { createLogger } from '../src/lib/logger.js';
import { createBalanceService } from '../src/modules/balance/balance.service.js';
import { createShipmentsService } from '../src/modules/shipments/shipments.service.js';
import {
  cleanupAll,
  cleanupOnSignals,
  commandLine,
  cpuSnapshot,
  databaseUrl,
  fmt,
  idleCheck,
  log,
  median,
  NOISY_PCT,
  onCleanup,
  pgExec,
  pgServerVersion,
  warn,
} from './common.js';
import { envFlag, envInt } from './env.js';

const OPTS = {
  shipments: envInt('BENCH_E2E_SHIPMENTS', 10_000, 100, 1_000_000),
  companies: envInt('BENCH_E2E_COMPANIES', 200, 3, 100_000),
  creators: envInt('BENCH_E2E_CREATORS', 20, 1, 10_000),
  reps: envInt('BENCH_E2E_REPS', 9, 5, 50),
  /** Diagnostics: assignments per statement (default: the service's own, ASSIGN_CHUNK). */
  chunk: envInt('BENCH_E2E_CHUNK', 0, 0, 1_000_000),
};
const TARGET_RATIO = 4;
const ADMIN_URL = process.env.DATABASE_URL?.trim() || 'postgres://postgres:postgres@127.0.0.1:5432/postgres';
const TEMPLATE = `ff_bench_bal_${randomBytes(4).toString('hex')}`;
const silent = createLogger({ logLevel: 'silent', env: 'test' });

/** A small deterministic generator (mulberry32): the same seed, the same data. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const open = (name: string, poolMax = 4) => openDatabase({ url: databaseUrl(ADMIN_URL, name), dataDir: null, poolMax, statementTimeoutMs: 120_000 });

async function seed(db: Database): Promise<{ endpoints: number }> {
  const r = rng(20_251_201);
  const tiers = ['starter', 'professional', 'enterprise'] as const;
  const ids = Array.from({ length: OPTS.companies }, (_, i) => `cmp_bench${String(i).padStart(15, '0')}`);
  const creators = ids.slice(0, OPTS.creators);
  const perCreator = new Map<string, number>();
  const ship = { id: [] as string[], company: [] as string[], created: [] as string[] };
  const t0 = Date.parse('2026-11-01T00:00:00Z');
  for (let i = 0; i < OPTS.shipments; i++) {
    const c = creators[i % creators.length]!;
    perCreator.set(c, (perCreator.get(c) ?? 0) + 1);
    ship.id.push(`shp_bench${String(i).padStart(15, '0')}`);
    ship.company.push(c);
    // Some share a millisecond: the tie on created_at is broken by id, as the engine does.
    ship.created.push(new Date(t0 + Math.floor(i / 3) * 1000 + Math.floor(r() * 3)).toISOString());
  }
  const co = {
    tier: [] as string[],
    capacity: [] as number[],
    load: [] as number[],
    balance: [] as number[],
    delivered: [] as number[],
    onTime: [] as number[],
    failed: [] as number[],
    status: [] as string[],
  };
  for (let i = 0; i < ids.length; i++) {
    const tier = tiers[i % 3]!;
    const capacity = 200 + Math.floor(r() * 1800);
    const delivered = Math.floor(r() * 500);
    co.tier.push(tier);
    co.capacity.push(capacity);
    // Assigned work elsewhere (up to ~60 % of capacity), plus the creator's own pending shipments.
    co.load.push(Math.floor(r() * capacity * 0.6) + (perCreator.get(ids[i]!) ?? 0));
    co.balance.push(Math.round(r() * 10_000 * 100) / 100);
    co.delivered.push(delivered);
    co.onTime.push(Math.floor(delivered * (0.6 + r() * 0.4)));
    co.failed.push(Math.floor(r() * 40));
    co.status.push(i >= creators.length && i % 37 === 0 ? 'suspended' : 'active');
  }
  const q = (text: string, values: unknown[]) => db.pool.query(text, values);
  await q(
    `insert into companies (id, name, email, tier, status, capacity, balance)
     select id, 'Bench ' || id, id || '@bench.example', tier, status, capacity, balance
     from unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::numeric[]) as x(id, tier, status, capacity, balance)`,
    [ids, co.tier, co.status, co.capacity, co.balance],
  );
  await q(
    `insert into company_usage (company_id, active_shipments, period, month_shipments, delivered, delivered_on_time, failed)
     select id, load, '2026-12', 0, delivered, on_time, failed
     from unnest($1::text[], $2::int[], $3::int[], $4::int[], $5::int[]) as x(id, load, delivered, on_time, failed)`,
    [ids, co.load, co.delivered, co.onTime, co.failed],
  );
  await q(
    `insert into shipments (id, company_id, tracking_number, status, customer_name, customer_email, customer_phone,
       pickup_address, dropoff_address, total_cost, events_view, created_at, updated_at)
     select x.id, x.company_id, 'BENCH-' || x.id, 'pending', 'Jane Smith', 'jane@customer.example', '+1555555555',
       '123 Warehouse St, New York, NY', '456 Home Ave, Los Angeles, CA', 25.5,
       jsonb_build_array(jsonb_build_object('id', 'tev_' || x.id, 'status', 'pending', 'location', null, 'notes', 'Shipment created',
         'timestamp', x.created_at)),
       x.created_at::timestamptz, x.created_at::timestamptz
     from unnest($1::text[], $2::text[], $3::text[]) as x(id, company_id, created_at)`,
    [ship.id, ship.company, ship.created],
  );
  // A third of the companies (creators included) listen to shipment.assigned: the owner's and the
  // assignee's endpoints each get a message per assignment.
  const hooked = ids.filter((_, i) => i % 3 === 0);
  await q(
    `insert into webhook_endpoints (id, company_id, url, events)
     select 'whe_' || substr(md5(id), 1, 20), id, 'https://hooks.example.com/' || id, array['shipment.created', 'shipment.assigned']
     from unnest($1::text[]) as x(id)`,
    [hooked],
  );
  await q('analyze', []);
  return { endpoints: hooked.length };
}

// ---------------------------------------------------------------------------------------------
// CPU time (Linux /proc): this process plus every process of our PostgreSQL server (the children of
// its postmaster), so the other servers and jobs on a shared machine are not counted. On a busy machine
// wall time mostly measures the queue for a core; CPU time is what the work itself costs.

const TICK_MS = 10; // USER_HZ = 100 on Linux
function ticksOf(pid: number): { ppid: number; ticks: number } | null {
  try {
    const st = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) };
  } catch {
    return null;
  }
}
let postmaster: number | null = null;
async function findPostmaster(db: Database): Promise<void> {
  const { rows } = await db.pool.query<{ pid: number }>('select pg_backend_pid() as pid');
  postmaster = ticksOf(rows[0]!.pid)?.ppid ?? null;
}
/** CPU ms used so far by our PostgreSQL's processes (null when /proc or the server is not local). */
function serverCpuMs(): number | null {
  if (postmaster === null) return null;
  let ticks = 0;
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const t = ticksOf(Number(name));
    if (t && (t.ppid === postmaster || Number(name) === postmaster)) ticks += t.ticks;
  }
  return ticks * TICK_MS;
}
/**
 * CPU that other processes used while a measurement ran, summed over the measured windows only (copying
 * and dropping databases between them makes the kernel write back pages: that is ours, not noise).
 */
const windows = { other: 0, total: 0 };

/** Wall and CPU ms of `fn` (CPU: this process + our PostgreSQL; NaN when unknown). */
async function timed(fn: () => Promise<unknown>): Promise<{ ms: number; cpuMs: number; nodeMs: number }> {
  const w0 = cpuSnapshot(process.pid);
  const c0 = process.cpuUsage();
  const s0 = serverCpuMs();
  const t = performance.now();
  await fn();
  const ms = performance.now() - t;
  const c = process.cpuUsage(c0);
  const s1 = serverCpuMs();
  const nodeMs = (c.user + c.system) / 1000;
  const w1 = cpuSnapshot(process.pid);
  if (w0 && w1 && w1.total > w0.total) {
    let ours = 0;
    for (const [pid, j] of w1.ours) ours += j - (w0.ours.get(pid) ?? 0);
    windows.other += Math.max(0, w1.busy - w0.busy - ours);
    windows.total += w1.total - w0.total;
  }
  return { ms, nodeMs, cpuMs: s0 === null || s1 === null ? Number.NaN : nodeMs + (s1 - s0) };
}

/**
 * Lets the copy's writes finish before a measurement: a checkpoint (the copy wrote its pages through the
 * WAL), then the kernel's write-back of dirty pages (`sync`). Without this, whichever measurement came
 * next paid for flushing the previous copy — the largest source of spread between repetitions.
 */
async function settle(db: Database) {
  try {
    await db.pool.query('checkpoint');
  } catch {
    // Not a superuser (nor pg_checkpoint): the kernel flush below still helps.
  }
  spawnSync('sync', { stdio: 'ignore' });
}

/** A copy of the template; dropped at clean-up if the measurement fails half-way. */
async function copy(name: string): Promise<Database> {
  await pgExec(ADMIN_URL, `create database ${name} template ${TEMPLATE}`);
  const db = await open(name, 4);
  // Read the tables once, as a running hub would have them cached.
  await db.pool.query(`select count(*) from shipments; select count(*) from company_usage; select count(*) from companies`);
  await settle(db);
  return db;
}
async function drop(db: Database, name: string) {
  await db.close();
  await pgExec(ADMIN_URL, `drop database if exists ${name} with (force)`);
}

async function measureRun(name: string, opts: { trace?: Map<string, { ms: number; n: number }>; noTrigger?: boolean } = {}) {
  const db = await copy(name);
  try {
    if (opts.noTrigger) await db.pool.query('alter table events disable trigger events_webhook_fanout');
    const shipments = createShipmentsService({ database: db });
    const balance = createBalanceService({ database: db, shipments, log: silent, ...(OPTS.chunk ? { assignChunk: OPTS.chunk } : {}) });
    const restore = opts.trace ? traceQueries(opts.trace) : () => {};
    let report;
    let took: { ms: number; cpuMs: number; nodeMs: number };
    try {
      took = await timed(async () => (report = await balance.run({ action: 'distribute', dryRun: false, trigger: 'admin', adminId: 'adm_bench' })));
    } finally {
      restore();
    }
    const { rows } = await db.pool.query<{ m: number; a: number }>(
      `select (select count(*)::int from webhook_messages) as m, (select count(*)::int from activity_logs) as a`,
    );
    return { ...took, distributed: report!.distributed, held: report!.held, messages: rows[0]!.m, activity: rows[0]!.a };
  } finally {
    await drop(db, name);
  }
}

async function measureFloor(name: string, pairs: { ids: string[]; companies: string[] }) {
  const db = await copy(name);
  try {
    return await timed(() =>
      db.pool.query(
        `update shipments set assigned_company_id = x.c, status = 'assigned' from unnest($1::text[], $2::text[]) as x(id, c) where shipments.id = x.id`,
        [pairs.ids, pairs.companies],
      ),
    );
  } finally {
    await drop(db, name);
  }
}

/** Times every statement sent on any pg client (diagnostics only), keyed by its first words. */
function traceQueries(into: Map<string, { ms: number; n: number }>): () => void {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0] as string | { text?: string; name?: string };
    const text = typeof first === 'string' ? first : (first?.name ?? first?.text ?? '?');
    const key = text.replace(/\s+/g, ' ').trim().slice(0, 90);
    const t = performance.now();
    const out = original.apply(this, args);
    if (out && typeof (out as Promise<unknown>).then === 'function') {
      void (out as Promise<unknown>).then(
        () => add(),
        () => add(),
      );
    }
    return out;
    function add() {
      const e = into.get(key) ?? { ms: 0, n: 0 };
      e.ms += performance.now() - t;
      e.n++;
      into.set(key, e);
    }
  };
  return () => {
    proto.query = original;
  };
}

async function main() {
  cleanupOnSignals();
  log(`# balance end to end — ${new Date().toISOString()}`);
  log(`command: ${commandLine()}`);
  log(
    `PostgreSQL ${await pgServerVersion(ADMIN_URL)}; ${OPTS.shipments} pending shipments from ${OPTS.creators} creators, ${OPTS.companies} companies`,
  );
  const idle = await idleCheck(1000);
  if (idle !== null && idle > NOISY_PCT) warn(`the machine is busy before we start (${fmt(idle)} % CPU): figures will be noisy`);

  await pgExec(ADMIN_URL, `create database ${TEMPLATE}`);
  if (!envFlag('BENCH_KEEP_DB')) onCleanup('template database', () => pgExec(ADMIN_URL, `drop database if exists ${TEMPLATE} with (force)`));
  const tpl = await open(TEMPLATE, 2);
  let pairs: { ids: string[]; companies: string[] };
  try {
    await runMigrations(tpl);
    const { endpoints } = await seed(tpl);
    log(`seeded: ${endpoints} webhook endpoints on shipment.assigned`);
    // The floor writes exactly the assignments the run makes: the decisions of a dry run on the same rows.
    const shipments = createShipmentsService({ database: tpl });
    const dry = await createBalanceService({ database: tpl, shipments, log: silent }).run({ action: 'distribute', dryRun: true, trigger: 'admin' });
    const { rows } = await tpl.pool.query<{ d: [string, string, string | null, number | null] }>(
      `select jsonb_array_elements(decisions) as d from balance_runs where id = $1`,
      [dry!.runId],
    );
    const assigned = rows.map((r) => r.d).filter((d) => d[2] !== null);
    pairs = { ids: assigned.map((d) => d[0]), companies: assigned.map((d) => d[2]!) };
    // Leave the template as a run would find it: no run yet.
    await tpl.pool.query('delete from balance_runs');
    log(`dry run: ${dry!.distributed} to assign, ${dry!.held} held`);
  } finally {
    await tpl.close();
  }

  {
    const probe = await open(new URL(ADMIN_URL).pathname.slice(1) || 'postgres', 1);
    await findPostmaster(probe);
    await probe.close();
  }
  const runs: Array<{ ms: number; cpuMs: number; nodeMs: number }> = [];
  const floors: Array<{ ms: number; cpuMs: number; nodeMs: number }> = [];
  let last: Awaited<ReturnType<typeof measureRun>> | undefined;
  for (let i = 0; i < OPTS.reps; i++) {
    // Interleaved, and the order alternates, so drift in the machine hits both alike.
    const doRun = async () => {
      last = await measureRun(`${TEMPLATE}_r${i}`);
      if (last.distributed !== pairs.ids.length) throw new Error(`run ${i} assigned ${last.distributed}, the dry run decided ${pairs.ids.length}`);
      runs.push(last);
    };
    const doFloor = async () => floors.push(await measureFloor(`${TEMPLATE}_f${i}`, pairs));
    if (i % 2) await doFloor().then(doRun);
    else await doRun().then(doFloor);
    const r = runs.at(-1)!;
    const f = floors.at(-1)!;
    log(
      `  rep ${i + 1}: run ${fmt(r.ms)} ms (CPU ${fmt(r.cpuMs)} ms, of which Node ${fmt(r.nodeMs)} ms), floor ${fmt(f.ms)} ms (CPU ${fmt(f.cpuMs)} ms)`,
    );
  }
  const otherPct = windows.total > 0 ? (windows.other / windows.total) * 100 : null;
  const noisy = otherPct !== null && otherPct > NOISY_PCT;
  const run = median(runs.map((r) => r.ms));
  const floor = median(floors.map((f) => f.ms));
  const ratio = run / floor;
  const cpuRatio = median(runs.map((r) => r.cpuMs)) / median(floors.map((f) => f.cpuMs));
  const verdict = (x: number) => (Number.isNaN(x) ? 'n/a' : x <= TARGET_RATIO ? 'PASS' : 'FAIL');
  log('');
  log(
    `distribute run (median of ${runs.length}): ${fmt(run)} ms, CPU ${fmt(median(runs.map((r) => r.cpuMs)))} ms — ${last!.distributed} assigned, ${last!.held} held, ${last!.activity} activity rows, ${last!.messages} webhook messages`,
  );
  log(`bare UPDATE    (median of ${floors.length}): ${fmt(floor)} ms, CPU ${fmt(median(floors.map((f) => f.cpuMs)))} ms`);
  log(`wall ratio: ${fmt(ratio, 2)}×  (target ≤ ${TARGET_RATIO}×)  ${verdict(ratio)}`);
  log(`CPU ratio:  ${fmt(cpuRatio, 2)}×  (this process + our PostgreSQL's processes)  ${verdict(cpuRatio)}`);
  if (noisy) warn(`other processes used ${fmt(otherPct!)} % of the machine during the measurements: the CPU ratio decides`);
  else if (otherPct !== null) log(`other processes used ${fmt(otherPct)} % of the machine during the measurements: the wall ratio decides`);
  const pass = noisy && !Number.isNaN(cpuRatio) ? cpuRatio <= TARGET_RATIO : ratio <= TARGET_RATIO;

  // Diagnostics: where a run's time goes, and what the per-row webhook fan-out trigger costs.
  const trace = new Map<string, { ms: number; n: number }>();
  const traced = await measureRun(`${TEMPLATE}_trace`, { trace });
  log('');
  log(`one traced run (${fmt(traced.ms)} ms, CPU ${fmt(traced.cpuMs)} ms): statements by total time`);
  for (const [k, v] of [...trace].sort((a, b) => b[1].ms - a[1].ms).slice(0, 10)) log(`  ${fmt(v.ms).padStart(6)} ms  ×${v.n}  ${k}`);
  const noTrigger = await measureRun(`${TEMPLATE}_notrigger`, { noTrigger: true });
  log(
    `the same run with the webhook fan-out trigger disabled: ${fmt(noTrigger.ms)} ms, CPU ${fmt(noTrigger.cpuMs)} ms (${noTrigger.messages} messages)`,
  );
  return pass;
}

main().then(
  async (ok) => {
    await cleanupAll();
    process.exit(ok ? 0 : 1);
  },
  async (err: unknown) => {
    warn(`balance e2e benchmark failed: ${(err as Error).stack ?? String(err)}`);
    await cleanupAll();
    process.exit(1);
  },
);
