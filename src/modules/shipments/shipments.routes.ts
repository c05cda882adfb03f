import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { bearerAuth, errors } from '../../http/common.schemas.js';
import {
  CancelBody,
  CreateShipmentBody,
  ListQuery,
  ShipmentEventBody,
  ShipmentList,
  ShipmentParams,
  ShipmentSchema,
  UpdateShipmentBody,
} from './shipments.schemas.js';

export const shipmentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const svc = app.services.shipments;
  const tags = ['Shipments'];

  app.get(
    '/shipments',
    {
      schema: {
        tags,
        operationId: 'listShipments',
        summary: 'List shipments created by or assigned to your company, newest first (phase 3)',
        security: bearerAuth,
        querystring: ListQuery,
        response: { 200: ShipmentList, ...errors(400, 401, 429) },
      },
    },
    async (req) => svc.list(req.partner!.companyId, req.query),
  );

  app.post(
    '/shipments',
    {
      config: { idempotent: true },
      schema: {
        tags,
        operationId: 'createShipment',
        summary: 'Create a shipment (phase 4); honours Idempotency-Key',
        security: bearerAuth,
        body: CreateShipmentBody,
        response: { 201: ShipmentSchema, ...errors(400, 401, 409, 422, 429) },
      },
    },
    async (req, reply) => {
      const held = req.idempotency;
      const shipment = await svc.create(req.partner!.companyId, req.body, held && { key: held.key, claim: held.claim });
      // The create statement stored this answer on the key in its own commit: nothing left to record.
      if (held) held.answered = true;
      return reply.code(201).send(shipment);
    },
  );

  app.get(
    '/shipments/:id',
    {
      schema: {
        tags,
        operationId: 'getShipment',
        summary: 'Get one shipment',
        security: bearerAuth,
        params: ShipmentParams,
        response: { 200: ShipmentSchema, ...errors(400, 401, 404, 429) },
      },
    },
    async (req) => svc.get(req.partner!.companyId, req.params.id),
  );

  app.patch(
    '/shipments/:id',
    {
      schema: {
        tags,
        operationId: 'updateShipment',
        summary: 'Change a shipment while it is pending (creator only)',
        security: bearerAuth,
        params: ShipmentParams,
        body: UpdateShipmentBody,
        response: { 200: ShipmentSchema, ...errors(400, 401, 404, 409, 429) },
      },
    },
    async (req) => svc.update(req.partner!.companyId, req.params.id, req.body),
  );

  app.post(
    '/shipments/:id/cancel',
    {
      config: { idempotent: true },
      schema: {
        tags,
        operationId: 'cancelShipment',
        summary: 'Cancel a shipment before pickup (creator only)',
        security: bearerAuth,
        params: ShipmentParams,
        body: CancelBody,
        response: { 200: ShipmentSchema, ...errors(400, 401, 404, 409, 422, 429) },
      },
    },
    async (req) => svc.cancel(req.partner!.companyId, req.params.id, req.body?.reason),
  );

  app.post(
    '/shipments/:id/events',
    {
      config: { idempotent: true },
      schema: {
        tags,
        operationId: 'addShipmentEvent',
        summary: 'Post a status change (the assigned company only)',
        description:
          'Allowed: pending → assigned → picked_up → in_transit → out_for_delivery → delivered; failed and returned from any in-flight status.',
        security: bearerAuth,
        params: ShipmentParams,
        body: ShipmentEventBody,
        response: { 200: ShipmentSchema, ...errors(400, 401, 403, 404, 409, 422, 429) },
      },
    },
    async (req) => svc.postEvent(req.partner!.companyId, req.params.id, req.body),
  );
};
