/**
 * The bodies the carrier simulator answers with, built from the mapper fixtures (the recorded carrier
 * shapes in src/modules/carriers/<x>/fixtures) so the sim and the mappers can never drift apart: a
 * fixture change shows up in both. The fixtures are imported as JSON modules, which tsc copies into
 * dist/, so `node dist/cli.js sim carriers` finds them without reading files at run time.
 */
import type { CarrierCode } from '../../modules/carriers/model.js';
import { JNE_FAILURE_CODES } from '../../modules/carriers/jne/mapper.js';
import type { JneCallbackScenario, SimPayloadKind } from './scenarios.js';

import jneDelivered from '../../modules/carriers/jne/fixtures/delivered.json' with { type: 'json' };
import jneInTransit from '../../modules/carriers/jne/fixtures/in-transit.json' with { type: 'json' };
import jneFailed from '../../modules/carriers/jne/fixtures/failed-attempt.json' with { type: 'json' };
import jneReturned from '../../modules/carriers/jne/fixtures/returned.json' with { type: 'json' };
import jneNotFound from '../../modules/carriers/jne/fixtures/not-found.json' with { type: 'json' };
import jneCallback from '../../modules/carriers/jne/fixtures/callback-delivered.json' with { type: 'json' };
import scDelivered from '../../modules/carriers/sicepat/fixtures/delivered.json' with { type: 'json' };
import scInTransit from '../../modules/carriers/sicepat/fixtures/in-transit.json' with { type: 'json' };
import scFailed from '../../modules/carriers/sicepat/fixtures/failed-attempt.json' with { type: 'json' };
import scReturned from '../../modules/carriers/sicepat/fixtures/returned.json' with { type: 'json' };
import scNotFound from '../../modules/carriers/sicepat/fixtures/not-found.json' with { type: 'json' };
import jntDelivered from '../../modules/carriers/jnt/fixtures/delivered.json' with { type: 'json' };
import jntInTransit from '../../modules/carriers/jnt/fixtures/in-transit.json' with { type: 'json' };
import jntFailed from '../../modules/carriers/jnt/fixtures/failed-attempt.json' with { type: 'json' };
import jntReturned from '../../modules/carriers/jnt/fixtures/returned.json' with { type: 'json' };
import jntNotFound from '../../modules/carriers/jnt/fixtures/not-found.json' with { type: 'json' };
import idxDelivered from '../../modules/carriers/idexpress/fixtures/delivered.json' with { type: 'json' };
import idxInTransit from '../../modules/carriers/idexpress/fixtures/in-transit.json' with { type: 'json' };
import idxFailed from '../../modules/carriers/idexpress/fixtures/failed-attempt.json' with { type: 'json' };
import idxReturned from '../../modules/carriers/idexpress/fixtures/returned.json' with { type: 'json' };
import idxNotFound from '../../modules/carriers/idexpress/fixtures/not-found.json' with { type: 'json' };
import sapDelivered from '../../modules/carriers/sap/fixtures/delivered.json' with { type: 'json' };
import sapInTransit from '../../modules/carriers/sap/fixtures/in-transit.json' with { type: 'json' };
import sapFailed from '../../modules/carriers/sap/fixtures/failed-attempt.json' with { type: 'json' };
import sapReturned from '../../modules/carriers/sap/fixtures/returned.json' with { type: 'json' };
import sapNotFound from '../../modules/carriers/sap/fixtures/not-found.json' with { type: 'json' };

// Fixture clones are edited in place below; their shapes are the carriers', not ours, so they are
// handled as loose JSON (the mappers' tests are what pin the shapes down).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- loose JSON on purpose, see above
type J = any;

type Kind = Exclude<SimPayloadKind, 'pod_missing'>;
const FIXTURES: Readonly<Record<CarrierCode, Readonly<Record<Kind, unknown>>>> = {
  jne: { delivered: jneDelivered, in_transit: jneInTransit, failed: jneFailed, returned: jneReturned, not_found: jneNotFound },
  sicepat: { delivered: scDelivered, in_transit: scInTransit, failed: scFailed, returned: scReturned, not_found: scNotFound },
  jnt: { delivered: jntDelivered, in_transit: jntInTransit, failed: jntFailed, returned: jntReturned, not_found: jntNotFound },
  idexpress: { delivered: idxDelivered, in_transit: idxInTransit, failed: idxFailed, returned: idxReturned, not_found: idxNotFound },
  sap: { delivered: sapDelivered, in_transit: sapInTransit, failed: sapFailed, returned: sapReturned, not_found: sapNotFound },
};

/** Where each carrier puts the AWB in a tracking fixture (the one the fixture was recorded with). */
function fixtureAwb(carrier: CarrierCode, fx: J): string {
  switch (carrier) {
    case 'jne':
      return fx.cnote.cnote_no;
    case 'sicepat':
      return fx.sicepat.result.waybill_number;
    case 'jnt':
      return fx.awb;
    case 'idexpress':
      return fx.data.basicInfo.waybillNo;
    case 'sap':
      return fx[0].awb_no;
  }
}

/**
 * A deep copy with the fixture's AWB replaced everywhere it occurs: the AWB fields (JNE cnote_no,
 * SiCepat waybill_number, J&T awb, IDX waybillNo, SAP awb_no/tracking_doc_no) and the POD URLs that
 * embed it. AWBs are alphanumeric, so a text replace on the JSON cannot break its syntax.
 */
function withAwb(fx: unknown, from: string, to: string): J {
  return JSON.parse(JSON.stringify(fx).replaceAll(from, to));
}

/** JNE's POD URLs name the AWB as `<epoch>P||<id>.jpeg` with the id's leading zero dropped; use the AWB. */
function jnePodUrl(url: unknown, awb: string): unknown {
  return typeof url === 'string' ? url.replace(/\|\|[^|/]*\.jpeg$/, `||${awb}.jpeg`) : url;
}

/** A tracking answer body for `awb` in the given state, in the carrier's own shape. */
export function trackingPayload(carrier: CarrierCode, awb: string, kind: SimPayloadKind): unknown {
  if (kind === 'not_found') return structuredClone(FIXTURES[carrier].not_found);
  const fx = FIXTURES[carrier][kind === 'pod_missing' ? 'delivered' : kind];
  const body = withAwb(fx, fixtureAwb(carrier, fx), awb);
  if (carrier === 'jne') {
    body.cnote.photo = jnePodUrl(body.cnote.photo, awb);
    body.cnote.signature = jnePodUrl(body.cnote.signature, awb);
  }
  if (kind === 'pod_missing') dropPod(carrier, body);
  return body;
}

/**
 * Delivered, but the carrier has no POD: no photo and no receiver name, blanked the way each carrier
 * blanks them in its undelivered answers (null in JNE's cnote and SAP's photo fields, "" for SiCepat's
 * POD_receiver and J&T's / SAP's / IDX's receiver strings).
 */
function dropPod(carrier: CarrierCode, b: J): void {
  switch (carrier) {
    case 'jne': {
      Object.assign(b.cnote, { cnote_pod_receiver: null, keterangan: null, photo: null, signature: null, lat: null, long: null });
      const text = 'DELIVERED TO [ | 06-03-2024 10:32 | BANDUNG ]';
      b.cnote.last_status = text;
      b.history.at(-1).desc = text;
      return;
    }
    case 'sicepat': {
      const r = b.sicepat.result;
      Object.assign(r, { POD_receiver: '', pod_img_path: null, pod_sign_img_path: null });
      r.track_history.at(-1).receiver_name = 'Paket diterima oleh []';
      r.last_status.receiver_name = 'Paket diterima oleh []';
      return;
    }
    case 'jnt':
      Object.assign(b.history.at(-1), { receiver: '', presenter: '', presentername: '' });
      return;
    case 'idexpress':
      Object.assign(b.data.historys.at(-1), {
        proofOfStatus: '',
        completeProofOfStatus: [],
        signer: '',
        relation: '',
        description: 'Paket telah diterima',
      });
      return;
    case 'sap':
      Object.assign(b.at(-1), {
        pod_receiver_name: '',
        pod_relation_name: '',
        pod_photo: null,
        pod_camera: null,
        pod_signature: null,
        description: '[KURIR: ANDI] [PENERIMA: ] [HUB: ] [STATUS: DELIVERED - DL - DITERIMA OLEH] - KETERANGAN: OK',
      });
      return;
  }
}

/** The body each carrier sends with its 401 (J&T, JNE, SiCepat, SAP) or 200 (IDX) credential refusal. */
export const AUTH_ERROR_BODIES: Readonly<Record<CarrierCode, unknown>> = {
  jne: { error: 'Invalid username or api_key', status: false },
  sicepat: { sicepat: { status: { code: 401, description: 'Unauthorized' } } },
  jnt: { error_id: '401', error_message: 'Unauthorized' },
  idexpress: { code: 100001, desc: 'Invalid sign', total: null, data: null },
  sap: { status: 'fail', msg: 'Unauthorized' },
};

/** What a carrier's overloaded backend answers with its 503, in its own envelope (IDX's is documented). */
export const UNAVAILABLE_BODIES: Readonly<Record<CarrierCode, unknown>> = {
  jne: { error: 'Service Temporarily Unavailable', status: false },
  sicepat: { sicepat: { status: { code: 503, description: 'Service Unavailable' } } },
  jnt: { error_id: '503', error_message: 'System busy, please try again later' },
  idexpress: { code: -100000, desc: 'System exception, please contact us', total: null, data: null },
  sap: { status: 'fail', msg: 'Service Unavailable' },
};

/** The "garbage" scenario: a proxy or maintenance page served with HTTP 200, which no mapper can read. */
export function garbagePage(carrier: CarrierCode): string {
  return (
    '<!DOCTYPE html>\n<html><head><title>Maintenance</title></head>\n' +
    `<body><h1>${carrier.toUpperCase()} tracking sedang dalam pemeliharaan</h1>` +
    '<p>Silakan coba beberapa saat lagi.</p><hr><center>nginx</center></body></html>\n'
  );
}

// ---- JNE push callback ---------------------------------------------------------------------------

/** Where the callback's `location_code` comes from: the city in the history text. */
const JNE_CITY_CODES: ReadonlyArray<readonly [string, string]> = [
  ['TANGERANG', 'TGR10000'],
  ['BANDUNG', 'BDO10000'],
  ['JAKARTA', 'CGK10000'],
];

/** Per-item `status` words as the integrator's handler sees them (carriers.md §1.3–1.4). */
function jneCallbackItemStatus(code: string): string {
  if (code === 'D01') return 'DELIVERED';
  if (code === 'RTS') return 'RETURN TO SHIPPER';
  if (JNE_FAILURE_CODES.includes(code)) return 'SHIPMENT PROBLEM';
  if (code === 'RC1') return 'RECEIVED';
  return 'ON PROCESS';
}

const JNE_CALLBACK_STATUS: Readonly<Record<JneCallbackScenario, string>> = {
  delivered: 'DELIVERED',
  pod_missing: 'DELIVERED',
  in_transit: 'SHIPPED',
  failed: 'SHIPMENT PROBLEM',
  returned: 'RETURN TO SHIPPER',
};

/**
 * A JNE push callback for `awb`, shaped like jne/fixtures/callback-delivered.json. Delivered keeps the
 * fixture's history; the other states carry the matching tracking fixture's history converted to the
 * callback's item shape, so parseJneCallback reads the same status the tracking answer gives.
 */
export function jneCallbackPayload(awb: string, scenario: JneCallbackScenario = 'delivered'): Record<string, unknown> {
  const b: J = withAwb(jneCallback, jneCallback.awb, awb);
  b.photo = jnePodUrl(b.photo, awb);
  b.signature = jnePodUrl(b.signature, awb);
  b.status = JNE_CALLBACK_STATUS[scenario];
  if (scenario === 'delivered') return b;
  Object.assign(b, { photo: '', signature: '', receiver_name: '', receiver_relation: '' });
  if (scenario === 'pod_missing') {
    b.history.at(-1).status_desc = 'DELIVERED TO [ | 06-03-2024 10:32 | BANDUNG ]';
    return b;
  }
  const source = FIXTURES.jne[scenario] as J;
  b.history = (source.history as Array<{ date: string; desc: string; code: string }>).map((h) => ({
    date: h.date,
    status: jneCallbackItemStatus(h.code),
    status_code: h.code,
    status_desc: h.desc,
    location_code: JNE_CITY_CODES.find(([city]) => h.desc.includes(city))?.[1] ?? '',
  }));
  return b;
}
