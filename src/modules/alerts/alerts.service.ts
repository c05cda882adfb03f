/**
 * The operational alert evaluator (docs/alerts.md): every process ticks; the one that takes the turn
 * loads the window's aggregates, runs the pure rules (rules.ts) and keeps `admin_alerts` in step through
 * the store the anomalies use (one open row per (kind, subject) while the condition holds, resolved when
 * it clears). Each opened and resolved alert is posted to ALERT_WEBHOOK_URL by an `alerts.notify` job
 * added in the same transaction, so the evaluator never waits for the receiver.
 */
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { Config } from '../../config/index.js';
import type { Database } from '../../db/client.js';
import { describeDbError, isConnectionError } from '../../db/connection-errors.js';
import { withTransaction } from '../../db/tx.js';
import type { Jobs } from '../../jobs/queue.js';
import { keepConditions, type StoredCondition } from '../balance/anomalies.service.js';
import type { OutboxMonitor } from '../ops/outbox.service.js';
import { WORKER_STALE_AFTER_SECONDS } from '../ops/readiness.js';
import { createSender, type Sender } from '../webhooks/http-sender.js';
import { buildSignedHeaders, decodeSigningSecret } from '../webhooks/signing.js';
import { claimTurn, loadWindowFacts, probe, publishCircuits, recordOutage, removeCircuits } from './alerts.repo.js';
import { ALERT_KINDS, DATABASE_UNAVAILABLE, evaluateRules, type Condition } from './rules.js';
import { createAlertNotifier, type AlertNotifier } from './notifier.js';
import { slackBody, type AlertNotice } from './slack.js';

/** Each process ticks this often: publishes its circuits, probes the database, and may take the evaluator's turn. */
const TICK_MS = 10_000;
/** A process's circuit rows are live while it keeps rewriting them (3 ticks). */
const CIRCUIT_STALE_SECONDS = 30;

export interface AlertReport {
  detected: Condition[];
  opened: number;
  resolved: number;
  stillOpen: number;
}

export function createAlertsService(deps: {
  database: Database;
  jobs: Pick<Jobs, 'send' | 'sendMany'>;
  config: Pick<Config, 'alerts' | 'webhooks'>;
  outboxes: Pick<OutboxMonitor, 'verdict'>;
  /** This process's carrier breakers that are not closed (the carrier registry's). */
  circuits: () => ReadonlyArray<{ carrier: string; state: string; openedAt: Date }>;
  /** Queues the posts of opened and resolved alerts (the one the anomalies use too); by default its own. */
  notify?: AlertNotifier;
  log: Logger;
}) {
  const { database, jobs, log } = deps;
  const cfg = deps.config.alerts;
  const notify = deps.notify ?? createAlertNotifier({ jobs, webhookUrl: cfg.webhookUrl });
  const processId = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  let errorsSeen = database.health.failures;
  /** When this process's probe first failed in the current outage. */
  let downSince: Date | undefined;
  let lastDownError: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let sender: Sender | undefined;
  let published = false;

  async function timedProbe(): Promise<number> {
    const t0 = performance.now();
    await probe(database.pool);
    return performance.now() - t0;
  }

  const service = {
    /** One evaluation at `now` (tests pass their own clock and probe time); writes and notifies. */
    async evaluate(opts: { now?: Date; dbProbeMs?: number } = {}): Promise<AlertReport> {
      const now = opts.now ?? new Date();
      const dbProbeMs = opts.dbProbeMs ?? (await timedProbe());
      const failures = database.health.failures;
      const dbConnectionErrors = Math.max(0, failures - errorsSeen);
      errorsSeen = failures;
      // Read outside the write transaction: in embedded mode the pool has one connection.
      const window = await loadWindowFacts(
        database.pool,
        { from: new Date(now.getTime() - cfg.windowMinutes * 60_000), to: now },
        { ...cfg, workerStaleSeconds: WORKER_STALE_AFTER_SECONDS, circuitStaleSeconds: CIRCUIT_STALE_SECONDS },
      );
      const verdict = await deps.outboxes.verdict();
      const detected = unique(evaluateRules({ ...window, outboxes: verdict.outboxes, dbProbeMs, dbConnectionErrors }, cfg));
      const kept = await withTransaction(database, async (tx) => {
        const k = await keepConditions(tx.client, ALERT_KINDS, detected, now);
        await notify(tx, k.opened, k.resolved, now);
        return k;
      });
      for (const a of kept.opened) log.warn({ alert: a.id, kind: a.kind, subject: a.subject, severity: a.severity }, `alert opened: ${a.message}`);
      for (const a of kept.resolved) log.info({ alert: a.id, kind: a.kind, subject: a.subject }, 'alert resolved');
      return { detected, opened: kept.opened.length, resolved: kept.resolved.length, stillOpen: kept.refreshed };
    },

    /**
     * One tick of this process: probe the database (an outage is remembered and recorded once it answers
     * again), publish this process's open circuits, and evaluate if this process wins the turn.
     */
    async tick(): Promise<AlertReport | null> {
      let probeMs: number;
      try {
        probeMs = await timedProbe();
      } catch (err) {
        if (!isConnectionError(err)) throw err;
        if (!downSince) {
          downSince = new Date();
          lastDownError = describeDbError(err).message;
          log.error({ db: describeDbError(err) }, 'alert: database unreachable; the alert is recorded when it answers again');
        }
        return null;
      }
      if (downSince) await service.recordOutage(downSince, new Date(), lastDownError);
      const circuits = deps.circuits();
      if (circuits.length > 0 || published) {
        await publishCircuits(database.pool, processId, circuits);
        published = circuits.length > 0;
      }
      if (!(await claimTurn(database.pool, Math.max(1, cfg.evaluateSeconds - 1)))) return null;
      return service.evaluate({ dbProbeMs: probeMs });
    },

    /** Records a database outage this process saw (already resolved), and posts it. */
    async recordOutage(from: Date, to: Date, error?: string): Promise<StoredCondition | null> {
      const seconds = Math.round((to.getTime() - from.getTime()) / 100) / 10;
      const row = await withTransaction(database, async (tx) => {
        const r = await recordOutage(tx.client, {
          kind: DATABASE_UNAVAILABLE,
          from,
          to,
          message: `The database did not answer from ${from.toISOString()} to ${to.toISOString()} (${seconds} s)`,
          details: { from: from.toISOString(), to: to.toISOString(), seconds, error: error ?? null, seenBy: processId },
        });
        if (r) await notify(tx, [], [r], to);
        return r;
      });
      downSince = undefined;
      lastDownError = undefined;
      if (row) log.warn({ alert: row.id, seconds }, 'alert: database outage recorded');
      return row;
    },

    /** The `alerts.notify` job: one signed POST; a failure throws so the queue retries it. */
    async notify(n: AlertNotice): Promise<void> {
      if (!cfg.webhookUrl || !cfg.webhookSecret) return; // unset since the job was added
      sender ??= createSender({
        allowPrivate: deps.config.webhooks.allowPrivateNetworks,
        timeoutMs: deps.config.webhooks.timeoutMs,
        maxSocketsPerOrigin: 4,
      });
      const body = JSON.stringify(slackBody(n));
      const headers = buildSignedHeaders({
        messageId: `alert_${n.alertId}_${n.transition}`,
        eventType: `alert.${n.transition}`,
        timestamp: new Date(),
        body,
        secrets: [decodeSigningSecret(cfg.webhookSecret)],
      });
      const res = await sender.send(cfg.webhookUrl, headers, body);
      if (res.outcome.kind === 'response' && res.outcome.status >= 200 && res.outcome.status < 300) return;
      throw new Error(`alert webhook: ${res.statusCode === null ? (res.error ?? 'no answer') : `HTTP ${res.statusCode}`}`);
    },

    /** Ticks every 10 s in this process (every process: an API process evaluates when no worker is left). */
    start(intervalMs = TICK_MS): void {
      if (timer) return;
      timer = setInterval(() => {
        running = service.tick().catch((err: unknown) => log.warn({ err: (err as Error).message }, 'alert evaluation failed'));
      }, intervalMs);
      timer.unref();
    },

    async stop(): Promise<void> {
      clearInterval(timer);
      timer = undefined;
      await running;
      if (published) await removeCircuits(database.pool, processId).catch(() => {});
      sender?.close();
    },
  };
  return service;
}

export type AlertsService = ReturnType<typeof createAlertsService>;

/** One per (kind, subject), the first kept: a second would make the upsert touch one row twice. */
function unique(list: Condition[]): Condition[] {
  const seen = new Set<string>();
  return list.filter((c) => {
    const k = `${c.kind} ${c.subject}`;
    return !seen.has(k) && seen.add(k) !== undefined;
  });
}
