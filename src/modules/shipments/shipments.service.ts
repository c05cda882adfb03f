import type { Database } from '../../db/client.js';
import type { CarrierCode } from '../../carriers/model.js';
import { withTransaction, type Tx } from '../../db/tx.js';
import { AppError, appError } from '../../errors.js';
import { newId, randomString } from '../../lib/ids.js';
import { recordEvent } from '../events/events.js';
import { hasCapacity, quotaPeriod, secondsUntilNextPeriod } from '../partners/tiers.js';
import { KeyedBatcher } from '../../lib/keyed-batcher.js';
import { pagination } from '../../lib/page.js';
import { createShipments, type CreateResult } from './shipments.create-repo.js';
import { createdAnswer, createdView, generatedTrackingNumber, newShipmentRow, packageRows, TRACKING_SUFFIX_ALPHABET } from './new-shipment.js';
import * as assignRepo from './shipments.assign-repo.js';
import { companyMetrics } from '../balance/engine/metrics.js';
import { canTake, rankCompanies, scoreOf } from '../balance/engine/score.js';
import type { CompanyFacts } from '../balance/engine/types.js';
import { usageDelta } from './load.js';
import * as repo from './shipments.repo.js';
import type { CreateShipmentInput, ShipmentEventInput, ShipmentView, UpdateShipmentInput } from './shipments.schemas.js';
import { canTransition, eventTypeFor, isShipmentStatus, type ShipmentStatus } from './status.js';

/** The tracking view's row, as the shipments service answers it (the tracking module presents it). */
export type { TrackingRow } from './shipments.repo.js';

/** A shipment row as locked for a change: what the checks and the status change read. */
type LockedShipment = NonNullable<Awaited<ReturnType<typeof repo.lockForUpdate>>>;

/** Who assigns: an admin by hand, or the hub itself (the balance engine). Written to `activity_logs`. */
export interface AssignActor {
  type: 'admin' | 'system';
  id: string | null;
}

/** One assignment of a bulk assign; `activity` becomes the `details` of its `activity_logs` row. */
export interface AssignItem {
  shipmentId: string;
  companyId: string;
  activity: Record<string, unknown>;
}

export function createShipmentsService(deps: { database: Database }) {
  const { database } = deps;
  const pool = database.pool;

  // Group commit per company (see KeyedBatcher and createShipments): concurrent creates of one company
  // share one statement. A duplicate tracking number fails the whole statement, so that batch is
  // then retried row by row to tell which create is the duplicate.
  type Outcome = CreateResult | 'duplicate' | 'awb_taken';
  /** A unique violation that is the caller's fault: which one, or null for anything else. */
  const conflictOf = (err: unknown): 'duplicate' | 'awb_taken' | null =>
    repo.isUniqueViolation(err, 'shipments_tracking_number_uq')
      ? 'duplicate'
      : repo.isUniqueViolation(err, 'shipments_carrier_awb_uq')
        ? 'awb_taken'
        : null;
  const creates = new KeyedBatcher<repo.NewShipment, Outcome>(async (key, rows) => {
    const [companyId, period] = key.split('|') as [string, string];
    try {
      return await createShipments(pool, companyId, rows, period);
    } catch (err) {
      const conflict = conflictOf(err);
      if (!conflict) throw err;
      if (rows.length === 1) return [conflict];
      const out: Outcome[] = [];
      for (const row of rows) {
        try {
          out.push((await createShipments(pool, companyId, [row], period))[0]!);
        } catch (e) {
          const c = conflictOf(e);
          if (!c) throw e;
          out.push(c);
        }
      }
      return out;
    }
  });

  async function visibleOr404(companyId: string, id: string): Promise<repo.ShipmentRow> {
    const row = await repo.findVisibleById(pool, id, companyId);
    if (!row) throw appError('SHIPMENT_NOT_FOUND', id);
    return row;
  }

  /**
   * Locks the shipment for the rest of `tx`, if `companyId` may see it (its creator or the company it
   * is assigned to); to anyone else it does not exist, so that ids of other companies' shipments leak nothing.
   */
  async function lockVisible(tx: Tx, companyId: string, id: string): Promise<LockedShipment> {
    const locked = await repo.lockForUpdate(tx.client, id);
    if (!locked || (locked.company_id !== companyId && locked.assigned_company_id !== companyId)) throw appError('SHIPMENT_NOT_FOUND', id);
    return locked;
  }

  /**
   * Changes the status inside `tx`: tracking event, domain event, the load rule's counters (load.ts).
   * Assignment is not a transition here: it goes through `assignMany`.
   */
  async function transition(
    tx: Tx,
    locked: LockedShipment,
    to: ShipmentStatus,
    opts: { location: string | null; notes: string | null; actorCompanyId: string | null },
  ): Promise<void> {
    const from = locked.status as ShipmentStatus;
    if (!canTransition(from, to)) throw appError('INVALID_STATUS_TRANSITION', from, to);
    await repo.applyStatus(tx.client, {
      id: newId('trackingEvent'),
      shipmentId: locked.id,
      status: to,
      location: opts.location,
      notes: opts.notes,
      companyId: opts.actorCompanyId,
    });
    await repo.applyUsage(tx.client, locked.id, usageDelta(from, to));
    const assigned = locked.assigned_company_id;
    await recordEvent(tx, {
      type: eventTypeFor(to),
      companyIds: assigned ? [locked.company_id, assigned] : [locked.company_id],
      shipmentId: locked.id,
      data: {
        shipmentId: locked.id,
        trackingNumber: locked.tracking_number,
        previousStatus: from,
        currentStatus: to,
        location: opts.location ?? locked.current_location,
        ...(opts.notes ? { notes: opts.notes } : {}),
        ...(assigned ? { assignedCompanyId: assigned } : {}),
      },
    });
  }

  /**
   * Assigns pending shipments in the caller's transaction, set-based (a few statements for any number of
   * items; see shipments.assign-repo.ts): each shipment still pending, unassigned, not a carrier
   * shipment and not locked by another transaction is assigned to its item's company, with its
   * tracking event, `shipment.assigned` event, `activity_logs` row and the load moved from the creator
   * to the assignee. Returns the ids actually assigned, in item order; the others are left as they are
   * (a shipment listed twice is assigned by its first item).
   *
   * It does NOT check the assignees' status or capacity: the caller decides, holding the companies'
   * `company_usage` rows locked while it does (the balance engine's run; `assign` below for one
   * shipment), so the decision still holds when this writes.
   */
  async function assignMany(tx: Tx, items: readonly AssignItem[], actor: AssignActor): Promise<string[]> {
    const first = new Map<string, AssignItem>();
    for (const it of items) if (!first.has(it.shipmentId)) first.set(it.shipmentId, it);
    if (first.size === 0) return [];
    const locked = await assignRepo.lockAssignable(tx.client, [...first.keys()]);
    if (locked.length === 0) return [];
    const ok = new Set(locked.map((r) => r.id));
    const todo = [...first.values()].filter((it) => ok.has(it.shipmentId));
    await assignRepo.lockUsage(tx.client, [...locked.map((r) => r.company_id), ...todo.map((it) => it.companyId)]);
    return assignRepo.assignLocked(tx.client, todo, actor);
  }

  return {
    /**
     * Phase 4: validate, check duplicates, capacity and quota, insert, record `shipment.created`.
     * `idempotency`: the Idempotency-Key this request holds; the create statement then creates only
     * while the claim is still the request's, and stores the 201 answer on the key in the same commit.
     */
    async create(companyId: string, input: CreateShipmentInput, idempotency?: { key: string; claim: string }): Promise<ShipmentView> {
      const now = new Date();
      const trackingNumber = input.trackingNumber ?? generatedTrackingNumber(now, randomString(8, TRACKING_SUFFIX_ALPHABET));
      const row = newShipmentRow(companyId, input, trackingNumber, newId);
      // The answer but for what the statement decides (timestamps): stored with the key by the
      // statement itself when there is a key, completed below for this response.
      const answer = createdAnswer(row, input);
      if (idempotency) row.idempotency = { ...idempotency, answer };
      const period = quotaPeriod(now);
      let stamps: Outcome = { ok: false };
      let usage: Awaited<ReturnType<typeof repo.usageOf>>;
      // Refused by the usage check: read the committed counters to say why. If a shipment was released
      // in between (the counters now allow it), try again: the refusal was a race, not a limit.
      for (let attempt = 0; attempt < 3 && !stamps.ok; attempt++) {
        stamps = await creates.submit(`${companyId}|${period}`, row);
        if (stamps === 'duplicate') throw appError('DUPLICATE_TRACKING_NUMBER', trackingNumber);
        if (stamps === 'awb_taken') throw appError('CARRIER_AWB_TAKEN', input.courier!.awb.toUpperCase(), input.courier!.code);
        // Another request took this key over (ours looked dead): it creates the shipment, not us.
        if (stamps === 'claim_lost') throw new AppError('IDEMPOTENCY_KEY_IN_PROGRESS');
        if (stamps.ok) break;
        usage = await repo.usageOf(pool, companyId, period);
        if (!usage) throw appError('COMPANY_NOT_FOUND', companyId);
        if (!hasCapacity(usage.active_shipments, usage.capacity)) throw appError('CAPACITY_EXCEEDED', usage.active_shipments, usage.capacity);
        if (usage.monthly_quota !== null && usage.month_shipments >= usage.monthly_quota) {
          throw new AppError('MONTHLY_QUOTA_EXCEEDED', [usage.monthly_quota], undefined, { 'retry-after': String(secondsUntilNextPeriod(now)) });
        }
      }
      // Three races lost in a row: the company is at its limit in practice.
      if (!stamps.ok) throw appError('CAPACITY_EXCEEDED', usage!.active_shipments, usage!.capacity);
      return createdView(answer, row.firstEvent, stamps);
    },

    async get(companyId: string, id: string): Promise<ShipmentView> {
      return present(await visibleOr404(companyId, id));
    },

    async list(companyId: string, q: { status?: string; limit: number; offset: number }) {
      const { rows, total } = await repo.listVisible(pool, companyId, q.status ?? null, q.limit, q.offset);
      return { data: rows.map(present), pagination: pagination(q, rows.length, total) };
    },

    async listAll(q: { status?: string; companyId?: string; limit: number; offset: number }) {
      const { rows, total } = await repo.listAll(pool, { status: q.status ?? null, companyId: q.companyId ?? null }, q.limit, q.offset);
      return { data: rows.map(present), pagination: pagination(q, rows.length, total) };
    },

    /** Only the creator, only while pending. */
    async update(companyId: string, id: string, patch: UpdateShipmentInput): Promise<ShipmentView> {
      await withTransaction(database, async (tx) => {
        const locked = await lockVisible(tx, companyId, id);
        if (locked.status !== 'pending' || locked.company_id !== companyId) throw appError('SHIPMENT_NOT_EDITABLE', locked.status);
        await repo.updateDetails(tx.client, id, {
          customerName: patch.customer?.name,
          customerEmail: patch.customer?.email,
          customerPhone: patch.customer?.phone,
          pickupAddress: patch.pickupLocation?.address,
          dropoffAddress: patch.dropoffLocation?.address,
          totalCost: patch.totalCost,
          estimatedDelivery:
            patch.estimatedDelivery === undefined ? undefined : patch.estimatedDelivery === null ? null : new Date(patch.estimatedDelivery),
        });
        if (patch.packages) {
          await repo.replacePackages(tx.client, id, packageRows(locked.tracking_number, patch.packages, newId));
        }
        await recordEvent(tx, {
          type: 'shipment.updated',
          companyIds: [locked.company_id],
          shipmentId: id,
          data: {
            shipmentId: id,
            trackingNumber: locked.tracking_number,
            previousStatus: locked.status,
            currentStatus: locked.status,
            location: locked.current_location,
            changed: Object.keys(patch).sort(),
          },
        });
      });
      return present((await repo.findAnyById(pool, id))!);
    },

    /** The creator cancels before pickup. */
    async cancel(companyId: string, id: string, reason: string | undefined): Promise<ShipmentView> {
      await withTransaction(database, async (tx) => {
        const locked = await lockVisible(tx, companyId, id);
        if (locked.company_id !== companyId) throw appError('SHIPMENT_NOT_EDITABLE', locked.status);
        await transition(tx, locked, 'cancelled', { location: null, notes: reason || 'Cancelled by sender', actorCompanyId: companyId });
      });
      return present((await repo.findAnyById(pool, id))!);
    },

    /** The assigned company reports progress (`POST /shipments/:id/events`). */
    async postEvent(companyId: string, id: string, input: ShipmentEventInput): Promise<ShipmentView> {
      await withTransaction(database, async (tx) => {
        const locked = await lockVisible(tx, companyId, id);
        if (locked.assigned_company_id !== companyId) throw appError('NOT_ASSIGNED_COMPANY');
        await transition(tx, locked, input.status, { location: input.location ?? null, notes: input.notes ?? null, actorCompanyId: companyId });
      });
      return present((await repo.findAnyById(pool, id))!);
    },

    assignMany,

    /**
     * An admin assigns one pending shipment by hand, through `assignMany`. Refused (409) when the company
     * is suspended or at its limit (load × 10 ≥ capacity × 9, as the create check and the engine): an
     * admin picks among the companies the engine could pick, never overloads one. The activity row
     * records the chosen company's score and parts and the two best other eligible companies by the
     * engine's score (the creator excluded, as the engine excludes it), all at the loads before.
     */
    async assign(id: string, toCompanyId: string, actor: AssignActor): Promise<ShipmentView> {
      await withTransaction(database, async (tx) => {
        const locked = await repo.lockForUpdate(tx.client, id);
        if (!locked) throw appError('SHIPMENT_NOT_FOUND', id);
        // A carrier shipment already travels with its carrier: it is never distributed to a company.
        if (locked.carrier) throw appError('CARRIER_SHIPMENT_NOT_ASSIGNABLE', id, locked.carrier);
        if (locked.status !== 'pending' || locked.assigned_company_id) throw appError('INVALID_STATUS_TRANSITION', locked.status, 'assigned');
        // Both usage rows locked (in id order) until the commit: the check below still holds when assignMany writes.
        const usage = await assignRepo.lockUsage(tx.client, [locked.company_id, toCompanyId]);
        const target = usage.find((u) => u.company_id === toCompanyId);
        if (!target) throw appError('COMPANY_NOT_FOUND', toCompanyId);
        if (target.status !== 'active') throw appError('COMPANY_NOT_ACTIVE', toCompanyId);
        // Handed back to its creator the load does not move; to anyone else it adds one, never past 90 %.
        if (toCompanyId !== locked.company_id && !canTake(target.active_shipments, target.capacity)) {
          throw appError('COMPANY_AT_CAPACITY', toCompanyId, target.active_shipments, target.capacity);
        }
        const activity = manualDecision(await assignRepo.companyFacts(tx.client), toCompanyId, locked.company_id);
        await assignMany(tx, [{ shipmentId: id, companyId: toCompanyId, activity }], actor);
      });
      return present((await repo.findAnyById(pool, id))!);
    },

    /** Raw view used by tracking. */
    async findByTrackingNumber(companyId: string, trackingNumber: string) {
      return repo.findTrackingByNumber(pool, trackingNumber, companyId);
    },
  };
}

export type ShipmentsService = ReturnType<typeof createShipmentsService>;

/** The activity details of a manual assignment, in the shape the engine's runs record (without a run id). */
export function manualDecision(facts: readonly CompanyFacts[], companyId: string, creatorId: string): Record<string, unknown> {
  const metrics = facts.map(companyMetrics);
  const chosen = metrics.find((m) => m.id === companyId);
  const score = chosen ? scoreOf(chosen) : null;
  const runnersUp = rankCompanies(metrics, { exclude: creatorId })
    .filter((r) => r.companyId !== companyId)
    .slice(0, 2)
    .map((r) => ({ companyId: r.companyId, score: r.score, parts: r.parts }));
  return {
    manual: true,
    companyId,
    score: score?.score ?? null,
    parts: score?.parts ?? null,
    utilizationBefore: score?.utilization ?? null,
    runnersUp,
  };
}

export function present(r: repo.ShipmentRow): ShipmentView {
  return {
    id: r.id,
    trackingNumber: r.tracking_number,
    status: isShipmentStatus(r.status) ? r.status : 'pending',
    customerName: r.customer_name,
    customer: { name: r.customer_name, email: r.customer_email, phone: r.customer_phone },
    pickupLocation: { address: r.pickup_address },
    dropoffLocation: { address: r.dropoff_address },
    companyId: r.company_id,
    assignedCompanyId: r.assigned_company_id,
    courier: r.carrier && r.carrier_awb ? { code: r.carrier as CarrierCode, awb: r.carrier_awb } : null,
    totalCost: r.total_cost,
    distanceClass: (r.distance_class as ShipmentView['distanceClass']) ?? null,
    priceQuote: r.price_quote,
    estimatedDelivery: r.estimated_delivery?.toISOString() ?? null,
    currentLocation: r.current_location,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    packages: r.packages,
    trackingEvents: r.events,
  };
}
