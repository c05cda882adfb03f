/**
 * `fastforward pod backfill` in a child process against a hub database and the carrier simulator:
 * flags, dry run, a real run (filled / still empty, by carrier), a second run that changes nothing,
 * and Ctrl-C → paused, exit 130 → the next run resumes it without tracking a row twice.
 * Expected names are the simulator's documented answers: JNE "SITI" (docs/carriers.md §1.2),
 * SiCepat "Ilyas" (§2.2 "Paket diterima oleh [Ilyas - (KEL) Keluarga Serumah]").
 */
import { spawn } from 'node:child_process';
import type { FastifyInstance } from 'fastify';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { openHub } from '../../src/server.js';
import { startCarrierSim, type CarrierSim } from '../../src/sim/carriers/server.js';
import { awbFor, carrierEnv, newCourierShipment } from '../helpers/carriers.js';
import { newPartner } from '../helpers/factories.js';
import { freshDatabase } from '../helpers/hub.js';

const CLI = ['--import', 'tsx', path.resolve('src/cli.ts')];
let sim: CarrierSim;
let dataDir: string;
let env: Record<string, string>;

/** Runs `fn` on the hub's database, then closes it (the embedded database is one process's at a time). */
async function withDb<T>(fn: (q: (text: string, values?: unknown[]) => Promise<any[]>, app: FastifyInstance) => Promise<T>): Promise<T> {
  const h = await openHub(loadConfig({ ...env, LOG_LEVEL: 'silent' }), { role: 'api' });
  try {
    return await fn(async (text, values = []) => (await h.deps.database.pool.query(text, values)).rows, h.app!);
  } finally {
    await h.close();
  }
}

/** Async, never spawnSync: the simulator answers from this process's event loop. */
function cli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [...CLI, 'pod', 'backfill', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('exit', (status) => resolve({ status, stdout, stderr })));
}

beforeAll(async () => {
  sim = await startCarrierSim({ port: 0, slowMs: 5000 });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-pod-cli-'));
  env = {
    ...carrierEnv(sim.url),
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
    POD_BACKFILL_RATE: '1000',
  };
  const url = await freshDatabase(dataDir);
  if (url) env.DATABASE_URL = url;
}, 60_000);
afterAll(async () => {
  await sim?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

const jneFilled = awbFor('jne', 'delivered');
const jneNoName = awbFor('jne', 'pod_missing');
const jneNoRow = awbFor('jne', 'delivered');
const sicepatFilled = awbFor('sicepat', 'delivered');

describe('fastforward pod backfill', () => {
  it('bad flags: a clear message and exit code 2', async () => {
    for (const [args, msg] of [
      [['--rate', 'fast'], /requests per second/],
      [['--limit', '0'], /integer between 1/],
      [['--carrier', 'pos'], /Allowed choices/],
      [['--since', 'yesterday'], /ISO-8601/],
      [['--since', '2024-03-02', '--until', '2024-03-01'], /--since must be before --until/],
    ] as const) {
      const r = await cli([...args]);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(msg);
    }
  });

  it('dry run lists the candidates and writes nothing; a run fills names by carrier; a second run changes nothing', async () => {
    await withDb(async (q, app) => {
      await q(
        `insert into proof_of_delivery (carrier, awb, receiver_name, source) values ('jne', $1, null, 'tracking'), ('jne', $2, '', 'tracking'), ('sicepat', $3, null, 'tracking')`,
        [jneFilled, jneNoName, sicepatFilled],
      );
      // A carrier shipment delivered without a POD row (delivered before PODs were kept).
      const s = await newCourierShipment(app, await newPartner(app), 'jne', jneNoRow);
      await q(`update shipments set status = 'delivered', delivered_at = now() where id = $1`, [s.id]);
    });
    const dry = await cli(['--dry-run']);
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(`jne\t${jneFilled}`);
    expect(dry.stdout).toContain(`jne\t${jneNoName}`);
    expect(dry.stdout).toContain(`sicepat\t${sicepatFilled}`);
    expect(dry.stdout).toContain(`jne\t${jneNoRow}\tdelivered, no POD row`);
    expect(dry.stdout).toContain('4 row(s) would be tracked');
    expect(await withDb((q) => q(`select count(*)::int as n from pod_backfill_runs`))).toEqual([{ n: 0 }]);

    const r = await cli([]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/POD backfill run \d+ started/);
    expect(r.stdout).toMatch(/^jne\s+3\s+2\s+1\s+0$/m);
    expect(r.stdout).toMatch(/^sicepat\s+1\s+1\s+0\s+0$/m);
    expect(r.stdout).toMatch(/Run \d+ finished/);
    const pods = await withDb((q) =>
      q(`select carrier, awb, receiver_name, relation from proof_of_delivery where awb = any($1) order by awb`, [
        [jneFilled, jneNoName, sicepatFilled, jneNoRow],
      ]),
    );
    const byAwb = Object.fromEntries(pods.map((p: any) => [p.awb, p]));
    expect(byAwb[jneFilled]).toMatchObject({ receiver_name: 'SITI', relation: 'YANG BERSANGKUTAN' });
    expect(byAwb[jneNoName]).toMatchObject({ receiver_name: '' });
    expect(byAwb[jneNoRow]).toMatchObject({ receiver_name: 'SITI' });
    expect(byAwb[sicepatFilled]).toMatchObject({ receiver_name: 'Ilyas', relation: '(KEL) Keluarga Serumah' });

    const again = await cli([]);
    expect(again.status, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^total\s+0\s+0\s+0\s+0$/m);
  }, 120_000);

  it('Ctrl-C pauses the run (exit 130); the next run resumes it and tracks every row once', async () => {
    const awbs = Array.from({ length: 40 }, () => awbFor('jne', 'delivered'));
    await withDb((q) => q(`insert into proof_of_delivery (carrier, awb, source) select 'jne', unnest($1::text[]), 'tracking'`, [awbs]));
    const child = spawn(process.execPath, [...CLI, 'pod', 'backfill', '--carrier', 'jne', '--rate', '8', '--concurrency', '2'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      const t = setInterval(() => {
        if (/progress [1-9]\d*\//.test(out)) {
          clearInterval(t);
          resolve();
        }
      }, 50);
      setTimeout(() => reject(new Error(`no progress line:\n${out}`)), 60_000);
    });
    child.kill('SIGINT');
    expect(await exited, out).toBe(130);
    expect(out).toMatch(/paused/);
    const [paused] = await withDb((q) => q(`select id, status from pod_backfill_runs order by id desc limit 1`));
    expect(paused.status).toBe('paused');
    const before = await withDb((q) => q(`select count(*)::int as n from pod_backfill_items where run_id = $1`, [paused.id]));
    expect(before[0].n).toBeGreaterThan(0);
    expect(before[0].n).toBeLessThan(40);

    const r = await cli(['--rate', '1000']);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(`Resuming POD backfill run ${paused.id}`);
    const items = await withDb((q) =>
      q(`select awb, count(*)::int as n from pod_backfill_items where run_id = $1 and awb = any($2) group by awb`, [paused.id, awbs]),
    );
    expect(items).toHaveLength(40);
    expect(items.every((i: any) => i.n === 1)).toBe(true);
    const names = await withDb((q) => q(`select distinct receiver_name from proof_of_delivery where awb = any($1)`, [awbs]));
    expect(names).toEqual([{ receiver_name: 'SITI' }]);
  }, 180_000);

  // util-linux `script` gives the child a terminal: the progress bar (count, rate, ETA) instead of lines.
  it.runIf(fs.existsSync('/usr/bin/script'))(
    'on a terminal: a progress bar with count, rate and ETA',
    async () => {
      const awbs = Array.from({ length: 12 }, () => awbFor('jne', 'delivered'));
      await withDb((q) => q(`insert into proof_of_delivery (carrier, awb, source) select 'jne', unnest($1::text[]), 'tracking'`, [awbs]));
      const cmd = [process.execPath, ...CLI, 'pod', 'backfill', '--carrier', 'jne', '--rate', '6'].map((a) => `'${a}'`).join(' ');
      const child = spawn('/usr/bin/script', ['-qec', cmd, '/dev/null'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      expect(code, out).toBe(0);
      expect(out).toMatch(/POD backfill \[[^\]]+\] \d+\/12 \| [\d.]+\/s \| ETA \S+/);
      expect(out).not.toMatch(/^progress /m);
      expect(out).toMatch(/^jne\s+12\s+12\s+0\s+0/m);
    },
    120_000,
  );
});
