/**
 * What the HTTP benchmarks share (bench/api.ts, bench/carriers.ts): output and number formatting, a
 * small fetch helper, clean-up on success, failure and signals, CPU accounting from /proc, the server
 * under test in a child process (IPC protocol: the child sends {type:'ready', port} or {type:'error'},
 * stops on {type:'stop'}), partner onboarding, and one autocannon measurement of a route with its
 * per-round medians and ratios to a floor.
 *
 * A server under test may offer `GET /__bench/stats` → {queries} (statements sent, for queries per
 * request) and `POST /__bench/profile/start`, `/__bench/profile/stop?name=…` (a CPU profile of one
 * measured run); measureRoute uses them when present / asked to.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import autocannon, { type Options as CannonOptions, type Result as CannonResult } from 'autocannon';
import pg from 'pg';

// ---------------------------------------------------------------------------------------------
// small helpers

export const log = (msg: string) => process.stdout.write(`${msg}\n`);
export const warn = (msg: string) => process.stderr.write(`\n!!! ${msg}\n\n`);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function median(xs: number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
export const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);
export const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(0)} %` : 'n/a');
export const fmt = (x: number, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');

export async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export interface HttpAnswer {
  status: number;
  body: unknown;
  text: string;
}

export async function http(
  base: string,
  method: string,
  url: string,
  opts: { body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<HttpAnswer> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}${url}`, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
  });
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.status, body, text };
}

export async function expectStatus(p: Promise<HttpAnswer>, status: number, what: string): Promise<Record<string, unknown>> {
  const r = await p;
  if (r.status !== status) throw new Error(`${what}: expected HTTP ${status}, got ${r.status}: ${r.text.slice(0, 500)}`);
  return (r.body ?? {}) as Record<string, unknown>;
}

/** Waits for a child to exit; SIGKILL after `ms`. */
export async function waitExit(child: ChildProcess, ms: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; killed: boolean }> {
  if (child.exitCode !== null || child.signalCode !== null) return { code: child.exitCode, signal: child.signalCode, killed: false };
  return new Promise((resolve) => {
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, ms);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, killed });
    });
  });
}

export interface Target {
  name: string;
  value: string;
  limit: string;
  pass: boolean;
}

/** `npm run <script>` (or how the script was started) and the BENCH_* settings of this run. */
export function commandLine(): string {
  const script = process.env.npm_lifecycle_event;
  const how = script ? `npm run ${script}` : `tsx ${process.argv.slice(1).join(' ')}`;
  const knobs = Object.entries(process.env)
    .filter(([k, v]) => /^BENCH_/.test(k) && v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${v}`)
    .sort();
  return [...knobs, how].join(' ');
}

// ---------------------------------------------------------------------------------------------
// noise: how much CPU did other processes take during a measurement? (Linux /proc; null elsewhere)
// "Ours" = this process (autocannon), the server under test and every `postgres` process.

export interface CpuSnapshot {
  busy: number;
  total: number;
  ours: Map<number, number>;
}

export function cpuSnapshot(serverPid: number | undefined): CpuSnapshot | null {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const f = line.trim().split(/\s+/).slice(1, 9).map(Number); // user nice system idle iowait irq softirq steal
    const total = f.reduce((a, b) => a + b, 0);
    const busy = total - f[3]! - f[4]!;
    const ours = new Map<number, number>();
    for (const name of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      const pid = Number(name);
      let stat: string;
      try {
        stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue;
      }
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      if (pid !== process.pid && pid !== serverPid && comm !== 'postgres') continue;
      const rest = stat.slice(close + 2).split(' ');
      ours.set(pid, Number(rest[11]) + Number(rest[12])); // utime + stime
    }
    return { busy, total, ours };
  } catch {
    return null;
  }
}

export interface CpuUse {
  /** share of the whole machine (all CPUs) used by other processes, in % */
  otherPct: number;
  /** CPU time per second of wall time, in cores (1 = one core fully busy) */
  serverCores: number;
  postgresCores: number;
  autocannonCores: number;
}

export function cpuUse(a: CpuSnapshot | null, b: CpuSnapshot | null, serverPid: number): CpuUse | null {
  if (!a || !b || b.total <= a.total) return null;
  const ncpu = os.cpus().length;
  const wallJiffies = (b.total - a.total) / ncpu; // jiffies of one CPU over the window
  let ours = 0;
  let server = 0;
  let self = 0;
  for (const [pid, j] of b.ours) {
    const d = j - (a.ours.get(pid) ?? 0);
    ours += d;
    if (pid === serverPid) server += d;
    else if (pid === process.pid) self += d;
  }
  const cores = (x: number) => Math.round((x / wallJiffies) * 100) / 100;
  return {
    otherPct: Math.max(0, ((b.busy - a.busy - ours) / (b.total - a.total)) * 100),
    serverCores: cores(server),
    postgresCores: cores(ours - server - self),
    autocannonCores: cores(self),
  };
}

/** Busy share of the machine over `ms` before we start anything, in %. */
export async function idleCheck(ms: number): Promise<number | null> {
  const a = cpuSnapshot(undefined);
  await sleep(ms);
  const b = cpuSnapshot(undefined);
  if (!a || !b || b.total <= a.total) return null;
  return ((b.busy - a.busy) / (b.total - a.total)) * 100;
}

export const NOISY_PCT = 10;

// ---------------------------------------------------------------------------------------------
// clean-up: idempotent, runs on success, failure, signals and the watchdog

const cleanups: Array<{ name: string; fn: () => Promise<void> }> = [];
let cleaning: Promise<void> | undefined;
export function onCleanup(name: string, fn: () => Promise<void>): void {
  cleanups.push({ name, fn });
}
export function cleanupAll(): Promise<void> {
  cleaning ??= (async () => {
    for (const c of cleanups.reverse()) {
      try {
        await withTimeout(c.fn(), 30_000, `clean-up ${c.name}`);
      } catch (err) {
        warn(`clean-up "${c.name}" failed: ${(err as Error).message}`);
      }
    }
  })();
  return cleaning;
}

/** SIGINT/SIGTERM: clean up, then exit 130. Call once, at the top of a benchmark's main module. */
export function cleanupOnSignals(): void {
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      warn(`${sig}: cleaning up and stopping`);
      void cleanupAll().finally(() => process.exit(130));
    });
  }
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

/** `adminUrl` with its database replaced by `name`. */
export function databaseUrl(adminUrl: string, name: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/** One statement on a connection of its own. */
export async function pgExec(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000, statement_timeout: 60_000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function pgServerVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    const r = await client.query<{ v: string }>("select current_setting('server_version') as v");
    return r.rows[0]?.v ?? '?';
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// the server under test, in a child process (autocannon and the server must not share an event loop)

export interface BenchServer {
  base: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * `node [execArgv] script [args]` with IPC; resolves when the child sends {type:'ready', port}. The
 * stop is registered as a clean-up.
 */
export async function startServerProcess(o: {
  script: string;
  args?: string[];
  execArgv?: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  name?: string;
}): Promise<BenchServer> {
  const name = o.name ?? 'bench server';
  const args = [...(o.execArgv ?? ['--import', 'tsx']), o.script, ...(o.args ?? [])];
  const child = spawn(process.execPath, args, { cwd: o.cwd, env: o.env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (child.connected) child.send({ type: 'stop' });
      else child.kill('SIGTERM');
      const r = await waitExit(child, 20_000);
      if (r.killed) warn(`${name} did not stop within 20 s: killed`);
    })();
    return stopped;
  };
  onCleanup(`stop ${name}`, stop);
  const port = await withTimeout(
    new Promise<number>((resolve, reject) => {
      child.on('message', (msg: { type: string; port?: number; message?: string }) => {
        if (msg.type === 'ready' && msg.port) resolve(msg.port);
        else if (msg.type === 'error') reject(new Error(`${name} failed: ${msg.message}`));
      });
      child.once('exit', (code, signal) => reject(new Error(`${name} exited during start-up (${code ?? signal})`)));
      child.once('error', reject);
    }),
    90_000,
    `${name} start`,
  );
  return { base: `http://127.0.0.1:${port}`, pid: child.pid!, stop };
}

// ---------------------------------------------------------------------------------------------
// partners

export interface Partner {
  companyId: string;
  token: string;
  headers: Record<string, string>;
  apiKey: { key: string; secret: string };
}

/**
 * Onboards a company (enterprise: no per-company rate limit) and exchanges its key for a token.
 * `headers` go with both calls (e.g. a per-run X-Forwarded-For so Redis-kept per-IP limits of earlier
 * runs do not count).
 */
export async function onboardPartner(base: string, label: string, runId: string, headers?: Record<string, string>): Promise<Partner> {
  const on = await expectStatus(
    http(base, 'POST', '/api/partner/onboarding', {
      headers,
      body: {
        company: { name: `Bench ${label} ${runId}`, email: `bench-${label}-${runId.toLowerCase()}@example.com`, industry: 'Courier' },
        tier: 'enterprise',
      },
    }),
    201,
    `onboarding (${label})`,
  );
  const company = on.company as { id: string };
  const apiKey = on.apiKey as { key: string; secret: string };
  const auth = await expectStatus(
    http(base, 'POST', '/api/partner/auth', { headers, body: { apiKey: apiKey.key, secret: apiKey.secret } }),
    200,
    `auth (${label})`,
  );
  const token = auth.token as string;
  return { companyId: company.id, token, headers: { authorization: `Bearer ${token}` }, apiKey };
}

// ---------------------------------------------------------------------------------------------
// measuring

export interface RouteRun<R extends string = string> {
  round: number;
  route: R;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  meanLatency: number;
  completed: number;
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  queriesPerRequest: number | null;
  warmupNon2xx: number;
  warmupErrors: number;
  /** % of the machine other processes used during the measured window (not warm-up) */
  otherCpuPct: number | null;
  cpu: CpuUse | null;
  loadAvg1: number;
}

export function cannon(opts: CannonOptions): Promise<CannonResult> {
  return withTimeout(
    new Promise<CannonResult>((resolve, reject) => {
      autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
    }),
    ((opts.duration ?? 10) + 30) * 1000,
    `autocannon ${opts.title ?? opts.url}`,
  );
}

/** Statements the server has sent so far (GET /__bench/stats), or null. */
export async function queryCount(base: string): Promise<number | null> {
  try {
    const r = await http(base, 'GET', '/__bench/stats', { timeoutMs: 5_000 });
    return r.status === 200 ? ((r.body as { queries: number }).queries ?? null) : null;
  } catch {
    return null;
  }
}

/** Warm-up (not counted), then one measured autocannon run of `opts`, with CPU and query counts. */
export async function measureRoute<R extends string>(
  route: R,
  round: number,
  server: BenchServer,
  opts: CannonOptions,
  m: { warmup: number; duration: number; cpuProf?: boolean },
): Promise<RouteRun<R>> {
  const base = server.base;
  let warm: CannonResult | undefined;
  if (m.warmup > 0) warm = await cannon({ ...opts, duration: m.warmup });
  if (m.cpuProf) await expectStatus(http(base, 'POST', '/__bench/profile/start'), 200, 'profile start');
  const q0 = await queryCount(base);
  const cpu0 = cpuSnapshot(server.pid);
  const r = await cannon({ ...opts, duration: m.duration });
  const cpu1 = cpuSnapshot(server.pid);
  const q1 = await queryCount(base);
  if (m.cpuProf) await expectStatus(http(base, 'POST', `/__bench/profile/stop?name=r${round}-${route}`, { timeoutMs: 60_000 }), 200, 'profile stop');
  const completed = r.requests.total;
  const statusCodes: Record<string, number> = {};
  for (const [code, v] of Object.entries(r.statusCodeStats)) statusCodes[code] = v.count;
  const cpu = cpuUse(cpu0, cpu1, server.pid);
  return {
    round,
    route,
    rps: r.requests.average,
    p50: r.latency.p50,
    p90: r.latency.p90,
    p99: r.latency.p99,
    meanLatency: r.latency.average,
    completed,
    ok2xx: r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    statusCodes,
    // The two stats calls themselves are not counted (they do not query).
    queriesPerRequest: q0 !== null && q1 !== null && completed > 0 ? (q1 - q0) / completed : null,
    warmupNon2xx: warm?.non2xx ?? 0,
    warmupErrors: (warm?.errors ?? 0) + (warm?.timeouts ?? 0),
    otherCpuPct: cpu?.otherPct ?? null,
    cpu,
    loadAvg1: os.loadavg()[0]!,
  };
}

/** One line per measured run. */
export function runLine(r: RouteRun, width = 8): string {
  const bad = r.non2xx + r.errors + r.timeouts + r.warmupNon2xx + r.warmupErrors;
  return (
    `  round ${r.round} ${pad(r.route, width)} ${lpad(fmt(r.rps), 6)} req/s  p50 ${lpad(fmt(r.p50, 1), 6)} ms  p99 ${lpad(fmt(r.p99, 1), 6)} ms  ` +
    `q/req ${r.queriesPerRequest === null ? 'n/a' : r.queriesPerRequest.toFixed(2)}${r.cpu ? `  cores: server ${r.cpu.serverCores.toFixed(2)} pg ${r.cpu.postgresCores.toFixed(2)} cannon ${r.cpu.autocannonCores.toFixed(2)}` : ''}  other CPU ${r.otherCpuPct === null ? 'n/a' : `${r.otherCpuPct.toFixed(0)} %`}${r.otherCpuPct !== null && r.otherCpuPct > NOISY_PCT ? ' (NOISY)' : ''}${bad ? `  !!! non-2xx ${r.non2xx + r.warmupNon2xx} errors ${r.errors + r.timeouts + r.warmupErrors} ${JSON.stringify(r.statusCodes)}` : ''}`
  );
}

export interface RouteSummary<R extends string = string> {
  route: R;
  /** the route this one is compared with (itself for a floor) */
  floor: R;
  rps: number;
  p50: number;
  p99: number;
  rpsRatio: number;
  p99Ratio: number;
  perRoundRpsRatio: number[];
  queriesPerRequest: number | null;
  serverCores: number | null;
  postgresCores: number | null;
  non2xx: number;
  errors: number;
}

/** Medians per route over the rounds, and ratios to the route's floor (medians to medians, and per round). */
export function summarise<R extends string>(runs: RouteRun<R>[], routes: readonly R[], floorOf: (route: R) => R): RouteSummary<R>[] {
  const of = (route: R) => runs.filter((r) => r.route === route);
  return routes.map((route) => {
    const floorName = floorOf(route);
    const floor = of(floorName);
    const floorRps = median(floor.map((r) => r.rps));
    const floorP99 = median(floor.map((r) => r.p99));
    const rs = of(route);
    const rps = median(rs.map((r) => r.rps));
    const p99 = median(rs.map((r) => r.p99));
    const qs = rs.map((r) => r.queriesPerRequest).filter((x): x is number => x !== null);
    return {
      route,
      floor: floorName,
      rps,
      p50: median(rs.map((r) => r.p50)),
      p99,
      rpsRatio: rps / floorRps,
      p99Ratio: p99 / floorP99,
      perRoundRpsRatio: rs.map((r) => {
        const f = floor.find((x) => x.round === r.round);
        return f ? r.rps / f.rps : Number.NaN;
      }),
      queriesPerRequest: qs.length ? median(qs) : null,
      serverCores: rs.every((r) => r.cpu) ? median(rs.map((r) => r.cpu!.serverCores)) : null,
      postgresCores: rs.every((r) => r.cpu) ? median(rs.map((r) => r.cpu!.postgresCores)) : null,
      non2xx: rs.reduce((a, r) => a + r.non2xx + r.warmupNon2xx, 0),
      errors: rs.reduce((a, r) => a + r.errors + r.timeouts + r.warmupErrors, 0),
    };
  });
}

/**
 * Runs a benchmark's main with a watchdog (whatever happens, the script ends by itself within
 * `budgetSeconds`), cleans up, and exits with main's code.
 */
export async function runMain(budgetSeconds: number, main: () => Promise<number>): Promise<never> {
  const watchdog = setTimeout(() => {
    warn(`watchdog: still running after ${budgetSeconds} s — cleaning up and stopping`);
    void cleanupAll().finally(() => process.exit(2));
  }, budgetSeconds * 1000);
  let code: number;
  try {
    code = await main();
  } catch (err) {
    warn(`benchmark failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    code = 1;
  } finally {
    await cleanupAll();
    clearTimeout(watchdog);
  }
  process.exit(code);
}

/** Says how much other processes disturbed the measurements (NOISY above NOISY_PCT); returns the noisy count. */
export function reportNoise(runs: ReadonlyArray<{ round: number; route: string; otherCpuPct: number | null }>): number {
  const noisy = runs.filter((r) => r.otherCpuPct !== null && r.otherCpuPct > NOISY_PCT);
  if (noisy.length > 0) {
    warn(
      `NOISY MACHINE: other processes took more than ${NOISY_PCT} % of the CPU during ${noisy.length} of ${runs.length} measurements ` +
        `(${noisy.map((r) => `r${r.round} ${r.route} ${r.otherCpuPct!.toFixed(0)} %`).join(', ')}). Treat the ratios with care; re-run on a quiet machine.`,
    );
  } else if (runs.some((r) => r.otherCpuPct !== null)) {
    log(`  other processes used at most ${Math.max(...runs.map((r) => r.otherCpuPct ?? 0)).toFixed(1)} % of the CPU during the measurements`);
  }
  return noisy.length;
}

/**
 * The bench child's way out: on SIGTERM/SIGINT, the parent going away or a `{type: 'stop'}` message,
 * close what `close` closes and exit; never hang (the parent waits for the exit). Returns `stop`.
 */
export function childStopper(name: string, close: () => Promise<void>): (code: number) => Promise<never> {
  let stopping = false;
  const stop = async (code: number): Promise<never> => {
    if (!stopping) {
      stopping = true;
      setTimeout(() => process.exit(code === 0 ? 3 : code), 10_000).unref();
      try {
        await close();
      } catch (err) {
        process.stderr.write(`${name}: error while closing: ${String(err)}\n`);
      }
      process.exit(code);
    }
    return new Promise<never>(() => {});
  };
  process.on('SIGTERM', () => void stop(0));
  process.on('SIGINT', () => void stop(0));
  process.on('disconnect', () => void stop(0));
  process.on('message', (msg: { type?: string } | undefined) => {
    if (msg?.type === 'stop') void stop(0);
  });
  return stop;
}

/**
 * What every bench server's environment shares: no SMTP; Redis only when the run has one — then the
 * set-up's per-IP limited calls (onboarding, auth) send a per-run X-Forwarded-For instead of spending
 * 127.0.0.1's budget, which lives in Redis and outlives the run (the measured routes never read
 * req.ip); CPU profiles only when asked for.
 */
export function benchServerEnv(env: NodeJS.ProcessEnv, o: { redisUrl: string | undefined; profileDir: string | undefined }): NodeJS.ProcessEnv {
  delete env.REDIS_URL;
  delete env.SMTP_URL;
  if (o.redisUrl) {
    env.REDIS_URL = o.redisUrl;
    env.TRUST_PROXY = 'true';
  }
  if (o.profileDir) env.BENCH_PROFILE_DIR = o.profileDir;
  else delete env.BENCH_PROFILE_DIR;
  return env;
}
