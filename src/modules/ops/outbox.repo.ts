/**
 * The state of the hub's outboxes and queues — carrier callbacks waiting to be published, webhook
 * messages due, pg-boss jobs ready — and their dead letters. Every statement walks a partial index of
 * waiting rows only, so a healthy hub (nothing waiting) answers in microseconds.
 */
import type { Queryable } from '../../db/client.js';

export interface OutboxLag {
  /** Rows waiting now (due or ready). */
  waiting: number;
  /** When the oldest waiting row became due (null: none waiting). */
  oldestDueAt: Date | null;
}

export interface OutboxSnapshot {
  callbacks: OutboxLag & { deadLettered: number };
  webhooks: OutboxLag & { deadLettered: number };
  /** One entry per pg-boss queue with a ready job. */
  jobs: Array<OutboxLag & { queue: string }>;
}

/** Reads every outbox's lag in one round trip (three statements sent together). */
export async function readOutboxes(q: Queryable, queues: readonly string[]): Promise<OutboxSnapshot> {
  const res = await q.query<{ part: string; queue: string | null; waiting: number; oldest: Date | null; dead: number }>({
    name: 'ops_outboxes',
    text: `select 'callbacks' as part, null::text as queue,
          (select count(*)::int from carrier_callbacks where status = 'accepted' and published_at is null) as waiting,
          (select min(coalesce(retry_at, received_at)) from carrier_callbacks where status = 'accepted' and published_at is null) as oldest,
          (select count(*)::int from carrier_callbacks where status = 'dead') as dead
        union all
        select 'webhooks', null,
          (select count(*)::int from webhook_messages where status = 'pending' and next_attempt_at <= now()),
          (select min(next_attempt_at) from webhook_messages where status = 'pending'),
          (select count(*)::int from webhook_messages where status = 'failed' and last_error like 'dead-lettered:%')
        union all
        select 'jobs', j.name, count(*)::int, min(j.start_after), 0
          from pgboss.job j
          where j.name = any($1::text[]) and j.state < 'active' and not j.blocked and j.start_after <= now()
          group by j.name`,
    values: [queues],
  });
  const snap: OutboxSnapshot = {
    callbacks: { waiting: 0, oldestDueAt: null, deadLettered: 0 },
    webhooks: { waiting: 0, oldestDueAt: null, deadLettered: 0 },
    jobs: [],
  };
  for (const r of res.rows) {
    if (r.part === 'jobs') snap.jobs.push({ queue: r.queue!, waiting: r.waiting, oldestDueAt: r.oldest });
    else snap[r.part as 'callbacks' | 'webhooks'] = { waiting: r.waiting, oldestDueAt: r.oldest, deadLettered: r.dead };
  }
  return snap;
}

export interface FailedJobRow {
  id: string;
  name: string;
  data: unknown;
  output: unknown;
  retry_count: number;
  created_on: Date;
  completed_on: Date | null;
}

/** pg-boss jobs that failed their last attempt (the queues' dead letters), newest first. */
export async function listFailedJobs(
  q: Queryable,
  f: { queues: readonly string[]; limit: number; offset: number },
): Promise<{ rows: FailedJobRow[]; total: number }> {
  const res = await q.query<FailedJobRow>(
    `select id, name, data, output, retry_count, created_on, completed_on from pgboss.job
      where name = any($1::text[]) and state = 'failed' order by completed_on desc nulls last, id limit $2 offset $3`,
    [f.queues, f.limit, f.offset],
  );
  const total = await q.query<{ n: number }>(`select count(*)::int as n from pgboss.job where name = any($1::text[]) and state = 'failed'`, [
    f.queues,
  ]);
  return { rows: res.rows, total: total.rows[0]!.n };
}

/** Failed jobs per queue (dead letters), for the outbox summary. */
export async function countFailedJobs(q: Queryable, queues: readonly string[]): Promise<Map<string, number>> {
  const res = await q.query<{ name: string; n: number }>(
    `select name, count(*)::int as n from pgboss.job where name = any($1::text[]) and state = 'failed' group by name`,
    [queues],
  );
  return new Map(res.rows.map((r) => [r.name, r.n]));
}

/**
 * Raises a hub-wide alert of this kind unless one is already open (acknowledged_at null) for the same
 * `details.outbox` (one open alert per kind and outbox: repeats while it is open are dropped).
 */
export async function raiseSystemAlert(q: Queryable, kind: string, message: string, details: Record<string, unknown>): Promise<boolean> {
  const res = await q.query(
    `insert into admin_alerts (kind, message, details)
      select $1, $2, $3::jsonb where not exists (
        select 1 from admin_alerts where kind = $1 and endpoint_id is null and acknowledged_at is null
          and details->>'outbox' is not distinct from $3::jsonb->>'outbox')`,
    [kind, message, JSON.stringify(details)],
  );
  return (res.rowCount ?? 0) > 0;
}

/** Closes the open hub-wide alerts of this kind (the condition cleared by itself). */
export async function resolveSystemAlerts(q: Queryable, kind: string): Promise<number> {
  const res = await q.query(
    `update admin_alerts set acknowledged_at = now(), acknowledged_by = 'system: resolved' where kind = $1 and endpoint_id is null and acknowledged_at is null`,
    [kind],
  );
  return res.rowCount ?? 0;
}
