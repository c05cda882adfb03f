/**
 * The typed client (`fastforward/client`): its committed types are the ones the OpenAPI document
 * generates today, and it works against the hub — authenticate, create, track, list page by page,
 * and errors as `FastForwardError` with the hub's stable code.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientSource, SCHEMA_FILE } from '../../scripts/client-source.js';
import { createFastForwardClient, FastForwardError, paginate, unwrap } from '../../src/client/index.js';
import { shipmentBody, uid } from '../helpers/factories.js';
import { createTestHub, type TestHub } from '../helpers/hub.js';
import { injectFetch } from '../helpers/inject-fetch.js';

let hub: TestHub;

beforeAll(async () => {
  hub = await createTestHub();
});
afterAll(() => hub?.close());

describe('src/client/schema.ts', () => {
  it('is what `npm run client:generate` makes of the current document (run it after changing a route schema)', async () => {
    const spec = (await hub.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(fs.readFileSync(SCHEMA_FILE, 'utf8') === (await clientSource(spec)), 'src/client/schema.ts is out of date: npm run client:generate').toBe(
      true,
    );
  });
});

describe('createFastForwardClient', () => {
  const client = () => createFastForwardClient({ baseUrl: 'http://hub.test/', fetch: injectFetch(hub.app) });

  it('onboards, authenticates, creates and tracks a shipment, and lists shipments page by page', async () => {
    const ff = client();
    const onboarded = await unwrap(
      ff.POST('/api/partner/onboarding', { body: { company: { name: `Client ${uid()}`, email: `c-${uid()}@example.com` }, tier: 'starter' } }),
    );
    const auth = await ff.authenticate(onboarded.apiKey.key, onboarded.apiKey.secret);
    expect(auth.expiresIn).toBe(86_400);

    const created = [];
    for (let i = 0; i < 5; i++) created.push(await unwrap(ff.POST('/api/partner/shipments', { body: shipmentBody() })));
    const tracked = await unwrap(
      ff.GET('/api/partner/tracking/{trackingNumber}', { params: { path: { trackingNumber: created[0]!.trackingNumber } } }),
    );
    expect(tracked.tracking).toMatchObject({ trackingNumber: created[0]!.trackingNumber, status: 'pending', progressPercentage: 20 });

    const seen: string[] = [];
    for await (const s of paginate((offset) => ff.GET('/api/partner/shipments', { params: { query: { offset, limit: 2 } } }))) {
      seen.push(s.id);
    }
    expect(seen.sort()).toEqual(created.map((s) => s.id).sort());
  });

  it('turns an error answer into FastForwardError with the hub code, status and request id', async () => {
    const ff = client();
    const err = await ff.authenticate('ff_sk_live_nope', 'wrong').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FastForwardError);
    expect(err).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS', requestId: expect.any(String) });

    const unauthenticated = await unwrap(ff.GET('/api/partner/me')).catch((e: unknown) => e);
    expect(unauthenticated).toMatchObject({ status: 401, code: 'TOKEN_MISSING' });
  });

  it('sends the token it was given, and none after setToken(undefined)', async () => {
    const ff = client();
    const onboarded = await unwrap(
      ff.POST('/api/partner/onboarding', { body: { company: { name: `Client ${uid()}`, email: `c-${uid()}@example.com` }, tier: 'starter' } }),
    );
    const { token } = await ff.authenticate(onboarded.apiKey.key, onboarded.apiKey.secret);
    const other = createFastForwardClient({ baseUrl: 'http://hub.test', token, fetch: injectFetch(hub.app) });
    expect((await unwrap(other.GET('/api/partner/me'))).id).toBe(onboarded.company.id);
    other.setToken(undefined);
    expect((await other.GET('/api/partner/me')).response.status).toBe(401);
  });
});
