/**
 * The OpenAPI 3.1 document's frame: info, servers, security schemes, and the one rewrite the route
 * schemas cannot say themselves. Partners generate clients from `/openapi.json` (the hub's own typed
 * client, `fastforward/client`, included), so the document is kept clean under `redocly lint`'s
 * recommended rules: every operation has an `operationId` and a `security` entry (`[]` when public)
 * and at least one 4xx answer; test/http/openapi-lint.test.ts holds it there.
 */
import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';

export const API_DESCRIPTION =
  'Logistics integration hub. Partners onboard, exchange an API key and secret for a bearer token, create and track shipments, and receive signed webhooks. ' +
  'Errors share one shape `{code, message, details?, requestId}`; every code is listed in the `ErrorResponse` schema and in docs/errors.md.';

export function openApiOptions(publicUrl: string): FastifyDynamicSwaggerOptions {
  return {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'FastForward API',
        version: '1.0.0',
        description: API_DESCRIPTION,
        license: { name: 'Proprietary', url: `${publicUrl}/docs` },
      },
      // The address this hub is reached at (PUBLIC_URL): generated clients use it as their base URL.
      servers: [{ url: publicUrl, description: 'This hub' }],
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          metricsToken: { type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN (GET /metrics only)' },
          adminSession: {
            type: 'apiKey',
            in: 'cookie',
            name: 'ff_admin_session',
            description: "The admin dashboard's session (POST /api/admin/session); changes also need its X-CSRF-Token",
          },
          callbackToken: {
            type: 'apiKey',
            in: 'header',
            name: 'X-Callback-Token',
            description: "A carrier's shared callback secret (CARRIER_JNE_CALLBACK_SECRET for JNE)",
          },
        },
      },
    },
    // Fastify's wildcard (`/files/*`) would be documented as a path parameter named `*`, which no
    // client generator accepts: it is named `key` in the document (the object key, slashes included).
    transform: ({ schema: original, url }) => {
      const schema = optionalDefaults(original);
      if (!url.endsWith('/*')) return { schema, url };
      const params = (schema as { params?: { properties?: Record<string, unknown> } }).params;
      const star = params?.properties?.['*'];
      if (!params || !star) return { schema, url };
      const { '*': _, ...rest } = params.properties!;
      return {
        schema: { ...schema, params: { ...params, properties: { ...rest, key: star }, required: ['key'] } } as typeof schema,
        url: `${url.slice(0, -1)}{key}`,
      };
    },
    refResolver: { buildLocalReference: (json, _base, _frag, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  };
}

/**
 * A query parameter with a default is optional to the caller, though the route's schema lists it as
 * required (after defaults are applied, it always has a value): the document says optional, so
 * generated clients do not demand `limit` and `offset` on every call.
 */
function optionalDefaults<S>(schema: S): S {
  const q = (schema as { querystring?: { properties?: Record<string, { default?: unknown }>; required?: string[] } }).querystring;
  if (!q?.properties || !Array.isArray(q.required)) return schema;
  const required = q.required.filter((name) => q.properties![name]?.default === undefined);
  if (required.length === q.required.length) return schema;
  return { ...schema, querystring: { ...q, required } };
}
