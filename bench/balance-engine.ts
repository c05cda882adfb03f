/**
 * `npx tsx bench/balance-engine.ts` — the balance engine's performance and spread check. A script, not
 * a test; pure computation, no database.
 *
 * 1. Speed: `distribute` over BENCH_SHIPMENTS=1,000,000 pending shipments × BENCH_COMPANIES=10,000
 *    companies (random, seeded: tiers, capacities, loads, balances, records; creators among the
 *    companies; creation times over 30 days at 1 s resolution, so many share a time), median of
 *    BENCH_RUNS=5 runs after one warm-up, on the input as the service reads it (oldest first) and
 *    shuffled (the engine sorts). The floor is the least any distribution must do with the same input:
 *    one pass over the sorted shipments resolving each creator's company and writing one column.
 *    Targets, in CPU time of this process (user + system; wall time is printed beside it and is the same
 *    on a quiet machine, several times more on a busy one): input oldest first, as the service reads it,
 *    ≤ 1,000 ms (the issue's "1 M × 10 k in ≤ 1 s on this machine"); shuffled input ≤ 1,500 ms (the
 *    engine orders it first: a numeric sort plus reading a million objects in random memory order);
 *    floor / engine ≥ 10 %. Figures on the project's two-core machine, busy (load average ~6): ~0.66 s and
 *    ~1.3 s (before creators' loads fell within a run, ~0.56 s and ~1.2 s in the same conditions).
 * 2. Spread: the seed's literal algorithm (scores computed once per run: the top company is filled to
 *    its limit before the next one gets anything) against ours on the same input, BENCH_SPREAD_SHIPMENTS=20,000
 *    × BENCH_SPREAD_COMPANIES=200: assigned / held, maximum and mean utilization, coefficient of
 *    variation of utilization over active companies, total score (each winner's true score at its turn).
 *    Printed, not a target: the difference depends on the input (docs/balance.md, "Distribution").
 * Environment (all optional): BENCH_SEED=42 and the sizes above. Exit code: 0 when every target passes.
 */
import { spawnSync } from 'node:child_process';
import { distribute, shipmentOrder } from '../src/modules/balance/engine/distribute.js';
import { distributeLiteral } from '../src/modules/balance/engine/literal.js';
import { companyMetrics } from '../src/modules/balance/engine/metrics.js';
import { canTake } from '../src/modules/balance/engine/score.js';
import { spreadOf, totalScore } from '../src/modules/balance/engine/spread.js';
import type { CompanyMetrics, PendingShipment, Tier } from '../src/modules/balance/engine/types.js';
import { commandLine, fmt, log, lpad, median, pad, pct, warn, type Target } from './common.js';
import { envInt } from './env.js';

// Each run allocates ~30 MB of result columns; the benchmark collects the previous runs' garbage before
// each timed run, so a run is not charged for a full collection of the million input objects that its
// predecessors' garbage triggered. That needs `global.gc`: without --expose-gc, run again with it.
if (typeof globalThis.gc !== 'function') {
  const child = spawnSync(process.execPath, ['--expose-gc', ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}
const collect = globalThis.gc as () => void;

const OPTS = {
  seed: envInt('BENCH_SEED', 42, 0, 2 ** 31 - 1),
  shipments: envInt('BENCH_SHIPMENTS', 1_000_000, 1, 10_000_000),
  companies: envInt('BENCH_COMPANIES', 10_000, 1, 1_000_000),
  runs: envInt('BENCH_RUNS', 5, 1, 50),
  spreadShipments: envInt('BENCH_SPREAD_SHIPMENTS', 20_000, 1, 1_000_000),
  spreadCompanies: envInt('BENCH_SPREAD_COMPANIES', 200, 1, 100_000),
};

/** mulberry32: small, fast, seeded. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TIER_CAPACITY: Record<Tier, [number, number]> = { starter: [20, 200], professional: [100, 1000], enterprise: [500, 5000] };

function makeCompanies(n: number, rand: () => number): CompanyMetrics[] {
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const hex = (len: number) => Array.from({ length: len }, () => Math.floor(rand() * 16).toString(16)).join('');
  return Array.from({ length: n }, () => {
    const r = rand();
    const tier: Tier = r < 0.6 ? 'starter' : r < 0.9 ? 'professional' : 'enterprise';
    const capacity = int(...TIER_CAPACITY[tier]);
    const delivered = int(0, 400);
    return companyMetrics({
      id: `${hex(8)}-${hex(4)}-4${hex(3)}-8${hex(3)}-${hex(12)}`,
      tier,
      status: rand() < 0.05 ? 'suspended' : 'active',
      capacity,
      load: int(0, Math.floor(capacity * 0.95)),
      balance: int(-500, 12_000),
      delivered,
      deliveredOnTime: int(0, delivered),
      failed: int(0, 40),
      priceMultiplier: 1,
    });
  });
}

/** Oldest first, as the service reads them; creation times at 1 s resolution over 30 days. */
function makeShipments(n: number, companies: readonly CompanyMetrics[], rand: () => number): PendingShipment[] {
  const t0 = Date.UTC(2026, 10, 1);
  const rows = Array.from({ length: n }, (_, i) => ({
    id: `s${i.toString(16).padStart(8, '0')}-${Math.floor(rand() * 2 ** 32).toString(16)}`,
    creatorId: companies[Math.floor(rand() * companies.length)]!.id,
    createdAt: t0 + Math.floor(rand() * 30 * 86_400) * 1000,
  }));
  // Fresh objects in that order: allocated as a driver would build rows read in order (sequential in memory).
  return Array.from(shipmentOrder(rows), (i) => ({ ...rows[i]! }));
}

function shuffled<T>(xs: readonly T[], rand: () => number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** The least work: resolve each creator's company and write one column, over sorted input. */
function floor(companies: readonly CompanyMetrics[], shipments: readonly PendingShipment[]): number {
  const index = new Map(companies.map((c, i) => [c.id, i]));
  const out = new Int32Array(shipments.length);
  for (let k = 0; k < shipments.length; k++) out[k] = ((index.get(shipments[k]!.creatorId) ?? -1) + 1) % companies.length;
  return out[shipments.length - 1] ?? 0;
}

/** Wall and CPU milliseconds (this process, user + system) of one call. */
function time(fn: () => unknown): { wall: number; cpu: number } {
  collect();
  const c = process.cpuUsage();
  const t = performance.now();
  fn();
  const wall = performance.now() - t;
  const used = process.cpuUsage(c);
  return { wall, cpu: (used.user + used.system) / 1000 };
}

function measure(): Target[] {
  const rand = rng(OPTS.seed);
  const companies = makeCompanies(OPTS.companies, rand);
  const sorted = makeShipments(OPTS.shipments, companies, rand);
  const mixed = shuffled(sorted, rand);
  log(
    `Balance engine — distribute(): ${OPTS.shipments.toLocaleString('en')} shipments × ${OPTS.companies.toLocaleString('en')} companies, seed ${OPTS.seed}`,
  );
  log(`  median of ${OPTS.runs} runs after a warm-up, the three kinds interleaved in every round`);
  const probe = distribute(companies, sorted);
  log(`  assigned ${probe.assigned.toLocaleString('en')}, held ${probe.held.toLocaleString('en')}`);
  const kinds = ['floor', 'sorted', 'shuffled'] as const;
  const run = { floor: () => floor(companies, sorted), sorted: () => distribute(companies, sorted), shuffled: () => distribute(companies, mixed) };
  const ms = {
    floor: [] as { wall: number; cpu: number }[],
    sorted: [] as { wall: number; cpu: number }[],
    shuffled: [] as { wall: number; cpu: number }[],
  };
  for (const k of kinds) time(run[k]);
  for (let r = 0; r < OPTS.runs; r++) for (const k of kinds) ms[k].push(time(run[k]));
  const cpu = (k: (typeof kinds)[number]) => median(ms[k].map((x) => x.cpu));
  const wall = (k: (typeof kinds)[number]) => median(ms[k].map((x) => x.wall));
  const label = {
    floor: 'floor (creator lookup + one column)',
    sorted: 'distribute, input oldest first',
    shuffled: 'distribute, input shuffled (engine sorts)',
  };
  log('');
  log(`| ${pad('run', 42)} | ${lpad('CPU ms', 7)} | ${lpad('wall ms', 7)} | ${lpad('floor/run', 9)} | ${pad('CPU ms of each run', 36)} |`);
  log(`|${'-'.repeat(44)}|${'-'.repeat(9)}|${'-'.repeat(9)}|${'-'.repeat(11)}|${'-'.repeat(38)}|`);
  for (const k of kinds)
    log(
      `| ${pad(label[k], 42)} | ${lpad(fmt(cpu(k)), 7)} | ${lpad(fmt(wall(k)), 7)} | ${lpad(pct(cpu('floor') / cpu(k)), 9)} | ${pad(ms[k].map((x) => fmt(x.cpu)).join(' / '), 36)} |`,
    );
  // CPU time is what the engine costs; wall time also counts waiting for a core, which on a busy machine
  // (two cores shared with other work) can be several times larger.
  const busy = kinds.some((k) => wall(k) > 1.3 * cpu(k));
  if (busy) warn('the machine was busy: wall time well above CPU time; the targets use CPU time');
  const size = `${OPTS.shipments / 1e6}M × ${OPTS.companies / 1e3}k`;
  return [
    { name: `distribute ${size}, sorted input`, value: `${fmt(cpu('sorted'))} ms`, limit: '≤ 1000 ms CPU', pass: cpu('sorted') <= 1000 },
    { name: `distribute ${size}, shuffled input`, value: `${fmt(cpu('shuffled'))} ms`, limit: '≤ 1500 ms CPU', pass: cpu('shuffled') <= 1500 },
    { name: 'floor / distribute (sorted)', value: pct(cpu('floor') / cpu('sorted')), limit: '≥ 10 %', pass: cpu('floor') / cpu('sorted') >= 0.1 },
  ];
}

/** Literal vs ours on one input; `shrink` divides capacities and loads (5: more work than room). */
function compareSpread(seed: number, shrink: number, what: string): void {
  const rand = rng(seed);
  const companies = makeCompanies(OPTS.spreadCompanies, rand).map((c) => {
    const capacity = Math.max(1, Math.round(c.capacity / shrink));
    const load = Math.floor(c.load / shrink);
    return { ...c, capacity, load, utilization: (load / capacity) * 100 };
  });
  const shipments = makeShipments(OPTS.spreadShipments, companies, rand);
  const start = spreadOf(distribute(companies, []));
  // active companies at their limit (one more would take them past 90 %: taking no more work)
  const full = (loads: ArrayLike<number>) => companies.filter((c, i) => c.status === 'active' && !canTake(loads[i]!, c.capacity)).length;
  // what they may still take before 90 % at the start (hand-overs from creators add to it during a run)
  const room = companies.reduce((a, c) => a + (c.status === 'active' ? Math.max(0, Math.floor((c.capacity * 9) / 10) - c.load) : 0), 0);
  log('');
  log(
    `Spread, ${what} — ${OPTS.spreadShipments.toLocaleString('en')} shipments × ${OPTS.spreadCompanies} companies (seed ${seed}), room up to 90 % at the start: ${room.toLocaleString('en')}`,
  );
  log(
    `  before the run: max utilization ${fmt(start.maxUtilization, 1)} %, mean ${fmt(start.meanUtilization, 1)} %, CV ${fmt(start.cv, 3)}, ${full(companies.map((c) => c.load))} at their limit`,
  );
  log(
    `| ${pad('algorithm', 34)} | ${lpad('assigned', 8)} | ${lpad('held', 6)} | ${lpad('max util', 8)} | ${lpad('mean util', 9)} | ${lpad('CV', 6)} | ${lpad('total score', 12)} | ${lpad('score/assign', 12)} | ${lpad('at limit', 9)} |`,
  );
  log(
    `|${'-'.repeat(36)}|${'-'.repeat(10)}|${'-'.repeat(8)}|${'-'.repeat(10)}|${'-'.repeat(11)}|${'-'.repeat(8)}|${'-'.repeat(14)}|${'-'.repeat(14)}|${'-'.repeat(11)}|`,
  );
  for (const [name, fn] of [
    ['seed literal (scores once per run)', distributeLiteral],
    ['ours (re-scored at every turn)', distribute],
  ] as const) {
    const d = fn(companies, shipments);
    const s = spreadOf(d);
    const total = totalScore(d);
    log(
      `| ${pad(name, 34)} | ${lpad(String(d.assigned), 8)} | ${lpad(String(d.held), 6)} | ${lpad(`${fmt(s.maxUtilization, 1)} %`, 8)} | ${lpad(`${fmt(s.meanUtilization, 1)} %`, 9)} | ${lpad(fmt(s.cv, 3), 6)} | ${lpad(fmt(total, 0), 12)} | ${lpad(fmt(total / d.assigned, 2), 12)} | ${lpad(String(full(d.finalLoads)), 9)} |`,
    );
  }
}

const targets = measure();
compareSpread(OPTS.seed + 1, 1, 'room for every shipment');
compareSpread(OPTS.seed + 2, 5, 'more shipments than room');
log('');
log(`Targets (${commandLine()}):`);
for (const t of targets) log(`  ${t.pass ? 'PASS' : 'FAIL'}  ${pad(t.name, 38)} ${lpad(t.value, 10)}  (target ${t.limit})`);
process.exitCode = targets.every((t) => t.pass) ? 0 : 1;
