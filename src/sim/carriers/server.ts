/**
 * Carrier simulator (`fastforward sim carriers`): one local HTTP server that answers each Indonesian
 * carrier's tracking API on that carrier's own path, auth and body shape, so tests, the demo and the
 * benchmarks exercise the real clients and mappers without the carriers. It can also push JNE
 * callbacks to a hub.
 *
 * Base URL of carrier X = `http://host:port/<x>` (x = jne, sicepat, jnt, idexpress, sap):
 *   JNE        POST {base}/tracing/api/list/v1/cnote/{awb}   form body username + api_key
 *   SiCepat    GET  {base}/customer/waybill?waybill={awb}     header api-key
 *   J&T        POST {base}/track/trackAction!tracking.action  JSON {awb, eccompanyid=username},
 *                                                             header Authorization: Basic base64(username:password)
 *   ID Express GET  {base}/open/v1/waybill/get-tracking?data={awb}&appId=&sign=md5hex(data+appId+securityKey)
 *   SAP        GET  {base}/shipment/tracking/awb?awb_no={awb}  header api_key
 * Bad credentials: HTTP 401 with the carrier's error body, except ID Express, which answers HTTP 200
 * `{"code":100001,"desc":"Invalid sign",...}` as its envelope APIs do (its mapper reads a non-zero code
 * as carrier_error, so the client must look at `code` 100001 to report CARRIER_AUTH_FAILED).
 * Not found is HTTP 200 with the carrier's not-found body. Credentials: SIM_CREDENTIALS (requests.ts),
 * or the hub's CARRIER_<X>_<KEY> variables when the CLI sees them.
 *
 * Scenario = the AWB's LAST digit (simAwb() in scenarios.ts builds valid AWBs for each carrier):
 *   digit  scenario     answer
 *   0      delivered    200, delivered with POD photo + receiver (also any AWB not ending in a digit)
 *   1      in_transit   200, in transit
 *   2      failed       200, failed delivery attempt
 *   3      returned     200, returned to shipper
 *   4      not_found    200, the carrier's "AWB not found" body (mapper → CarrierPayloadError not_found)
 *   5      slow         200 delivered, after `slowMs` (CLI default 30 s: longer than the hub's timeout)
 *   6      error        503 with the carrier's own error envelope
 *   7      pod_missing  200, delivered but no photo and no receiver name (blank/null the carrier's way)
 *   8      garbage      200, an HTML maintenance page (not JSON)
 *   9      flaky        first request for that carrier+AWB → 503, every later one → delivered
 * Override per AWB: `PUT /_sim/scenarios/{carrier}/{awb}` `{"scenario": "<name>"}`; `DELETE /_sim/scenarios`
 * clears overrides and the flaky memory.
 *
 * Control: `GET /_sim` (base URLs, scenario table), `GET /_sim/stats` → {requests: {<carrier>: n},
 * byAwb: {"<carrier>:<awb>": n}} (every tracking request, refused ones included), `POST /_sim/stats/reset`,
 * `POST /_sim/jne/callbacks` {awb, scenario?, hubUrl?, token?} → POSTs jneCallbackPayload() to
 * `${hubUrl}/callbacks/jne` with `X-Callback-Token` and answers {status, body} of the hub's reply.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CARRIER_CODES, type CarrierCode } from '../../carriers/carriers.js';
import { AUTH_ERRORS, garbagePage, jneCallbackPayload, trackingPayload, UNAVAILABLE_BODIES } from './payloads.js';
import { readTrackingRequest, SIM_CREDENTIALS, TRACKING_ROUTES, type SimCredentials } from './requests.js';
import { isJneCallbackScenario, isSimScenario, SCENARIO_BY_DIGIT, scenarioFromAwb, type JneCallbackScenario, type SimScenario } from './scenarios.js';

export { jneCallbackPayload, trackingPayload } from './payloads.js';
export { credentialEnvName, SIM_CREDENTIALS, simCarrierEnv, simCredentialsFromEnv, type SimCredentials } from './requests.js';
export {
  JNE_CALLBACK_SCENARIOS,
  SCENARIO_BY_DIGIT,
  SIM_SCENARIOS,
  scenarioFromAwb,
  simAwb,
  type JneCallbackScenario,
  type SimScenario,
} from './scenarios.js';

export interface CarrierSimOptions {
  /** 0 (default) = a free port. */
  port?: number;
  host?: string;
  /** Delay of the `slow` scenario. */
  slowMs?: number;
  /** Where JNE callbacks go unless a push names another hub. */
  hubUrl?: string;
  /** Sent as X-Callback-Token unless a push names another; unset → no header (the hub must refuse). */
  callbackToken?: string;
  /** Replaces SIM_CREDENTIALS per carrier (whole carrier entries). */
  credentials?: Partial<SimCredentials>;
}

export interface SimStats {
  requests: Record<CarrierCode, number>;
  byAwb: Record<string, number>;
}

export interface CallbackResult {
  status: number;
  body: string;
}

export interface CarrierSim {
  /** `http://host:port`, no trailing slash. */
  url: string;
  baseUrl(carrier: CarrierCode): string;
  stats(): SimStats;
  resetStats(): void;
  setScenario(carrier: CarrierCode, awb: string, scenario: SimScenario): void;
  /** Drops every override and the flaky scenario's memory. */
  clearScenarios(): void;
  pushJneCallback(awb: string, scenario?: JneCallbackScenario, opts?: { hubUrl?: string; token?: string }): Promise<CallbackResult>;
  /** Stops listening and drops open connections, slow answers in flight included. */
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;
const CALLBACK_TIMEOUT_MS = 10_000;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendText(res: ServerResponse, status: number, text: string, type: string): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new HttpError(413, 'body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJsonBody(raw: string): Record<string, unknown> {
  try {
    const v: unknown = raw.trim() === '' ? {} : JSON.parse(raw);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    /* fall through */
  }
  throw new HttpError(400, 'body must be a JSON object');
}

const isCarrier = (v: string | undefined): v is CarrierCode => (CARRIER_CODES as readonly string[]).includes(v ?? '');
const emptyCounts = (): Record<CarrierCode, number> => Object.fromEntries(CARRIER_CODES.map((c) => [c, 0])) as Record<CarrierCode, number>;

export async function startCarrierSim(opts: CarrierSimOptions = {}): Promise<CarrierSim> {
  const host = opts.host ?? '127.0.0.1';
  const slowMs = opts.slowMs ?? 30_000;
  const creds: SimCredentials = { ...SIM_CREDENTIALS, ...opts.credentials } as SimCredentials;
  const overrides = new Map<string, SimScenario>();
  /** carrier:awb keys whose first (failing) flaky request has been answered. */
  const flakySeen = new Set<string>();
  let requests = emptyCounts();
  let byAwb = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  let url = '';

  const keyOf = (carrier: CarrierCode, awb: string) => `${carrier}:${awb}`;

  /** Resolves true after `ms`, or false as soon as the response is gone (client aborted, sim closing). */
  function delay(ms: number, res: ServerResponse): Promise<boolean> {
    return new Promise((resolve) => {
      const onClose = () => {
        clearTimeout(t);
        timers.delete(t);
        resolve(false);
      };
      const t = setTimeout(() => {
        timers.delete(t);
        res.off('close', onClose);
        resolve(true);
      }, ms);
      timers.add(t);
      res.once('close', onClose);
    });
  }

  async function answerTracking(carrier: CarrierCode, req: IncomingMessage, res: ServerResponse, u: URL, match: RegExpExecArray): Promise<void> {
    const raw = await readBody(req);
    const r = readTrackingRequest(carrier, req, u, match, raw, creds[carrier]);
    requests[carrier] += 1;
    if (r.awb !== null) byAwb.set(keyOf(carrier, r.awb), (byAwb.get(keyOf(carrier, r.awb)) ?? 0) + 1);
    if (r.invalid) return sendJson(res, r.invalid.status, r.invalid.body);
    if (!r.authorized) return sendJson(res, AUTH_ERRORS[carrier].status, AUTH_ERRORS[carrier].body);
    const awb = r.awb?.trim() ?? '';
    // A request without an AWB cannot be found at the carrier either.
    if (awb === '') return sendJson(res, 200, trackingPayload(carrier, awb, 'not_found'));
    const key = keyOf(carrier, awb);
    const scenario = overrides.get(key) ?? scenarioFromAwb(awb);
    switch (scenario) {
      case 'slow':
        if (await delay(slowMs, res)) sendJson(res, 200, trackingPayload(carrier, awb, 'delivered'));
        return;
      case 'error':
        return sendJson(res, 503, UNAVAILABLE_BODIES[carrier]);
      case 'garbage':
        return sendText(res, 200, garbagePage(carrier), 'text/html; charset=utf-8');
      case 'flaky':
        if (!flakySeen.has(key)) {
          flakySeen.add(key);
          return sendJson(res, 503, UNAVAILABLE_BODIES[carrier]);
        }
        return sendJson(res, 200, trackingPayload(carrier, awb, 'delivered'));
      default:
        return sendJson(res, 200, trackingPayload(carrier, awb, scenario));
    }
  }

  const sim: CarrierSim = {
    get url() {
      return url;
    },
    baseUrl: (carrier) => `${url}/${carrier}`,
    stats: () => ({ requests: { ...requests }, byAwb: Object.fromEntries(byAwb) }),
    resetStats() {
      requests = emptyCounts();
      byAwb = new Map();
    },
    setScenario(carrier, awb, scenario) {
      if (!isSimScenario(scenario)) throw new TypeError(`unknown scenario "${String(scenario)}"`);
      overrides.set(keyOf(carrier, awb.trim()), scenario);
      flakySeen.delete(keyOf(carrier, awb.trim()));
    },
    clearScenarios() {
      overrides.clear();
      flakySeen.clear();
    },
    async pushJneCallback(awb, scenario = 'delivered', o = {}) {
      const hub = (o.hubUrl ?? opts.hubUrl ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
      const token = o.token ?? opts.callbackToken;
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token !== undefined) headers['x-callback-token'] = token;
      const r = await fetch(`${hub}/callbacks/jne`, {
        method: 'POST',
        headers,
        body: JSON.stringify(jneCallbackPayload(awb, scenario)),
        signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS),
      });
      return { status: r.status, body: await r.text() };
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive and slow requests would otherwise hold close() open until they end.
        server.closeAllConnections();
      });
    },
  };

  async function control(req: IncomingMessage, res: ServerResponse, parts: string[]): Promise<void> {
    const m = req.method ?? 'GET';
    const route = `${m} ${parts.join('/')}`;
    if (route === 'GET ') {
      const carriers = Object.fromEntries(CARRIER_CODES.map((c) => [c, sim.baseUrl(c)]));
      return sendJson(res, 200, { carriers, scenarioByLastDigit: SCENARIO_BY_DIGIT, overrides: Object.fromEntries(overrides) });
    }
    if (route === 'GET stats') return sendJson(res, 200, sim.stats());
    if (route === 'POST stats/reset') {
      sim.resetStats();
      return sendJson(res, 200, sim.stats());
    }
    if (route === 'DELETE scenarios') {
      const cleared = overrides.size;
      sim.clearScenarios();
      return sendJson(res, 200, { cleared });
    }
    if (m === 'PUT' && parts[0] === 'scenarios' && parts.length === 3) {
      const [, carrier, awb] = parts;
      if (!isCarrier(carrier)) throw new HttpError(404, `unknown carrier "${carrier}"`);
      const { scenario } = parseJsonBody(await readBody(req));
      if (!isSimScenario(scenario)) throw new HttpError(400, `scenario must be one of ${SCENARIO_BY_DIGIT.join(', ')}`);
      sim.setScenario(carrier, awb!, scenario);
      return sendJson(res, 200, { carrier, awb: awb!.trim(), scenario });
    }
    if (route === 'POST jne/callbacks') {
      const b = parseJsonBody(await readBody(req));
      if (typeof b.awb !== 'string' || b.awb.trim() === '') throw new HttpError(400, 'awb is required');
      const scenario = b.scenario ?? 'delivered';
      if (!isJneCallbackScenario(scenario)) throw new HttpError(400, 'scenario must be delivered, in_transit, failed, returned or pod_missing');
      const hubUrl = typeof b.hubUrl === 'string' ? b.hubUrl : undefined;
      const token = typeof b.token === 'string' ? b.token : undefined;
      try {
        return sendJson(res, 200, await sim.pushJneCallback(b.awb.trim(), scenario, { hubUrl, token }));
      } catch (err) {
        throw new HttpError(502, `callback not delivered: ${(err as Error).message}`);
      }
    }
    throw new HttpError(404, 'no such sim control route');
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', 'http://sim.local');
    const [first, ...rest] = u.pathname.split('/').slice(1);
    if (first === '_sim') return control(req, res, rest.filter((p, i) => p !== '' || i < rest.length - 1).map(decodeSegment));
    if (isCarrier(first)) {
      const route = TRACKING_ROUTES[first];
      const match = route.path.exec(`/${rest.join('/')}`);
      if (match) {
        if (req.method !== route.method) {
          res.setHeader('allow', route.method);
          throw new HttpError(405, `use ${route.method}`);
        }
        return answerTracking(first, req, res, u, match);
      }
    }
    throw new HttpError(404, 'not a simulated carrier endpoint');
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent || res.destroyed) return;
      const status = err instanceof HttpError ? err.status : 500;
      sendJson(res, status, { error: err instanceof Error ? err.message : String(err) });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  // A wildcard bind is reached through loopback; IPv6 literals need brackets in a URL.
  const shown = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host;
  url = `http://${shown}:${port}`;
  return sim;
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
