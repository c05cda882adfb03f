#!/usr/bin/env node
import fs from 'node:fs';
import { enableCompileCache } from 'node:module';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { CARRIER_CODES, CARRIERS } from './carriers/carriers.js';
import { ConfigError, loadConfig, type Config } from './config/index.js';
import { prestartEmbedded } from './db/embedded.js';
import type { DemoCredentials } from './cli/demo.js';
import type { Role } from './server.js';

// Compiling the hub's modules (Fastify, ajv, Drizzle, pg-boss…) is most of a restart's time: Node
// keeps the compiled code on disk (NODE_COMPILE_CACHE, default a folder in the temp directory, one
// per Node version) and later starts reuse it. Only modules loaded after this call are cached.
enableCompileCache();

// The rest of the hub is imported inside the commands (dynamic import): `--help` stays instant, and
// the embedded database starts on its own thread (below) while the main thread loads those modules.
const hub = () => import('./server.js');

const CARRIER_NAMES = CARRIER_CODES.map((c) => CARRIERS[c].displayName).join(', ');

const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(
    `FastForward needs Node.js 22.12 or newer (this is ${process.version}). Run it through npm (npm start / npx fastforward), which uses the Node installed by npm ci.\n`,
  );
  process.exit(1);
}

// serve / worker / demo on the embedded database: start PGlite now, before loading anything else.
if (['serve', 'worker', 'demo'].includes(process.argv[2] ?? '') && !process.argv.includes('--help') && !process.argv.includes('-h')) {
  try {
    const cfg = loadConfig(process.env);
    if (!cfg.db.url) prestartEmbedded(path.join(cfg.dataDir, 'pgdata'));
  } catch {
    /* the command reports configuration errors itself */
  }
}

function config(): Config {
  try {
    return loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}

/**
 * `serve --demo` with no carrier configured: start the carrier simulator in this process (port
 * SIM_PORT, default 4010) and point the hub at it, so the gateway, CMS tracking and JNE callbacks
 * work out of the box. Runs before the configuration is read, which is why it sets the environment.
 */
async function demoCarriers(): Promise<void> {
  const env = process.env;
  if (CARRIER_CODES.some((c) => env[`CARRIER_${c.toUpperCase()}_BASE_URL`])) return;
  const { startCarrierSim, simCarrierEnv } = await import('./sim/carriers/server.js');
  const { randomBytes } = await import('node:crypto');
  env.CARRIER_JNE_CALLBACK_SECRET ??= randomBytes(24).toString('base64url');
  const port = Number(env.PORT ?? 3000);
  const sim = await startCarrierSim({
    port: Number(env.SIM_PORT ?? 4010),
    hubUrl: env.PUBLIC_URL ?? `http://127.0.0.1:${port}`,
    callbackToken: env.CARRIER_JNE_CALLBACK_SECRET,
    slowMs: 30_000,
  });
  Object.assign(env, simCarrierEnv(sim.url));
  process.stdout.write(
    `Carrier simulator on ${sim.url} (${CARRIER_NAMES}; scenario = the AWB's last digit).\n` +
      `  Push a JNE callback: curl -X POST ${sim.url}/_sim/jne/callbacks -H 'content-type: application/json' -d '{"awb":"0100000000000011","scenario":"delivered"}'\n`,
  );
}

function printDemo(config: Config, creds: DemoCredentials[]): void {
  const file = path.join(config.dataDir, 'demo-credentials.json');
  fs.mkdirSync(config.dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(creds, null, 2), { mode: 0o600 });
  const lines = ['Demo loaded: the seed companies, with shipments in every status.'];
  for (const c of creds) lines.push(`  ${c.company.name} (${c.company.tier})`, `    apiKey ${c.apiKey}`, `    secret ${c.secret}`);
  lines.push(`  (also saved to ${file})`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

const program = new Command()
  .name('fastforward')
  .description('FastForward logistics integration hub')
  .showHelpAfterError()
  .addHelpText('after', '\nConfiguration comes from environment variables; see README.md ("Environment").');

program
  .command('serve')
  .description('Start the hub: HTTP API and, by default, the workers and schedules in the same process')
  .addOption(new Option('--role <role>', 'all = API + workers; api = HTTP only; worker = jobs only').choices(['all', 'api', 'worker']).default('all'))
  .option('--demo', 'load the demo companies and shipments first (once); without carrier settings, also start the carrier simulator')
  .action(async (opts: { role: Role; demo?: boolean }) => {
    if (opts.demo) await demoCarriers();
    const cfg = config();
    const { serve } = await hub();
    await serve(cfg, opts.role, async (h) => {
      if (!opts.demo) return;
      const { loadDemo } = await import('./cli/demo.js');
      const r = await loadDemo(h.services);
      if (r.loaded) printDemo(cfg, r.credentials);
      else process.stdout.write('Demo data already present (see demo-credentials.json in DATA_DIR).\n');
    });
  });

program
  .command('worker')
  .description('Run only the job workers and schedules (same as serve --role worker)')
  .action(async () => {
    const { serve } = await hub();
    await serve(config(), 'worker');
  });

program
  .command('migrate')
  .description('Apply database migrations and exit (serve also applies them at start-up)')
  .action(async () => {
    const cfg = config();
    const { openDatabase } = await import('./db/client.js');
    const { runMigrations } = await import('./db/migrate.js');
    const db = await openDatabase({ url: cfg.db.url, dataDir: cfg.db.url ? null : `${cfg.dataDir}/pgdata`, poolMax: 1 });
    try {
      await runMigrations(db);
      process.stdout.write('Migrations applied.\n');
    } finally {
      await db.close();
    }
  });

program
  .command('demo')
  .description('Load the demo: QuickShip Logistics (professional), Express Delivery Co (starter), shipments in every status')
  .action(async () => {
    const cfg = config();
    const { openHub } = await hub();
    const { loadDemo } = await import('./cli/demo.js');
    const h = await openHub(cfg, { role: 'api' });
    try {
      const r = await loadDemo(h.services);
      if (r.loaded) printDemo(cfg, r.credentials);
      else process.stdout.write('Demo data already present.\n');
    } finally {
      await h.close();
    }
  });

const admin = program.command('admin').description('Manage admin accounts');
admin
  .command('create')
  .description('Create an admin (or reset the password of an existing one)')
  .requiredOption('--email <email>', 'admin email')
  .option('--password <password>', 'password (default: $ADMIN_PASSWORD); at least 8 characters')
  .action(async (opts: { email: string; password?: string }) => {
    const password = opts.password ?? process.env.ADMIN_PASSWORD;
    if (!password || password.length < 8) {
      process.stderr.write('A password of at least 8 characters is required (--password or ADMIN_PASSWORD).\n');
      process.exit(2);
    }
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(opts.email)) {
      process.stderr.write('--email is not a valid email address.\n');
      process.exit(2);
    }
    const { openHub } = await hub();
    const h = await openHub(config(), { role: 'api' });
    try {
      const r = await h.services.admin.createAdmin(opts.email, password);
      process.stdout.write(`${r.created ? 'Created' : 'Updated password of'} admin ${r.email} (${r.id}).\n`);
    } finally {
      await h.close();
    }
  });

const intOption =
  (min: number, max: number) =>
  (raw: string): number => {
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`an integer between ${min} and ${max} is required.`);
    return n;
  };

const isoDate = (raw: string): string => {
  const t = Date.parse(raw);
  if (!/^\d{4}-\d{2}-\d{2}/.test(raw) || Number.isNaN(t))
    throw new InvalidArgumentError('an ISO-8601 date or date-time is required (e.g. 2024-03-01).');
  return new Date(t).toISOString();
};
const rateOption = (raw: string): number => {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < 0.1 || n > 10_000)
    throw new InvalidArgumentError('a number of requests per second between 0.1 and 10000 is required.');
  return n;
};

const pod = program.command('pod').description('Proof of delivery maintenance');
pod
  .command('backfill')
  .description('Fill empty POD receiver names (and photo, relation, signature) by tracking at the carriers; resumable (docs/pod.md)')
  .addOption(new Option('--carrier <code>', 'only this carrier').choices([...CARRIER_CODES]))
  .option('--since <date>', 'delivered at or after (ISO-8601)', isoDate)
  .option('--until <date>', 'delivered before (ISO-8601)', isoDate)
  .option('--limit <n>', 'track at most this many rows', intOption(1, 10_000_000))
  .option('--concurrency <n>', 'rows of one carrier tracked at once (default $POD_BACKFILL_CONCURRENCY or 8)', intOption(1, 256))
  .option('--rate <n>', 'requests per second per carrier (default $POD_BACKFILL_RATE or 5)', rateOption)
  .option('--recheck-hours <n>', 'skip rows a run found still empty within this many hours (0: re-try them)', intOption(0, 87_600))
  .option('--dry-run', 'list what would be tracked; call no carrier, write nothing')
  .option('--restart', 'cancel a paused run instead of resuming it')
  // A bad flag is a usage error: exit 2 (commander's own default is 1).
  .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2))
  .action(async (flags: import('./cli/pod-backfill.js').BackfillFlags & { carrier?: (typeof CARRIER_CODES)[number] }) => {
    if (flags.since && flags.until && flags.since >= flags.until) {
      process.stderr.write('--since must be before --until.\n');
      process.exit(2);
    }
    const cfg = config();
    const { openHub } = await hub();
    const { podBackfill } = await import('./cli/pod-backfill.js');
    const h = await openHub(cfg, { role: 'api' });
    let code = 1;
    try {
      code = await podBackfill(cfg, h, flags);
    } catch (err) {
      const e = err as { code?: string; message: string };
      process.stderr.write(`${e.code === 'POD_BACKFILL_RUNNING' ? e.message : ((err as Error).stack ?? e.message)}\n`);
    } finally {
      await h.close();
    }
    process.exit(code);
  });

const sim = program.command('sim').description('Local simulators for tests, the demo and the benchmarks');
sim
  .command('carriers')
  .description(`Simulate the carriers' tracking APIs (${CARRIER_NAMES}) and push JNE callbacks; scenario by the AWB's last digit`)
  .option('--port <n>', 'port to listen on (0 = any free port)', intOption(0, 65535), 4010)
  .option('--host <host>', 'address to listen on', '127.0.0.1')
  .option('--slow-ms <n>', 'delay of the "slow" scenario (AWB ending in 5)', intOption(0, 600_000), 30_000)
  .option('--hub-url <url>', 'hub that JNE callbacks are posted to (default: $PUBLIC_URL or http://127.0.0.1:3000)')
  .option('--callback-token <token>', 'X-Callback-Token sent with JNE callbacks (default: $CARRIER_JNE_CALLBACK_SECRET)')
  .action(async (opts: { port: number; host: string; slowMs: number; hubUrl?: string; callbackToken?: string }) => {
    const { startCarrierSim, simCarrierEnv, simCredentialsFromEnv, SCENARIO_BY_DIGIT } = await import('./sim/carriers/server.js');
    // Same credentials as the hub when its variables are set, so one env file serves both.
    const credentials = simCredentialsFromEnv(process.env);
    const s = await startCarrierSim({
      port: opts.port,
      host: opts.host,
      slowMs: opts.slowMs,
      hubUrl: opts.hubUrl ?? (process.env.PUBLIC_URL?.trim() || 'http://127.0.0.1:3000'),
      callbackToken: opts.callbackToken ?? (process.env.CARRIER_JNE_CALLBACK_SECRET?.trim() || undefined),
      credentials,
    }).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EADDRINUSE' && err.code !== 'EADDRNOTAVAIL') throw err;
      process.stderr.write(`Cannot listen on ${opts.host}:${opts.port} (${err.code}); choose another --port or --host.\n`);
      process.exit(1);
    });
    const env = Object.entries(simCarrierEnv(s.url, credentials));
    const lines = [
      `Carrier simulator listening on ${s.url}`,
      ...CARRIER_CODES.map((c) => `  ${c.padEnd(10)} ${s.baseUrl(c)}`),
      `Scenario by the AWB's last digit: ${SCENARIO_BY_DIGIT.map((sc, i) => `${i} ${sc}`).join(', ')}`,
      `Control: ${s.url}/_sim/stats, PUT ${s.url}/_sim/scenarios/{carrier}/{awb}, POST ${s.url}/_sim/jne/callbacks`,
      '',
      'Point the hub at it with:',
      ...env.map(([k, v]) => `${k}=${v}`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await s.close();
    process.stdout.write('Carrier simulator stopped.\n');
  });

program.parseAsync(process.argv).catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
