/**
 * `npm run bench:reports:s3` — what the S3 upload path costs against the local folder, for a report
 * file streamed into storage. A script, not a test.
 *
 * The same generated payload (CSV-like lines, produced on demand: never held whole) is streamed
 *  - local: into a temporary file in a fresh folder, then renamed into place (what a local store does);
 *  - s3:    through `createS3Store(...).put` (lib-storage multipart upload) into s3rver on loopback, run
 *           in a child process so this process's memory and CPU are the store's alone.
 * Interleaved (the order alternates every repetition; `sync` before each run, not timed), BENCH_S3_REPS
 * (≥ 5) each. Printed: every run's seconds and MiB/s, the medians, the ratio S3/local, this process's CPU
 * per run, and this process's peak RSS (and heap + buffers) during the S3 uploads (sampled every 20 ms)
 * against before them. No target: exit 0 unless an upload fails or stores the wrong number of bytes.
 *
 * s3rver is an emulator: it writes every part to disk, then on CompleteMultipartUpload reads the parts
 * back and writes the object a second time, so its side costs more than a real S3's would. The CPU
 * figures of this process show what the hub itself pays.
 *
 * Environment (all optional): BENCH_S3_MB=200 (payload size), BENCH_S3_REPS=5, BENCH_S3_PART_MB=8,
 * BENCH_S3_QUEUE=2 (the store's part size and parallel parts).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { performance } from 'node:perf_hooks';
import { createS3Store, MIB } from '../src/storage/s3.js';
import { startS3Server } from '../test/helpers/s3-server.js';
import { cleanupOnSignals, commandLine, cpuSnapshot, cpuUse, fmt, idleCheck, log, median, NOISY_PCT, onCleanup, runMain, warn } from './common.js';
import { envInt } from './env.js';

const OPTS = {
  mb: envInt('BENCH_S3_MB', 200, 1, 100_000),
  reps: envInt('BENCH_S3_REPS', 5, 5, 100),
  partMb: envInt('BENCH_S3_PART_MB', 8, 5, 5_000),
  queue: envInt('BENCH_S3_QUEUE', 2, 1, 16),
};
const TOTAL = OPTS.mb * MIB;

/** One MiB of CSV-like order lines, built once; the payload repeats it (cut to the exact size). */
function csvBlock(): Buffer {
  const carriers = ['JNE', 'SICEPAT', 'JNT', 'ANTERAJA', 'POS'];
  const statuses = ['pending', 'assigned', 'picked_up', 'in_transit', 'delivered', 'failed'];
  const cities = ['Jakarta', 'Surabaya', 'Bandung', 'Medan', 'Makassar', 'Denpasar'];
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < MIB; i++) {
    const line =
      `shp_${String(i).padStart(20, '0')},${carriers[i % 5]}${String(100_000_000 + i * 7919)},${statuses[i % 6]},` +
      `${cities[i % 6]},${cities[(i * 7) % 6]},"Customer ${i % 9973}",+62812${String(i % 1_000_000).padStart(6, '0')},` +
      `${((i * 37) % 10_000) / 100},2026-12-${String((i % 28) + 1).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:00:00Z\n`;
    lines.push(line);
    size += Buffer.byteLength(line);
  }
  return Buffer.from(lines.join('')).subarray(0, MIB);
}
const BLOCK = csvBlock();

function payload(total: number): Readable {
  let sent = 0;
  return new Readable({
    highWaterMark: 64 * 1024,
    read() {
      if (sent >= total) {
        this.push(null);
        return;
      }
      const n = Math.min(BLOCK.length, total - sent);
      sent += n;
      this.push(n === BLOCK.length ? BLOCK : BLOCK.subarray(0, n));
    },
  });
}

interface Run {
  rep: number;
  kind: 'local' | 's3';
  seconds: number;
  mbps: number;
  cpuMs: number;
  otherPct: number | null;
  /** s3rver's CPU, in cores, during the run (null when unknown) */
  s3rverCores: number | null;
  peakRss: number;
  peakHeap: number;
}

async function main(): Promise<number> {
  cleanupOnSignals();
  log(`# reports: S3 upload path against the local folder — ${new Date().toISOString()}`);
  log(`command: ${commandLine()}`);
  log(
    `payload ${OPTS.mb} MiB of CSV-like lines, ${OPTS.reps} repetitions each, interleaved; S3 part ${OPTS.partMb} MiB × ${OPTS.queue} in flight; ` +
      `node ${process.version}, ${os.cpus().length} CPUs, load ${os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}`,
  );
  const idle = await idleCheck(1_000);
  if (idle !== null) log(`machine busy before the start: ${fmt(idle)} %${idle > NOISY_PCT ? ' (NOISY)' : ''}`);

  const localDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-bench-local-'));
  onCleanup('local folder', async () => fs.rmSync(localDir, { recursive: true, force: true }));
  const server = await startS3Server({ bucket: 'ff-bench', childProcess: true });
  onCleanup('s3rver', () => server.close());
  const store = createS3Store(server.settings, { partSizeBytes: OPTS.partMb * MIB, queueSize: OPTS.queue });
  onCleanup('S3 client', () => store.close());
  const s3Pid = server.pid;

  async function local(): Promise<number> {
    const final = path.join(localDir, 'report.csv');
    const tmp = `${final}.${process.pid}.tmp`;
    let bytes = 0;
    const src = payload(TOTAL);
    src.on('data', (c: Buffer) => (bytes += c.length));
    await pipeline(src, fs.createWriteStream(tmp));
    await fs.promises.rename(tmp, final);
    return bytes;
  }
  async function s3(): Promise<number> {
    return (await store.put('bench/report.csv', payload(TOTAL), { contentType: 'text/csv; charset=utf-8' })).bytes;
  }

  // One small warm-up of each (connections, JIT), not measured.
  await store.put('bench/warm.csv', payload(16 * MIB), { contentType: 'text/csv; charset=utf-8' });
  await pipeline(payload(16 * MIB), fs.createWriteStream(path.join(localDir, 'warm.csv')));
  const before = process.memoryUsage();
  const rssBefore = before.rss;

  const runs: Run[] = [];
  for (let rep = 1; rep <= OPTS.reps; rep++) {
    const order: Array<'local' | 's3'> = rep % 2 ? ['local', 's3'] : ['s3', 'local'];
    for (const kind of order) {
      // Each run starts with no dirty pages: otherwise a local write right after an S3 run (s3rver writes
      // every object twice) waits for the kernel to flush s3rver's pages, and measures that instead.
      spawnSync('sync');
      let peakRss = 0;
      let peakHeap = 0;
      const sample = () => {
        const m = process.memoryUsage();
        peakRss = Math.max(peakRss, m.rss);
        peakHeap = Math.max(peakHeap, m.heapUsed + m.arrayBuffers);
      };
      sample();
      const sampler = setInterval(sample, 20);
      const cpu0 = cpuSnapshot(s3Pid);
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      let bytes: number;
      try {
        bytes = kind === 'local' ? await local() : await s3();
      } finally {
        clearInterval(sampler);
      }
      const seconds = (performance.now() - t0) / 1000;
      const c = process.cpuUsage(c0);
      const use = cpuUse(cpu0, cpuSnapshot(s3Pid), s3Pid ?? -1);
      if (bytes !== TOTAL) throw new Error(`${kind} upload stored ${bytes} bytes, expected ${TOTAL}`);
      const run: Run = {
        rep,
        kind,
        seconds,
        mbps: OPTS.mb / seconds,
        cpuMs: (c.user + c.system) / 1000,
        otherPct: use?.otherPct ?? null,
        s3rverCores: use?.serverCores ?? null,
        peakRss,
        peakHeap,
      };
      runs.push(run);
      log(
        `  rep ${rep} ${kind.padEnd(5)} ${fmt(seconds, 2).padStart(7)} s  ${fmt(run.mbps, 1).padStart(7)} MiB/s  CPU (this process) ${fmt(run.cpuMs).padStart(6)} ms` +
          `  peak RSS ${fmt(peakRss / MIB)} MiB (heap+buffers ${fmt(peakHeap / MIB)})` +
          `${kind === 's3' && run.s3rverCores !== null ? `  s3rver ${fmt(run.s3rverCores, 2)} cores` : ''}  other CPU ${run.otherPct === null ? 'n/a' : `${fmt(run.otherPct)} %`}${run.otherPct !== null && run.otherPct > NOISY_PCT ? ' (NOISY)' : ''}`,
      );
      // Free the space between runs (a 200 MiB object in s3rver is its parts plus the object).
      if (kind === 's3') await store.delete('bench/report.csv');
      else fs.rmSync(path.join(localDir, 'report.csv'), { force: true });
    }
  }

  const of = (kind: Run['kind']) => runs.filter((r) => r.kind === kind);
  const med = (kind: Run['kind'], f: (r: Run) => number) => median(of(kind).map(f));
  const ratio = med('s3', (r) => r.seconds) / med('local', (r) => r.seconds);
  const perRep = of('s3').map((r) => r.seconds / of('local').find((l) => l.rep === r.rep)!.seconds);
  const s3Peak = Math.max(...of('s3').map((r) => r.peakRss));
  const s3PeakHeap = Math.max(...of('s3').map((r) => r.peakHeap));
  log('');
  log(
    `local folder  median ${fmt(
      med('local', (r) => r.seconds),
      2,
    )} s = ${fmt(
      med('local', (r) => r.mbps),
      1,
    )} MiB/s, CPU ${fmt(med('local', (r) => r.cpuMs))} ms`,
  );
  log(
    `S3 (s3rver)   median ${fmt(
      med('s3', (r) => r.seconds),
      2,
    )} s = ${fmt(
      med('s3', (r) => r.mbps),
      1,
    )} MiB/s, CPU ${fmt(med('s3', (r) => r.cpuMs))} ms`,
  );
  log(`ratio S3/local (median time): ${fmt(ratio, 2)}×   per repetition: ${perRep.map((x) => `${fmt(x, 2)}×`).join(' ')}`);
  log(`ratio S3/local (median CPU of this process): ${fmt(med('s3', (r) => r.cpuMs) / med('local', (r) => r.cpuMs), 2)}×`);
  log(
    `peak RSS of this process during the S3 uploads: ${fmt(s3Peak / MIB)} MiB (before the measured runs ${fmt(rssBefore / MIB)} MiB, ` +
      `+${fmt((s3Peak - rssBefore) / MIB)} MiB; upload bound ≈ ${OPTS.partMb} × ${OPTS.queue + 2} = ${OPTS.partMb * (OPTS.queue + 2)} MiB, payload ${OPTS.mb} MiB)`,
  );
  log(
    `peak heap + buffers during the S3 uploads: ${fmt(s3PeakHeap / MIB)} MiB (before ${fmt((before.heapUsed + before.arrayBuffers) / MIB)} MiB; ` +
      `garbage not yet collected included)`,
  );
  const noisy = runs.filter((r) => r.otherPct !== null && r.otherPct > NOISY_PCT);
  if (noisy.length > 0) {
    warn(
      `NOISY MACHINE: other processes took more than ${NOISY_PCT} % of the CPU during ${noisy.length} of ${runs.length} runs: treat the ratio with care.`,
    );
  }
  return 0;
}

void runMain(30 * 60, main);
