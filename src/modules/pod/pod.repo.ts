/**
 * POD backfill SQL: candidates (POD rows without a receiver, delivered carrier shipments without a POD
 * row), the runs and their per-row outcomes. Saving a POD goes through the shipments module's
 * fill-empty function (one set of fill rules for callbacks, tracking and the backfill).
 */
import type { Queryable } from '../../db/client.js';
import type { CarrierCode } from '../../carriers/carriers.js';

export interface CandidateFilter {
  carrier: CarrierCode;
  /** Only candidates whose AWB sorts after this one (the carrier's cursor). */
  after: string | null;
  since: string | null;
  until: string | null;
  /** Skip rows a run already dealt with (resume: rows past the cursor that finished before a stop). */
  runId: number | null;
  /** Skip rows some run found still empty within this many hours (0: skip none). */
  recheckHours: number;
  limit: number;
}

export interface Candidate {
  carrier: CarrierCode;
  awb: string;
  /** The shipment to link a new POD row to (the lowest id of the shipments with this AWB). */
  shipment_id: string | null;
  /** 'pod' (a row with an empty receiver) or 'shipment' (delivered, no POD row). */
  kind: 'pod' | 'shipment';
}

const CANDIDATES = `with c as (
    select p.carrier, p.awb, coalesce(p.shipment_id,
        (select s.id from shipments s where s.carrier = p.carrier and s.carrier_awb = p.awb order by s.id limit 1)) as shipment_id,
      'pod' as kind, coalesce(p.delivered_at, p.created_at) as at
    from proof_of_delivery p
    where p.carrier = $1 and coalesce(p.receiver_name, '') = '' and ($2::text is null or p.awb > $2)
    union all
    select s.carrier, s.carrier_awb, min(s.id), 'shipment', min(coalesce(s.delivered_at, s.updated_at))
    from shipments s
    where s.carrier = $1 and s.status = 'delivered' and s.carrier_awb is not null and ($2::text is null or s.carrier_awb > $2)
      and not exists (select 1 from proof_of_delivery p where p.carrier = s.carrier and p.awb = s.carrier_awb)
    group by s.carrier, s.carrier_awb
  ), picked as (
    select carrier, awb, shipment_id, kind from c
    where ($3::timestamptz is null or at >= $3) and ($4::timestamptz is null or at < $4)
      and not exists (select 1 from pod_backfill_items i where i.carrier = c.carrier and i.awb = c.awb
        and (i.run_id = $5 or ($6::int > 0 and i.outcome = 'still_empty' and i.checked_at > now() - make_interval(hours => $6::int))))
  )`;

const values = (f: CandidateFilter) => [f.carrier, f.after, f.since, f.until, f.runId ?? 0, f.recheckHours];

/**
 * The next candidates of one carrier in AWB order (keyset: stable under concurrent fills, and a
 * carrier's AWB is unique in proof_of_delivery). `since`/`until` bound the delivery time: the POD's
 * delivered_at (else its creation), or the shipment's delivered_at.
 */
export async function nextCandidates(q: Queryable, f: CandidateFilter): Promise<Candidate[]> {
  const res = await q.query<Candidate>({
    name: 'pod_backfill_candidates',
    text: `${CANDIDATES} select * from picked order by awb limit $7`,
    values: [...values(f), f.limit],
  });
  return res.rows;
}

/** How many candidates remain for one carrier (the progress bar's total). */
export async function countCandidates(q: Queryable, f: Omit<CandidateFilter, 'limit'>): Promise<number> {
  const res = await q.query<{ n: number }>({
    name: 'pod_backfill_count',
    text: `${CANDIDATES} select count(*)::int as n from picked`,
    values: values({ ...f, limit: 0 }),
  });
  return res.rows[0]!.n;
}

export type Outcome = 'filled' | 'still_empty' | 'failed';
export interface ItemOutcome {
  carrier: CarrierCode;
  awb: string;
  outcome: Outcome;
  attempts: number;
  error: string | null;
}

export interface RunRow {
  id: number;
  status: 'running' | 'paused' | 'finished' | 'failed' | 'cancelled';
  trigger: 'cli' | 'admin';
  options: unknown;
  cursor: Partial<Record<CarrierCode, string>>;
  report: unknown;
  error: string | null;
  started_at: Date;
  heartbeat_at: Date | null;
  finished_at: Date | null;
}

const RUN_COLUMNS = 'id, status, trigger, options, cursor, report, error, started_at, heartbeat_at, finished_at';
const toRun = (r: RunRow & { id: string | number }): RunRow => ({ ...r, id: Number(r.id) });

/** Records outcomes and moves the cursors in one statement (both or neither). */
export async function recordOutcomes(q: Queryable, runId: number, items: ItemOutcome[], cursor: Partial<Record<CarrierCode, string>>): Promise<void> {
  await q.query({
    name: 'pod_backfill_record',
    text: `with ins as (
        insert into pod_backfill_items (run_id, carrier, awb, outcome, attempts, error)
        select $1, x.carrier, x.awb, x.outcome, x.attempts, x.error
        from jsonb_to_recordset($2::jsonb) as x(carrier text, awb text, outcome text, attempts int, error text)
        on conflict (run_id, carrier, awb) do nothing
      )
      update pod_backfill_runs set cursor = cursor || $3::jsonb, heartbeat_at = now() where id = $1`,
    values: [runId, JSON.stringify(items), JSON.stringify(cursor)],
  });
}

/** Outcome counts of a run by carrier (derived from the recorded rows: exact whatever stopped the run). */
export async function countOutcomes(q: Queryable, runId: number): Promise<Array<{ carrier: CarrierCode; outcome: Outcome; n: number }>> {
  const res = await q.query<{ carrier: CarrierCode; outcome: Outcome; n: number }>(
    `select carrier, outcome, count(*)::int as n from pod_backfill_items where run_id = $1 group by carrier, outcome order by carrier, outcome`,
    [runId],
  );
  return res.rows;
}

/** The failed rows of a run (for the report), at most `limit`. */
export async function failedItems(
  q: Queryable,
  runId: number,
  limit: number,
): Promise<Array<{ carrier: CarrierCode; awb: string; error: string | null }>> {
  const res = await q.query<{ carrier: CarrierCode; awb: string; error: string | null }>(
    `select carrier, awb, error from pod_backfill_items where run_id = $1 and outcome = 'failed' order by carrier, awb limit $2`,
    [runId, limit],
  );
  return res.rows;
}

/** A new open run, or undefined when one is open already (the partial unique index decides, in any process). */
export async function insertRun(q: Queryable, r: { trigger: 'cli' | 'admin'; options: unknown; claim: boolean }): Promise<RunRow | undefined> {
  const res = await q.query<RunRow & { id: string }>(
    `insert into pod_backfill_runs (status, trigger, options, heartbeat_at) values ('running', $1, $2, case when $3::boolean then now() end)
      on conflict do nothing returning ${RUN_COLUMNS}`,
    [r.trigger, JSON.stringify(r.options), r.claim],
  );
  return res.rows[0] ? toRun(res.rows[0]) : undefined;
}

export async function openRun(q: Queryable): Promise<RunRow | undefined> {
  const res = await q.query<RunRow & { id: string }>(`select ${RUN_COLUMNS} from pod_backfill_runs where status in ('running', 'paused') limit 1`);
  return res.rows[0] ? toRun(res.rows[0]) : undefined;
}

/**
 * Takes an open run for this process: it must be paused, or running with no heartbeat for
 * `staleSeconds` (its process died or has not started it yet). Atomic: two processes never both get it.
 */
export async function claimRun(q: Queryable, id: number, staleSeconds: number): Promise<RunRow | undefined> {
  const res = await q.query<RunRow & { id: string }>(
    `update pod_backfill_runs set status = 'running', heartbeat_at = now(), report = null
      where id = $1 and (status = 'paused' or (status = 'running' and (heartbeat_at is null or heartbeat_at < now() - make_interval(secs => $2))))
      returning ${RUN_COLUMNS}`,
    [id, staleSeconds],
  );
  return res.rows[0] ? toRun(res.rows[0]) : undefined;
}

export async function heartbeat(q: Queryable, id: number): Promise<void> {
  await q.query(`update pod_backfill_runs set heartbeat_at = now() where id = $1 and status = 'running'`, [id]);
}

export async function endRun(
  q: Queryable,
  id: number,
  status: 'paused' | 'finished' | 'failed' | 'cancelled',
  report: unknown,
  error: string | null,
): Promise<void> {
  await q.query(
    `update pod_backfill_runs set status = $2, report = $3, error = $4, heartbeat_at = null,
        finished_at = case when $2 in ('finished', 'failed', 'cancelled') then now() end
      where id = $1`,
    [id, status, JSON.stringify(report), error],
  );
}

export async function getRun(q: Queryable, id: number): Promise<RunRow | undefined> {
  const res = await q.query<RunRow & { id: string }>(`select ${RUN_COLUMNS} from pod_backfill_runs where id = $1`, [id]);
  return res.rows[0] ? toRun(res.rows[0]) : undefined;
}

export async function listRuns(q: Queryable, limit: number, offset: number): Promise<{ rows: RunRow[]; total: number }> {
  const res = await q.query<RunRow & { id: string }>(
    `select ${RUN_COLUMNS} from pod_backfill_runs order by started_at desc, id desc limit $1 offset $2`,
    [limit, offset],
  );
  const total = await q.query<{ n: number }>(`select count(*)::int as n from pod_backfill_runs`);
  return { rows: res.rows.map(toRun), total: total.rows[0]!.n };
}
