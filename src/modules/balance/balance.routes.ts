/**
 * The balance engine's admin API (mounted under /api/admin with the admin token hook): run it, list and
 * read its runs, see every company's standing, and ask why a shipment went where it went.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { adminAuth, errors, PageQuery, Pagination } from '../../http/common.schemas.js';
import { ShipmentParams } from '../shipments/shipments.schemas.js';
import { DecisionResponse, RunBody, RunDetail, RunParams, RunResponse, RunSummary, StatusResponse } from './balance.schemas.js';

const tags = ['Admin'];
const security = adminAuth;

export const balanceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const svc = () => app.services.balance;

  app.post(
    '/ai',
    {
      schema: {
        tags,
        operationId: 'adminRunBalance',
        summary: 'Run the balance engine now: distribute pending shipments, adjust pricing, detect anomalies, or all',
        description:
          'A real run holds the run lock for its whole transaction: while another real run (scheduled or on demand, in any process) holds it, 409 BALANCE_RUN_IN_PROGRESS. A dry run decides the same way and writes only its run record.',
        security,
        body: RunBody,
        response: { 200: RunResponse, ...errors(400, 401, 409) },
      },
    },
    async (req) => {
      const r = await svc().run({ action: req.body.action, dryRun: req.body.dryRun ?? false, trigger: 'admin', adminId: req.admin!.adminId });
      // Only the schedule is skipped instead of refused; an admin run always answers.
      return r!;
    },
  );

  app.get(
    '/ai/runs',
    {
      schema: {
        tags,
        operationId: 'adminListBalanceRuns',
        summary: 'Balance engine runs (scheduled, on demand, dry), newest first',
        security,
        querystring: Type.Object({ ...PageQuery }, { additionalProperties: false }),
        response: { 200: Type.Object({ data: Type.Array(RunSummary), pagination: Pagination }), ...errors(400, 401) },
      },
    },
    async (req) => svc().listRuns(req.query),
  );

  app.get(
    '/ai/runs/:id',
    {
      schema: {
        tags,
        operationId: 'adminGetBalanceRun',
        summary: "One run: its report and a page of its decisions (?limit, ?offset), in the run's order",
        security,
        params: RunParams,
        querystring: Type.Object({ ...PageQuery }, { additionalProperties: false }),
        response: { 200: RunDetail, ...errors(400, 401, 404) },
      },
    },
    async (req) => svc().getRun(req.params.id, req.query),
  );

  app.get(
    '/ai/status',
    {
      schema: {
        tags,
        operationId: 'adminGetBalanceStatus',
        summary: "Every company's load, score and metrics; pending and held shipments; recommendations, system health, revenue",
        security,
        response: { 200: StatusResponse, ...errors(401) },
      },
    },
    async () => svc().status(),
  );

  app.get(
    '/shipments/:id/decision',
    {
      schema: {
        tags,
        operationId: 'adminGetShipmentDecision',
        summary: 'Why a shipment was assigned where it was: the score, its parts and the runners-up at that moment',
        security,
        params: ShipmentParams,
        response: { 200: DecisionResponse, ...errors(400, 401, 404) },
      },
    },
    async (req) => svc().decision(req.params.id),
  );
};
