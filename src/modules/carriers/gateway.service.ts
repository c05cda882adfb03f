/**
 * The 3PL gateway's tracking (the seed's evm-3pl-client-gateway + aggregator): one AWB → the carrier's
 * unified tracking, through a short cache that protects carriers from repeated calls. Concurrent
 * misses for one AWB share one carrier call. Tenant isolation: an AWB that belongs to another
 * company's shipment in the hub is answered as not found.
 */
import { LRUCache } from 'lru-cache';
import type { Database } from '../../db/client.js';
import { AppError, appError } from '../../errors.js';
import { CarrierError, type CarrierAdapter } from '../../carriers/adapter.js';
import { isValidAwb } from '../../carriers/awb.js';
import { awbOwners } from '../shipments/carrier-tracking.service.js';
import { CARRIER_CODES, type CarrierCode } from '../../carriers/carriers.js';
import type { UnifiedTracking } from '../../carriers/model.js';
import { detectCarrier } from '../../carriers/awb.js';

export interface CarrierRegistryLike {
  get(code: CarrierCode): CarrierAdapter;
}

export interface GatewayResult {
  tracking: UnifiedTracking;
  /** When the carrier was asked (a cache hit returns the original time). */
  fetchedAt: number;
  cached: boolean;
}

interface Entry {
  tracking: UnifiedTracking;
  fetchedAt: number;
  /** Companies whose shipment this AWB is; empty = not a hub shipment (any caller may track it). */
  owners: string[];
  ownersCheckedAt: number;
}

/**
 * How stale "this AWB is nobody's shipment" may get in the cache. A shipment's owners never change once
 * it exists; an AWB that was nobody's may become a company's shipment, so a cached "nobody" is looked
 * up again after this long (at most one SELECT per AWB per second, not one per request).
 */
const OWNERS_RECHECK_MS = 1000;

export function resolveCarrier(awb: string, courier: string | undefined): CarrierCode {
  if (!isValidAwb(awb)) throw appError('INVALID_AWB', awb.slice(0, 60));
  if (courier !== undefined) return courier as CarrierCode; // the route's schema restricts it to CARRIER_CODES
  const detected = detectCarrier(awb);
  if (!detected) throw appError('COURIER_REQUIRED', awb);
  return detected;
}

/** CarrierError → the API error (status and code registered in errors.ts). */
export function toApiError(err: unknown): unknown {
  if (!(err instanceof CarrierError)) return err;
  const retry = err.retryAfterSeconds !== undefined ? { 'retry-after': String(Math.max(1, Math.ceil(err.retryAfterSeconds))) } : undefined;
  switch (err.code) {
    case 'CARRIER_AWB_NOT_FOUND':
      return new AppError(err.code, [err.carrier, err.message]);
    case 'CARRIER_CIRCUIT_OPEN':
    case 'CARRIER_RATE_LIMITED':
      return new AppError(err.code, [err.carrier, err.retryAfterSeconds !== undefined ? Math.ceil(err.retryAfterSeconds) : 1], undefined, retry);
    case 'CARRIER_UNAVAILABLE':
    case 'CARRIER_BAD_RESPONSE':
      return new AppError(err.code, [err.carrier, err.message]);
    default:
      return new AppError(err.code, [err.carrier]);
  }
}

export function createGateway(deps: { database: Database; registry: CarrierRegistryLike; cacheSeconds: number; maxEntries?: number }) {
  const { database, registry } = deps;
  const ttl = deps.cacheSeconds * 1000;
  const cache = ttl > 0 ? new LRUCache<string, Entry>({ max: deps.maxEntries ?? 20_000, ttl }) : undefined;
  const inflight = new Map<string, Promise<Entry>>();

  async function fetchEntry(carrier: CarrierCode, awb: string): Promise<Entry> {
    const [tracking, owners] = await Promise.all([registry.get(carrier).track(awb), awbOwners(database, carrier, awb)]);
    const now = Date.now();
    const entry = { tracking, fetchedAt: now, owners, ownersCheckedAt: now };
    cache?.set(`${carrier}:${awb}`, entry);
    return entry;
  }

  return {
    /**
     * Tracks at the carrier (or the cache). `companyId` is the caller; `fresh` skips the cache (the
     * refresh schedule and CMS "Lacak" want the carrier's latest) but still refills it.
     */
    async track(carrier: CarrierCode, awb: string, companyId: string | null, opts: { fresh?: boolean } = {}): Promise<GatewayResult> {
      const key = `${carrier}:${awb}`;
      let entry = opts.fresh ? undefined : cache?.get(key);
      const cached = entry !== undefined;
      if (!entry) {
        let p = inflight.get(key);
        if (!p) {
          p = fetchEntry(carrier, awb).finally(() => inflight.delete(key));
          inflight.set(key, p);
        }
        try {
          entry = await p;
        } catch (err) {
          throw toApiError(err);
        }
      }
      let owners = entry.owners;
      if (cached && owners.length === 0 && companyId !== null && Date.now() - entry.ownersCheckedAt >= OWNERS_RECHECK_MS) {
        owners = await awbOwners(database, carrier, awb);
        entry.owners = owners;
        entry.ownersCheckedAt = Date.now();
      }
      if (companyId !== null && owners.length > 0 && !owners.includes(companyId)) {
        throw appError('CARRIER_AWB_NOT_FOUND', carrier, awb);
      }
      return { tracking: entry.tracking, fetchedAt: entry.fetchedAt, cached };
    },
    /** Drops a cached answer (a callback just changed what the carrier would say). */
    invalidate(carrier: CarrierCode, awb: string): void {
      cache?.delete(`${carrier}:${awb}`);
    },
    carriers: CARRIER_CODES,
  };
}

export type Gateway = ReturnType<typeof createGateway>;
