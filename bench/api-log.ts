/**
 * Part of `npm run bench:api`: what keeping every request (the API log) and the metrics cost on the
 * tracking route. Two servers on the same seeded database, one with `API_LOG_ENABLED=true
 * METRICS_ENABLED=true`, one with both false, measured in turn (interleaved, the order swapped every
 * round), compared round by round: the figure is the median of the rounds' on/off ratios. Pairing each
 * "on" run with the "off" run next to it cancels the drift a shared machine adds between rounds (JIT
 * warm-up, autovacuum), which a ratio of the two overall medians keeps. A round where other processes
 * took more than NOISY_PCT of the CPU during either run measures the neighbours, not the log (seen:
 * 71 % and 114 % in such rounds, with the same server CPU per request): such rounds are left out of the
 * median as long as three clean ones remain. Target: on ≥ 90 % of off. The server's CPU per request,
 * on/off, is printed beside it: the cost the log and metrics add, much less disturbed by neighbours.
 *
 *   BENCH_LOG_ROUNDS=7  BENCH_LOG_DURATION=8   (warm-up: BENCH_WARMUP)   BENCH_SKIP_LOG=1 skips it
 *
 * Afterwards it counts the tracking rows the "on" server added to api_logs: every measured request
 * (plus the warm-ups) should be there, none dropped.
 */
import pg from 'pg';
import type { Options as CannonOptions } from 'autocannon';
import { type BenchServer, fmt, log, lpad, measureRoute, median, NOISY_PCT, pad, pct, type RouteRun, runLine, type Target } from './common.js';
import { envFlag, envInt } from './env.js';

export const LOG_OPTS = {
  rounds: envInt('BENCH_LOG_ROUNDS', 7, 1, 20),
  duration: envInt('BENCH_LOG_DURATION', 8, 1, 120),
  skip: envFlag('BENCH_SKIP_LOG'),
};

const TRACKING_ROUTE = '/api/partner/tracking/:trackingNumber';

type Mode = 'log-on' | 'log-off';

async function trackingRows(dbUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: dbUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    const r = await client.query<{ n: number }>(`select count(*)::int as n from api_logs where kind = 'request' and route = $1`, [TRACKING_ROUTE]);
    return r.rows[0]!.n;
  } finally {
    await client.end();
  }
}

export async function benchApiLog(o: {
  /** Starts a server under test with these variables on top of the benchmark's. */
  start: (env: Record<string, string>) => Promise<BenchServer>;
  dbUrl: string;
  trackingUrl: (base: string) => string;
  headers: Record<string, string>;
  connections: number;
  warmup: number;
}): Promise<{ targets: Target[]; report: Record<string, unknown> }> {
  log('');
  log(
    `API log + metrics: tracking with both on vs both off — ${LOG_OPTS.rounds} interleaved rounds, ${o.warmup} s warm-up + ${LOG_OPTS.duration} s each`,
  );
  const servers: Record<Mode, BenchServer> = {
    'log-on': await o.start({ API_LOG_ENABLED: 'true', METRICS_ENABLED: 'true' }),
    'log-off': await o.start({ API_LOG_ENABLED: 'false', METRICS_ENABLED: 'false' }),
  };
  const runs: RouteRun<Mode>[] = [];
  const rowsBefore = await trackingRows(o.dbUrl);
  try {
    for (let round = 1; round <= LOG_OPTS.rounds; round++) {
      const order: Mode[] = round % 2 === 1 ? ['log-off', 'log-on'] : ['log-on', 'log-off'];
      for (const mode of order) {
        const server = servers[mode];
        const opts: CannonOptions = { url: o.trackingUrl(server.base), headers: o.headers, connections: o.connections, title: mode };
        const r = await measureRoute(mode, round, server, opts, { warmup: o.warmup, duration: LOG_OPTS.duration });
        runs.push(r);
        log(runLine(r));
      }
    }
  } finally {
    // The "on" server writes what it still holds when it stops.
    await servers['log-on'].stop();
    await servers['log-off'].stop();
  }
  const rowsAfter = await trackingRows(o.dbUrl);

  const rps = (m: Mode) => median(runs.filter((r) => r.route === m).map((r) => r.rps));
  const p99 = (m: Mode) => median(runs.filter((r) => r.route === m).map((r) => r.p99));
  const on = rps('log-on');
  const off = rps('log-off');
  const rounds = Array.from({ length: LOG_OPTS.rounds }, (_, i) => {
    const of = (m: Mode) => runs.find((r) => r.round === i + 1 && r.route === m)!;
    const noisy = [of('log-on'), of('log-off')].some((r) => r.otherCpuPct !== null && r.otherCpuPct > NOISY_PCT);
    return { ratio: of('log-on').rps / of('log-off').rps, noisy };
  });
  const perRound = rounds.map((r) => r.ratio);
  const clean = rounds.filter((r) => !r.noisy).map((r) => r.ratio);
  const counted = clean.length >= 3 ? clean : perRound;
  const ratio = median(counted);
  // CPU of the hub's process per request: what the log costs the server, much less disturbed by other
  // processes on a busy machine than req/s (the PostgreSQL side is not in it).
  const cpuMs = (m: Mode) =>
    median(runs.filter((r) => r.route === m && r.cpu && r.completed > 0).map((r) => (r.cpu!.serverCores * LOG_OPTS.duration * 1000) / r.completed));
  const measuredOn = runs.filter((r) => r.route === 'log-on').reduce((a, r) => a + r.completed, 0);
  const logged = rowsAfter - rowsBefore;
  const failed = runs.reduce((a, r) => a + r.non2xx + r.errors + r.timeouts, 0);

  log('');
  log(`| ${pad('tracking (medians)', 30)} | ${lpad('req/s', 7)} | ${lpad('p99 ms', 7)} | ${lpad('server CPU ms/req', 17)} |`);
  log(`|${'-'.repeat(32)}|${'-'.repeat(9)}|${'-'.repeat(9)}|${'-'.repeat(19)}|`);
  for (const [m, name] of [
    ['log-off', 'API log + metrics off'],
    ['log-on', 'API log + metrics on'],
  ] as const)
    log(`| ${pad(name, 30)} | ${lpad(fmt(rps(m)), 7)} | ${lpad(fmt(p99(m), 1), 7)} | ${lpad(fmt(cpuMs(m), 3), 17)} |`);
  log(
    `  on / off, median of the rounds' ratios: ${pct(ratio)} over ${counted.length} of ${rounds.length} rounds (${rounds.map((r) => `${pct(r.ratio)}${r.noisy ? ' noisy' : ''}`).join(' / ')}${clean.length >= 3 ? '' : '; fewer than 3 clean rounds: all counted'}); server CPU per request on / off: ${fmt(cpuMs('log-on') / cpuMs('log-off'), 2)}×`,
  );
  log(`  api_logs rows added by the "on" server: ${logged} for ${measuredOn} measured requests (+ its warm-ups)`);

  const targets: Target[] = [
    { name: 'tracking, API log + metrics on/off', value: pct(ratio), limit: '≥ 90 %', pass: ratio >= 0.9 },
    { name: 'every logged request written', value: `${logged} rows`, limit: `≥ ${measuredOn}`, pass: logged >= measuredOn },
  ];
  if (failed > 0) targets.push({ name: 'API log runs: every request 2xx', value: `${failed} failed`, limit: 'none failed', pass: false });
  return {
    targets,
    report: {
      runs,
      medianRpsOn: on,
      medianRpsOff: off,
      ratio,
      perRound,
      noisyRounds: rounds.filter((r) => r.noisy).length,
      cpuMsOn: cpuMs('log-on'),
      cpuMsOff: cpuMs('log-off'),
      rowsLogged: logged,
      measuredOn,
    },
  };
}
