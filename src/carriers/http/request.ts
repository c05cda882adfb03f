/**
 * One HTTP exchange with one carrier: a thin caller of the shared exchange (src/lib/http-exchange.ts:
 * one total deadline per attempt, the caller's AbortSignal, the body cap, no redirects), plus
 * one keep-alive agent per carrier with a bounded number of sockets, so a slow carrier cannot open
 * connections without limit. An answer above `maxBodyBytes` is dropped, not buffered; half an answer
 * (timeout or broken connection after the status) is no answer.
 *
 * Errors are TransportError with a kind the retry layer understands. Messages name the method and
 * path only: queries and headers carry credentials (ID Express's appId/sign, SiCepat's api-key).
 */
import http from 'node:http';
import https from 'node:https';
import { exchange } from '../../lib/http-exchange.js';

export const USER_AGENT = 'FastForward-CarrierGateway/1.0';
export const DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024;
/** Idle keep-alive sockets are dropped before the common 5 s server keep-alive timeout, to avoid reusing a closing socket. */
const IDLE_SOCKET_MS = 4_000;

export interface OutboundRequest {
  readonly method: 'GET' | 'POST';
  /** Path and query, already encoded, appended to the base URL's own path. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

/**
 * timeout: the deadline passed; connection: refused, reset, DNS, broken response;
 * aborted: the caller's signal; too_large: the answer exceeded the size cap.
 */
export type TransportFailure = 'timeout' | 'connection' | 'aborted' | 'too_large';

export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    readonly kind: TransportFailure,
    message: string,
  ) {
    super(message);
  }
}

export interface TransportOptions {
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly maxSockets: number;
  readonly maxBodyBytes?: number;
}

export interface Transport {
  send(req: OutboundRequest, signal?: AbortSignal): Promise<HttpAnswer>;
  close(): void;
}

export function createTransport(opts: TransportOptions): Transport {
  const base = new URL(opts.baseUrl);
  const isHttps = base.protocol === 'https:';
  const prefix = base.pathname.replace(/\/+$/, '');
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const agentOpts = {
    keepAlive: true,
    maxSockets: opts.maxSockets,
    maxFreeSockets: opts.maxSockets,
    scheduling: 'lifo' as const,
    timeout: IDLE_SOCKET_MS,
  };
  const agent = isHttps ? new https.Agent(agentOpts) : new http.Agent(agentOpts);
  const hostname = base.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = base.port === '' ? undefined : Number(base.port);

  async function send(req: OutboundRequest, signal?: AbortSignal): Promise<HttpAnswer> {
    const what = `${req.method} ${req.path.split('?')[0]}`;
    const r = await exchange({
      request: {
        protocol: base.protocol,
        hostname,
        port,
        path: `${prefix}${req.path}`,
        method: req.method,
        agent,
        headers: { ...req.headers, 'User-Agent': USER_AGENT },
      },
      body: req.body,
      timeoutMs: opts.timeoutMs,
      signal,
      readMaxBytes: maxBody,
    });
    if (r.ok) return { status: r.status, headers: r.headers, body: r.body };
    // Same texts as ever: `what` names method and path only (queries and headers carry credentials).
    const detail = r.kind === 'connection' && !r.midAnswer ? `${r.code} ${r.detail}` : r.detail;
    throw new TransportError(r.kind, `${what}: ${detail}`);
  }

  return { send, close: () => agent.destroy() };
}
