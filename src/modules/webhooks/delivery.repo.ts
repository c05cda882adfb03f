/**
 * The delivery worker's SQL: the hot path, raw `pg` with named (prepared) statements. The queue is
 * `webhook_messages` itself: a claim moves `next_attempt_at` forward by a lease and counts the attempt;
 * the completion sets the real next time (or the final status). A worker that dies mid-attempt leaves
 * the lease to expire, and the message is claimed again: at-least-once, per message id.
 */
import type { Queryable } from '../../db/client.js';

/** NOTIFY channel of the fan-out trigger (migration 0002) and of replays: new messages are due. */
export const WEBHOOK_CHANNEL = 'ff_webhooks';

export interface ClaimedMessage {
  id: string;
  endpoint_id: string;
  company_id: string;
  event_id: string | null;
  event_type: string;
  payload: string | null;
  trigger: 'event' | 'replay' | 'test';
  /** Including the one just claimed: the number of the attempt about to be made. */
  attempts: number;
  url: string;
  enabled: boolean;
  secret_sealed: string | null;
  previous_secret_sealed: string | null;
  previous_secret_expires_at: Date | null;
  /** Only when the payload still has to be built. */
  event_data: Record<string, unknown> | null;
  event_at: Date | null;
}

/**
 * Claims up to `limit` due messages, oldest due first. `now` is the worker's clock: the same clock
 * that computed the retry times, so a retry is never held back by clock skew with the database.
 */
export async function claimDue(q: Queryable, limit: number, leaseMs: number, now: Date): Promise<ClaimedMessage[]> {
  // The statement is the function webhook_claim_due (migration 0002): see there why it is one.
  const res = await q.query<ClaimedMessage>({
    name: 'webhook_claim_due',
    text: 'select * from webhook_claim_due($1, $2, $3)',
    values: [limit, leaseMs, now],
  });
  return res.rows;
}

/** Gives back claims that were never started (graceful stop): due at once, the attempt not counted. */
export async function release(q: Queryable, items: ReadonlyArray<{ id: string; attempts: number }>): Promise<void> {
  if (items.length === 0) return;
  await q.query(
    `update webhook_messages m set attempts = m.attempts - 1, next_attempt_at = now(), updated_at = now()
     from unnest($1::text[], $2::int[]) as r(id, attempts)
     where m.id = r.id and m.attempts = r.attempts and m.status = 'pending'`,
    [items.map((i) => i.id), items.map((i) => i.attempts)],
  );
}

/** When the earliest pending message is due (or its lease ends), so the worker sleeps exactly that long. */
export async function nextDueAt(q: Queryable): Promise<Date | null> {
  const res = await q.query<{ at: Date | null }>({
    name: 'webhook_next_due',
    text: `select min(next_attempt_at) as at from webhook_messages where status = 'pending'`,
  });
  return res.rows[0]?.at ?? null;
}

export interface Completion {
  messageId: string;
  endpointId: string;
  companyId: string;
  eventType: string;
  attempt: number;
  trigger: string;
  /** false: nothing was sent (the endpoint was disabled meanwhile); no log row, no counters. */
  attempted: boolean;
  success: boolean;
  statusCode: number | null;
  responseBody: string | null;
  error: string | null;
  durationMs: number;
  attemptedAt: Date;
  finishedAt: Date;
  status: 'pending' | 'succeeded' | 'failed';
  nextAttemptAt: Date | null;
  /** The body, when this attempt built it. */
  payload: string | null;
  lastError: string | null;
}

interface EndpointDelta {
  ok: number;
  failed: number;
  failuresAfterLastOk: number;
  failuresBeforeLastOk: number;
  lastOkAt: Date | null;
  lastFailAt: Date | null;
  lastFailReason: string | null;
}

function endpointDeltas(batch: readonly Completion[]): Map<string, EndpointDelta> {
  const out = new Map<string, EndpointDelta>();
  const ordered = batch.filter((c) => c.attempted).sort((a, b) => a.finishedAt.getTime() - b.finishedAt.getTime());
  for (const c of ordered) {
    const d = out.get(c.endpointId) ?? {
      ok: 0,
      failed: 0,
      failuresAfterLastOk: 0,
      failuresBeforeLastOk: 0,
      lastOkAt: null,
      lastFailAt: null,
      lastFailReason: null,
    };
    if (c.success) {
      d.ok++;
      d.failuresBeforeLastOk += d.failuresAfterLastOk;
      d.failuresAfterLastOk = 0;
      d.lastOkAt = c.finishedAt;
    } else {
      d.failed++;
      d.failuresAfterLastOk++;
      d.lastFailAt = c.finishedAt;
      d.lastFailReason = c.lastError;
    }
    out.set(c.endpointId, d);
  }
  return out;
}

/**
 * Records a batch of finished attempts in one statement: the log rows, the messages' new state (only
 * if still at that attempt: a replay or a re-claim after a lost lease wins) and the endpoints' health.
 */
export async function complete(q: Queryable, batch: readonly Completion[]): Promise<void> {
  if (batch.length === 0) return;
  // Two JSON parameters rather than 26 arrays: one native JSON.stringify instead of pg's per-element
  // array escaping, which showed in the worker's profile.
  const rows = batch.map((c) => ({
    message_id: c.messageId,
    endpoint_id: c.endpointId,
    company_id: c.companyId,
    event_type: c.eventType,
    attempt: c.attempt,
    trigger: c.trigger,
    attempted: c.attempted,
    success: c.success,
    status_code: c.statusCode,
    response_body: c.responseBody,
    error: c.error,
    duration_ms: c.durationMs,
    attempted_at: c.attemptedAt,
    finished_at: c.finishedAt,
    status: c.status,
    next_attempt_at: c.nextAttemptAt,
    payload: c.payload,
    last_error: c.lastError,
  }));
  const deltas = [...endpointDeltas(batch)].map(([id, d]) => ({
    endpoint_id: id,
    ok: d.ok,
    failed: d.failed,
    failures_after_last_ok: d.failuresAfterLastOk,
    failures_before_last_ok: d.failuresBeforeLastOk,
    last_ok_at: d.lastOkAt,
    last_fail_at: d.lastFailAt,
    last_fail_reason: d.lastFailReason,
  }));
  await q.query({
    name: 'webhook_complete',
    text: `with c as (
             select * from json_to_recordset($1::json) as c(message_id text, endpoint_id text, company_id text, event_type text, attempt int,
               trigger text, attempted bool, success bool, status_code int, response_body text, error text, duration_ms int,
               attempted_at timestamptz, finished_at timestamptz, status text, next_attempt_at timestamptz, payload text, last_error text)
           ), logged as (
             insert into webhook_attempts (message_id, endpoint_id, company_id, event_type, attempt, trigger, success, status_code, response_body, error, duration_ms, created_at)
             select message_id, endpoint_id, company_id, event_type, attempt, trigger, success, status_code, response_body, error, duration_ms, attempted_at
             from c where attempted
           ), messages as (
             update webhook_messages m
             set status = c.status, next_attempt_at = c.next_attempt_at, payload = coalesce(m.payload, c.payload),
                 last_status_code = c.status_code, last_error = c.last_error, updated_at = now(),
                 delivered_at = case when c.status = 'succeeded' then coalesce(m.delivered_at, c.finished_at) else m.delivered_at end
             from c
             where m.id = c.message_id and m.attempts = c.attempt and m.status = 'pending'
           )
           update webhook_endpoints e
           set success_count = e.success_count + d.ok,
               failure_count = e.failure_count + d.failed,
               consecutive_failures = case when d.ok > 0 then d.failures_after_last_ok else e.consecutive_failures + d.failed end,
               recovered_at = case when d.ok > 0 and d.failures_after_last_ok = 0 and (e.consecutive_failures > 0 or d.failures_before_last_ok > 0)
                                   then d.last_ok_at else e.recovered_at end,
               last_success_at = greatest(e.last_success_at, d.last_ok_at), -- greatest() skips nulls
               last_failure_at = greatest(e.last_failure_at, d.last_fail_at),
               last_failure_reason = coalesce(d.last_fail_reason, e.last_failure_reason)
           from json_to_recordset($2::json) as d(endpoint_id text, ok int, failed int, failures_after_last_ok int, failures_before_last_ok int,
                                                  last_ok_at timestamptz, last_fail_at timestamptz, last_fail_reason text)
           where e.id = d.endpoint_id`,
    values: [JSON.stringify(rows), JSON.stringify(deltas)],
  });
}

/**
 * Sets a message aside: failed, with `last_error` starting `dead-lettered:` (the outbox monitor counts
 * those), if it is still at that attempt. Replayable like any failed message.
 */
export async function deadLetter(q: Queryable, messageId: string, attempt: number, reason: string): Promise<boolean> {
  const res = await q.query(
    `update webhook_messages set status = 'failed', next_attempt_at = null, last_error = 'dead-lettered: ' || $3, updated_at = now()
     where id = $1 and attempts = $2 and status = 'pending'`,
    [messageId, attempt, reason],
  );
  return (res.rowCount ?? 0) > 0;
}

/** An alert this call raised (none when one was open already for the endpoint and kind). */
export interface RaisedAlert {
  id: number;
  kind: string;
  severity: string;
  message: string;
  companyId: string | null;
  details: unknown;
}

/**
 * Switches an endpoint off (still enabled → disabled) and raises the admin alert, in one transaction
 * (`q` is a transaction's client). Returns whether this call disabled it, and the alert if it raised one.
 */
export async function disableEndpoint(
  q: Queryable,
  endpointId: string,
  reason: string,
  details: Record<string, unknown>,
): Promise<{ disabled: boolean; alert: RaisedAlert | null }> {
  const res = await q.query<{ company_id: string; url: string }>(
    `update webhook_endpoints set enabled = false, disabled_reason = $2, disabled_at = now(), updated_at = now()
     where id = $1 and enabled returning company_id, url`,
    [endpointId, reason],
  );
  const row = res.rows[0];
  if (!row) return { disabled: false, alert: null };
  const alert = await raiseAlert(q, {
    kind: 'webhook.endpoint_disabled',
    message: `Webhook ${endpointId} (${row.url}) was disabled: ${reason}`,
    companyId: row.company_id,
    endpointId,
    details,
  });
  return { disabled: true, alert };
}

/** At most one open alert per endpoint and kind (a partial unique index): repeats are dropped (null). */
export async function raiseAlert(
  q: Queryable,
  a: { kind: string; message: string; companyId: string | null; endpointId: string | null; details: Record<string, unknown> },
): Promise<RaisedAlert | null> {
  const res = await q.query<{ id: string; kind: string; severity: string; message: string; company_id: string | null; details: unknown }>(
    `insert into admin_alerts (kind, message, company_id, endpoint_id, details) values ($1, $2, $3, $4, $5)
     on conflict (endpoint_id, kind) where acknowledged_at is null do nothing
     returning id, kind, severity, message, company_id, details`,
    [a.kind, a.message, a.companyId, a.endpointId, JSON.stringify(a.details)],
  );
  const r = res.rows[0];
  return r ? { id: Number(r.id), kind: r.kind, severity: r.severity, message: r.message, companyId: r.company_id, details: r.details } : null;
}

/** Endpoints registered before signing existed get their secret on first use; a concurrent creator wins. */
export async function ensureSecret(q: Queryable, endpointId: string, sealed: string): Promise<string | null> {
  const set = await q.query<{ secret_sealed: string }>(
    'update webhook_endpoints set secret_sealed = $2 where id = $1 and secret_sealed is null returning secret_sealed',
    [endpointId, sealed],
  );
  if (set.rows[0]) return set.rows[0].secret_sealed;
  const cur = await q.query<{ secret_sealed: string | null }>('select secret_sealed from webhook_endpoints where id = $1', [endpointId]);
  return cur.rows[0]?.secret_sealed ?? null;
}
