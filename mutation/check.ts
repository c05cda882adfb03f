/**
 * Fails when any mutated file scores below the threshold. Stryker's own `thresholds.break` is one
 * number for the whole run, so a weak file can hide behind strong ones; this reads the JSON reports
 * (mutation-testing-report-schema) that mutation/run.ts writes and judges every file alone.
 *
 *   tsx mutation/check.ts [report.json …]   (default: reports/mutation/*.json)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadTargets } from './targets.js';

export const THRESHOLD = 80;
export const REPORT_DIR = 'reports/mutation';

type MutantStatus = 'Killed' | 'Survived' | 'NoCoverage' | 'Timeout' | 'CompileError' | 'RuntimeError' | 'Ignored' | 'Pending';
interface Report {
  files: Record<string, { mutants: Array<{ status: MutantStatus }> }>;
}

export interface FileScore {
  file: string;
  killed: number;
  survived: number;
  noCoverage: number;
  /** Killed or timed out over all mutants that compiled and ran (or had no test): Stryker's mutation score. */
  score: number;
}

export function scoreFiles(report: Report): FileScore[] {
  return Object.entries(report.files).map(([file, { mutants }]) => {
    const n = (...s: MutantStatus[]) => mutants.filter((m) => s.includes(m.status)).length;
    const killed = n('Killed', 'Timeout');
    const survived = n('Survived');
    const noCoverage = n('NoCoverage');
    const valid = killed + survived + noCoverage;
    return { file: file.split(path.sep).join('/'), killed, survived, noCoverage, score: valid === 0 ? 100 : (100 * killed) / valid };
  });
}

/** Problems: files below the threshold, and target files that no report covers (a stale path). */
export function judge(scores: FileScore[], expected: string[], threshold = THRESHOLD): string[] {
  const problems: string[] = [];
  for (const s of scores) if (s.score < threshold) problems.push(`${s.file}: ${s.score.toFixed(1)} % < ${threshold} %`);
  const seen = new Set(scores.map((s) => s.file));
  for (const f of expected) if (!seen.has(f)) problems.push(`${f}: no mutation report (path moved or group not run?)`);
  return problems;
}

function main(argv: string[]): number {
  const files = argv.length
    ? argv
    : existsSync(REPORT_DIR)
      ? readdirSync(REPORT_DIR)
          .filter((f) => f.endsWith('.json') && !f.startsWith('tsconfig'))
          .map((f) => path.join(REPORT_DIR, f))
      : [];
  if (files.length === 0) {
    console.error(`no mutation reports in ${REPORT_DIR}: run npm run test:mutation`);
    return 1;
  }
  const scores = files.flatMap((f) => scoreFiles(JSON.parse(readFileSync(f, 'utf8')) as Report));
  for (const s of scores.sort((a, b) => a.file.localeCompare(b.file)))
    console.log(`${s.score.toFixed(1).padStart(6)} %  ${s.file}  (killed ${s.killed}, survived ${s.survived}, no coverage ${s.noCoverage})`);
  // Only the groups whose reports were read are expected (one group may be run alone).
  const groups = Object.entries(loadTargets()).filter(([name]) => files.some((f) => path.basename(f) === `${name}.json`));
  const problems = judge(
    scores,
    groups.flatMap(([, g]) => g.mutate),
  );
  for (const p of problems) console.error(`mutation score below threshold: ${p}`);
  if (problems.length === 0) console.log(`every file >= ${THRESHOLD} %`);
  return problems.length ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = main(process.argv.slice(2));
