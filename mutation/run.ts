/**
 * npm run test:mutation [group …] — StrykerJS over the pure modules listed in mutation/targets.json,
 * one Stryker run per group (each with its own small tsconfig for the TypeScript checker, so the
 * checker compiles a few files, not the whole project), then the per-file threshold check.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPORT_DIR } from './check.js';
import { loadTargets } from './targets.js';

const GENERATED = 'mutation/generated'; // inside the project so Stryker copies it into its sandbox
/** Committed: each group's last results, which the next run reuses where nothing changed. */
const INCREMENTAL_DIR = 'mutation/incremental';

const targets = loadTargets();
const groups = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(targets);
for (const g of groups) if (!targets[g]) throw new Error(`unknown group ${g}; known: ${Object.keys(targets).join(', ')}`);

mkdirSync(GENERATED, { recursive: true });
mkdirSync(REPORT_DIR, { recursive: true });
mkdirSync(INCREMENTAL_DIR, { recursive: true });
let failed = false;
for (const name of groups) {
  const group = targets[name]!;
  rmSync(path.join(REPORT_DIR, `${name}.json`), { force: true });
  const tsconfig = path.join(GENERATED, `tsconfig.${name}.json`);
  const rel = (f: string) => path.relative(GENERATED, f).split(path.sep).join('/');
  writeFileSync(
    tsconfig,
    JSON.stringify({ extends: rel('tsconfig.json'), compilerOptions: { noEmit: true }, include: [], files: group.mutate.map(rel) }, null, 2),
  );
  const config = path.join(GENERATED, `stryker.${name}.json`);
  writeFileSync(
    config,
    JSON.stringify(
      {
        mutate: group.mutate,
        testRunner: 'vitest',
        vitest: { configFile: 'mutation/vitest.config.ts' },
        checkers: ['typescript'],
        tsconfigFile: tsconfig,
        coverageAnalysis: 'perTest',
        concurrency: 2,
        reporters: ['clear-text', 'progress', 'json', 'html'],
        jsonReporter: { fileName: path.join(REPORT_DIR, `${name}.json`) },
        htmlReporter: { fileName: path.join(REPORT_DIR, `${name}.html`) },
        // The per-file threshold is mutation/check.ts's; Stryker's is global.
        thresholds: { high: 90, low: 80, break: null },
        // Incremental: the previous results of each group are committed (mutation/incremental/), and a run
        // re-tests only the mutants whose code or covering tests changed since — so CI on an unchanged
        // tree reuses them instead of spending minutes per group. FF_MUTATION_FORCE=1 re-tests everything.
        incremental: true,
        incrementalFile: path.join(INCREMENTAL_DIR, `${name}.json`),
        force: process.env.FF_MUTATION_FORCE === '1',
        cleanTempDir: 'always',
        tempDirName: `.stryker-tmp/${name}`, // one folder per group, so groups can run side by side
        // Only src/, the test helpers the mapper tests import, and the config files are needed in Stryker's sandbox copy.
        ignorePatterns: ['/test/*', '!/test/helpers', '/bench', '/docs', '/drizzle', '/.ci', '/README.md', '/.stryker-tmp', '/mutation/incremental'],
      },
      null,
      2,
    ),
  );
  console.log(`\n== mutation testing: ${name} (${group.mutate.length} files)`);
  const r = spawnSync('stryker', ['run', config], { stdio: 'inherit', env: { ...process.env, FF_MUTATION_GROUP: name } });
  if (r.status !== 0) {
    console.error(`stryker run for ${name} failed (exit ${r.status ?? r.signal})`);
    failed = true;
  }
}

const check = spawnSync('tsx', ['mutation/check.ts', ...groups.map((g) => path.join(REPORT_DIR, `${g}.json`))], { stdio: 'inherit' });
process.exitCode = failed || check.status !== 0 ? 1 : 0;
