/**
 * Order reports that are not ready within the request (REPORT_SYNC_WAIT_MS=0): 202 and polling, the
 * `report.available` event to the partner's webhooks, an admin's all-company report sending none,
 * and expiry deleting the file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, newPartner, newShipment, type TestPartner } from '../helpers/factories.js';
import type { TestHub } from '../helpers/hub.js';
import { addWebhook, createWebhookHub, messagesOf, until } from '../helpers/webhooks.js';

let hub: TestHub;
let a: TestPartner;
let webhook: { id: string };

beforeAll(async () => {
  hub = await createWebhookHub({ REPORT_SYNC_WAIT_MS: '0', REPORT_TTL_HOURS: '2' });
  a = await newPartner(hub.app, { tier: 'enterprise' });
  // Nothing listens on port 1025: deliveries fail, but the message rows are what this test reads.
  webhook = await addWebhook(hub.app, a, 'http://127.0.0.1:1025/hook', ['report.available']);
  await newShipment(hub.app, a);
  await newShipment(hub.app, a);
});
afterAll(async () => hub?.close());

const poll = (url: string, headers: Record<string, string>) =>
  until(
    async () => {
      const res = await hub.app.inject({ method: 'GET', url, headers });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      return body.status === 'pending' || body.status === 'running' ? null : body;
    },
    'the report to finish',
    30_000,
  );

describe('asynchronous reports', () => {
  let ready: any;

  it('202 with pollUrl and Location; polling gives the ready report with its link', async () => {
    const res = await hub.app.inject({ method: 'GET', url: '/v2/public/orders/reports?format=xlsx', headers: a.headers });
    expect(res.statusCode, res.body).toBe(202);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(['id', 'pollUrl', 'status']);
    expect(body.status).toBe('pending');
    expect(body.pollUrl).toBe(`${hub.config.http.publicUrl}/v2/public/orders/reports/${body.id}`);
    expect(res.headers.location).toBe(body.pollUrl);
    ready = await poll(`/v2/public/orders/reports/${body.id}`, a.headers);
    expect(ready).toMatchObject({ id: body.id, status: 'ready', format: 'xlsx', rows: 2 });
    // TTL of 2 hours here.
    const ttl = new Date(ready.expiresAt).getTime() - Date.now();
    expect(ttl).toBeGreaterThan(7100_000);
    expect(ttl).toBeLessThanOrEqual(7200_000);
    const file = await hub.app.inject({ method: 'GET', url: ready.url.slice(hub.config.http.publicUrl.length) });
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('report.available reaches the webhook: one message with the report id, format, rows, url and expiry', async () => {
    const messages = await until(async () => {
      const m = (await messagesOf(hub, webhook.id)).filter((x) => x.event_type === 'report.available');
      return m.length > 0 ? m : null;
    }, 'the report.available message');
    expect(messages).toHaveLength(1);
    const { rows } = await hub.deps.database.pool.query<{ data: any; company_ids: string[] }>(
      `select data, company_ids from events where type = 'report.available'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.company_ids).toEqual([a.companyId]);
    expect(rows[0]!.data).toMatchObject({ reportId: ready.id, format: 'xlsx', rows: 2, expiresAt: ready.expiresAt });
    expect(rows[0]!.data.url).toMatch(new RegExp(`^${hub.config.http.publicUrl}/files/reports/${a.companyId}/${ready.id}\\.xlsx\\?`));
  });

  it("an admin's all-company report is polled on the admin route and sends no event", async () => {
    const admin = await adminHeaders(hub);
    const res = await hub.app.inject({ method: 'GET', url: '/api/admin/reports', headers: admin });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json().pollUrl).toBe(`${hub.config.http.publicUrl}/api/admin/reports/${res.json().id}`);
    const done = await poll(`/api/admin/reports/${res.json().id}`, admin);
    expect(done).toMatchObject({ status: 'ready', companyId: null });
    expect(done.rows).toBeGreaterThanOrEqual(2);
    const { rows } = await hub.deps.database.pool.query(`select 1 from events where type = 'report.available'`);
    expect(rows).toHaveLength(1);
  });

  it('expiry: the sweep deletes the file and the report answers expired, without a url', async () => {
    const file = path.join(hub.config.storage.localDir, 'reports', a.companyId, `${ready.id}.xlsx`);
    expect(fs.existsSync(file)).toBe(true);
    const link = ready.url.slice(hub.config.http.publicUrl.length);
    await hub.deps.database.pool.query(`update reports set expires_at = now() - interval '1 second' where id = $1`, [ready.id]);
    // Before the sweep, an expired report already reads as expired.
    const before = await hub.app.inject({ method: 'GET', url: `/v2/public/orders/reports/${ready.id}`, headers: a.headers });
    expect(before.json()).toMatchObject({ status: 'expired', url: null });
    expect(await hub.services.reports.sweep()).toBeGreaterThanOrEqual(1);
    expect(fs.existsSync(file)).toBe(false);
    const after = await hub.app.inject({ method: 'GET', url: `/v2/public/orders/reports/${ready.id}`, headers: a.headers });
    expect(after.json()).toMatchObject({ status: 'expired', url: null });
    // The old link is still signed and unexpired, but its file is gone.
    const gone = await hub.app.inject({ method: 'GET', url: link });
    expect(gone.statusCode).toBe(404);
    expect(gone.json().code).toBe('FILE_NOT_FOUND');
    expect(await hub.services.reports.sweep()).toBe(0);
  });

  it('a failing export marks the report failed with a safe message and leaves no file', async () => {
    // The store's folder made unwritable: a file where the company's folder would go.
    const dir = path.join(hub.config.storage.localDir, 'reports', 'all');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.writeFileSync(dir, 'not a folder');
    try {
      const admin = await adminHeaders(hub);
      const res = await hub.app.inject({ method: 'GET', url: '/api/admin/reports', headers: admin });
      const done = await poll(`/api/admin/reports/${res.json().id}`, admin);
      expect(done).toMatchObject({ status: 'failed', url: null, error: 'The export failed; request the report again' });
    } finally {
      fs.rmSync(dir, { force: true });
    }
  });
});
