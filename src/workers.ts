import type { Logger } from 'pino';
import type { Config } from './config/index.js';
import type { Database } from './db/client.js';
import type { JobDefinitions, Jobs, Workers } from './jobs/queue.js';
import { pruneRefusals } from './modules/auth/rate-limit-refusals.repo.js';
import { pruneExpired } from './modules/idempotency/idempotency.repo.js';
import type { Mailer } from './modules/mail/mailer.js';
import { createDispatcher } from './modules/webhooks/dispatcher.js';
import { createSender } from './modules/webhooks/http-sender.js';
import { pruneWebhookLogs } from './modules/webhooks/webhooks.repo.js';
import { markApplied, markCallbackDead } from './modules/carriers/carriers.repo.js';
import { createNsqPublisher } from './modules/carriers/nsq.js';
import { createRefresher } from './modules/carriers/refresh.js';
import { createCallbackRelay } from './modules/carriers/relay.js';
import { createTrackingNotifier } from './modules/track/track.notifier.js';
import { CARRIER_JOBS } from './modules/carriers/carriers.jobs.js';
import { ALERT_JOBS } from './modules/alerts/alerts.jobs.js';
import { BALANCE_JOBS } from './modules/balance/balance.jobs.js';
import { MAIL_JOBS } from './modules/mail/mail.jobs.js';
import { OPS_JOBS } from './modules/ops/ops.jobs.js';
import { AUTH_JOBS } from './modules/auth/auth.jobs.js';
import { POD_JOBS } from './modules/pod/pod.jobs.js';
import { REPORT_JOBS } from './modules/reports/reports.jobs.js';
import type { Services } from './services.js';

/**
 * Every job the hub knows, joined from the modules' own declarations (`<module>.jobs.ts`, which also
 * add the payload types to the queue's registry). `satisfies` fails the build if a module declares a
 * payload without its definition here.
 */
export const JOB_DEFINITIONS = {
  ...MAIL_JOBS,
  ...OPS_JOBS,
  ...CARRIER_JOBS,
  ...BALANCE_JOBS,
  ...POD_JOBS,
  ...REPORT_JOBS,
  ...ALERT_JOBS,
  ...AUTH_JOBS,
} as const satisfies JobDefinitions;

/**
 * The idle polls of the worker role: safety nets behind the wake-ups (a stored callback wakes the
 * relay, a publish wakes the consumer, an applied update wakes the dispatcher). Defaults: relay
 * 500 ms, queues 1 s, dispatcher 1 s (PostgreSQL) / 200 ms (embedded). Tests lengthen them to show
 * that only a wake-up explains a fast delivery.
 */
export interface WorkerPolls {
  relayMs?: number;
  queueSeconds?: number;
  dispatcherMs?: number;
}

/**
 * Everything the worker role runs, wired to the services (composition, like services.ts): the pg-boss
 * handlers, the webhook dispatcher and the callback relay.
 */
export function createWorkers(deps: {
  config: Config;
  database: Database;
  mailer: Mailer;
  log: Logger;
  services: Services;
  jobs: Jobs;
  polls?: WorkerPolls;
}): Workers {
  const { config, database, mailer, log, services } = deps;
  const polls = deps.polls ?? {};
  const carriers = services.carriers;
  const relay = createCallbackRelay({
    database,
    jobs: deps.jobs,
    nsq: config.carriers.nsqdHttpAddress ? createNsqPublisher(config.carriers.nsqdHttpAddress) : null,
    log: log.child({ worker: 'callback-relay' }),
    ...(polls.relayMs !== undefined ? { pollMs: polls.relayMs } : {}),
    // The consumer is in this process too (the worker role runs both): it fetches now, not at its poll.
    onPublished: () => deps.jobs.wake('callback-update-status'),
    onDeadLetter: (callbackId, error) =>
      void services.outboxes.deadLettered(`Carrier callback ${callbackId}`, { outbox: 'carrier-callbacks', callbackId, error }),
  });
  carriers.wake.relay = relay.wake;
  const refresh = createRefresher({
    database,
    config: config.carriers,
    registry: carriers.registry,
    apply: carriers.apply,
    log: log.child({ worker: 'carrier-refresh' }),
    onTracked: (c, awb) => carriers.gateway.invalidate(c, awb),
  });
  const wh = config.webhooks;
  const dispatcher = createDispatcher({
    database,
    log: log.child({ worker: 'webhooks' }),
    sender: createSender({ allowPrivate: wh.allowPrivateNetworks, timeoutMs: wh.timeoutMs, maxSocketsPerOrigin: wh.concurrency }),
    keys: services.webhookSigningKeys,
    schedule: wh.retrySchedule,
    timeoutMs: wh.timeoutMs,
    concurrency: wh.concurrency,
    ...(polls.dispatcherMs !== undefined ? { pollMs: polls.dispatcherMs } : {}),
    onDeadLetter: (messageId, error) =>
      void services.outboxes.deadLettered(`Webhook message ${messageId}`, { outbox: 'webhook-messages', messageId, error }),
    onAttempt: (outcome, seconds) => services.metrics.webhookAttempt(outcome, seconds),
    onAlert: (tx, alert) => services.notifyAlerts(tx, [alert], [], new Date()),
  });
  const notifier = createTrackingNotifier({
    database,
    jobs: deps.jobs,
    key: services.trackingKey,
    publicUrl: config.http.publicUrl,
    log: log.child({ worker: 'tracking-notifier' }),
  });
  return {
    ...(polls.queueSeconds !== undefined ? { pollingIntervalSeconds: polls.queueSeconds } : {}),
    background: [dispatcher, relay, notifier, { name: 'pod-backfill', start: async () => {}, stop: () => services.podBackfill.stopAll() }],
    onDead: {
      async 'callback-update-status'(msg, error) {
        // The callback row says so too: the admin's callback audit shows it dead, and its replay re-runs it.
        await markCallbackDead(database.pool, msg.callbackId, `apply failed: ${error}`);
        await services.outboxes.deadLettered(`The update of carrier callback ${msg.callbackId}`, {
          outbox: 'jobs:callback-update-status',
          callbackId: msg.callbackId,
          error,
        });
      },
      async 'mail.send'(msg, error) {
        await services.outboxes.deadLettered(`An email (${msg.tag})`, { outbox: 'jobs:mail.send', tag: msg.tag, error });
      },
    },
    handlers: {
      async 'mail.send'(msg) {
        const res = await mailer.send(msg);
        log.info({ to: msg.to, tag: msg.tag, messageId: res.messageId, file: res.file }, 'mail sent');
      },
      async 'callback-update-status'(msg) {
        const r = await carriers.apply(msg.tracking, { updateStatus: true });
        const note =
          r.shipments.length > 0
            ? r.shipments
                .map(
                  (x) =>
                    `applied to ${x.shipmentId}: ${x.previousStatus} -> ${x.status}, ${x.newEvents} new event(s)${x.podReceived ? ', POD received' : ''}`,
                )
                .join('; ')
                .slice(0, 2000)
            : 'no hub shipment has this AWB yet; POD kept (applied when one registers it)';
        // Before the mark: whoever sees the callback applied must not get the older cached tracking.
        carriers.gateway.invalidate(msg.carrier, msg.awb);
        await markApplied(database.pool, msg.callbackId, note);
        // The update's events are committed with their webhook messages: deliver them now. PostgreSQL's
        // NOTIFY would wake the dispatcher too; the embedded engine has only this (or its 200 ms poll).
        if (r.shipments.length > 0) dispatcher.kick();
      },
      async 'carriers.refresh'() {
        await refresh();
      },
      async 'balance.distribute'() {
        // Null: another run held the lock (an admin's, or a slow previous tick); the next tick follows.
        await services.balance.run({ action: 'distribute', dryRun: false, trigger: 'schedule' });
      },
      async 'pod.backfill'(msg) {
        await services.podBackfill.runJob(msg.runId);
      },
      async 'reports.export'(msg) {
        await services.reports.run(msg.reportId);
      },
      async 'alerts.notify'(msg) {
        await services.alerts.notify(msg);
      },
      async 'reports.sweep'() {
        const n = await services.reports.sweep();
        if (n > 0) log.info({ reports: n }, 'expired reports deleted');
      },
      async 'api-log.prune'() {
        // Chunks of 5,000 rows for at most 5 minutes; a log further behind is caught up by the next runs.
        const before = new Date(Date.now() - config.retention.apiLogDays * 86_400_000);
        const n = await services.auth.pruneLogs(before);
        const rollups = await services.auth.pruneRollups(before);
        if (n > 0 || rollups > 0) log.info({ apiLogs: n, rollups }, 'pruned API log rows past retention');
      },
      async 'maintenance.prune'() {
        const day = 86_400_000;
        // Big deletes may outlast the pool's statement timeout: a session without it.
        const session = await database.openSession();
        try {
          const refusals = await pruneRefusals(session.client, new Date(Date.now() - config.retention.apiLogDays * day));
          const keys = await pruneExpired(session.db);
          const webhooks = await pruneWebhookLogs(session.db, new Date(Date.now() - config.retention.webhookLogDays * day));
          log.info({ rateLimitRefusals: refusals, idempotencyKeys: keys, ...webhooks }, 'pruned expired rows');
        } finally {
          await session.release();
        }
      },
    },
  };
}
