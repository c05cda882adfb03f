/**
 * The carrier-facing and 3PL routes: the gateway's own authentication and tracking
 * (`/v1/...`, the seed's evm-3pl-client-gateway), CMS single tracking (`/v2/public/...`) and the JNE
 * callback (`/callbacks/jne`). Each is a plugin; app.ts mounts it in the scope with the right auth.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { appError } from '../../errors.js';
import { bearerAuth, errors, noAuth, Str } from '../../http/common.schemas.js';
import {
  AwbSchema,
  CallbackAck,
  CmsTrackingResponse,
  CourierSchema,
  GatewayAuthBody,
  GatewayAuthResponse,
  GatewayTrackingResponse,
  gatewayView,
} from './carriers.schemas.js';
import { resolveCarrier } from './gateway.service.js';

/**
 * One half of an HTTP Basic pair. RFC 6749 §2.3.1 form-encodes client id and secret before Basic;
 * many clients send them raw. A malformed escape (`%zz`) is taken verbatim: it is then just a wrong
 * credential (401), never a decoding error.
 */
function basicPart(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The client id and secret of a `/v1/authentication` request: JSON or form fields, else HTTP Basic. */
export function gatewayCredentials(req: FastifyRequest): { id: string | undefined; secret: string | undefined } {
  const body = (req.body ?? {}) as { client_id?: string; clientId?: string; client_secret?: string; clientSecret?: string };
  let id = body.client_id ?? body.clientId;
  let secret = body.client_secret ?? body.clientSecret;
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(req.headers.authorization ?? '');
  if ((!id || !secret) && basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    if (i > 0) [id, secret] = [basicPart(decoded.slice(0, i)), basicPart(decoded.slice(i + 1))];
  }
  return { id, secret };
}

/** `POST /v1/authentication`: OAuth 2.0 client credentials → bearer token (same store and module as `/api/partner/auth`). */
export const gatewayAuthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // OAuth clients send a form (RFC 6749 §4.4); the seed's everpro client may send JSON. Both are read.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  app.post(
    '/v1/authentication',
    {
      schema: {
        tags: ['3PL gateway'],
        operationId: 'gatewayAuthenticate',
        summary: 'Client credentials → bearer token for the 3PL gateway',
        security: noAuth,
        description:
          'The client id and secret are a partner API key and secret. Send them as JSON (`{"client_id","client_secret"}` or `{"clientId","clientSecret"}`), as an OAuth 2.0 form (`grant_type=client_credentials&client_id=…&client_secret=…`), or as HTTP Basic.',
        body: Type.Optional(GatewayAuthBody),
        response: { 200: GatewayAuthResponse, ...errors(400, 401, 429) },
      },
      // HTTP Basic needs no body at all: an absent body is an empty one (the schema wants an object).
      preValidation: async (req) => {
        if (req.body === undefined || req.body === null) req.body = {};
      },
    },
    async (req) => {
      const { id, secret } = gatewayCredentials(req);
      if (!id || !secret || id.length > 128 || secret.length > 256) throw appError('INVALID_CREDENTIALS');
      const res = await app.services.auth.authenticate({ apiKey: id, secret }, { ip: req.ip, userAgent: req.headers['user-agent'] });
      return { access_token: res.token, token_type: 'Bearer' as const, expires_in: res.expiresIn };
    },
  );
};

/** `GET /v1/tracking/:awb` (partner bearer). */
export const gatewayTrackingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/tracking/:awb',
    {
      schema: {
        tags: ['3PL gateway'],
        operationId: 'gatewayTrackAwb',
        summary: 'Track an AWB at its carrier: unified history with the proof of delivery',
        description:
          'The carrier comes from `courier`, or from the AWB pattern where it is unambiguous. Answers are cached for `CARRIER_TRACKING_CACHE_SECONDS` (`cached: true`). Carrier faults answer 502/503/504 with a `CARRIER_*` code.',
        security: bearerAuth,
        params: Type.Object({ awb: AwbSchema }),
        querystring: Type.Object({ courier: Type.Optional(CourierSchema) }, { additionalProperties: false }),
        response: { 200: GatewayTrackingResponse, ...errors(400, 401, 404, 429, 502, 503, 504) },
      },
    },
    async (req, reply) => {
      const awb = req.params.awb.toUpperCase();
      const carrier = resolveCarrier(awb, req.query.courier);
      const r = await app.services.carriers.gateway.track(carrier, awb, req.partner!.companyId);
      void reply.header('cache-control', 'private, max-age=0');
      return gatewayView(r.tracking, r.fetchedAt, r.cached);
    },
  );
};

/** `GET /v2/public/shipment/tracking/:trackingNumber` (partner bearer): the seed's CMS single tracking. */
export const cmsTrackingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v2/public/shipment/tracking/:trackingNumber',
    {
      schema: {
        tags: ['3PL gateway'],
        operationId: 'cmsTrackShipment',
        summary: 'CMS single tracking ("Lacak"): carrier history with the proof of delivery',
        description:
          'The order must be the caller\'s (tracking number or carrier AWB). Missing POD fields come from the stored proof of delivery; when the carrier cannot be reached the answer comes from the database (`source: "database"`).',
        security: bearerAuth,
        params: Type.Object({ trackingNumber: Str(64, 1, { pattern: '^[A-Za-z0-9-]{1,64}$' }) }),
        response: { 200: CmsTrackingResponse, ...errors(400, 401, 404, 429) },
      },
    },
    async (req) => app.services.carriers.cms(req.partner!.companyId, req.params.trackingNumber),
  );
};

/** `POST /callbacks/jne`: JNE pushes status updates here (X-Callback-Token). */
export const callbackRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // The body stays raw until the caller is authenticated: it is stored verbatim, and parsed only after.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 256 * 1024 }, (_req, body, done) => done(null, body));
  app.post(
    '/callbacks/jne',
    {
      schema: {
        tags: ['Carrier callbacks'],
        operationId: 'receiveJneCallback',
        summary: 'JNE status callback',
        security: [{ callbackToken: [] }],
        description:
          'Authenticated by `X-Callback-Token` (= `CARRIER_JNE_CALLBACK_SECRET`) and, when set, `CARRIER_JNE_CALLBACK_IPS`. The raw body is stored; exact duplicates are acknowledged without being applied twice. 200 means stored: the update is applied asynchronously (queue `callback-update-status`).',
        headers: Type.Object({ 'x-callback-token': Type.Optional(Type.String()) }),
        response: { 200: CallbackAck, ...errors(400, 401, 413, 429) },
      },
    },
    async (req) => {
      const token = req.headers['x-callback-token'];
      const raw = typeof req.body === 'string' ? req.body : '';
      const r = await app.services.carriers.callbacks.receive(raw, typeof token === 'string' ? token : undefined, req.ip);
      return { status: true, message: r.duplicate ? 'duplicate' : 'accepted', callbackId: r.callbackId };
    },
  );
};
