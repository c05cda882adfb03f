import type { Queryable } from '../../db/client.js';

export interface HeartbeatRow {
  role: string;
  host: string;
  pid: number;
  lastSeen: Date;
  /** Seconds since the last beat, by the database's clock. */
  ageSeconds: number;
}

/** Worker heartbeats seen within `withinSeconds` (older rows belong to processes long gone), newest first. */
export async function listHeartbeats(q: Queryable, withinSeconds: number): Promise<HeartbeatRow[]> {
  const { rows } = await q.query<HeartbeatRow>(
    `select role, host, pid, last_seen as "lastSeen",
            round(extract(epoch from (now() - last_seen))::numeric, 1)::float8 as "ageSeconds"
       from worker_heartbeats
      where last_seen > now() - make_interval(secs => $1)
      order by last_seen desc
      limit 50`,
    [withinSeconds],
  );
  return rows;
}

/** Records that worker `id` is alive now; drops rows of processes silent for longer than `forgetSeconds`. */
export async function beat(
  q: Queryable,
  w: { id: string; role: string; host: string; pid: number; startedAt: Date },
  forgetSeconds: number,
): Promise<void> {
  await q.query(
    `with gone as (delete from worker_heartbeats where last_seen < now() - make_interval(secs => $6) and id <> $1)
     insert into worker_heartbeats (id, role, host, pid, started_at, last_seen) values ($1, $2, $3, $4, $5, now())
     on conflict (id) do update set last_seen = now()`,
    [w.id, w.role, w.host, w.pid, w.startedAt, forgetSeconds],
  );
}

/** A worker that stops cleanly removes its row: no longer running is not the same as stale. */
export async function removeHeartbeat(q: Queryable, id: string): Promise<void> {
  await q.query('delete from worker_heartbeats where id = $1', [id]);
}
