/**
 * The balance engine's admin API shapes (TypeBox → validation, serialization, OpenAPI). Responses list
 * every field: the serializer drops what a schema does not name.
 */
import { Type, type Static } from 'typebox';
import { Nullable, Pagination, Timestamp } from '../../http/common.schemas.js';
import { idPattern } from '../../lib/ids.js';

/** Run ids: `run_` and 20 base36 characters, like the hub's other ids. */
export const RUN_ID_PATTERN = '^run_[0-9a-z]{20}$';

export const RunAction = Type.Union([Type.Literal('distribute'), Type.Literal('pricing'), Type.Literal('anomalies'), Type.Literal('all')], {
  description: '`distribute` pending shipments, adjust `pricing` multipliers, detect `anomalies`, or `all` three',
});
export type RunAction = Static<typeof RunAction>;

export const RunBody = Type.Object(
  {
    action: RunAction,
    dryRun: Type.Optional(Type.Boolean({ default: false, description: 'Decide and report without writing anything but the run record' })),
  },
  { additionalProperties: false },
);

export const ScorePartsSchema = Type.Object({
  performance: Type.Number({ description: 'performanceScore × 0.4 (0–40)' }),
  underutilization: Type.Number({ description: 'max(0, 100 − utilization) / 100 × 30 (0–30)' }),
  balance: Type.Number({ description: 'balanceHealth / 100 × 20 (0–20)' }),
  tier: Type.Number({ description: 'Tier bonus: starter 0, professional 5, enterprise 10' }),
});

const RunnerUp = Type.Object({ companyId: Type.String(), score: Type.Number(), parts: ScorePartsSchema });

/** One decision as a run stores it. */
export const DecisionSummary = Type.Object({
  shipmentId: Type.String(),
  creatorId: Type.String(),
  companyId: Nullable(Type.String({ description: 'The chosen company; null: held (no eligible company)' })),
  score: Nullable(Type.Number()),
});

const PricingChange = Type.Object({
  companyId: Type.String(),
  from: Type.Number(),
  to: Type.Number(),
  target: Type.Number({ description: 'Where the multiplier is heading; it moves at most 0.05 per run' }),
  reason: Type.String(),
});

const Anomaly = Type.Object({
  kind: Type.String(),
  subject: Type.String({ description: '`shipment:…`, `company:…`, `endpoint:…`, `ip:…`, `key:…` or `system`' }),
  severity: Type.String(),
  message: Type.String(),
  companyId: Nullable(Type.String()),
  evidence: Type.Record(Type.String(), Type.Unknown(), { description: 'The numbers that triggered it' }),
});

export const SystemHealthSchema = Type.Object({
  label: Type.Union([Type.Literal('optimal'), Type.Literal('good'), Type.Literal('strained'), Type.Literal('critical')], {
    description: 'docs/balance.md "Distribution"',
  }),
  score: Type.Number({ description: '0–100, higher is healthier' }),
  systemUtilization: Type.Number({ description: 'Σ load / Σ capacity × 100 over active companies' }),
  overLimit: Type.Integer({ description: 'Active companies at their limit: one more shipment would take them past 90 % of capacity' }),
  activeCompanies: Type.Integer(),
  held: Type.Integer(),
});

export const RunReport = Type.Object({
  runId: Type.String(),
  action: RunAction,
  dryRun: Type.Boolean(),
  trigger: Type.String({ description: '`admin` or `schedule`' }),
  distributed: Type.Integer({ description: 'Shipments assigned (or, in a dry run, that would be)' }),
  held: Type.Integer({ description: 'Pending shipments no eligible company could take' }),
  companiesRebalanced: Type.Integer({ description: 'Companies whose load changed' }),
  anomaliesDetected: Type.Integer(),
  processingTimeMs: Type.Integer(),
  systemHealth: Nullable(SystemHealthSchema),
  pricing: Type.Object({ changes: Type.Array(PricingChange) }),
  anomalies: Type.Array(Anomaly),
});
export type RunReport = Static<typeof RunReport>;

export const RunResponse = Type.Intersect([
  RunReport,
  Type.Object({
    decisions: Type.Optional(
      Type.Object(
        { data: Type.Array(DecisionSummary), pagination: Pagination },
        { description: 'Dry runs: the first decisions; every one is at GET /api/admin/ai/runs/{id}' },
      ),
    ),
  }),
]);

export const RunSummary = Type.Object({
  id: Type.String(),
  action: RunAction,
  dryRun: Type.Boolean(),
  trigger: Type.String(),
  adminId: Nullable(Type.String()),
  startedAt: Timestamp,
  finishedAt: Timestamp,
  durationMs: Type.Integer(),
  decisionCount: Type.Integer(),
  report: RunReport,
});

export const RunParams = Type.Object({ id: Type.String({ pattern: RUN_ID_PATTERN }) });

export const RunDetail = Type.Intersect([
  RunSummary,
  Type.Object({ decisions: Type.Object({ data: Type.Array(DecisionSummary), pagination: Pagination }) }),
]);

const CompanyStatus = Type.Object({
  companyId: Type.String(),
  name: Type.String(),
  tier: Type.String(),
  status: Type.String(),
  load: Type.Integer(),
  capacity: Type.Integer(),
  utilization: Type.Number(),
  eligible: Type.Boolean({ description: 'Active and still at or under 90 % of capacity after one more shipment: may receive shipments now' }),
  score: Type.Number(),
  parts: ScorePartsSchema,
  metrics: Type.Object({
    onTimeRate: Nullable(Type.Number()),
    successRate: Nullable(Type.Number()),
    performanceScore: Type.Number(),
    balanceHealth: Type.Number(),
    balance: Type.Number(),
    priceMultiplier: Type.Number(),
  }),
  revenue: Type.Number({ description: 'total_cost of its delivered shipments' }),
});

const Recommendation = Type.Object(
  { kind: Type.String(), companyId: Type.Optional(Type.String()), message: Type.String() },
  { additionalProperties: true },
);

export const StatusResponse = Type.Object({
  companies: Type.Array(CompanyStatus),
  pending: Type.Integer({ description: 'Shipments waiting for a company' }),
  held: Type.Integer({ description: 'Of those, how many no company could take now' }),
  systemHealth: SystemHealthSchema,
  recommendations: Type.Array(Recommendation),
  revenue: Type.Object({
    total: Type.Number(),
    byCompany: Type.Array(Type.Object({ companyId: Type.String(), revenue: Type.Number(), delivered: Type.Integer() })),
  }),
  lastRun: Nullable(Type.Object({ id: Type.String(), action: RunAction, dryRun: Type.Boolean(), startedAt: Timestamp })),
});

export const DecisionResponse = Type.Object({
  shipmentId: Type.String({ pattern: idPattern('shipment') }),
  status: Type.String(),
  creatorId: Type.String(),
  assignedCompanyId: Nullable(Type.String()),
  assignedAt: Nullable(Timestamp),
  explanation: Type.String({ description: 'In words: why this company, or why none yet' }),
  decision: Nullable(
    Type.Object({
      at: Timestamp,
      actor: Type.Object({ type: Type.String(), id: Nullable(Type.String()) }),
      runId: Nullable(Type.String()),
      companyId: Type.String(),
      score: Nullable(Type.Number()),
      parts: Nullable(ScorePartsSchema),
      utilizationBefore: Nullable(Type.Number()),
      runnersUp: Type.Array(RunnerUp),
    }),
  ),
});
