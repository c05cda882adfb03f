/**
 * One webhook POST: a thin caller of the shared exchange (src/lib/http-exchange.ts: one total
 * deadline, no redirects — a 3xx is just a failed attempt —, the body cap), whose `lookup` option sees
 * every address the socket dials. Guarantees, whatever the receiver does:
 *
 * - the address actually connected to is allowed (`safeLookup` for names; literal IPs are checked
 *   here because Node skips `lookup` for them);
 * - one total deadline (connect + send + response), never longer than `timeoutMs`;
 * - at most 4 KB of the response is kept; reading stops at 64 KB (the socket is then dropped);
 * - once the status arrived, it is the outcome: a slow or broken body does not turn it into a
 *   network error.
 *
 * Keep-alive agents per origin (bounded, least recently used evicted) keep connections warm.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { exchange } from '../../lib/http-exchange.js';
import { storableText } from '../../lib/storable.js';
import { performance } from 'node:perf_hooks';
import type { AttemptOutcome } from './schedule.js';
import { truncateBody } from './schedule.js';
import { classifyAddress, isAllowedAddress, safeLookup, SsrfBlockedError } from './ssrf.js';

export const RESPONSE_BODY_MAX_BYTES = 4096;
const RESPONSE_READ_MAX_BYTES = 64 * 1024;
export const USER_AGENT = 'FastForward-Webhooks/1.0';

export interface SendResult {
  outcome: AttemptOutcome;
  /** Null when no response arrived. */
  statusCode: number | null;
  responseBody: string | null;
  /** Why no response arrived (connection refused, timeout, blocked address…), for the log. */
  error: string | null;
  durationMs: number;
}

export interface Sender {
  send(url: string, headers: Record<string, string>, body: string): Promise<SendResult>;
  close(): void;
}

export interface SenderOptions {
  allowPrivate: boolean;
  timeoutMs: number;
  /** Connections kept per origin: the dispatcher's concurrency is a sensible value. */
  maxSocketsPerOrigin: number;
  maxOrigins?: number;
}

export function createSender(opts: SenderOptions): Sender {
  const lookup = safeLookup(opts.allowPrivate);
  const maxOrigins = opts.maxOrigins ?? 500;
  const agents = new Map<string, http.Agent>();

  function agentFor(u: URL): http.Agent {
    const origin = u.origin;
    let agent = agents.get(origin);
    if (agent) {
      agents.delete(origin); // re-insert: the Map's order is the recency order
    } else {
      const o = {
        keepAlive: true,
        maxSockets: opts.maxSocketsPerOrigin,
        maxFreeSockets: opts.maxSocketsPerOrigin,
        scheduling: 'lifo' as const,
        timeout: opts.timeoutMs,
      };
      agent = u.protocol === 'https:' ? new https.Agent(o) : new http.Agent(o);
      if (agents.size >= maxOrigins) {
        const [oldest, old] = agents.entries().next().value as [string, http.Agent];
        agents.delete(oldest);
        old.destroy();
      }
    }
    agents.set(origin, agent);
    return agent;
  }

  // Parsed and checked once per URL string (endpoints are few, messages many); bounded like the agents.
  type Target = { u: URL; host: string } | { error: { code: string; message: string } };
  const targets = new Map<string, Target>();
  function targetOf(url: string): Target {
    let t = targets.get(url);
    if (t) return t;
    let u: URL | undefined;
    try {
      u = new URL(url);
    } catch {
      /* below */
    }
    const host = u?.hostname.replace(/^\[(.*)\]$/, '$1') ?? '';
    if (!u) t = { error: { code: 'ERR_INVALID_URL', message: 'stored URL is not valid' } };
    else if (u.protocol !== 'http:' && u.protocol !== 'https:')
      t = { error: { code: 'ERR_INVALID_URL', message: `scheme ${u.protocol} is not allowed` } };
    else if (net.isIP(host) !== 0 && !isAllowedAddress(host, { allowPrivate: opts.allowPrivate })) {
      const e = new SsrfBlockedError(host, host, classifyAddress(host));
      t = { error: { code: e.code, message: e.message } };
    } else t = { u, host };
    if (targets.size >= 10_000) targets.clear();
    targets.set(url, t);
    return t;
  }

  function send(url: string, headers: Record<string, string>, body: string): Promise<SendResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    // The log's error names the code too ("ERR_SSRF_BLOCKED: …"): partners search for it.
    const failed = (code: string, message: string): SendResult => ({
      outcome: { kind: 'error', code },
      statusCode: null,
      responseBody: null,
      error: storableText((message.includes(code) ? message : `${code}: ${message}`).slice(0, 1000)),
      durationMs: elapsed(),
    });

    const target = targetOf(url);
    if ('error' in target) return Promise.resolve(failed(target.error.code, target.error.message));
    const { u, host } = target;

    return exchange({
      request: {
        protocol: u.protocol,
        hostname: host,
        port: u.port === '' ? undefined : Number(u.port),
        path: `${u.pathname}${u.search}`,
        method: 'POST',
        agent: agentFor(u),
        lookup,
        headers: { ...headers, 'User-Agent': USER_AGENT },
      },
      body,
      timeoutMs: opts.timeoutMs,
      readMaxBytes: RESPONSE_READ_MAX_BYTES,
      // A little more than the limit, so truncateBody can cut at a character boundary.
      keepMaxBytes: RESPONSE_BODY_MAX_BYTES + 4,
      oversize: 'answer',
      afterStatus: 'answer',
    }).then((r): SendResult => {
      if (!r.ok) return failed(r.code, r.kind === 'timeout' ? `no complete response within ${opts.timeoutMs} ms` : r.detail);
      const retryAfter = typeof r.headers['retry-after'] === 'string' ? r.headers['retry-after'] : null;
      const text = r.body.toString('utf8');
      return {
        outcome: { kind: 'response', status: r.status, retryAfter },
        statusCode: r.status,
        responseBody: storableText(truncateBody(text, RESPONSE_BODY_MAX_BYTES)),
        error: null,
        durationMs: elapsed(),
      };
    });
  }

  return {
    send,
    close() {
      for (const a of agents.values()) a.destroy();
      agents.clear();
    },
  };
}
