/**
 * Refresh for carriers without callbacks, like the trackers of Karrio or AfterShip: every
 * minute, each such carrier's active shipments not checked for its interval
 * (CARRIER_<X>_REFRESH_MINUTES) are tracked again, least recently checked first, paced by the
 * carrier's outbound rate limit, and applied like a callback would be.
 */
import type { Logger } from 'pino';
import type { Database } from '../../db/client.js';
import { CarrierError } from '../../carriers/adapter.js';
import { refreshCandidates, touchChecked, type TrackingApplier } from '../shipments/carrier-tracking.service.js';
import { CARRIER_CODES, type CarrierCode } from '../../carriers/carriers.js';
import type { CarrierRegistry } from '../../carriers/registry.js';
import type { CarriersConfig } from '../../carriers/settings.js';

/** A pass takes what the carrier's rate allows in this much time, so passes do not pile up. */
const PASS_SECONDS = 45;
const CONCURRENCY = 4;

export interface RefreshReport {
  carrier: CarrierCode;
  due: number;
  applied: number;
  changed: number;
  failed: number;
}

export function createRefresher(deps: {
  database: Database;
  config: CarriersConfig;
  registry: CarrierRegistry;
  apply: TrackingApplier;
  log: Logger;
  onTracked?: (carrier: CarrierCode, awb: string) => void;
}) {
  const { database, config, registry, apply, log } = deps;

  async function refreshCarrier(code: CarrierCode): Promise<RefreshReport> {
    const s = config.carriers[code];
    const adapter = registry.get(code);
    const report: RefreshReport = { carrier: code, due: 0, applied: 0, changed: 0, failed: 0 };
    if (s.callbacks || !adapter.configured) return report;
    const limit = Math.max(1, Math.min(2000, Math.floor(s.ratePerSecond * PASS_SECONDS)));
    const awbs = await refreshCandidates(database, code, s.refreshSeconds, limit);
    report.due = awbs.length;
    let stop = false;
    let next = 0;
    const worker = async () => {
      while (!stop && next < awbs.length) {
        const awb = awbs[next++]!;
        try {
          // Wait for a token as long as the pass allows: the bucket paces the batch.
          const t = await adapter.track(awb, { maxWaitMs: PASS_SECONDS * 1000 });
          const r = await apply(t, { updateStatus: true });
          deps.onTracked?.(code, awb);
          report.applied++;
          report.changed += r.shipments.filter((x) => x.previousStatus !== x.status).length;
        } catch (err) {
          report.failed++;
          await touchChecked(database, code, awb).catch(() => {});
          if (
            err instanceof CarrierError &&
            (err.code === 'CARRIER_CIRCUIT_OPEN' || err.code === 'CARRIER_RATE_LIMITED' || err.code === 'CARRIER_AUTH_FAILED')
          ) {
            stop = true; // the rest of this pass would fail the same way
          }
          log.warn(
            { carrier: code, awb, code: err instanceof CarrierError ? err.code : undefined, err: (err as Error).message },
            'refresh: tracking failed',
          );
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, awbs.length) }, worker));
    return report;
  }

  return async function refreshAll(): Promise<RefreshReport[]> {
    const reports = await Promise.all(CARRIER_CODES.map(refreshCarrier));
    const busy = reports.filter((r) => r.due > 0);
    if (busy.length > 0) log.info({ reports: busy }, 'carrier refresh pass');
    return reports;
  };
}
