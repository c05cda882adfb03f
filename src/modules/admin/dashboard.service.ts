/**
 * What the admin dashboard shows that no other admin route answers: the overview cards (seed phase
 * 8.2: connected companies, active shipments, system health, revenue), a company's analytics, and the
 * carriers' traffic. Every figure is computed here, from the database: the page only displays them.
 */
import type { CarrierRegistry } from '../../carriers/registry.js';
import { CARRIERS } from '../../carriers/carriers.js';
import type { Database } from '../../db/client.js';
import { appError } from '../../errors.js';
import type { BalanceService } from '../balance/balance.service.js';
import * as repo from './dashboard.repo.js';

/** The overview is shared by every open dashboard stream: computed at most once per this many ms. */
const OVERVIEW_CACHE_MS = 2000;
const CIRCUIT_STALE_SECONDS = 30;
/** The carrier-facing routes whose traffic the Carriers tab shows. */
export const CARRIER_ROUTES = {
  gateway: 'GET /v1/tracking/:awb',
  cms: 'GET /v2/public/shipment/tracking/:trackingNumber',
  callbacks: 'POST /callbacks/jne',
} as const;

const rate = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);

export function createDashboardService(deps: { database: Database; balance: Pick<BalanceService, 'status'>; registry: CarrierRegistry }) {
  const pool = deps.database.pool;
  let cached: { at: number; value: Promise<Overview> } | undefined;

  async function computeOverview() {
    const [counts, status] = await Promise.all([repo.overviewCounts(pool), deps.balance.status()]);
    return {
      connectedCompanies: counts.connected_companies,
      companies: counts.companies,
      activeShipments: counts.active_shipments,
      pendingShipments: counts.pending_unassigned,
      openAlerts: counts.open_alerts,
      systemHealth: status.systemHealth,
      revenue: status.revenue.total,
      at: new Date().toISOString(),
    };
  }
  type Overview = Awaited<ReturnType<typeof computeOverview>>;

  return {
    overview(): Promise<Overview> {
      const now = Date.now();
      if (!cached || now - cached.at > OVERVIEW_CACHE_MS) {
        const value = computeOverview();
        cached = { at: now, value };
        // A failed computation is not kept: the next caller tries again.
        value.catch(() => {
          if (cached?.value === value) cached = undefined;
        });
      }
      return cached.value;
    },

    async analytics(companyId: string, days: number) {
      if (!(await repo.companyExists(pool, companyId))) throw appError('COMPANY_NOT_FOUND', companyId);
      const [volume, r] = await Promise.all([repo.volumeByDay(pool, companyId, days), repo.rates(pool, companyId, days)]);
      return {
        companyId,
        days,
        volume,
        onTime: { delivered: r.delivered, onTime: r.on_time, rate: rate(r.on_time, r.delivered) },
        webhooks: { attempts: r.attempts, succeeded: r.successful_attempts, rate: rate(r.successful_attempts, r.attempts) },
      };
    },

    async carriers() {
      const [activity, traffic] = await Promise.all([
        repo.carrierActivity(pool, CIRCUIT_STALE_SECONDS),
        repo.routeTraffic(
          pool,
          Object.values(CARRIER_ROUTES).map((r) => r.split(' ')[1]!),
        ),
      ]);
      const here = new Map(deps.registry.circuits().map((c) => [c.carrier as string, c.state]));
      const byCarrier = new Map(activity.map((a) => [a.carrier, a]));
      const trafficOf = (key: keyof typeof CARRIER_ROUTES) => {
        const t = traffic.find((x) => x.route === CARRIER_ROUTES[key].split(' ')[1]);
        return { requests: t?.requests ?? 0, errors: t?.errors ?? 0 };
      };
      return {
        window: '24h' as const,
        traffic: { gateway: trafficOf('gateway'), cms: trafficOf('cms'), callbacks: trafficOf('callbacks') },
        carriers: deps.registry.all().map((adapter) => {
          const a = byCarrier.get(adapter.code);
          const state = here.get(adapter.code) ?? ((a?.open_processes ?? 0) > 0 ? 'open' : 'closed');
          return {
            code: adapter.code,
            name: CARRIERS[adapter.code].displayName,
            configured: adapter.configured,
            pushesCallbacks: adapter.callbacks,
            circuit: state as 'closed' | 'open' | 'half_open',
            processesWithOpenCircuit: a?.open_processes ?? 0,
            activeShipments: a?.active_shipments ?? 0,
            callbacks: { accepted: a?.accepted ?? 0, rejected: a?.rejected ?? 0, duplicates: a?.duplicates ?? 0, dead: a?.dead ?? 0 },
          };
        }),
      };
    },
  };
}

export type DashboardService = ReturnType<typeof createDashboardService>;
