import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { resolveJwtSecret } from '../lib/jwt-secret.js';
import { pruneApiLogs } from '../modules/auth/api-log.repo.js';
import { pruneExpired } from '../modules/idempotency/idempotency.repo.js';
import type { Mailer } from '../modules/mail/mailer.js';
import { createDispatcher } from '../modules/webhooks/dispatcher.js';
import { createSigningKeys } from '../modules/webhooks/endpoint-secrets.js';
import { createSender } from '../modules/webhooks/http-sender.js';
import { pruneWebhookLogs } from '../modules/webhooks/webhooks.repo.js';
import type { Workers } from './boss.js';

/** Everything the worker role runs: the pg-boss handlers and the webhook dispatcher. */
export function createJobHandlers(deps: { config: Config; database: Database; mailer: Mailer; log: Logger }): Workers {
  const { config, database, mailer, log } = deps;
  const wh = config.webhooks;
  const dispatcher = createDispatcher({
    database,
    log: log.child({ worker: 'webhooks' }),
    sender: createSender({ allowPrivate: wh.allowPrivateNetworks, timeoutMs: wh.timeoutMs, maxSocketsPerOrigin: wh.concurrency }),
    keys: createSigningKeys(resolveJwtSecret(config.auth.jwtSecret, config.dataDir)),
    schedule: wh.retrySchedule,
    timeoutMs: wh.timeoutMs,
    concurrency: wh.concurrency,
  });
  return {
    background: [dispatcher],
    handlers: {
      async 'mail.send'(msg) {
        const res = await mailer.send(msg);
        log.info({ to: msg.to, tag: msg.tag, messageId: res.messageId, file: res.file }, 'mail sent');
      },
      async 'maintenance.prune'() {
        const day = 86_400_000;
        const logs = await pruneApiLogs(database.db, new Date(Date.now() - config.retention.apiLogDays * day));
        const keys = await pruneExpired(database.db);
        const webhooks = await pruneWebhookLogs(database.db, new Date(Date.now() - config.retention.webhookLogDays * day));
        log.info({ apiLogs: logs, idempotencyKeys: keys, ...webhooks }, 'pruned expired rows');
      },
    },
  };
}
