import { Type, type Static } from 'typebox';
import { Nullable, Timestamp } from '../../http/common.schemas.js';
import { CARRIER_CODES } from '../../carriers/carriers.js';
import type { BackfillOptions, BackfillReport } from './backfill.logic.js';
import type { RunRow } from './pod.repo.js';

/** The CLI's flags, as a body (same names, same bounds: docs/pod.md "Backfill"). */
export const BackfillBody = Type.Object(
  {
    carrier: Type.Optional(Type.Enum(CARRIER_CODES, { description: 'Only this carrier (default: all)' })),
    since: Type.Optional(Type.String({ format: 'date-time', description: 'Delivered at or after (ISO-8601)' })),
    until: Type.Optional(Type.String({ format: 'date-time', description: 'Delivered before (ISO-8601)' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000_000, description: 'At most this many rows (default: all)' })),
    concurrency: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 256, description: 'Rows of one carrier tracked at once (default POD_BACKFILL_CONCURRENCY)' }),
    ),
    rate: Type.Optional(Type.Number({ minimum: 0.1, maximum: 10_000, description: 'Requests per second per carrier (default POD_BACKFILL_RATE)' })),
    recheckHours: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 87_600,
        description: 'Skip rows a run found still empty within this many hours (default 24; 0 re-tries them)',
      }),
    ),
    restart: Type.Optional(Type.Boolean({ description: 'Cancel a paused (or dead) run instead of resuming it' })),
  },
  { additionalProperties: false },
);
export type BackfillInput = Static<typeof BackfillBody>;

const Counters = Type.Object({
  found: Type.Integer({ description: 'Rows dealt with (filled + stillEmpty + failed)' }),
  filled: Type.Integer({ description: 'Receiver name saved' }),
  stillEmpty: Type.Integer({ description: 'The carrier has no receiver name yet' }),
  failed: Type.Integer({ description: 'Tracking failed after retries (see failures)' }),
});

export const BackfillRunSchema = Type.Object({
  id: Type.Integer(),
  status: Type.Enum(['running', 'paused', 'finished', 'failed', 'cancelled'] as const, {
    description: '`paused`: interrupted, resumed by the next start; `running` with an old heartbeat: its process died (also resumed)',
  }),
  trigger: Type.Union([Type.Literal('cli'), Type.Literal('admin')]),
  options: Type.Object({
    carrier: Nullable(Type.String()),
    since: Nullable(Type.String()),
    until: Nullable(Type.String()),
    limit: Nullable(Type.Integer()),
    concurrency: Type.Integer(),
    rate: Type.Number(),
    recheckHours: Type.Integer(),
  }),
  startedAt: Timestamp,
  heartbeatAt: Nullable(Timestamp),
  finishedAt: Nullable(Timestamp),
  error: Nullable(Type.String()),
  report: Type.Object(
    {
      byCarrier: Type.Record(Type.String(), Type.Intersect([Counters, Type.Object({ gaveUp: Type.Optional(Type.String()) })])),
      totals: Counters,
      failures: Type.Array(Type.Object({ carrier: Type.String(), awb: Type.String(), error: Nullable(Type.String()) })),
    },
    { description: 'Live counters while running; the final report once ended' },
  ),
});
export type BackfillRunView = Static<typeof BackfillRunSchema>;

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function runView(run: RunRow, report: BackfillReport): BackfillRunView {
  const o = run.options as BackfillOptions;
  return {
    id: run.id,
    status: run.status,
    trigger: run.trigger,
    options: {
      carrier: o.carrier,
      since: o.since,
      until: o.until,
      limit: o.limit,
      concurrency: o.concurrency,
      rate: o.rate,
      recheckHours: o.recheckHours,
    },
    startedAt: run.started_at.toISOString(),
    heartbeatAt: iso(run.heartbeat_at),
    finishedAt: iso(run.finished_at),
    error: run.error,
    report: report as BackfillRunView['report'],
  };
}
