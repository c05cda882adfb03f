/**
 * Shared set-up for the carrier integration tests: a carrier simulator on a free port and a
 * hub pointed at it, with a short carrier timeout (the sim's `slow` scenario outlasts it), one retry
 * and a JNE callback secret. Plus small helpers: callbacks, carrier shipments, polling, DB reads.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { CarrierCode } from '../../src/carriers/model.js';
import {
  jneCallbackPayload,
  simAwb,
  simCarrierEnv,
  startCarrierSim,
  type CarrierSim,
  type JneCallbackScenario,
  type SimScenario,
} from '../../src/sim/carriers/server.js';
import type { Role } from '../../src/server.js';
import { shipmentBody, type TestPartner } from './factories.js';
import { createTestHub, type TestHub } from './hub.js';

export { jneCallbackPayload, simAwb };
export type { SimScenario };

export const CALLBACK_SECRET = 'jne-callback-secret-for-tests-0123456789';
/** Short, with room for a loaded machine (the sim, the hub and an embedded database share one event loop). */
export const CARRIER_TIMEOUT_MS = 800;
/** Longer than the hub's timeout with its one retry and backoff, short enough to end soon after a test. */
export const SIM_SLOW_MS = 5000;

export interface CarrierTestEnv {
  sim: CarrierSim;
  hub: TestHub;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** Every carrier's env pointing at the sim, plus the test knobs; `env` overrides any of them. */
export function carrierEnv(simUrl: string, env: Record<string, string> = {}): Record<string, string> {
  const rates = Object.fromEntries(['JNE', 'SICEPAT', 'JNT', 'IDEXPRESS', 'SAP'].map((c) => [`CARRIER_${c}_RATE_LIMIT`, '1000']));
  return {
    ...simCarrierEnv(simUrl),
    ...rates,
    CARRIER_JNE_CALLBACK_SECRET: CALLBACK_SECRET,
    CARRIER_TIMEOUT_MS: String(CARRIER_TIMEOUT_MS),
    CARRIER_RETRIES: '1',
    ...env,
  };
}

export async function createCarrierTestEnv(opts: { role?: Role; env?: Record<string, string>; slowMs?: number } = {}): Promise<CarrierTestEnv> {
  const sim = await startCarrierSim({ port: 0, slowMs: opts.slowMs ?? SIM_SLOW_MS });
  let hub: TestHub;
  try {
    hub = await createTestHub({ role: opts.role ?? 'api', env: carrierEnv(sim.url, opts.env) });
  } catch (err) {
    await sim.close();
    throw err;
  }
  return {
    sim,
    hub,
    app: hub.app,
    async close() {
      await hub.close();
      await sim.close();
    },
  };
}

/** app.inject that fails the test on any 5xx other than the ones listed (carrier faults are 502/503/504). */
export async function call(app: FastifyInstance, opts: InjectOptions, allowed5xx: number[] = []): Promise<LightMyRequestResponse> {
  const res = await app.inject(opts);
  if (res.statusCode >= 500) expect(allowed5xx, `unexpected ${res.statusCode}: ${res.body}`).toContain(res.statusCode);
  return res;
}

let seq = Math.floor(Math.random() * 1_000_000);
/** A fresh sim AWB for `carrier` whose last digit selects `scenario` (unique per call: no shared cache, flaky state or stats). */
export function awbFor(carrier: CarrierCode, scenario: SimScenario): string {
  seq += 1;
  return simAwb(carrier, scenario, seq);
}

/** Creates a carrier shipment through the API; returns the answer. */
export async function newCourierShipment(
  app: FastifyInstance,
  p: TestPartner,
  code: CarrierCode,
  awb: string,
  overrides: Record<string, unknown> = {},
) {
  const res = await call(app, {
    method: 'POST',
    url: '/api/partner/shipments',
    headers: p.headers,
    payload: shipmentBody({ courier: { code, awb }, ...overrides }),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; trackingNumber: string; status: string; courier: { code: CarrierCode; awb: string } };
}

/** POSTs a JNE callback body (object → JSON, string → as is) with the secret unless `token` says otherwise. */
export function postCallback(
  app: FastifyInstance,
  body: unknown,
  opts: { token?: string | null; remoteAddress?: string; contentType?: string } = {},
): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = { 'content-type': opts.contentType ?? 'application/json' };
  const token = opts.token === undefined ? CALLBACK_SECRET : opts.token;
  if (token !== null) headers['x-callback-token'] = token;
  return call(app, {
    method: 'POST',
    url: '/callbacks/jne',
    headers,
    payload: typeof body === 'string' ? body : JSON.stringify(body),
    ...(opts.remoteAddress ? { remoteAddress: opts.remoteAddress } : {}),
  });
}

export function callbackBody(awb: string, scenario: JneCallbackScenario = 'delivered', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...jneCallbackPayload(awb, scenario), ...extra };
}

/** Polls until truthy (the webhook tests' helper; the default deadline there is 15 s). */
export { until } from './webhooks.js';

export async function rows<T = any>(hub: TestHub, text: string, values: unknown[] = []): Promise<T[]> {
  const res = await hub.deps.database.pool.query(text, values);
  return res.rows as T[];
}

export async function callbacksFor(hub: TestHub, awb: string) {
  return rows<{
    id: string;
    status: string;
    reject_code: string | null;
    raw_body: string;
    awb: string | null;
    duplicates: number;
    published_at: Date | null;
    nsq_published_at: Date | null;
    applied_at: Date | null;
    apply_note: string | null;
  }>(hub, `select * from carrier_callbacks where awb = $1 or (awb is null and raw_body like '%' || $1 || '%') order by id`, [awb]);
}

export async function podOf(hub: TestHub, carrier: CarrierCode, awb: string) {
  const r = await rows<{
    receiver_name: string | null;
    image_url: string | null;
    shipment_id: string | null;
    source: string;
    notified_at: Date | null;
    pod_code: string | null;
  }>(hub, 'select * from proof_of_delivery where carrier = $1 and awb = $2', [carrier, awb]);
  return r[0];
}

export async function shipmentRow(hub: TestHub, id: string) {
  const r = await rows<{ status: string; carrier_checked_at: Date | null; carrier_raw_status: string | null; current_location: string | null }>(
    hub,
    'select status, carrier_checked_at, carrier_raw_status, current_location from shipments where id = $1',
    [id],
  );
  return r[0]!;
}

export async function eventsOf(hub: TestHub, shipmentId: string) {
  return rows<{ type: string; data: any }>(hub, 'select type, data from events where shipment_id = $1 order by seq', [shipmentId]);
}

export async function activeShipments(hub: TestHub, companyId: string): Promise<number> {
  const r = await rows<{ active_shipments: number }>(hub, 'select active_shipments from company_usage where company_id = $1', [companyId]);
  return Number(r[0]?.active_shipments ?? 0);
}

export interface FakeNsqd {
  /** host:port, as NSQD_HTTP_ADDRESS takes it. */
  address: string;
  /** Every message received, per topic, in order. */
  messages: Array<{ topic: string; body: string }>;
  /** While true, every publish is answered 503 (nsqd down or refusing). */
  down: boolean;
  close(): Promise<void>;
}

/** A tiny HTTP server playing nsqd: `POST /mpub?topic=…` (newline-separated) and `POST /pub?topic=…`. */
export async function startFakeNsqd(): Promise<FakeNsqd> {
  const self: FakeNsqd = { address: '', messages: [], down: false, close: async () => {} };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://nsqd.local');
      const topic = u.searchParams.get('topic') ?? '';
      if (self.down) {
        res.writeHead(503).end('E_UNAVAILABLE');
        return;
      }
      if (req.method !== 'POST' || !topic || (u.pathname !== '/mpub' && u.pathname !== '/pub')) {
        res.writeHead(400).end('E_BAD_REQUEST');
        return;
      }
      const body = Buffer.concat(chunks).toString('utf8');
      const lines = u.pathname === '/pub' ? [body] : body.split('\n').filter((l) => l !== '');
      for (const l of lines) self.messages.push({ topic, body: l });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('OK');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  self.address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  self.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return self;
}
