import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { pruneApiLogs } from '../modules/auth/api-log.repo.js';
import { pruneExpired } from '../modules/idempotency/idempotency.repo.js';
import type { Mailer } from '../modules/mail/mailer.js';
import type { JobHandlers } from './boss.js';

export function createJobHandlers(deps: { config: Config; database: Database; mailer: Mailer; log: Logger }): JobHandlers {
  const { config, database, mailer, log } = deps;
  return {
    async 'mail.send'(msg) {
      const res = await mailer.send(msg);
      log.info({ to: msg.to, tag: msg.tag, messageId: res.messageId, file: res.file }, 'mail sent');
    },
    async 'maintenance.prune'() {
      const before = new Date(Date.now() - config.retention.apiLogDays * 86_400_000);
      const logs = await pruneApiLogs(database.db, before);
      const keys = await pruneExpired(database.db);
      log.info({ apiLogs: logs, idempotencyKeys: keys }, 'pruned expired rows');
    },
  };
}
