import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHub } from '../../src/server.js';
import { testIp } from '../helpers/factories.js';
import { createTestHub, type TestHub } from '../helpers/hub.js';

// Admin tokens are revocable: every request checks that the admin still exists and that the token's
// generation is the admin's current one (a password reset raises it), through the same cache and
// NOTIFY invalidation as partner keys. (test/http/admin.test.ts covers the admin routes themselves.)

const ADMIN_EMAIL = 'Chief@FastForward.example';
const ADMIN_PASSWORD = 'first-admin-password-42';

let hub: TestHub;
let admin: { authorization: string };

async function login(email: string, password: string) {
  return hub.app.inject({ method: 'POST', url: '/api/admin/login', remoteAddress: testIp(), payload: { email, password } });
}

beforeAll(async () => {
  hub = await createTestHub({ env: { ADMIN_EMAIL, ADMIN_PASSWORD } });
  const res = await login(ADMIN_EMAIL, ADMIN_PASSWORD);
  expect(res.statusCode, res.body).toBe(200);
  admin = { authorization: `Bearer ${res.json().token}` };
});
afterAll(() => hub?.close());

describe('admin tokens are checked against the admin on every request', () => {
  const JWT_SECRET = 'test-secret-that-is-long-enough-0123456789'; // createTestHub's
  /** HS256 by hand: a correctly signed admin token with any claims. */
  function signed(claims: Record<string, unknown>): string {
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ type: 'admin', iss: 'fastforward', aud: 'admin', iat: now, exp: now + 3600, ...claims })}`;
    return `Bearer ${head}.${createHmac('sha256', JWT_SECRET).update(head).digest('base64url')}`;
  }
  const companies = (authorization: string, app = hub.app) =>
    app.inject({ method: 'GET', url: '/api/admin/companies?limit=1', headers: { authorization } });
  async function newAdmin(password: string) {
    const email = `ops-${randomBytes(4).toString('hex')}@example.com`;
    await hub.services.admin.createAdmin(email, password);
    const res = await login(email, password);
    expect(res.statusCode, res.body).toBe(200);
    return { email, id: res.json().admin.id as string, authorization: `Bearer ${res.json().token}` };
  }
  function expectRefused(res: Awaited<ReturnType<typeof companies>>) {
    expect(res.statusCode, res.body).toBe(401);
    expect(res.json().code).toBe('TOKEN_INVALID');
  }

  it('a password reset (`fastforward admin create` on an existing email) revokes the tokens issued before it', async () => {
    const a = await newAdmin('old-password-123');
    const second = await login(a.email, 'old-password-123');
    for (let i = 0; i < 3; i++) expect((await companies(a.authorization)).statusCode).toBe(200); // cached now
    expect((await companies(`Bearer ${second.json().token}`)).statusCode).toBe(200);

    // What the CLI command calls.
    expect(await hub.services.admin.createAdmin(a.email.toUpperCase(), 'new-password-456')).toEqual({ id: a.id, email: a.email, created: false });

    expectRefused(await companies(a.authorization));
    expectRefused(await companies(`Bearer ${second.json().token}`));
    expect((await login(a.email, 'old-password-123')).statusCode).toBe(401);
    const fresh = await login(a.email, 'new-password-456');
    expect(fresh.statusCode, fresh.body).toBe(200);
    expect((await companies(`Bearer ${fresh.json().token}`)).statusCode).toBe(200);
    // Other admins are untouched.
    expect((await companies(admin.authorization)).statusCode).toBe(200);
  });

  it('a correctly signed token is refused when its admin does not exist, or its generation is not the current one', async () => {
    const a = await newAdmin('some-password-789');
    const { rows } = await hub.deps.database.pool.query('select token_generation from admins where id = $1', [a.id]);
    expect(rows).toEqual([{ token_generation: 0 }]);
    // Sanity: the hand-signed form with the admin's current generation is accepted…
    expect((await companies(signed({ adminId: a.id, email: a.email, gen: 0 }))).statusCode).toBe(200);
    // …and nothing else is.
    expectRefused(await companies(signed({ adminId: 'adm_00000000000000000000', email: 'ghost@example.com', gen: 0 })));
    expectRefused(await companies(signed({ adminId: a.id, email: a.email, gen: 1 })));
    expectRefused(await companies(signed({ adminId: a.id, email: a.email })));
    // Every admin route, not only the companies list.
    const ghost = signed({ adminId: 'adm_00000000000000000000', email: 'ghost@example.com', gen: 0 });
    for (const url of ['/api/admin/shipments', '/api/admin/api-logs', `/api/admin/companies/cmp_00000000000000000000`]) {
      expectRefused(await hub.app.inject({ method: 'GET', url, headers: { authorization: ghost } }));
    }
  });

  it('older API log rows are rewritten to previews by the migration (same rule as new rows)', async () => {
    const file = fs.readFileSync(path.resolve('drizzle/0005_admin_token_generation.sql'), 'utf8');
    const update = file.split('--> statement-breakpoint').find((s) => s.includes('UPDATE "api_logs"'));
    expect(update).toBeDefined();
    const secret = 'Q7x2mmmmmmmmmmmmmmmmmmmmZZZZZZZZZZZZZZZZZZZZk9P1';
    const key = 'ff_sk_live_AbCdEfGhIjKlMnOpQrStUvWxYz012345';
    const client = await hub.deps.database.pool.connect();
    try {
      await client.query('BEGIN');
      // A temporary api_logs hides the real one for this transaction (pg_temp comes first in the
      // search path), so the statement runs on these rows only; ON COMMIT DROP + ROLLBACK leave nothing.
      await client.query('CREATE TEMP TABLE api_logs (LIKE public.api_logs INCLUDING DEFAULTS) ON COMMIT DROP');
      await client.query(
        `INSERT INTO api_logs (kind, api_key, outcome, status_code) VALUES
           ('partner_auth', $1, 'success', 200), ('partner_auth', $2, 'unknown_key', 401), ('partner_auth', 'hunter2', 'unknown_key', 401),
           ('partner_auth', 'ff_sk_live_doesnotexist', 'unknown_key', 401), ('partner_auth', NULL, 'unknown_key', 401),
           ('admin_login', $3, 'invalid_credentials', 401), ('admin_login', 'nobody@example.com', 'invalid_credentials', 401)`,
        [key, secret, ADMIN_EMAIL.toUpperCase()],
      );
      await client.query(update!);
      const after = await client.query('SELECT kind, api_key FROM api_logs ORDER BY id');
      expect(after.rows).toEqual([
        { kind: 'partner_auth', api_key: 'ff_sk_live_AbCd…2345' },
        { kind: 'partner_auth', api_key: 'Q7x2…k9P1' },
        { kind: 'partner_auth', api_key: '…' },
        { kind: 'partner_auth', api_key: 'ff…st' },
        { kind: 'partner_auth', api_key: null },
        { kind: 'admin_login', api_key: ADMIN_EMAIL.toUpperCase() }, // names an admin: kept
        { kind: 'admin_login', api_key: 'no…om' },
      ]);
    } finally {
      await client.query('ROLLBACK').catch(() => {});
      client.release();
    }
  });

  // Several processes exist only with PostgreSQL; each hears the others through NOTIFY.
  it.runIf(!!process.env.DATABASE_URL)(
    'a reset in one process revokes the admin token in another process sharing the database within moments',
    async () => {
      const a = await newAdmin('twin-process-pass-1');
      const listeners = async () =>
        Number(
          (
            await hub.deps.database.pool.query(
              `select count(*)::int as n from pg_stat_activity where datname = current_database() and query ilike 'LISTEN%ff_auth_invalidate%'`,
            )
          ).rows[0].n,
        );
      const before = await listeners();
      const other = await openHub(hub.config, { role: 'api' });
      try {
        const app2 = other.app!;
        await app2.ready();
        // The new process clears its cache once its LISTEN is in place (it may have missed messages
        // until then), so the cache is primed only after that, however slow the machine.
        const until0 = Date.now() + 5_000;
        while ((await listeners()) <= before && Date.now() < until0) await new Promise((r) => setTimeout(r, 25));
        await new Promise((r) => setTimeout(r, 200));
        expect((await companies(a.authorization, app2)).statusCode).toBe(200);
        // The other process answers from its cache: a change nobody announces is not seen there…
        await hub.deps.database.pool.query('update admins set token_generation = token_generation + 1 where id = $1', [a.id]);
        expect((await companies(a.authorization, app2)).statusCode).toBe(200);
        await hub.deps.database.pool.query('update admins set token_generation = token_generation - 1 where id = $1', [a.id]);
        // …so it is the reset's NOTIFY that reaches it.
        await hub.services.admin.createAdmin(a.email, 'twin-process-pass-2');
        const until = Date.now() + 3_000;
        let res = await companies(a.authorization, app2);
        while (res.statusCode === 200 && Date.now() < until) {
          await new Promise((r) => setTimeout(r, 25));
          res = await companies(a.authorization, app2);
        }
        expectRefused(res);
        const fresh = await login(a.email, 'twin-process-pass-2');
        expect((await companies(`Bearer ${fresh.json().token}`, app2)).statusCode).toBe(200);
      } finally {
        await other.close();
      }
    },
  );
});
