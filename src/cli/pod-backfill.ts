/**
 * `fastforward pod backfill`: the POD backfill in this process (docs/pod.md "Backfill"). A progress
 * bar (cli-progress: count, rate, ETA) on a terminal, a plain line every few seconds otherwise; a
 * summary table by carrier at the end. Ctrl-C stops taking rows, lets the in-flight ones finish and be
 * recorded, leaves the run paused and exits 130; the next `pod backfill` resumes it.
 */
import { SingleBar, Presets } from 'cli-progress';
import type { Config } from '../config/index.js';
import type { Hub } from '../server.js';
import { BACKFILL_DEFAULTS, reportTable, type BackfillOptions } from '../modules/pod/backfill.logic.js';
import type { Progress } from '../modules/pod/pod.service.js';

export interface BackfillFlags {
  carrier?: BackfillOptions['carrier'];
  since?: string;
  until?: string;
  limit?: number;
  concurrency?: number;
  rate?: number;
  recheckHours?: number;
  dryRun?: boolean;
  restart?: boolean;
}

const out = (s: string) => process.stdout.write(`${s}\n`);

export async function podBackfill(config: Config, hub: Hub, flags: BackfillFlags): Promise<number> {
  const svc = hub.services.podBackfill;
  const opts: BackfillOptions = {
    carrier: flags.carrier ?? null,
    since: flags.since ?? null,
    until: flags.until ?? null,
    limit: flags.limit ?? null,
    concurrency: flags.concurrency ?? config.pod.backfillConcurrency,
    rate: flags.rate ?? config.pod.backfillRate,
    recheckHours: flags.recheckHours ?? BACKFILL_DEFAULTS.recheckHours,
  };
  if (flags.dryRun) {
    const rows = await svc.preview(opts);
    for (const r of rows) out(`${r.carrier}\t${r.awb}\t${r.kind === 'pod' ? 'POD row without receiver' : 'delivered, no POD row'}`);
    out(`Dry run: ${rows.length} row(s) would be tracked; no carrier called, nothing written.`);
    return 0;
  }
  const { run, resumed } = await svc.open('cli', opts, { restart: flags.restart ?? false, claim: true });
  out(
    resumed
      ? `Resuming POD backfill run ${run.id} (started ${run.started_at.toISOString()}, its own options apply).`
      : `POD backfill run ${run.id} started.`,
  );

  const tty = process.stderr.isTTY === true;
  const bar = tty
    ? new SingleBar(
        { format: 'POD backfill [{bar}] {value}/{total} | {rate}/s | ETA {eta_formatted} | filled {filled} empty {empty} failed {failed}' },
        Presets.shades_classic,
      )
    : null;
  const started = Date.now();
  let lastLine = 0;
  let barStarted = false;
  const onProgress = (p: Progress) => {
    const rate = (p.done / Math.max(0.001, (Date.now() - started) / 1000)).toFixed(1);
    const payload = { rate, filled: p.counters.filled, empty: p.counters.stillEmpty, failed: p.counters.failed };
    if (bar) {
      if (!barStarted) {
        bar.start(p.total, p.done, payload);
        barStarted = true;
      }
      bar.setTotal(p.total);
      bar.update(p.done, payload);
    } else if (Date.now() - lastLine >= 2000) {
      lastLine = Date.now();
      out(`progress ${p.done}/${p.total} ${rate}/s filled=${payload.filled} still_empty=${payload.empty} failed=${payload.failed}`);
    }
  };
  const handle = svc.execute(run, onProgress);
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) return;
    interrupted = true;
    process.stderr.write('\nStopping: finishing the rows in flight (Ctrl-C again does not hurry it)…\n');
    handle.stop();
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  try {
    const r = await handle.done;
    bar?.stop();
    out(reportTable(r.report));
    for (const f of r.report.failures.slice(0, 20)) out(`failed ${f.carrier} ${f.awb}: ${f.error ?? ''}`);
    if (r.status === 'paused') {
      out(`Run ${run.id} paused; run \`fastforward pod backfill\` again to resume it.`);
      return 130;
    }
    out(`Run ${run.id} ${r.status}.`);
    return r.status === 'finished' ? 0 : 1;
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
}
