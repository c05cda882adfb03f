/**
 * Proof of delivery fill rules (docs/pod.md "Fill rules"): every empty field (NULL or blank) is filled
 * from a carrier's answer, a stored non-empty value is never replaced by tracking and never erased by an
 * empty answer. Expected values are the simulator's JNE answer as documented in docs/carriers.md §1.5
 * (receiver SITI, relation YANG BERSANGKUTAN, a `…S||<awb>.jpeg` signature).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  awbFor,
  call,
  callbackBody,
  createCarrierTestEnv,
  newCourierShipment,
  postCallback,
  rows,
  type CarrierTestEnv,
} from '../helpers/carriers.js';
import { newPartner, type TestPartner } from '../helpers/factories.js';

let env: CarrierTestEnv;
let p: TestPartner;

beforeAll(async () => {
  env = await createCarrierTestEnv();
  p = await newPartner(env.app);
});
afterAll(() => env?.close());

const cms = (trackingNumber: string) => call(env.app, { method: 'GET', url: `/v2/public/shipment/tracking/${trackingNumber}`, headers: p.headers });

async function storePod(awb: string, shipmentId: string, v: { receiver: string | null; relation?: string | null; signature?: string | null }) {
  await rows(
    env.hub,
    `insert into proof_of_delivery (carrier, awb, shipment_id, receiver_name, relation, signature_url, source) values ('jne', $1, $2, $3, $4, $5, 'manual')`,
    [awb, shipmentId, v.receiver, v.relation ?? null, v.signature ?? null],
  );
}

async function pod(awb: string) {
  const r = await rows<{ receiver_name: string | null; image_url: string | null; relation: string | null; signature_url: string | null }>(
    env.hub,
    `select receiver_name, image_url, relation, signature_url from proof_of_delivery where carrier = 'jne' and awb = $1`,
    [awb],
  );
  return r[0];
}

const signatureOf = (awb: string) => `https://s3-ap-southeast-1.amazonaws.com/pod.paket.id/1709695920S||${awb}.jpeg`;
const photoOf = (awb: string) => `https://s3-ap-southeast-1.amazonaws.com/pod.paket.id/1709695920P||${awb}.jpeg`;

describe('CMS tracking fills an existing POD row', () => {
  it('regression: a row with a NULL receiver gets the name the carrier now answers (SITI)', async () => {
    const awb = awbFor('jne', 'delivered');
    const s = await newCourierShipment(env.app, p, 'jne', awb);
    await storePod(awb, s.id, { receiver: null });
    const res = await cms(s.trackingNumber);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ podReceiverName: 'SITI', relation: 'YANG BERSANGKUTAN', signatureUrl: signatureOf(awb) });
    expect(await pod(awb)).toEqual({
      receiver_name: 'SITI',
      image_url: photoOf(awb),
      relation: 'YANG BERSANGKUTAN',
      signature_url: signatureOf(awb),
    });
  });

  it('a blank receiver counts as empty', async () => {
    const awb = awbFor('jne', 'delivered');
    const s = await newCourierShipment(env.app, p, 'jne', awb);
    await storePod(awb, s.id, { receiver: '' });
    expect((await cms(s.trackingNumber)).statusCode).toBe(200);
    expect((await pod(awb))?.receiver_name).toBe('SITI');
  });

  it('a stored non-empty value is kept; only the empty fields are filled', async () => {
    const awb = awbFor('jne', 'delivered');
    const s = await newCourierShipment(env.app, p, 'jne', awb);
    await storePod(awb, s.id, { receiver: 'BUDI', relation: 'TETANGGA' });
    expect((await cms(s.trackingNumber)).statusCode).toBe(200);
    expect(await pod(awb)).toEqual({ receiver_name: 'BUDI', image_url: photoOf(awb), relation: 'TETANGGA', signature_url: signatureOf(awb) });
  });

  it('an answer without a POD changes nothing', async () => {
    const awb = awbFor('jne', 'pod_missing');
    const s = await newCourierShipment(env.app, p, 'jne', awb);
    await storePod(awb, s.id, { receiver: 'ANI', signature: 'https://pod.example.com/sig.png' });
    expect((await cms(s.trackingNumber)).statusCode).toBe(200);
    expect(await pod(awb)).toEqual({ receiver_name: 'ANI', image_url: null, relation: null, signature_url: 'https://pod.example.com/sig.png' });
  });
});

describe('JNE callback saves relation and signature', () => {
  it('new row: receiver, relation, signature from the callback body', async () => {
    const awb = awbFor('jne', 'delivered');
    await newCourierShipment(env.app, p, 'jne', awb);
    const res = await postCallback(
      env.app,
      callbackBody(awb, 'delivered', { receiver_name: 'SITI', receiver_relation: 'ADIK', signature: 'https://pod.example.com/s.png' }),
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(await pod(awb)).toMatchObject({ receiver_name: 'SITI', relation: 'ADIK', signature_url: 'https://pod.example.com/s.png' });
  });

  it('an empty receiver in a callback never erases a stored one', async () => {
    const awb = awbFor('jne', 'delivered');
    const s = await newCourierShipment(env.app, p, 'jne', awb);
    await storePod(awb, s.id, { receiver: 'DEWI', relation: 'IBU' });
    const res = await postCallback(
      env.app,
      callbackBody(awb, 'delivered', { receiver_name: '', receiver_relation: '', signature: 'https://pod.example.com/t.png' }),
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(await pod(awb)).toMatchObject({ receiver_name: 'DEWI', relation: 'IBU', signature_url: 'https://pod.example.com/t.png' });
  });
});
