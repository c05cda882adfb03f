/**
 * One HTTP exchange with one carrier over node:http/https (the house choice, see
 * webhooks/http-sender.ts: undici is not a dependency and was no faster there). Guarantees:
 *
 * - one keep-alive agent per carrier with a bounded number of sockets, so a slow carrier cannot
 *   open connections without limit;
 * - one total deadline per attempt (connect + send + whole response), never longer than `timeoutMs`;
 * - the caller's AbortSignal ends the exchange at once;
 * - at most `maxBodyBytes` of the response are read (a bigger answer is dropped, not buffered);
 * - redirects are not followed (the caller treats a 3xx as an answer it cannot use).
 *
 * Errors are TransportError with a kind the retry layer understands. Messages name the method and
 * path only: queries and headers carry credentials (ID Express's appId/sign, SiCepat's api-key).
 */
import http from 'node:http';
import https from 'node:https';

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
  const agentOpts = { keepAlive: true, maxSockets: opts.maxSockets, maxFreeSockets: opts.maxSockets, scheduling: 'lifo' as const, timeout: IDLE_SOCKET_MS };
  const agent = isHttps ? new https.Agent(agentOpts) : new http.Agent(agentOpts);
  const hostname = base.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = base.port === '' ? undefined : Number(base.port);

  function send(req: OutboundRequest, signal?: AbortSignal): Promise<HttpAnswer> {
    const what = `${req.method} ${req.path.split('?')[0]}`;
    if (signal?.aborted) return Promise.reject(new TransportError('aborted', `${what}: aborted before sending`));
    return new Promise<HttpAnswer>((resolve, reject) => {
      let settled = false;
      const settle = (err: TransportError | null, answer?: HttpAnswer) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (err) {
          reject(err);
          // Dropping the socket is the only way to stop a half-read answer; the agent opens a new one.
          r.destroy();
        } else resolve(answer!);
      };
      const headers: Record<string, string> = { ...req.headers, 'User-Agent': USER_AGENT };
      if (req.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(req.body));
      const r = (isHttps ? https : http).request({ protocol: base.protocol, hostname, port, path: `${prefix}${req.path}`, method: req.method, agent, headers });
      const timer = setTimeout(() => settle(new TransportError('timeout', `${what}: no complete answer within ${opts.timeoutMs} ms`)), opts.timeoutMs);
      const onAbort = () => settle(new TransportError('aborted', `${what}: aborted`));
      signal?.addEventListener('abort', onAbort, { once: true });

      r.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBody) settle(new TransportError('too_large', `${what}: answer larger than ${maxBody} bytes`));
          else chunks.push(chunk);
        });
        res.on('end', () => settle(null, { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', (err: NodeJS.ErrnoException) => settle(new TransportError('connection', `${what}: answer interrupted (${err.code ?? err.message})`)));
        res.on('close', () => {
          if (!res.complete) settle(new TransportError('connection', `${what}: connection closed mid-answer`));
        });
      });
      r.on('error', (err: NodeJS.ErrnoException) => settle(new TransportError('connection', `${what}: ${err.code ?? 'ERR_NETWORK'} ${err.message}`)));
      r.end(req.body);
    });
  }

  return { send, close: () => agent.destroy() };
}
