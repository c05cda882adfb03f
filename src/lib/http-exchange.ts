/**
 * The one outbound HTTP exchange over node:http/https, shared by the webhook sender and the carrier
 * transport (undici is not a dependency and was no faster in bench:webhooks). What it guarantees,
 * whatever the other side does:
 *
 * - one total deadline (connect + send + whole response), never longer than `timeoutMs`;
 * - the caller's AbortSignal ends the exchange at once;
 * - at most `readMaxBytes` of the response are read; past that the socket is dropped, and the
 *   exchange fails (`too_large`) or answers with what it kept (`oversize: 'answer'`);
 * - at most `keepMaxBytes` of what is read are kept;
 * - redirects are not followed (node:http never does): a 3xx is an answer like any other;
 * - it settles exactly once, and never rejects: the result says what happened.
 *
 * Callers choose what a failure after the status line means (`afterStatus`): `'fail'` (the carrier
 * transport: half an answer is no answer) or `'answer'` (webhooks: the receiver's status is what
 * counts, the body is only logged).
 */
import http from 'node:http';
import https from 'node:https';

export interface ExchangeOptions {
  /** Everything node:http needs (protocol, hostname, port, path, method, agent, lookup), headers as a record. */
  readonly request: Omit<https.RequestOptions, 'headers'> & { readonly headers: Readonly<Record<string, string>> };
  readonly body?: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  readonly readMaxBytes: number;
  /** Bytes kept of the body (default: all that is read). */
  readonly keepMaxBytes?: number;
  /** Over readMaxBytes: fail with `too_large` (default) or answer with what was kept. */
  readonly oversize?: 'fail' | 'answer';
  /** A timeout or broken body after the status arrived: fail (default) or answer with what was kept. */
  readonly afterStatus?: 'fail' | 'answer';
}

export interface ExchangeAnswer {
  readonly ok: true;
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

/**
 * timeout: the deadline passed; connection: refused, reset, DNS, broken answer (`code` from Node,
 * e.g. ECONNREFUSED, or the lookup's own, e.g. ERR_SSRF_BLOCKED); aborted: the caller's signal;
 * too_large: the answer exceeded readMaxBytes.
 */
export interface ExchangeFailure {
  readonly ok: false;
  readonly kind: 'timeout' | 'connection' | 'aborted' | 'too_large';
  /** Node's error code (ECONNREFUSED, ETIMEDOUT, ERR_SSRF_BLOCKED…), or ours for our own limits. */
  readonly code: string;
  /** What happened, without method or URL (callers say what they sent; URLs may carry credentials). */
  readonly detail: string;
  /** Whether the status line had arrived (a broken body rather than no answer). */
  readonly midAnswer: boolean;
}

export type ExchangeResult = ExchangeAnswer | ExchangeFailure;

export function exchange(opts: ExchangeOptions): Promise<ExchangeResult> {
  const fail = (kind: ExchangeFailure['kind'], code: string, detail: string, midAnswer = false): ExchangeFailure => ({
    ok: false,
    kind,
    code,
    detail,
    midAnswer,
  });
  if (opts.signal?.aborted) return Promise.resolve(fail('aborted', 'ABORT_ERR', 'aborted before sending'));
  const keepMax = opts.keepMaxBytes ?? opts.readMaxBytes;
  const mod = opts.request.protocol === 'https:' ? https : http;

  return new Promise<ExchangeResult>((resolve) => {
    let settled = false;
    let answered: { status: number; headers: http.IncomingHttpHeaders } | null = null;
    const kept: Buffer[] = [];
    let keptBytes = 0;
    let readBytes = 0;
    const answer = (): ExchangeAnswer => ({ ok: true, status: answered!.status, headers: answered!.headers, body: Buffer.concat(kept) });

    const settle = (r: ExchangeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      resolve(r);
      // Dropping the socket is the only way to stop a half-read answer; the agent opens a new one.
      if (!r.ok || readBytes > opts.readMaxBytes) req.destroy();
    };
    /** A failure; after the status line, an answer instead when the caller prefers it. */
    const failOrAnswer = (f: ExchangeFailure) =>
      settle(answered && opts.afterStatus === 'answer' ? answer() : { ...f, midAnswer: answered !== null });

    const headers: http.OutgoingHttpHeaders = { ...opts.request.headers };
    if (opts.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(opts.body));
    const req = mod.request({ ...opts.request, headers });
    const timer = setTimeout(() => failOrAnswer(fail('timeout', 'ETIMEDOUT', `no complete answer within ${opts.timeoutMs} ms`)), opts.timeoutMs);
    const onAbort = () => failOrAnswer(fail('aborted', 'ABORT_ERR', 'aborted'));
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    req.on('response', (res) => {
      answered = { status: res.statusCode ?? 0, headers: res.headers };
      res.on('data', (chunk: Buffer) => {
        if (settled) return;
        readBytes += chunk.length;
        if (keptBytes < keepMax) {
          const piece = chunk.subarray(0, keepMax - keptBytes);
          kept.push(piece);
          keptBytes += piece.length;
        }
        if (readBytes > opts.readMaxBytes) {
          if (opts.oversize === 'answer') settle(answer());
          else settle(fail('too_large', 'ERR_TOO_LARGE', `answer larger than ${opts.readMaxBytes} bytes`, true));
        }
      });
      res.on('end', () => settle(answer()));
      res.on('error', (err: NodeJS.ErrnoException) =>
        failOrAnswer(fail('connection', err.code ?? 'ERR_NETWORK', `answer interrupted (${err.code ?? err.message})`)),
      );
      res.on('close', () => {
        if (!res.complete) failOrAnswer(fail('connection', 'ECONNRESET', 'connection closed mid-answer'));
      });
    });
    req.on('error', (err: NodeJS.ErrnoException) => failOrAnswer(fail('connection', err.code ?? 'ERR_NETWORK', err.message)));
    req.end(opts.body);
  });
}
