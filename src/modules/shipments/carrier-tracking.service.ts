/**
 * The shipments module's service for carrier shipments: the one way the carrier application (callback
 * consumer, refresh schedule, gateway, CMS tracking) reads or writes shipment rows.
 *
 * Applies a carrier's tracking to the hub's shipment with that AWB, in one transaction: new carrier
 * events, the merged status, the POD, the domain events (`shipment.updated` / `shipment.delivered`,
 * `pod.received`, which fan out to webhooks), and the capacity release on a final status. Used by the
 * callback consumer, the refresh schedule and CMS tracking. Idempotent: applying the same tracking
 * twice changes nothing the second time.
 */
import type { Logger } from 'pino';
import type { CarrierCode } from '../../carriers/carriers.js';
import type { UnifiedTracking } from '../../carriers/model.js';
import { podOf } from '../../carriers/pod.js';
import { createUnmappedReporter, type UnmappedReporter } from '../../carriers/unmapped.js';
import type { Database } from '../../db/client.js';
import { withTransaction, type Tx } from '../../db/tx.js';
import { recordEvent } from '../events/events.js';
import * as repo from './carrier-shipments.repo.js';
import { eventRows, lastLocation, planStatus } from './carrier-tracking.js';
import { usageDelta } from './load.js';
import { applyUsage } from './shipments.repo.js';
import { eventTypeFor } from './status.js';

export type { CmsOrder } from './carrier-shipments.repo.js';

export interface AppliedShipment {
  shipmentId: string;
  previousStatus: string;
  status: string;
  newEvents: number;
  podReceived: boolean;
}

/** One entry per hub shipment of the AWB (several companies may track one AWB; none: nobody has registered it yet). */
export interface ApplyResult {
  shipments: AppliedShipment[];
}

/**
 * `reportUnmapped`: the reporter shared with the carrier registry, so a code met by a gateway call and
 * then applied warns once (see src/carriers/unmapped.ts); a callback's codes are reported here.
 */
export function createTrackingApplier(deps: { database: Database; log: Logger; reportUnmapped?: UnmappedReporter }) {
  const { database, log } = deps;
  const reportUnmapped = deps.reportUnmapped ?? createUnmappedReporter(log);

  /** Applies the tracking to one locked shipment; the caller's transaction. */
  async function applyTo(tx: Tx, s: repo.CarrierShipment, t: UnifiedTracking, opts: { updateStatus: boolean }): Promise<AppliedShipment> {
    const newEvents = await repo.insertCarrierEvents(tx.client, s.id, s.company_id, eventRows(t.events));
    const plan = opts.updateStatus ? planStatus(s.status, t.status) : { next: s.status, changed: false, released: false };
    const location = lastLocation(t.events);
    await repo.updateCarrierShipment(tx.client, {
      id: s.id,
      status: plan.next,
      location,
      rawStatus: t.rawStatus.slice(0, 500),
      touch: newEvents > 0 || plan.changed,
    });
    // The load rule's counters follow the hub's statuses (failed is final there), not the carrier's
    // notion of final: a carrier's failed attempt releases the load, a redelivery takes it back.
    if (plan.changed) await applyUsage(tx.client, s.id, usageDelta(s.status, plan.next));
    const companyIds = s.assigned_company_id ? [s.company_id, s.assigned_company_id] : [s.company_id];
    const base = { shipmentId: s.id, trackingNumber: s.tracking_number, carrier: t.carrier, awb: t.awb };
    if (plan.changed) {
      await recordEvent(tx, {
        type: eventTypeFor(plan.next as Parameters<typeof eventTypeFor>[0]),
        companyIds,
        shipmentId: s.id,
        data: { ...base, previousStatus: s.status, currentStatus: plan.next, location: location ?? s.current_location, rawStatus: t.rawStatus },
      });
    }
    // The POD may have been saved by the callback's acknowledgement already: announce it once per shipment, here.
    const announced = await repo.claimPodNotification(tx.client, t.carrier, t.awb, s.id);
    if (announced) {
      await recordEvent(tx, {
        type: 'pod.received',
        companyIds,
        shipmentId: s.id,
        data: {
          ...base,
          podReceiverName: announced.receiver_name,
          image_url: announced.image_url,
          deliveredAt: announced.delivered_at?.toISOString() ?? null,
        },
      });
    }
    return { shipmentId: s.id, previousStatus: s.status, status: plan.next, newEvents, podReceived: announced !== undefined };
  }

  return async function applyTracking(t: UnifiedTracking, opts: { updateStatus: boolean }): Promise<ApplyResult> {
    reportUnmapped(t);
    return withTransaction(database, async (tx) => {
      // Every company that registered this AWB gets the update, each on its own shipment (locked in id order).
      const all = await repo.lockCarrierShipments(tx.client, t.carrier, t.awb);
      const pod = podOf(t);
      if (pod) {
        await repo.fillPod(tx.client, { carrier: t.carrier, awb: t.awb, shipmentId: all[0]?.id ?? null, ...pod });
      }
      const shipments: AppliedShipment[] = [];
      for (const s of all) shipments.push(await applyTo(tx, s, t, opts));
      return { shipments };
    });
  };
}

export type TrackingApplier = ReturnType<typeof createTrackingApplier>;

/** The companies that track this carrier AWB in the hub, if any (the gateway hides other tenants' AWBs). */
export function awbOwners(database: Database, carrier: CarrierCode, awb: string): Promise<string[]> {
  return repo.awbOwners(database.pool, carrier, awb);
}

/** Active shipments of a carrier not checked for `olderThanSeconds`, least recently checked first; one entry per AWB. */
export function refreshCandidates(database: Database, carrier: CarrierCode, olderThanSeconds: number, limit: number): Promise<string[]> {
  return repo.refreshCandidates(database.pool, carrier, olderThanSeconds, limit);
}

/** Stamps the check time of the AWB's shipments without other changes (a failed refresh must not be retried in a hot loop). */
export function touchChecked(database: Database, carrier: CarrierCode, awb: string): Promise<void> {
  return repo.touchChecked(database.pool, carrier, awb);
}

/** The caller's order by tracking number or carrier AWB, with its POD row. */
export function findCarrierOrder(database: Database, trackingNumber: string, companyId: string): Promise<repo.CmsOrder | undefined> {
  return repo.findCmsOrder(database.pool, trackingNumber, companyId);
}

export type { FillPodInput } from './carrier-shipments.repo.js';

/** Saves many rows' POD values by the same rules, in the caller's transaction (the POD backfill's flush). */
export function fillPods(tx: Tx, rows: repo.FillPodInput[]): Promise<void> {
  return repo.fillPods(tx.client, rows);
}

/** Saves POD values into the row's empty fields; never overwrites a non-empty value (see repo.fillPod). */
export function fillPod(database: Database, p: repo.FillPodInput): Promise<{ receiverName: string | null } | undefined> {
  return repo.fillPod(database.pool, p);
}
