import { defineConfig } from 'vitest/config';

// Two projects: `unit` is the pure tests beside the code and the static checks of test/static (no
// database, seconds), `integration` is the rest of test/** (a hub over a database copied from one
// migrated template per run). `npx vitest run` runs
// both; `npm run test:unit` runs the fast half alone.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores: each integration file opens its own database, so two files at a time.
    maxWorkers: 2,
    env: { NODE_ENV: 'test', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' },
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts', 'test/static/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: ['test/static/**'],
          globalSetup: ['./test/helpers/global-setup.ts'],
        },
      },
    ],
  },
});
