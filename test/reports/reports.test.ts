/**
 * Order reports, answered within the request (the export finishes inside REPORT_SYNC_WAIT_MS): CSV and
 * XLSX contents, POD columns, neutralised formulas, filters, tenant isolation, validation, and the
 * signed download links of the local store.
 */
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assign, newPartner, newShipment, type TestPartner } from '../helpers/factories.js';
import { createTestHub, type TestHub } from '../helpers/hub.js';

let hub: TestHub;
let a: TestPartner;
let b: TestPartner;
let carrierCo: TestPartner;
const ids = {} as Record<'plain' | 'formula' | 'pod' | 'bOwn', { id: string; trackingNumber: string }>;

const q = (sql: string, values: unknown[] = []) => hub.deps.database.pool.query(sql, values);

beforeAll(async () => {
  hub = await createTestHub({ role: 'all', env: { REPORT_SYNC_WAIT_MS: '15000', REPORT_RATE_PER_MINUTE: '30' } });
  a = await newPartner(hub.app, { tier: 'enterprise' });
  b = await newPartner(hub.app, { tier: 'enterprise' });
  carrierCo = await newPartner(hub.app, { tier: 'enterprise' });
  // A's three shipments, at fixed times in January 2026: a plain one, one whose customer name is a
  // formula, and a carrier shipment delivered with a proof of delivery.
  ids.plain = await newShipment(hub.app, a, { totalCost: 12.5 });
  ids.formula = await newShipment(hub.app, a, {
    customer: { name: '=HYPERLINK("http://evil.example","click")', email: 'eve@customer.com', phone: '+1555555555' },
    totalCost: 7,
  });
  ids.pod = await newShipment(hub.app, a, { totalCost: 99 });
  ids.bOwn = await newShipment(hub.app, b);
  await assign(hub, ids.plain.id, carrierCo);
  await q(`update shipments set created_at = $2 where id = $1`, [ids.plain.id, '2026-01-05T10:00:00Z']);
  await q(`update shipments set created_at = $2 where id = $1`, [ids.formula.id, '2026-01-06T11:30:00Z']);
  await q(
    `update shipments set created_at = $2, status = 'delivered', delivered_at = $3, carrier = 'jne', carrier_awb = 'JNE0000000001' where id = $1`,
    [ids.pod.id, '2026-01-07T08:15:00Z', '2026-01-09T14:45:30.250Z'],
  );
  await q(`update shipments set created_at = $2 where id = $1`, [ids.bOwn.id, '2026-01-06T09:00:00Z']);
  await q(
    `insert into proof_of_delivery (carrier, awb, shipment_id, receiver_name, image_url, relation, signature_url, delivered_at, source)
     values ('jne', 'JNE0000000001', $1, '@Budi', 'https://pod.example/JNE0000000001.jpg', 'YBS', 'https://pod.example/sig.png', $2, 'callback')`,
    [ids.pod.id, '2026-01-09T14:45:30.250Z'],
  );
});
afterAll(async () => hub?.close());

const RANGE = 'from=2026-01-01T00:00:00Z&to=2026-01-31T23:59:59Z';

async function report(p: { headers: Record<string, string> }, query: string, base = '/v2/public/orders/reports') {
  const res = await hub.app.inject({ method: 'GET', url: `${base}?${query}`, headers: p.headers });
  return res;
}

/** Downloads a report's link through the hub (the link is absolute, on PUBLIC_URL). */
async function download(url: string) {
  expect(url.startsWith(`${hub.config.http.publicUrl}/files/`)).toBe(true);
  return hub.app.inject({ method: 'GET', url: url.slice(hub.config.http.publicUrl.length) });
}

const HEADER =
  'shipment_id,tracking_number,awb,carrier,status,assignee_company_id,customer_name,customer_email,customer_phone,pickup_address,dropoff_address,created_at,delivered_at,total_cost,proof_of_delivery,receiver_name,pod_relation,pod_source,pod_signature_url,pod_delivered_at';
const PICKUP = '"123 Warehouse St, New York, NY"';
const DROPOFF = '"456 Home Ave, Los Angeles, CA"';

describe('CSV', () => {
  it('200 with a link; the file is RFC 4180 with the POD columns and neutralised formulas', async () => {
    const res = await report(a, `format=csv&${RANGE}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ status: 'ready', format: 'csv', rows: 3, companyId: a.companyId });
    expect(body.id).toMatch(/^rpt_[0-9a-z]{20}$/);
    expect(new Date(body.expiresAt).getTime() - Date.now()).toBeGreaterThan(23 * 3600_000);
    const file = await download(body.url);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(file.headers['content-disposition']).toBe('attachment; filename="orders-2026-01-01-2026-01-31.csv"');
    expect(file.headers['cache-control']).toBe('private, no-store');
    expect(Number(file.headers['content-length'])).toBe(body.bytes);
    expect(file.rawPayload.length).toBe(body.bytes);
    const expected = [
      HEADER,
      `${ids.plain.id},${ids.plain.trackingNumber},,,assigned,${carrierCo.companyId},Jane Smith,jane@customer.com,'+1555555555,${PICKUP},${DROPOFF},2026-01-05T10:00:00.000Z,,12.50,,,,,,`,
      `${ids.formula.id},${ids.formula.trackingNumber},,,pending,,"'=HYPERLINK(""http://evil.example"",""click"")",eve@customer.com,'+1555555555,${PICKUP},${DROPOFF},2026-01-06T11:30:00.000Z,,7.00,,,,,,`,
      `${ids.pod.id},${ids.pod.trackingNumber},JNE0000000001,jne,delivered,,Jane Smith,jane@customer.com,'+1555555555,${PICKUP},${DROPOFF},2026-01-07T08:15:00.000Z,2026-01-09T14:45:30.250Z,99.00,https://pod.example/JNE0000000001.jpg,'@Budi,YBS,callback,https://pod.example/sig.png,2026-01-09T14:45:30.250Z`,
    ];
    expect(file.body).toBe(`${expected.join('\r\n')}\r\n`);
  });

  it('bom=true starts the file with the UTF-8 byte order mark', async () => {
    const res = await report(a, `format=csv&bom=true&status=pending&${RANGE}`);
    expect(res.statusCode, res.body).toBe(200);
    const file = await download(res.json().url);
    expect([...file.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(file.rawPayload.subarray(3).toString('utf8').startsWith('shipment_id,')).toBe(true);
  });
});

describe('XLSX', () => {
  it('header row bold and frozen, widths, dates as Date cells, cost as numbers, formulas neutralised', async () => {
    const res = await report(a, `format=xlsx&${RANGE}`);
    expect(res.statusCode, res.body).toBe(200);
    const file = await download(res.json().url);
    expect(file.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Orders')!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getRow(1).values).toEqual([undefined, ...HEADER.split(',')]);
    expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(ws.getColumn(1).width).toBe(26);
    expect(ws.getColumn(10).width).toBe(40);
    expect(ws.getColumn(12).width).toBe(20);
    expect(ws.rowCount).toBe(4);
    const plain = ws.getRow(2);
    expect(plain.getCell(1).value).toBe(ids.plain.id);
    expect(plain.getCell(12).value).toEqual(new Date('2026-01-05T10:00:00.000Z'));
    expect(plain.getCell(12).numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect(plain.getCell(14).value).toBe(12.5);
    expect(plain.getCell(9).value).toBe("'+1555555555");
    expect(ws.getRow(3).getCell(7).value).toBe('\'=HYPERLINK("http://evil.example","click")');
    const pod = ws.getRow(4);
    expect(pod.getCell(13).value).toEqual(new Date('2026-01-09T14:45:30.250Z'));
    expect(pod.getCell(15).value).toBe('https://pod.example/JNE0000000001.jpg');
    expect(pod.getCell(16).value).toBe("'@Budi");
    expect(pod.getCell(17).value).toBe('YBS');
    expect(pod.getCell(18).value).toBe('callback');
    expect(pod.getCell(14).value).toBe(99);
    // A formula cell would have an object value ({ formula }); none exists.
    ws.eachRow((r) => r.eachCell((c) => expect(typeof c.value === 'object' && c.value !== null && 'formula' in c.value).toBe(false)));
  });
});

/** The shipment ids in a CSV report, in order. */
async function idsOf(res: { statusCode: number; body: string; json(): any }) {
  expect(res.statusCode, res.body).toBe(200);
  const text = (await download(res.json().url)).body;
  return text
    .split('\r\n')
    .slice(1, -1)
    .map((line) => line.split(',')[0]);
}

describe('filters and tenants', () => {
  it('status (one or several), carrier, assignee, date range', async () => {
    expect(await idsOf(await report(a, `${RANGE}&status=delivered`))).toEqual([ids.pod.id]);
    expect(await idsOf(await report(a, `${RANGE}&status=delivered&status=pending`))).toEqual([ids.formula.id, ids.pod.id]);
    expect(await idsOf(await report(a, `${RANGE}&carrier=jne`))).toEqual([ids.pod.id]);
    expect(await idsOf(await report(a, `${RANGE}&carrier=sicepat`))).toEqual([]);
    expect(await idsOf(await report(a, `${RANGE}&assignee=${carrierCo.companyId}`))).toEqual([ids.plain.id]);
    expect(await idsOf(await report(a, 'from=2026-01-06T00:00:00Z&to=2026-01-06T23:59:59Z'))).toEqual([ids.formula.id]);
    expect(await idsOf(await report(a, 'from=2026-01-05T10:00:00Z&to=2026-01-05T10:00:00Z'))).toEqual([ids.plain.id]);
  });

  it("a partner sees its own and assigned shipments, never another company's; another company's report is a 404", async () => {
    const own = await report(b, RANGE);
    expect(await idsOf(own)).toEqual([ids.bOwn.id]);
    // The company a shipment is assigned to sees it too (as in the partner API).
    expect(await idsOf(await report(carrierCo, RANGE))).toEqual([ids.plain.id]);
    const aReport = (await report(a, RANGE)).json().id;
    const peek = await hub.app.inject({ method: 'GET', url: `/v2/public/orders/reports/${aReport}`, headers: b.headers });
    expect(peek.statusCode).toBe(404);
    expect(peek.json().code).toBe('REPORT_NOT_FOUND');
    const mine = await hub.app.inject({ method: 'GET', url: `/v2/public/orders/reports/${aReport}`, headers: a.headers });
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toMatchObject({ id: aReport, status: 'ready', rows: 3 });
  });

  it('admins: one company, or every company', async () => {
    const { adminHeaders } = await import('../helpers/factories.js');
    const admin = await adminHeaders(hub);
    const one = await report({ headers: admin }, `${RANGE}&companyId=${a.companyId}`, '/api/admin/reports');
    expect(await idsOf(one)).toEqual([ids.plain.id, ids.formula.id, ids.pod.id]);
    const all = await report({ headers: admin }, RANGE, '/api/admin/reports');
    expect(all.json().companyId).toBeNull();
    expect(await idsOf(all)).toEqual([ids.plain.id, ids.bOwn.id, ids.formula.id, ids.pod.id]);
    const read = await hub.app.inject({ method: 'GET', url: `/api/admin/reports/${one.json().id}`, headers: admin });
    expect(read.json()).toMatchObject({ status: 'ready', companyId: a.companyId });
    const none = await report({ headers: admin }, `${RANGE}&companyId=cmp_00000000000000000000`, '/api/admin/reports');
    expect(none.statusCode).toBe(404);
    expect(none.json().code).toBe('COMPANY_NOT_FOUND');
    // A partner token is not an admin token.
    expect((await report(a, RANGE, '/api/admin/reports')).statusCode).toBe(401);
  });
});

describe('export in batches', () => {
  it('batches of 2 (COPY on PostgreSQL, keyset pages on the embedded engine) give every row once, in order', async () => {
    const { exportReport } = await import('../../src/modules/reports/reports.export.js');
    const key = `reports/test/batches-${Date.now()}.csv`;
    const r = await exportReport(
      { database: hub.deps.database, store: hub.services.storage.store },
      {
        format: 'csv',
        bom: false,
        key,
        query: { companyId: a.companyId, from: '2026-01-01T00:00:00Z', to: '2026-01-31T23:59:59Z', statuses: undefined, carrier: undefined, assignee: undefined },
      },
      2,
    );
    expect(r.rows).toBe(3);
    const text = Buffer.concat(await (await hub.services.storage.store.get(key))!.toArray()).toString();
    expect(text.split('\r\n').slice(1, -1).map((l) => l.split(',')[0])).toEqual([ids.plain.id, ids.formula.id, ids.pod.id]);
    // Exactly the report's columns: the keyset's trailing values are not written after the last one.
    expect(text.split('\r\n')[3]!.endsWith(',callback,https://pod.example/sig.png,2026-01-09T14:45:30.250Z')).toBe(true);
    await hub.services.storage.store.delete(key);
  });

  it('values with tabs, line breaks, backslashes, quotes and emoji arrive intact (PostgreSQL reads them back from COPY text)', async () => {
    const { exportReport } = await import('../../src/modules/reports/reports.export.js');
    const d = await newPartner(hub.app, { tier: 'enterprise' });
    const s = await newShipment(hub.app, d);
    const name = '\tSiti "Ani"\\N Aminah,\r\nJl. Mawar\\t 😀';
    const address = 'Jl. Kenanga 5\\nRT 3\u000bRW 2 \\';
    await q(`update shipments set customer_name = $2, pickup_address = $3 where id = $1`, [s.id, name, address]);
    const key = `reports/test/escapes-${Date.now()}.csv`;
    const all = { from: '2020-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z', statuses: undefined, carrier: undefined, assignee: undefined };
    const r = await exportReport(
      { database: hub.deps.database, store: hub.services.storage.store },
      { format: 'csv', bom: false, key, query: { companyId: d.companyId, ...all } },
    );
    expect(r.rows).toBe(1);
    const text = Buffer.concat(await (await hub.services.storage.store.get(key))!.toArray()).toString();
    // Written by hand: the name starts with a tab, so it gets the apostrophe; quotes doubled; the field
    // quoted because it holds a comma and a line break; the address, with no comma, quote or line
    // break, unquoted.
    const cells = `"'\tSiti ""Ani""\\N Aminah,\r\nJl. Mawar\\t 😀",jane@customer.com,'+1555555555,Jl. Kenanga 5\\nRT 3\u000bRW 2 \\`;
    expect(text).toContain(`,${cells},`);
    await hub.services.storage.store.delete(key);
  });

  it('an upload failing mid-export ends the COPY and closes its connection (PostgreSQL)', async (ctx) => {
    if (hub.deps.database.kind === 'embedded') return ctx.skip(); // pages through the pool: no session of its own
    const { exportReport } = await import('../../src/modules/reports/reports.export.js');
    const d = await newPartner(hub.app, { tier: 'enterprise' });
    // Enough rows that the server is still sending when the upload gives up.
    await q(
      `insert into shipments (id, company_id, tracking_number, status, customer_name, customer_email, customer_phone, pickup_address, dropoff_address, total_cost, created_at, updated_at)
       select 'shp_cancel' || lpad(i::text, 16, '0'), $1, 'CANCEL-' || i || '-' || $1, 'pending', 'Customer ' || i, 'c@customer.example', '+62812', 'Jl. A', 'Jl. B', 1, '2026-03-01T00:00:00Z'::timestamptz + make_interval(secs => i), now()
       from generate_series(1, 50000) as i`,
      [d.companyId],
    );
    const copying = async () =>
      Number(
        // This export's COPY only (its company's id is in the statement): other tests and processes export too.
        (await q(`select count(*)::int as n from pg_stat_activity where query like 'copy (select%' and position($1 in query) > 0 and pid <> pg_backend_pid()`, [d.companyId]))
          .rows[0].n,
      );
    const failing = {
      ...hub.services.storage.store,
      // Takes the first chunk, then fails as a dropped upload would.
      put: async (_key: string, body: NodeJS.ReadableStream) => {
        for await (const _chunk of body as AsyncIterable<Buffer>) break;
        throw new Error('upload dropped');
      },
    };
    const all = { from: '2026-03-01T00:00:00Z', to: '2026-03-31T00:00:00Z', statuses: undefined, carrier: undefined, assignee: undefined };
    await expect(
      exportReport({ database: hub.deps.database, store: failing }, { format: 'csv', bom: false, key: 'reports/test/never.csv', query: { companyId: d.companyId, ...all } }),
    ).rejects.toThrow('upload dropped');
    await expect.poll(copying, { timeout: 10_000 }).toBe(0);
    await q(`delete from shipments where company_id = $1`, [d.companyId]);
  });
});

describe('validation', () => {
  it.each([
    ['from after to', 'from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'querystring.from'],
    ['more than 366 days', 'from=2024-01-01T00:00:00Z&to=2025-01-02T00:00:01Z', 'querystring.to'],
    ['unknown status', 'status=lost', 'querystring.status'],
    ['unknown carrier', 'carrier=dhl', 'querystring.carrier'],
    ['unknown format', 'format=pdf', 'querystring.format'],
    ['not a date', 'from=yesterday', 'querystring.from'],
    ['unknown parameter', 'sort=asc', 'querystring'],
  ])('%s → 400 VALIDATION_FAILED', async (_what, query, field) => {
    const res = await report(a, query);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(res.json().details)).toContain(field);
  });

  it('no token → 401; a malformed report id → 400; an unknown one → 404', async () => {
    expect((await hub.app.inject({ method: 'GET', url: `/v2/public/orders/reports?${RANGE}` })).statusCode).toBe(401);
    expect((await hub.app.inject({ method: 'GET', url: '/v2/public/orders/reports/nope', headers: a.headers })).statusCode).toBe(400);
    const unknown = await hub.app.inject({ method: 'GET', url: '/v2/public/orders/reports/rpt_00000000000000000000', headers: a.headers });
    expect(unknown.statusCode).toBe(404);
  });

  it('report creation has its own budget per company (REPORT_RATE_PER_MINUTE, 30 here), refused requests included', async () => {
    const c = await newPartner(hub.app, { tier: 'enterprise' });
    const codes: number[] = [];
    for (let i = 0; i < 30; i++) codes.push((await report(c, 'from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z')).statusCode);
    expect(new Set(codes)).toEqual(new Set([400]));
    const refused = await report(c, RANGE);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().code).toBe('RATE_LIMITED');
    // Reading reports is not creating one.
    expect((await hub.app.inject({ method: 'GET', url: '/v2/public/orders/reports/rpt_00000000000000000000', headers: c.headers })).statusCode).toBe(404);
  });
});

describe('signed links', () => {
  let url: URL;
  beforeAll(async () => {
    url = new URL((await report(a, RANGE)).json().url);
  });
  const get = (u: URL | string) => hub.app.inject({ method: 'GET', url: typeof u === 'string' ? u : `${u.pathname}${u.search}` });

  it('a changed signature, expiry, name or key is 403 FILE_LINK_INVALID', async () => {
    const tamper = (fn: (u: URL) => void) => {
      const u = new URL(url);
      fn(u);
      return u;
    };
    const sig = url.searchParams.get('sig')!;
    for (const u of [
      tamper((x) => x.searchParams.set('sig', `${sig.slice(0, 10)}${sig[10] === 'A' ? 'B' : 'A'}${sig.slice(11)}`)),
      tamper((x) => x.searchParams.set('expires', String(Number(x.searchParams.get('expires')) + 3600))),
      tamper((x) => x.searchParams.set('name', 'other.csv')),
      tamper((x) => (x.pathname = x.pathname.replace(/rpt_[0-9a-z]+/, 'rpt_00000000000000000000'))),
    ]) {
      const res = await get(u);
      expect(res.statusCode, u.toString()).toBe(403);
      expect(res.json().code).toBe('FILE_LINK_INVALID');
    }
    expect((await get(url)).statusCode).toBe(200);
  });

  it('an expired link is 410 FILE_LINK_EXPIRED', async () => {
    const key = url.pathname.slice('/files/'.length);
    const expired = await hub.services.storage.store.downloadUrl(key, { expiresInSeconds: 1, filename: 'x.csv' });
    await new Promise((r) => setTimeout(r, 2100));
    const res = await get(new URL(expired));
    expect(res.statusCode).toBe(410);
    expect(res.json().code).toBe('FILE_LINK_EXPIRED');
  });

  it('path traversal is refused, even with a signature made for it', async () => {
    // A file beside the store's folder (DATA_DIR/objects) that no link may reach.
    fs.writeFileSync(path.join(hub.dataDir, 'probe.txt'), 'TOPSECRET');
    const local = hub.services.storage.local!;
    for (const key of ['../probe.txt', 'reports/../../probe.txt', '%2e%2e/probe.txt', '..%2fprobe.txt', 'reports/%2e%2e/%2e%2e/probe.txt']) {
      const res = await get(`/files/${key}?expires=9999999999&sig=${'A'.repeat(43)}`);
      expect([400, 403, 404], `${key}: ${res.body}`).toContain(res.statusCode);
      expect(res.body).not.toContain('TOPSECRET');
      expect(await local.open(key)).toBeNull();
    }
    await expect(local.downloadUrl('../x', { expiresInSeconds: 60 })).rejects.toThrow(TypeError);
  });

  it('missing sig or expires is a 400', async () => {
    expect((await get(url.pathname)).statusCode).toBe(400);
  });
});
