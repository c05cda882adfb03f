/**
 * The bodies the carrier simulator answers with, built from each carrier definition's fixtures (the
 * recorded carrier shapes in src/carriers/<x>/fixtures, product data) so the sim and the mappers can
 * never drift apart: a fixture change shows up in both. The fixtures are imported as JSON modules,
 * which tsc copies into dist/, so `node dist/cli.js sim carriers` finds them without reading files at
 * run time.
 */
import { CARRIER_CODES, CARRIERS, type CarrierCode } from '../../carriers/carriers.js';
import { jnePodUrl } from '../../carriers/jne/sim.js';
import { JNE_FAILURE_CODES } from '../../carriers/jne/mapper.js';
import type { LooseJson as J } from '../../carriers/simulation.js';
import type { JneCallbackScenario, SimPayloadKind } from './scenarios.js';
import jneCallback from '../../carriers/jne/fixtures/callback-delivered.json' with { type: 'json' };

/**
 * A deep copy with the fixture's AWB replaced everywhere it occurs: the AWB fields (JNE cnote_no,
 * SiCepat waybill_number, J&T awb, IDX waybillNo, SAP awb_no/tracking_doc_no) and the POD URLs that
 * embed it. AWBs are alphanumeric, so a text replace on the JSON cannot break its syntax.
 */
function withAwb(fx: unknown, from: string, to: string): J {
  return JSON.parse(JSON.stringify(fx).replaceAll(from, to));
}

/** A tracking answer body for `awb` in the given state, in the carrier's own shape. */
export function trackingPayload(carrier: CarrierCode, awb: string, kind: SimPayloadKind): unknown {
  const def = CARRIERS[carrier];
  if (kind === 'not_found') return structuredClone(def.fixtures.not_found);
  const fx = def.fixtures[kind === 'pod_missing' ? 'delivered' : kind];
  const sim = def.simulation;
  const body = withAwb(fx, sim.fixtureAwb(fx), awb);
  sim.withAwb?.(body, awb);
  // Delivered, but the carrier has no POD: no photo and no receiver name, blanked the way each carrier
  // blanks them in its undelivered answers.
  if (kind === 'pod_missing') sim.dropPod(body);
  return body;
}

const byCode = <T>(f: (code: CarrierCode) => T): Readonly<Record<CarrierCode, T>> =>
  Object.fromEntries(CARRIER_CODES.map((c) => [c, f(c)])) as Record<CarrierCode, T>;

/** The status and body each carrier sends with its credential refusal (401, or 200 for ID Express). */
export const AUTH_ERRORS: Readonly<Record<CarrierCode, { readonly status: number; readonly body: unknown }>> = byCode(
  (c) => CARRIERS[c].simulation.authError,
);

/** What a carrier's overloaded backend answers with its 503, in its own envelope (IDX's is documented). */
export const UNAVAILABLE_BODIES: Readonly<Record<CarrierCode, unknown>> = byCode((c) => CARRIERS[c].simulation.unavailableBody);

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

/** Per-item `status` words as the integrator's handler sees them (docs/carriers.md, JNE callback). */
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
  const source = CARRIERS.jne.fixtures[scenario] as J;
  b.history = (source.history as Array<{ date: string; desc: string; code: string }>).map((h) => ({
    date: h.date,
    status: jneCallbackItemStatus(h.code),
    status_code: h.code,
    status_desc: h.desc,
    location_code: JNE_CITY_CODES.find(([city]) => h.desc.includes(city))?.[1] ?? '',
  }));
  return b;
}
