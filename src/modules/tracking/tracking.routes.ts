import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { bearerAuth, errors } from '../../http/common.schemas.js';
import { appError } from '../../errors.js';
import { TRACKING_NUMBER_PATTERN } from '../shipments/shipments.schemas.js';
import { buildTracking, TrackingResponse } from './tracking.js';

export const trackingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/tracking/:trackingNumber',
    {
      schema: {
        tags: ['Tracking'],
        operationId: 'trackShipment',
        summary: 'Track a shipment by tracking number (seed phase 7)',
        security: bearerAuth,
        params: Type.Object({ trackingNumber: Type.String({ pattern: TRACKING_NUMBER_PATTERN }) }),
        response: { 200: TrackingResponse, ...errors(400, 401, 404, 429) },
      },
    },
    async (req) => {
      const row = await app.services.shipments.findByTrackingNumber(req.partner!.companyId, req.params.trackingNumber);
      if (!row) throw appError('SHIPMENT_NOT_FOUND', req.params.trackingNumber);
      return buildTracking(row);
    },
  );
};
