import type { Logger } from 'pino';
import type pg from 'pg';
import * as repo from '../delivery.repo.js';
import type { SigningKeys } from '../endpoint-secrets.js';
import type { Sender } from '../http-sender.js';
import { messageBody } from '../message-body.js';
import { decideAfterAttempt, describeOutcome, maxAttempts } from '../schedule.js';
import { buildSignedHeaders } from '../signing.js';
import type { Finished } from './recorder.js';

/**
 * One delivery attempt of a claimed message: build its body (unless stored), sign it with the
 * endpoint's current (and, during a rotation, previous) secret, POST it, and ask the retry schedule
 * what comes next. Never throws: every way it can end is an outcome to record.
 */
export function createAttempt(deps: {
  pool: pg.Pool;
  log: Logger;
  sender: Sender;
  keys: SigningKeys;
  schedule: readonly number[];
}): (m: repo.ClaimedMessage) => Promise<Finished> {
  const { pool, log, sender, keys, schedule } = deps;
  const total = maxAttempts(schedule);

  async function signingKeys(m: repo.ClaimedMessage, now: Date): Promise<Buffer[]> {
    let sealed = m.secret_sealed;
    if (!sealed) sealed = await repo.ensureSecret(pool, m.endpoint_id, keys.create(m.endpoint_id).sealed);
    return keys.keysFor(
      {
        id: m.endpoint_id,
        secretSealed: sealed,
        previousSecretSealed: m.previous_secret_sealed,
        previousSecretExpiresAt: m.previous_secret_expires_at,
      },
      now,
    );
  }

  return async function attempt(m) {
    const attemptedAt = new Date();
    const base = {
      messageId: m.id,
      endpointId: m.endpoint_id,
      companyId: m.company_id,
      eventType: m.event_type,
      attempt: m.attempts,
      trigger: m.trigger,
      attemptedAt,
    };
    if (!m.enabled) {
      // Switched off after this message was queued: it ends here and can be replayed after re-enabling.
      return {
        ...base,
        attempted: false,
        success: false,
        statusCode: null,
        responseBody: null,
        error: null,
        durationMs: 0,
        finishedAt: attemptedAt,
        status: 'failed',
        nextAttemptAt: null,
        payload: null,
        lastError: 'webhook disabled before delivery',
        decision: null,
      };
    }
    let payload: string | null = null;
    try {
      const body =
        m.payload ??
        (payload = messageBody({
          messageId: m.id,
          endpointId: m.endpoint_id,
          eventType: m.event_type,
          occurredAt: m.event_at ?? attemptedAt,
          data: m.event_data ?? null,
        }));
      const headers = buildSignedHeaders({
        messageId: m.id,
        eventType: m.event_type,
        timestamp: attemptedAt,
        body,
        secrets: await signingKeys(m, attemptedAt),
      });
      const r = await sender.send(m.url, headers, body);
      const finishedAt = new Date();
      // A crash after a claim uses up that attempt; never ask the schedule about an attempt beyond its end.
      const decision = decideAfterAttempt({ attempt: Math.min(m.attempts, total), schedule, outcome: r.outcome, now: finishedAt });
      const what = describeOutcome(r.outcome);
      return {
        ...base,
        attempted: true,
        success: decision.action === 'success',
        statusCode: r.statusCode,
        responseBody: r.responseBody,
        error: r.error,
        durationMs: r.durationMs,
        finishedAt,
        status: decision.action === 'success' ? 'succeeded' : decision.action === 'retry' ? 'pending' : 'failed',
        nextAttemptAt: decision.action === 'retry' ? decision.at : null,
        payload,
        lastError: decision.action === 'success' ? null : decision.action === 'fail' ? `${decision.reason} (last: ${what})` : what,
        decision,
      };
    } catch (err) {
      // Not the receiver's fault (bad stored data, a secret that does not open): fail loudly, no retry storm.
      log.error({ err, messageId: m.id, endpointId: m.endpoint_id }, 'webhook message could not be prepared');
      const finishedAt = new Date();
      const reason = 'the hub could not build or sign this message';
      return {
        ...base,
        attempted: true,
        success: false,
        statusCode: null,
        responseBody: null,
        error: `internal: ${(err as Error).message}`.slice(0, 500),
        durationMs: 0,
        finishedAt,
        status: 'failed',
        nextAttemptAt: null,
        payload,
        lastError: reason,
        decision: { action: 'fail', disableEndpoint: false, reason },
      };
    }
  };
}
