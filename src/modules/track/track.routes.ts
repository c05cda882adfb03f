/**
 * The public tracking page's API (`/api/public/*`): no login, limited per client address (the caller
 * registers them in a scope that spends `publicTracking`; sign-ups spend `trackingSubscribe` too).
 */
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors, noAuth, Str } from '../../http/common.schemas.js';
import { limitPerIp, type Limit } from '../../http/rate-limit.js';
import { TRACKING_NUMBER_PATTERN } from '../shipments/shipments.schemas.js';
import { PublicTracking } from './track.schemas.js';

const tags = ['Public tracking'];
const TrackingParams = Type.Object({ trackingNumber: Type.String({ pattern: TRACKING_NUMBER_PATTERN }) });
const Token = Type.String({ minLength: 3, maxLength: 80, pattern: '^[0-9]+\\.[A-Za-z0-9_-]+$', description: 'The token of the mailed link' });
const SubscriptionAnswer = (status: string) =>
  Type.Object({ trackingNumber: Type.String(), status: Type.Literal(status) }, { additionalProperties: false });

export function trackRoutes(limits: { subscribe: Limit }): FastifyPluginAsyncTypebox {
  return async (app) => {
    const svc = app.services.track;
    app.get(
      '/tracking/:trackingNumber',
      {
        schema: {
          tags,
          operationId: 'getPublicTracking',
          summary: 'Track a parcel without logging in (the "Lacak" page): stages, place, estimate, events, masked POD',
          description:
            'By tracking number or carrier AWB. Shows only what the parcel\'s recipient may see: no names but the receiver\'s, masked ("A*** Y***"), no email, phone, address or cost, no event notes.',
          security: noAuth,
          params: TrackingParams,
          response: { 200: PublicTracking, ...errors(400, 404, 429) },
        },
      },
      async (req, reply) => {
        // Short, shared caching is fine: the answer is the same for everyone and changes with the parcel.
        void reply.header('cache-control', 'public, max-age=15');
        return svc.getPublic(req.params.trackingNumber);
      },
    );

    await app.register(async (plain) => {
      const s = plain.withTypeProvider<TypeBoxTypeProvider>();
      limitPerIp(s, limits.subscribe);
      s.post(
        '/tracking/:trackingNumber/subscriptions',
        {
          schema: {
            tags,
            operationId: 'subscribeToTracking',
            summary: 'Ask for status mails about a parcel: a confirmation link is mailed first (double opt-in)',
            description:
              'Answers 202 alike for a new, a waiting and an already confirmed address (the page tells no one who follows a parcel). A confirmation is mailed at most every 5 minutes per address; 20 sign-ups per parcel at most.',
            security: noAuth,
            params: TrackingParams,
            body: Type.Object(
              { email: Str(254, 3, { format: 'email' }), language: Type.Union([Type.Literal('id'), Type.Literal('en')], { default: 'id' }) },
              { additionalProperties: false },
            ),
            response: { 202: SubscriptionAnswer('pending_confirmation'), ...errors(400, 404, 409, 429) },
          },
        },
        async (req, reply) => {
          await svc.subscribe(req.params.trackingNumber, req.body.email, req.body.language);
          return reply.code(202).send({ trackingNumber: req.params.trackingNumber, status: 'pending_confirmation' as const });
        },
      );
    });

    app.post(
      '/subscriptions/confirm',
      {
        schema: {
          tags,
          operationId: 'confirmTrackingSubscription',
          summary: "Confirm a sign-up with the token of its mailed link (the page's #confirm=…)",
          security: noAuth,
          body: Type.Object({ token: Token }, { additionalProperties: false }),
          response: { 200: SubscriptionAnswer('confirmed'), ...errors(400, 404, 410, 429) },
        },
      },
      async (req) => ({ ...(await svc.confirm(req.body.token)), status: 'confirmed' as const }),
    );

    app.post(
      '/subscriptions/unsubscribe',
      {
        schema: {
          tags,
          operationId: 'unsubscribeFromTracking',
          summary: "Stop a sign-up's mails with the token of its unsubscribe link (the page's #unsubscribe=…)",
          security: noAuth,
          body: Type.Object({ token: Token }, { additionalProperties: false }),
          response: { 200: SubscriptionAnswer('unsubscribed'), ...errors(400, 404, 429) },
        },
      },
      async (req) => ({ ...(await svc.unsubscribe(req.body.token)), status: 'unsubscribed' as const }),
    );

    // RFC 8058 one-click: mail clients POST `List-Unsubscribe=One-Click` as a form to the address of the
    // List-Unsubscribe header, with the token in its query. The form itself says nothing more: it is read and ignored.
    await app.register(async (plain) => {
      const s = plain.withTypeProvider<TypeBoxTypeProvider>();
      s.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 }, (_req, _body, done) => done(null, null));
      s.post(
        '/subscriptions/one-click-unsubscribe',
        {
          schema: {
            tags,
            operationId: 'oneClickUnsubscribeFromTracking',
            summary: 'One-click unsubscribe (RFC 8058), the List-Unsubscribe address of every status mail',
            security: noAuth,
            querystring: Type.Object({ token: Token }, { additionalProperties: false }),
            consumes: ['application/x-www-form-urlencoded'],
            response: { 200: SubscriptionAnswer('unsubscribed'), ...errors(400, 404, 415, 429) },
          },
        },
        async (req) => ({ ...(await svc.unsubscribe(req.query.token)), status: 'unsubscribed' as const }),
      );
    });
  };
}
