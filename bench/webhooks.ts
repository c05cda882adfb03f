/**
 * `npm run bench:webhooks` — the webhook delivery's performance check. A script, not a test.
 *
 * On PostgreSQL, in a fresh database `ff_bench_wh`, with the hub's worker role in a child process
 * (`openHub({role:'worker'})`) and a receiver on loopback in this process:
 *
 * 1. Bare job queue: pg-boss (the hub's queue) drains N pre-inserted jobs with a no-op handler, in a
 *    child process, with the dispatcher's settings (batches of 100, one fetch loop, 0.5 s polling,
 *    fetching on while batches come back full). Time: `work()` → every job completed in the database.
 * 2. Webhook throughput: N events committed in one transaction (the fan-out trigger makes N messages)
 *    are delivered to a receiver answering 200. Time: commit → every outcome recorded.
 *    1 and 2 alternate for BENCH_ROUNDS rounds; the ratio is of the medians.
 * 3. Latency: events committed one per transaction at a steady rate; commit → receipt.
 * 4. Retry timing: messages to a receiver that always answers 500; each retry's arrival against its
 *    schedule (1, 2, 4, 8, 16 s after the previous answer).
 *
 * Targets: deliveries/s ≥ 50 % of the bare queue's jobs/s; every retry within ±0.5 s of schedule;
 * every event delivered, none twice. CPU use per process is printed: the figures are only comparable
 * on a quiet machine (a warning says when it was not).
 * Environment (all optional): DATABASE_URL (default postgres://postgres:postgres@127.0.0.1:5432/postgres;
 * the benchmark creates and drops `ff_bench_wh` on it), BENCH_EVENTS=20000, BENCH_ROUNDS=3,
 * BENCH_LATENCY_RATE=200 (events/s), BENCH_LATENCY_SECONDS=5, BENCH_RETRY_MESSAGES=100 (0 skips 4),
 * BENCH_CONCURRENCY=64 (WEBHOOK_CONCURRENCY), BENCH_KEEP_DB=1, diagnostics: BENCH_CPU_PROF=<dir>
 * (CPU profile of the worker), BENCH_ELU=1 (the worker's event-loop use each second).
 * Exit code: 0 when every target passes, 1 otherwise.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { PgBoss } from 'pg-boss';
import { envInt } from './env.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SELF = fileURLToPath(import.meta.url);
const RESULTS_DIR = path.join(ROOT, 'bench', 'results');

const OPTS = {
  events: envInt('BENCH_EVENTS', 20_000, 100, 1_000_000),
  latencyRate: envInt('BENCH_LATENCY_RATE', 200, 1, 10_000),
  latencySeconds: envInt('BENCH_LATENCY_SECONDS', 5, 1, 120),
  retryMessages: envInt('BENCH_RETRY_MESSAGES', 100, 0, 2000),
  concurrency: envInt('BENCH_CONCURRENCY', 64, 1, 1000),
  rounds: envInt('BENCH_ROUNDS', 3, 1, 10),
};
const SCHEDULE = [1, 2, 4, 8, 16];
const ADMIN_URL = process.env.DATABASE_URL?.trim() || 'postgres://postgres:postgres@127.0.0.1:5432/postgres';
const BENCH_DB = 'ff_bench_wh';
const BENCH_DB_URL = (() => {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${BENCH_DB}`;
  return u.toString();
})();
const JWT_SECRET = 'bench-only-jwt-secret-0123456789abcdefgh';
/** "Other" processes above this many cores during a measurement make the machine noisy. */
const NOISY_CORES = 0.3;
const QUEUE_SETTINGS = { batchSize: 100, localConcurrency: 1, pollingIntervalSeconds: 0.5, burstWhenBatchFull: true } as const;

const log = (msg: string) => process.stdout.write(`${msg}\n`);
const warn = (msg: string) => process.stderr.write(`\n!!! ${msg}\n\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const uid = () => randomBytes(10).toString('hex');
const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(0)} %` : 'n/a');
const fmt = (x: number, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
function median(xs: number[]): number {
  return quantile(xs, 0.5);
}
function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}

// ---------------------------------------------------------------------------------------------
// CPU accounting (Linux /proc; null elsewhere): cores used by the process under test, by PostgreSQL,
// by this process (receiver + producer) and by everything else, which makes a noisy machine visible.

interface CpuSnap {
  total: number;
  busy: number;
  procs: Map<number, { comm: string; jiffies: number }>;
}
function cpuSnap(): CpuSnap | null {
  try {
    const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
    const total = f.reduce((a, b) => a + b, 0);
    const procs = new Map<number, { comm: string; jiffies: number }>();
    for (const name of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const st = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
        const close = st.lastIndexOf(')');
        const rest = st.slice(close + 2).split(' ');
        procs.set(Number(name), { comm: st.slice(st.indexOf('(') + 1, close), jiffies: Number(rest[11]) + Number(rest[12]) });
      } catch {
        /* gone */
      }
    }
    return { total, busy: total - f[3]! - f[4]!, procs };
  } catch {
    return null;
  }
}
interface CpuUse {
  subject: number;
  postgres: number;
  bench: number;
  other: number;
}
/** Cores used between two snapshots by `subjectPid`, postgres, this process, and the rest. */
function cpuUse(a: CpuSnap | null, b: CpuSnap | null, subjectPid: number | undefined): CpuUse | null {
  if (!a || !b || b.total <= a.total) return null;
  const wall = (b.total - a.total) / os.cpus().length;
  const use = { subject: 0, postgres: 0, bench: 0, other: 0 };
  let ours = 0;
  for (const [pid, p] of b.procs) {
    const d = p.jiffies - (a.procs.get(pid)?.jiffies ?? p.jiffies);
    if (pid === subjectPid) use.subject += d;
    else if (p.comm === 'postgres') use.postgres += d;
    else if (pid === process.pid) use.bench += d;
    else continue;
    ours += d;
  }
  use.other = Math.max(0, b.busy - a.busy - ours);
  const cores = (x: number) => Math.round((x / wall) * 100) / 100;
  return { subject: cores(use.subject), postgres: cores(use.postgres), bench: cores(use.bench), other: cores(use.other) };
}
const cpuText = (u: CpuUse | null) =>
  u ? `cores: under test ${u.subject}, postgres ${u.postgres}, bench ${u.bench}, OTHER ${u.other}` : 'cores: n/a';

// ---------------------------------------------------------------------------------------------
// children: `tsx bench/webhooks.ts --child worker|boss`

type ChildMsg = { type: 'ready' } | { type: 'done'; ms: number; jobs: number } | { type: 'error'; message: string };

async function childMain(kind: string): Promise<void> {
  const send = (m: ChildMsg) => process.send?.(m);
  process.on('disconnect', () => process.exit(0));
  if (kind === 'worker') {
    const { loadConfig } = await import('../src/config/index.js');
    const { openHub } = await import('../src/server.js');
    const hub = await openHub(loadConfig(process.env), { role: 'worker' });
    if (process.env.BENCH_ELU) {
      let last = performance.eventLoopUtilization();
      setInterval(() => {
        const now = performance.eventLoopUtilization();
        process.stderr.write(`ELU ${performance.eventLoopUtilization(now, last).utilization.toFixed(2)}\n`);
        last = now;
      }, 1000).unref();
    }
    process.on('message', (m: { type: string }) => {
      if (m?.type === 'stop') void hub.close().finally(() => process.exit(0));
    });
    send({ type: 'ready' });
    return;
  }
  // The bare queue: the same pg-boss the hub uses, its own pool like the hub's PostgreSQL mode. One
  // process for every round, so it is as warm (JIT, connections) as the long-running worker.
  let n = 0;
  let queue = '';
  const boss = new PgBoss({ connectionString: BENCH_DB_URL, schema: 'pgboss', max: 4, supervise: false, schedule: false, migrate: true });
  await boss.start();
  const pool = new pg.Pool({ connectionString: BENCH_DB_URL, max: 1 });
  const messages: Array<{ type: string; jobs?: number }> = [];
  let wake: (() => void) | undefined;
  process.on('message', (m: { type: string; jobs?: number }) => {
    messages.push(m);
    wake?.();
  });
  const nextMessage = async () => {
    while (messages.length === 0) await new Promise<void>((r) => (wake = r));
    return messages.shift()!;
  };
  for (;;) {
    const m = await nextMessage();
    if (m.type === 'stop') break;
    if (m.type === 'fill') {
      // A fresh queue in its own table each round: the previous rounds' rows never slow this one.
      n = m.jobs!;
      queue = `bench.noop.${randomBytes(4).toString('hex')}`;
      await boss.createQueue(queue, { retryLimit: 0, partition: true });
      for (let i = 0; i < n; i += 1000) {
        await boss.insert(
          queue,
          Array.from({ length: Math.min(1000, n - i) }, (_, k) => ({ data: { i: i + k } })),
        );
      }
      send({ type: 'ready' });
    } else if (m.type === 'go') {
      const started = performance.now();
      const workerId = await boss.work(queue, { ...QUEUE_SETTINGS }, async () => {});
      for (;;) {
        const r = await pool.query<{ n: number }>(`select count(*)::int as n from pgboss.job where name = $1 and state = 'completed'`, [queue]);
        if (r.rows[0]!.n >= n) break;
        await sleep(20);
      }
      const ms = performance.now() - started;
      await boss.offWork(queue, { id: workerId, wait: true });
      send({ type: 'done', ms, jobs: n });
    }
  }
  await pool.end();
  await boss.stop({ graceful: false, close: true }).catch(() => {});
  process.exit(0);
}

function startChild(kind: 'worker' | 'boss', env: Record<string, string>): { child: ChildProcess; next: () => Promise<ChildMsg> } {
  const child = fork(SELF, ['--child', kind], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const queue: ChildMsg[] = [];
  const waiters: Array<(m: ChildMsg) => void> = [];
  child.on('message', (m: ChildMsg) => (waiters.length ? waiters.shift()!(m) : queue.push(m)));
  child.on('exit', (code) => waiters.splice(0).forEach((w) => w({ type: 'error', message: `child exited (${code})` })));
  const next = () => (queue.length ? Promise.resolve(queue.shift()!) : new Promise<ChildMsg>((r) => waiters.push(r)));
  return { child, next };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  if (child.connected) child.send({ type: 'stop' });
  const t = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(t);
}

// ---------------------------------------------------------------------------------------------
// the receiver: 200 on /ok, 500 on /fail; every arrival recorded by webhook-id

interface Arrival {
  at: number;
  eventKey: string;
}
const arrivals = new Map<string, Arrival[]>();
/** eventKey → first arrival (latency) */
const byEvent = new Map<string, number>();
let okCount = 0;
const okIds = new Set<string>();

/**
 * The receiver stands in for partners' servers, which run on other machines: it must take as little
 * of this machine's CPU as it can, or it measures itself. So it is a minimal HTTP/1.1 responder on
 * `net` (requests with Content-Length, keep-alive; all our client sends), not node:http — which cost
 * about a third of a core at 2,500 requests/s here.
 */
function record(path: string, id: string, body: string, at: number): number {
  const m = /"shipmentId":"([^"]*)"/.exec(body);
  const eventKey = m ? m[1]! : '';
  const list = arrivals.get(id) ?? [];
  list.push({ at, eventKey });
  arrivals.set(id, list);
  if (!byEvent.has(eventKey)) byEvent.set(eventKey, at);
  if (path === '/ok') {
    okCount++;
    okIds.add(id);
    return 200;
  }
  return 500;
}

const OK = Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nKeep-Alive: timeout=60\r\n\r\nok');
const FAIL = Buffer.from('HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nKeep-Alive: timeout=60\r\n\r\nno');

async function startReceiver(): Promise<{ base: string; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let buf = '';
    socket.setEncoding('latin1'); // byte-preserving; our bodies are ASCII JSON
    socket.on('data', (chunk: string) => {
      buf += chunk;
      for (;;) {
        const head = buf.indexOf('\r\n\r\n');
        if (head < 0) return;
        const headers = buf.slice(0, head);
        const len = Number(/\r\ncontent-length: *(\d+)/i.exec(headers)?.[1] ?? 0);
        if (buf.length < head + 4 + len) return;
        const path = headers.slice(headers.indexOf(' ') + 1, headers.indexOf(' ', headers.indexOf(' ') + 1));
        const id = /\r\nwebhook-id: *([^\r]*)/i.exec(headers)?.[1] ?? '';
        const status = record(path, id, buf.slice(head + 4, head + 4 + len), Date.now());
        buf = buf.slice(head + 4 + len);
        socket.write(status === 200 ? OK : FAIL);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

// ---------------------------------------------------------------------------------------------
// database set-up: companies and endpoints straight in SQL (the API is not what is measured)

async function adminQuery(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function addEndpoints(pool: pg.Pool, count: number, url: string): Promise<string> {
  const { createSigningKeys } = await import('../src/modules/webhooks/endpoint-secrets.js');
  const keys = createSigningKeys(JWT_SECRET);
  const companyId = `cmp_${uid().slice(0, 20)}`;
  await pool.query(`insert into companies (id, name, email, tier, capacity) values ($1, $1, $2, 'enterprise', 100000)`, [
    companyId,
    `${companyId}@bench.example`,
  ]);
  for (let i = 0; i < count; i++) {
    const id = `whe_${uid().slice(0, 20)}`;
    await pool.query(
      `insert into webhook_endpoints (id, company_id, url, events, secret_sealed) values ($1, $2, $3, array['shipment.updated'], $4)`,
      [id, companyId, url, keys.create(id).sealed],
    );
  }
  return companyId;
}

/** Events in one transaction (`keys` become data.shipmentId); resolves at the commit, with its time. */
async function commitEvents(pool: pg.Pool, companyId: string, keys: string[]): Promise<number> {
  const c = await pool.connect();
  try {
    await c.query('begin');
    for (let i = 0; i < keys.length; i += 1000) {
      const part = keys.slice(i, i + 1000);
      await c.query(
        `insert into events (id, type, company_ids, shipment_id, data)
         select 'evt_' || k, 'shipment.updated', array[$1], k,
                jsonb_build_object('shipmentId', k, 'trackingNumber', 'BENCH-' || k, 'previousStatus', 'picked_up', 'currentStatus', 'in_transit', 'location', 'Hub')
         from unnest($2::text[]) k`,
        [companyId, part],
      );
    }
    await c.query('commit');
    return Date.now();
  } finally {
    c.release();
  }
}

async function waitUntil(pred: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await pred())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

// ---------------------------------------------------------------------------------------------

interface Target {
  name: string;
  value: string;
  limit: string;
  pass: boolean;
}

async function main(): Promise<number> {
  const started = Date.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-bench-wh-'));
  const report: Record<string, unknown> = {
    startedAt: new Date(started).toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    options: OPTS,
    queueSettings: QUEUE_SETTINGS,
  };
  const targets: Target[] = [];
  let worker: ChildProcess | undefined;
  let pool: pg.Pool | undefined;
  const rx = await startReceiver();
  log(`FastForward webhook benchmark — node ${process.version}, ${os.cpus().length} CPUs; ${OPTS.events} events, concurrency ${OPTS.concurrency}`);
  try {
    await adminQuery(`drop database if exists ${BENCH_DB} with (force)`);
    await adminQuery(`create database ${BENCH_DB}`);

    // The hub's worker role (it applies the migrations and creates pg-boss's schema).
    const w = startChild('worker', {
      NODE_ENV: 'production',
      LOG_LEVEL: 'fatal',
      DATABASE_URL: BENCH_DB_URL,
      JWT_SECRET,
      DATA_DIR: path.join(tmp, 'data'),
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      WEBHOOK_CONCURRENCY: String(OPTS.concurrency),
      WEBHOOK_RETRY_SCHEDULE: SCHEDULE.map((s) => `${s}s`).join(','),
      ...(process.env.BENCH_CPU_PROF ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.BENCH_CPU_PROF}` } : {}),
    });
    worker = w.child;
    const ready = await w.next();
    if (ready.type !== 'ready') throw new Error(`worker did not start: ${JSON.stringify(ready)}`);
    pool = new pg.Pool({ connectionString: BENCH_DB_URL, max: 8 });
    const p = pool;
    const company = await addEndpoints(p, 1, `${rx.base}/ok`);

    // 1 + 2, interleaved rounds (the machine's speed drifts; medians of interleaved rounds do not).
    const bareRates: number[] = [];
    const rates: number[] = [];
    const cpu: Array<{ round: number; bare: CpuUse | null; webhooks: CpuUse | null }> = [];
    let dupes = 0;
    const boss = startChild('boss', {});
    /** One round of each: the bare queue's jobs/s, then the webhooks' deliveries/s. */
    const round = async (events: number) => {
      boss.child.send({ type: 'fill', jobs: events });
      const filled = await boss.next();
      if (filled.type !== 'ready') throw new Error(`bare queue set-up failed: ${JSON.stringify(filled)}`);
      const bareCpu0 = cpuSnap();
      boss.child.send({ type: 'go' });
      const b = await boss.next();
      const bareCpu = cpuUse(bareCpu0, cpuSnap(), boss.child.pid);
      if (b.type !== 'done') throw new Error(`bare queue run failed: ${JSON.stringify(b)}`);

      const before = okCount;
      const keys = Array.from({ length: events }, () => uid());
      const whCpu0 = cpuSnap();
      const t0 = await commitEvents(p, company, keys);
      await waitUntil(() => okCount - before >= events, 300_000, 'every delivery');
      const tReceived = Date.now();
      await waitUntil(
        async () => (await p.query<{ n: number }>(`select count(*)::int as n from webhook_messages where status = 'pending'`)).rows[0]!.n === 0,
        120_000,
        'every outcome recorded',
      );
      const tRecorded = Date.now();
      const whCpu = cpuUse(whCpu0, cpuSnap(), worker!.pid);
      return {
        bareRate: (b.jobs / b.ms) * 1000,
        bareCpu,
        rate: (events / (tRecorded - t0)) * 1000,
        whCpu,
        receivedMs: tReceived - t0,
        recordedMs: tRecorded - t0,
      };
    };
    // Warm-up (not counted): JIT, connections and caches of both sides.
    const warm = Math.max(100, Math.round(OPTS.events / 4));
    await round(warm);
    log(`  warm-up: ${warm} jobs and ${warm} events`);
    for (let r = 1; r <= OPTS.rounds; r++) {
      const x = await round(OPTS.events);
      bareRates.push(x.bareRate);
      rates.push(x.rate);
      cpu.push({ round: r, bare: x.bareCpu, webhooks: x.whCpu });
      log(`  round ${r}: bare queue ${fmt(x.bareRate)} jobs/s (${cpuText(x.bareCpu)})`);
      log(
        `           webhooks ${fmt(x.rate)} deliveries/s — ${OPTS.events} received in ${fmt(x.receivedMs / 1000, 2)} s, recorded in ${fmt(x.recordedMs / 1000, 2)} s (${cpuText(x.whCpu)}) → ${pct(x.rate / x.bareRate)}`,
      );
    }
    dupes = [...arrivals.values()].filter((a) => a.length > 1).length;
    await stopChild(boss.child);
    const bareRate = median(bareRates);
    const rate = median(rates);

    // 3. latency at a steady rate, one event per transaction
    const lat: number[] = [];
    const commits = new Map<string, number>();
    const total = OPTS.latencyRate * OPTS.latencySeconds;
    const tStart = Date.now();
    const pending: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      const due = tStart + (i * 1000) / OPTS.latencyRate;
      // One reading of the clock: on a busy machine two readings can straddle `due` (a negative timeout).
      const wait = due - Date.now();
      if (wait > 0) await sleep(wait);
      const k = uid();
      pending.push(commitEvents(p, company, [k]).then((at) => void commits.set(k, at)));
    }
    await Promise.all(pending);
    await waitUntil(() => [...commits.keys()].every((k) => byEvent.has(k)), 60_000, 'latency deliveries');
    for (const [k, at] of commits) lat.push(byEvent.get(k)! - at);
    log(
      `  latency (${total} events at ${OPTS.latencyRate}/s, commit → receipt): p50 ${fmt(quantile(lat, 0.5), 1)} ms, p99 ${fmt(quantile(lat, 0.99), 1)} ms, max ${fmt(Math.max(...lat), 1)} ms`,
    );

    // 4. retry timing: one message per endpoint (a disabled endpoint would cut the others short)
    let retries: { late: number[]; byStep: number[][]; disabled: number } | null = null;
    if (OPTS.retryMessages > 0) {
      const failCompanies: string[] = [];
      for (let i = 0; i < OPTS.retryMessages; i += 20)
        failCompanies.push(await addEndpoints(p, Math.min(20, OPTS.retryMessages - i), `${rx.base}/fail`));
      const failKeys = new Set(failCompanies.map(() => uid()));
      const keysList = [...failKeys];
      for (let i = 0; i < failCompanies.length; i++) await commitEvents(p, failCompanies[i]!, [keysList[i]!]);
      const failIds = () => [...arrivals.values()].filter((a) => failKeys.has(a[0]!.eventKey));
      log(
        `  retry timing: ${OPTS.retryMessages} messages to a receiver answering 500 (schedule ${SCHEDULE.join(', ')} s: about ${SCHEDULE.reduce((x, y) => x + y, 0)} s)…`,
      );
      await waitUntil(() => failIds().length >= OPTS.retryMessages && failIds().every((a) => a.length >= SCHEDULE.length + 1), 90_000, 'all retries');
      const late: number[] = [];
      const byStep: number[][] = SCHEDULE.map(() => []);
      // Lateness of attempt k+1 = its arrival − (arrival of attempt k + the k-th delay). The worker
      // decides after the answer, so this includes the answer's trip back: it can only overstate.
      for (const a of failIds()) {
        for (let k = 0; k < SCHEDULE.length; k++) {
          const d = a[k + 1]!.at - a[k]!.at - SCHEDULE[k]! * 1000;
          late.push(d);
          byStep[k]!.push(d);
        }
      }
      await sleep(500);
      const disabled = (await p.query<{ n: number }>(`select count(*)::int as n from webhook_endpoints where not enabled`)).rows[0]!.n;
      log(
        `  retry lateness, ms (p50 / max) per step: ${byStep.map((xs, k) => `${SCHEDULE[k]} s: ${fmt(quantile(xs, 0.5))} / ${fmt(Math.max(...xs))}`).join('; ')}`,
      );
      log(`  ${disabled} of ${OPTS.retryMessages} endpoints disabled after their sixth failure`);
      retries = { late, byStep, disabled };
    }

    const worst = retries ? Math.max(...retries.late.map(Math.abs)) : Number.NaN;
    report.bare = { jobsPerRound: OPTS.events, rates: bareRates, median: bareRate };
    report.webhooks = { eventsPerRound: OPTS.events, rates, median: rate, duplicates: dupes };
    report.cpu = cpu;
    report.latency = { events: total, rate: OPTS.latencyRate, p50: quantile(lat, 0.5), p99: quantile(lat, 0.99), max: Math.max(...lat) };
    if (retries) {
      report.retries = {
        messages: OPTS.retryMessages,
        p50: quantile(retries.late, 0.5),
        p99: quantile(retries.late, 0.99),
        min: Math.min(...retries.late),
        worstAbs: worst,
        perStep: retries.byStep.map((xs, k) => ({ delaySeconds: SCHEDULE[k], p50: quantile(xs, 0.5), max: Math.max(...xs), min: Math.min(...xs) })),
        disabled: retries.disabled,
      };
    }

    const noisy = cpu.some((c) => [c.bare, c.webhooks].some((u) => u !== null && u.other > NOISY_CORES));
    report.noisy = noisy;
    if (noisy)
      warn(
        `NOISY MACHINE: other processes used more than ${NOISY_CORES} cores during a measurement (see "OTHER" above); the ratio is not reliable — re-run on a quiet machine.`,
      );
    log('');
    log('| measure                                      | value                  |');
    log('|----------------------------------------------|------------------------|');
    const row = (k: string, v: string) => log(`| ${k.padEnd(44)} | ${v.padStart(22)} |`);
    row(`bare queue: pg-boss, no-op (median of ${OPTS.rounds})`, `${fmt(bareRate)} jobs/s`);
    row(`webhook deliveries (median of ${OPTS.rounds})`, `${fmt(rate)} /s`);
    row('ratio to the bare queue', `${pct(rate / bareRate)} (${rates.map((r, i) => pct(r / bareRates[i]!)).join(' / ')})`);
    row(`latency commit → receipt p50 / p99 (${OPTS.latencyRate}/s)`, `${fmt(quantile(lat, 0.5), 1)} / ${fmt(quantile(lat, 0.99), 1)} ms`);
    if (retries)
      row('retry lateness p50 / p99 / worst |x|', `${fmt(quantile(retries.late, 0.5))} / ${fmt(quantile(retries.late, 0.99))} / ${fmt(worst)} ms`);
    targets.push({ name: 'deliveries/s vs bare queue', value: pct(rate / bareRate), limit: '≥ 50 %', pass: rate / bareRate >= 0.5 });
    if (retries) targets.push({ name: 'retries within ±0.5 s of schedule', value: `${fmt(worst)} ms`, limit: '≤ 500 ms', pass: worst <= 500 });
    const expected = OPTS.events * OPTS.rounds + warm + total;
    targets.push({
      name: 'every event delivered, none twice',
      value: `${okIds.size}/${expected}, ${dupes} dup`,
      limit: 'all, 0 dup',
      pass: dupes === 0 && okIds.size === expected,
    });
  } finally {
    if (worker) await stopChild(worker);
    await pool?.end();
    await rx.close();
    if (!['1', 'true'].includes(process.env.BENCH_KEEP_DB ?? ''))
      await adminQuery(`drop database if exists ${BENCH_DB} with (force)`).catch((e: Error) => warn(`drop ${BENCH_DB}: ${e.message}`));
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  log('');
  log('Targets');
  for (const t of targets) log(`  ${t.pass ? 'PASS' : 'FAIL'}  ${t.name.padEnd(36)} ${t.value.padStart(14)}  (target ${t.limit})`);
  report.targets = targets;
  report.seconds = Math.round((Date.now() - started) / 1000);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `webhooks-${new Date(started).toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  log(`\nResults: ${path.relative(ROOT, file)}  (${report.seconds as number} s)`);
  return targets.every((t) => t.pass) ? 0 : 1;
}

const childIdx = process.argv.indexOf('--child');
if (childIdx >= 0) {
  await childMain(process.argv[childIdx + 1]!).catch((err: Error) => {
    process.send?.({ type: 'error', message: err.stack ?? err.message });
    process.exit(1);
  });
} else {
  const watchdog = setTimeout(() => {
    warn('watchdog: still running after 600 s — stopping');
    process.exit(2);
  }, 600_000);
  let code = 1;
  try {
    code = await main();
  } catch (err) {
    warn(`benchmark failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  } finally {
    clearTimeout(watchdog);
  }
  process.exit(code);
}
