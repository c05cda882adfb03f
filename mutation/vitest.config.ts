import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { loadTargets } from './targets.js';

// The vitest config Stryker runs: only the tests of one group (FF_MUTATION_GROUP, set by
// mutation/run.ts), chosen here through vitest's own `include`. Stryker's `testFiles` is not used:
// with it, Stryker 10.1.1 reports module-level mutants as survived without running them.
const targets = loadTargets();
const group = process.env.FF_MUTATION_GROUP;
const include = group ? targets[group]?.tests : Object.values(targets).flatMap((g) => g.tests);
if (!include) throw new Error(`unknown mutation group ${group}`);

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include,
    // The fuzz properties run for every mutant they cover: a tenth of their runs keeps them a check
    // that nothing but CarrierPayloadError escapes, without dominating the run time.
    env: { NODE_ENV: 'test', LOG_LEVEL: 'silent', FF_FUZZ_RUNS: '0.1' },
  },
});
