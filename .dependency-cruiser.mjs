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
  // The shipments module is to be the only writer of shipments / tracking_events / events_view, and
  // the others go through its service.
  ['src/modules/tracking/tracking.ts', 'src/modules/shipments/shipments.repo.ts', 'no-foreign-repository'],
  ['src/modules/carriers/carriers.repo.ts', 'src/modules/shipments/shipments.repo.ts', 'no-foreign-repository'],
  ['src/modules/carriers/apply.service.ts', 'src/modules/shipments/shipments.repo.ts', 'no-foreign-repository'],
  // partners <-> auth: the principal cache is to live on one side only.
  ['src/modules/auth/principal-cache.ts', 'src/modules/partners/partners.repo.ts', 'no-foreign-repository'],
  ['src/modules/auth/auth.service.ts', 'src/modules/partners/partners.repo.ts', 'no-foreign-repository'],
  // admin routes/services calling other modules' repositories instead of their services.
  ['src/modules/admin/admin.service.ts', 'src/modules/auth/api-log.repo.ts', 'no-foreign-repository'],
  ['src/modules/admin/admin-outboxes.routes.ts', 'src/modules/ops/outbox.repo.ts', 'no-foreign-repository'],
  ['src/modules/admin/admin-carriers.routes.ts', 'src/modules/carriers/carriers.repo.ts', 'no-foreign-repository'],
  // jobs/handlers.ts wires handlers to services: composition, to move beside services.ts.
  ['src/jobs/handlers.ts', 'src/services.ts', 'lower-layers-never-import-upward'],
  ['src/jobs/handlers.ts', 'src/modules/webhooks/webhooks.repo.ts', 'lower-layers-never-import-upward'],
  ['src/jobs/handlers.ts', 'src/modules/webhooks/http-sender.ts', 'lower-layers-never-import-upward'],
  ['src/jobs/handlers.ts', 'src/modules/webhooks/endpoint-secrets.ts', 'lower-layers-never-import-upward'],
  ['src/jobs/handlers.ts', 'src/modules/webhooks/dispatcher.ts', 'lower-layers-never-import-upward'],
  ['src/jobs/handlers.ts', 'src/modules/mail/mailer.ts', 'lower-layers-never-import-upward'],
  ['src/jobs/handlers.ts', 'src/modules/idempotency/idempotency.repo.ts', 'lower-layers-never-import-upward'],
  ['src/jobs/handlers.ts', 'src/modules/carriers/relay.ts', 'lower-layers-never-import-upward'],
  ['src/jobs/handlers.ts', 'src/modules/carriers/refresh.ts', 'lower-layers-never-import-upward'],
  ['src/jobs/handlers.ts', 'src/modules/carriers/nsq.ts', 'lower-layers-never-import-upward'],
  ['src/jobs/handlers.ts', 'src/modules/carriers/carriers.repo.ts', 'lower-layers-never-import-upward'],
  ['src/jobs/handlers.ts', 'src/modules/auth/api-log.repo.ts', 'lower-layers-never-import-upward'],
  // jobs/boss.ts holds every job's payload type: each module is to declare its own and merge them.
  ['src/jobs/boss.ts', 'src/modules/carriers/apply.ts', 'lower-layers-never-import-upward'],
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
      name: 'no-cycles',
      comment: 'Import cycles make load order matter and tie modules together both ways.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
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
