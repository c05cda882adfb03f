/**
 * Import rules that `npm test` enforces (test/architecture.test.ts runs dependency-cruiser with
 * this file). docs/architecture.md explains the layers these rules keep apart.
 */
const REPO = '[.-](create-)?repo\\.ts$'; // *.repo.ts, *-repo.ts, *.create-repo.ts

/**
 * TEMPORARY: imports that break a rule today and are being removed by the restructuring under way
 * (carriers as a library, one owner per table, job registry per module, composition beside
 * services.ts). Each entry is tolerated (reported as ignored, not failing); delete an entry as soon
 * as its import is gone, and the list once it is empty. A new violation is never added here.
 */
export const KNOWN = [
  // Temporary exceptions, each with the reason it still exists; the architecture test fails when one no longer happens.
].map(([from, to, name]) => ({ type: 'dependency', from, to, rule: { severity: 'error', name } }));

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'carriers-library-stands-alone',
      comment: 'src/carriers is a library of carrier adapters: it never reaches into the application modules.',
      severity: 'error',
      from: { path: '^src/carriers/' },
      to: { path: '^src/modules/' },
    },
    {
      name: 'balance-engine-is-pure',
      comment: 'The balance engine decides from data alone: it imports nothing outside its folder (no db, no clock source, no module).',
      severity: 'error',
      from: { path: '^src/modules/balance/engine/', pathNot: '\\.test\\.ts$' },
      to: { pathNot: '^src/modules/balance/engine/' },
    },
    {
      name: 'no-foreign-repository',
      comment: "A module reaches another module's tables through that module's service, never its repository.",
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: `^src/modules/[^/]+/.*${REPO}`, pathNot: '^src/modules/$1/' },
    },
    {
      name: 'lower-layers-never-import-upward',
      comment: 'lib, db and jobs are used by the modules and the composition; they never import them.',
      severity: 'error',
      from: { path: '^src/(lib|db|jobs)/' },
      to: { path: '^src/(modules/|http/|services\\.ts$|server\\.ts$|app\\.ts$|cli)' },
    },
    {
      name: 'http-plumbing-below-modules',
      comment: 'src/http is Fastify plumbing the routes use; what belongs to a domain (idempotency storage, auth) lives in that module.',
      severity: 'error',
      from: { path: '^src/http/' },
      to: { path: '^src/(modules|services|workers|server|app|cli)' },
    },
    {
      name: 'partners-never-imports-auth',
      comment: "The principal cache and its invalidation are the auth module's alone; partners reports key changes through a port.",
      severity: 'error',
      from: { path: '^src/modules/partners/' },
      to: { path: '^src/modules/auth/' },
    },
    {
      name: 'no-cycles',
      comment: 'Import cycles make load order matter and tie modules together both ways.',
      severity: 'error',
      from: { path: '^src/' },
      // Runtime cycles only: a type-only import is erased at build time (the carrier model names
      // CarrierCode, which is derived from the CARRIERS record that imports every carrier's mapper).
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    knownViolations: KNOWN,
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/',
    exclude: { path: '\\.test\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
