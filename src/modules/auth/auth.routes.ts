import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors, noAuth, Str } from '../../http/common.schemas.js';
import { TierSchema } from '../partners/partners.schemas.js';

export const AuthBody = Type.Object({ apiKey: Str(128), secret: Str(256) }, { additionalProperties: false });

export const AuthResponse = Type.Object({
  token: Type.String(),
  expiresIn: Type.Integer({ description: 'Seconds (86400)' }),
  company: Type.Object({ id: Type.String(), name: Type.String(), tier: TierSchema }),
});

/** Phase 2: API key + secret → JWT. Every attempt is written to the API log. */
export const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/auth',
    {
      schema: {
        tags: ['Authentication'],
        operationId: 'authenticate',
        summary: 'Exchange an API key and secret for a 24-hour bearer token',
        security: noAuth,
        body: AuthBody,
        response: { 200: AuthResponse, ...errors(400, 401, 429) },
      },
    },
    async (req) => app.services.auth.authenticate(req.body, { ip: req.ip, userAgent: req.headers['user-agent'] }),
  );
};
