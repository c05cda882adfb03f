/**
 * Who calls /api/admin/*: an admin bearer token (`Authorization`, scripts and the API), or the
 * dashboard's session cookie — whose changes (POST, PATCH, DELETE) must carry the session's CSRF token.
 */
import type { FastifyInstance } from 'fastify';
import { appError } from '../../errors.js';
import type { Services } from '../../services.js';
import { CSRF_HEADER, csrfAllows, SESSION_COOKIE } from './session.js';

export function registerAdminAuth(scope: FastifyInstance, services: Pick<Services, 'admin' | 'adminCsrfKey'>): void {
  scope.addHook('onRequest', async (req) => {
    const cookie = req.cookies?.[SESSION_COOKIE];
    if (req.headers.authorization || !cookie) {
      req.admin = await services.admin.resolveAdmin(req.headers.authorization);
      return;
    }
    req.admin = await services.admin.resolveAdmin(`Bearer ${cookie}`);
    if (!csrfAllows(services.adminCsrfKey, req.method, cookie, req.headers[CSRF_HEADER])) throw appError('CSRF_TOKEN_INVALID');
  });
}
