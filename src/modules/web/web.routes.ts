/**
 * The hub's pages, served by the hub itself from the Vite build in dist/web (`npm run build`, which
 * `npm ci` runs): `/partner-onboarding`, `/admin/integrations`, `/track/:trackingNumber`, and their
 * fingerprinted files under `/assets/`. The pages hold no data: they ask the public API, like any client.
 * Every page answer carries a strict Content-Security-Policy (scripts and connections to this origin
 * only, no framing); photos of a delivery may come from a carrier's server (`img-src https: http:`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** dist/web beside this package's dist/ (the same two levels up from src/modules/web and dist/modules/web). */
export const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'dist', 'web');

export const PAGE_ROUTES = {
  '/partner-onboarding': 'partner-onboarding.html',
  '/admin/integrations': 'admin.html',
  '/track/:trackingNumber': 'track.html',
} as const;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // Inline style attributes (bar widths); no inline script anywhere.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: https: http:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function pageHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', CONTENT_SECURITY_POLICY)
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'strict-origin-when-cross-origin')
    .header('permissions-policy', 'camera=(), microphone=(), geolocation=()')
    .header('cache-control', 'no-cache');
}

/**
 * Registers the pages when the build is there; returns false (and serves nothing) when it is not, e.g.
 * an API-only image built without them.
 */
export async function registerWebPages(app: FastifyInstance, dir = WEB_DIR): Promise<boolean> {
  if (!fs.existsSync(path.join(dir, 'track.html'))) return false;
  // Read once: the files do not change while the process runs.
  const pages = Object.fromEntries(Object.entries(PAGE_ROUTES).map(([route, file]) => [route, fs.readFileSync(path.join(dir, file))]));
  for (const route of Object.keys(PAGE_ROUTES)) {
    app.get(route, { schema: { hide: true } }, async (_req, reply) => pageHeaders(reply).type('text/html; charset=utf-8').send(pages[route]));
  }
  await app.register(fastifyStatic, {
    root: path.join(dir, 'assets'),
    prefix: '/assets/',
    // Fingerprinted names: a changed file has a new name, so browsers may keep these for good.
    immutable: true,
    maxAge: '365d',
    index: false,
    list: false,
    dotfiles: 'deny',
    schemaHide: true,
    setHeaders: (res) => void res.header('x-content-type-options', 'nosniff'),
  });
  return true;
}
