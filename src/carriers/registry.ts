/**
 * One CarrierAdapter per carrier, built from the settings: the carrier's client
 * (request + mapper) behind its own resilient caller (rate limit, breaker, retries, keep-alive
 * agent). A carrier with a missing credential is still listed, `configured: false`, and refuses
 * every call with CARRIER_NOT_CONFIGURED before any HTTP.
 *
 * Event codes missing from a carrier's status table are reported to the unmapped-code reporter
 * (unmapped.ts), once per (carrier, code) for every path that shares it.
 */
import type { Logger } from 'pino';
import { CarrierError, type CarrierAdapter } from './adapter.js';
import { isValidAwb } from './awb.js';
import { interpretAnswer, type CarrierClient } from './http/carrier-client.js';
import { ResilientCaller, type CarrierObserver } from './http/resilience.js';
import { CARRIER_CODES, CARRIERS, type CarrierCode } from './carriers.js';
import { CREDENTIAL_KEYS, type CarriersConfig, type CarrierSettings } from './settings.js';
import { createUnmappedReporter, type UnmappedReporter } from './unmapped.js';

export const CARRIER_CLIENTS: Readonly<Record<CarrierCode, CarrierClient>> = Object.fromEntries(
  CARRIER_CODES.map((c) => [c, CARRIERS[c].client]),
) as Record<CarrierCode, CarrierClient>;

/** How long a gateway call waits for an outbound token by default (the background refresh passes more). */
export const DEFAULT_GATEWAY_MAX_WAIT_MS = 1000;

export interface RegistryOptions {
  readonly gatewayMaxWaitMs?: number;
  /** Sockets kept per carrier (default 32): the most concurrent requests to one carrier. */
  readonly maxSocketsPerCarrier?: number;
  readonly maxBodyBytes?: number;
  /** Backoff knobs, for tests; defaults 200 ms base, 2 s cap. */
  readonly backoffBaseMs?: number;
  readonly backoffCapMs?: number;
  /** Where unmapped event codes are reported; the hub passes the one it shares with the tracking applier. */
  readonly reportUnmapped?: UnmappedReporter;
  /** Told every attempt, failed call and breaker change (the hub's metrics). */
  readonly observer?: CarrierObserver;
}

export interface CarrierRegistry {
  get(code: CarrierCode): CarrierAdapter;
  all(): CarrierAdapter[];
  /** The carriers whose breaker is not closed in this process, and when it opened. */
  circuits(): Array<{ carrier: CarrierCode; state: 'open' | 'half_open'; openedAt: Date }>;
  close(): void;
}

export function isConfigured(s: CarrierSettings): boolean {
  return CREDENTIAL_KEYS[s.code].every((k) => (s.credentials[k] ?? '') !== '');
}

export function createCarrierRegistry(cfg: CarriersConfig, log: Logger, opts: RegistryOptions = {}): CarrierRegistry {
  const defaultWait = opts.gatewayMaxWaitMs ?? DEFAULT_GATEWAY_MAX_WAIT_MS;
  const reportUnmapped = opts.reportUnmapped ?? createUnmappedReporter(log);
  const callers: Array<{ code: CarrierCode; caller: ResilientCaller }> = [];

  function build(code: CarrierCode): CarrierAdapter {
    const settings = cfg.carriers[code];
    const client = CARRIER_CLIENTS[code];
    const configured = isConfigured(settings);
    const caller = configured
      ? new ResilientCaller({
          carrier: code,
          baseUrl: settings.baseUrl,
          timeoutMs: cfg.timeoutMs,
          retries: cfg.retries,
          ratePerSecond: settings.ratePerSecond,
          breakerResetMs: cfg.breakerResetSeconds * 1000,
          maxSockets: opts.maxSocketsPerCarrier,
          maxBodyBytes: opts.maxBodyBytes,
          backoffBaseMs: opts.backoffBaseMs,
          backoffCapMs: opts.backoffCapMs,
          log,
          observer: opts.observer,
        })
      : null;
    if (caller) callers.push({ code, caller });
    return {
      code,
      callbacks: settings.callbacks,
      configured,
      async track(awb, o = {}) {
        if (!caller) throw new CarrierError(code, 'CARRIER_NOT_CONFIGURED', `${code}: base URL or credentials are not set`);
        // The gateway answers 400 first; this keeps anything else out of a carrier URL whoever calls.
        if (!isValidAwb(awb)) throw new CarrierError(code, 'CARRIER_AWB_NOT_FOUND', `${code}: "${awb.slice(0, 60)}" is not an AWB`);
        try {
          const answer = await caller.send(client.request(settings, awb), { signal: o.signal, maxWaitMs: o.maxWaitMs ?? defaultWait });
          const tracking = interpretAnswer(client, answer);
          reportUnmapped(tracking);
          return tracking;
        } catch (err) {
          if (err instanceof CarrierError) opts.observer?.failure(code, err.code);
          throw err;
        }
      },
    };
  }

  const adapters = Object.fromEntries(CARRIER_CODES.map((c) => [c, build(c)])) as Record<CarrierCode, CarrierAdapter>;
  return {
    get: (code) => adapters[code],
    all: () => CARRIER_CODES.map((c) => adapters[c]),
    circuits() {
      const out: ReturnType<CarrierRegistry['circuits']> = [];
      for (const { code, caller } of callers) {
        const state = caller.breakerState;
        if (state !== 'closed') out.push({ carrier: code, state, openedAt: new Date(caller.breakerOpenedAt) });
      }
      return out;
    },
    close() {
      for (const c of callers) c.caller.close();
    },
  };
}
