/**
 * Order reports on S3: a hub configured with the S3_ settings (an s3rver on loopback) uploads the
 * report to the bucket and answers a presigned S3 link, which returns the file; the hub serves no
 * `/files` route then.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPartner, newShipment, type TestPartner } from '../helpers/factories.js';
import { createTestHub, type TestHub } from '../helpers/hub.js';
import { startS3Server, type S3TestServer } from '../helpers/s3-server.js';

let s3: S3TestServer;
let hub: TestHub;
let partner: TestPartner;
let shipment: { id: string; trackingNumber: string };

beforeAll(async () => {
  s3 = await startS3Server({ bucket: 'ff-reports' });
  const st = s3.settings;
  hub = await createTestHub({
    role: 'all',
    env: {
      REPORT_SYNC_WAIT_MS: '15000',
      S3_BUCKET: st.bucket,
      S3_REGION: st.region,
      S3_ENDPOINT: st.endpoint!,
      S3_ACCESS_KEY_ID: st.accessKeyId!,
      S3_SECRET_ACCESS_KEY: st.secretAccessKey!,
      S3_FORCE_PATH_STYLE: 'true',
    },
  });
  partner = await newPartner(hub.app, { tier: 'enterprise' });
  shipment = await newShipment(hub.app, partner, { totalCost: 42 });
});
afterAll(async () => {
  await hub?.close();
  await s3?.close();
});

describe('reports on S3', () => {
  it('uploads the CSV to the bucket and answers a presigned link that returns it', async () => {
    expect(hub.services.storage.store.kind).toBe('s3');
    const res = await hub.app.inject({ method: 'GET', url: '/v2/public/orders/reports?format=csv', headers: partner.headers });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { id: string; status: string; rows: number; bytes: number; url: string };
    expect(body.status).toBe('ready');
    expect(body.rows).toBe(1);
    const link = new URL(body.url);
    expect(`${link.protocol}//${link.host}`).toBe(s3.settings.endpoint);
    expect(link.pathname.startsWith('/ff-reports/')).toBe(true);
    expect(link.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    const file = await fetch(body.url);
    expect(file.status).toBe(200);
    const text = await file.text();
    expect(Buffer.byteLength(text)).toBe(body.bytes);
    const lines = text.trimEnd().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]!.startsWith('shipment_id,tracking_number,')).toBe(true);
    expect(lines[1]!.startsWith(`${shipment.id},${shipment.trackingNumber},`)).toBe(true);
  });

  it('serves no /files route: with S3 the links go to the bucket', async () => {
    const res = await hub.app.inject({ method: 'GET', url: '/files/reports/x.csv?expires=1&sig=abc' });
    expect(res.statusCode).toBe(404);
  });
});
