/**
 * CMS single tracking, exactly the seed's "Single tracking from CMS" flow:
 *   1. the order exists and belongs to the caller; read its proof_of_delivery row (one statement);
 *   2. ask the gateway for the history (fresh: the user pressed "Lacak");
 *   3. where the gateway lacks image_url or podReceiverName, use the stored values;
 *   4. carrier callback setting off → update the order's status from the tracking;
 *   5. save image_url, podReceiverName, relation and signature into the POD row's empty fields (a row
 *      whose receiver is still empty is filled when the carrier now has a name; docs/pod.md);
 *   6. answer with the POD.
 * A carrier fault (timeout, 5xx, garbage, breaker open) does not fail the request: the answer comes
 * from the database with the stored POD, marked `source: "database"`, with the carrier's error code.
 */
import type { Logger } from 'pino';
import type { Database } from '../../db/client.js';
import { AppError, appError } from '../../errors.js';
import type { CarrierCode } from '../../carriers/carriers.js';
import { podOf } from '../../carriers/pod.js';
import type { CarriersConfig } from '../../carriers/settings.js';
import { fillPod, findCarrierOrder, type CmsOrder, type TrackingApplier } from '../shipments/carrier-tracking.service.js';
import { historyOf, type CmsTrackingView } from './carriers.schemas.js';
import type { Gateway } from './gateway.service.js';

const emptyToNull = (s: string | null): string | null => (s ? s : null);

function fromDatabase(o: CmsOrder, carrierError?: AppError): CmsTrackingView {
  return {
    trackingNumber: o.tracking_number,
    awb: o.carrier_awb,
    courier: o.carrier,
    status: o.status,
    carrierStatus: null,
    rawStatus: o.carrier_raw_status,
    podReceiverName: o.pod_receiver_name,
    image_url: o.pod_image_url,
    relation: emptyToNull(o.pod_relation),
    signatureUrl: emptyToNull(o.pod_signature_url),
    history: o.events.map((e) => ({ time: e.timestamp, status: e.status, location: e.location, description: e.notes, rawCode: null })),
    source: 'database',
    ...(carrierError ? { carrierError: { code: carrierError.code, message: carrierError.message } } : {}),
  };
}

export function createCmsTracking(deps: { database: Database; gateway: Gateway; apply: TrackingApplier; config: CarriersConfig; log: Logger }) {
  const { database, gateway, apply, config, log } = deps;

  return async function track(companyId: string, trackingNumber: string): Promise<CmsTrackingView> {
    const order = await findCarrierOrder(database, trackingNumber, companyId);
    if (!order) throw appError('TRACKING_NOT_FOUND', trackingNumber);
    if (!order.carrier || !order.carrier_awb) return fromDatabase(order);
    const carrier: CarrierCode = order.carrier;
    const awb = order.carrier_awb;

    let result;
    try {
      result = await gateway.track(carrier, awb, companyId, { fresh: true });
    } catch (err) {
      if (!(err instanceof AppError) || err.statusCode < 500) {
        // The carrier says the AWB does not exist (yet): the order still exists here.
        if (err instanceof AppError && err.code === 'CARRIER_AWB_NOT_FOUND') return fromDatabase(order, err);
        throw err;
      }
      log.warn({ carrier, awb, code: err.code }, 'CMS tracking answered from the database: carrier unavailable');
      return fromDatabase(order, err);
    }
    const t = result.tracking;
    const podReceiverName = t.podReceiverName ?? order.pod_receiver_name;
    const imageUrl = t.image_url ?? order.pod_image_url;
    const relation = t.relation ?? emptyToNull(order.pod_relation);
    const signatureUrl = t.signatureUrl ?? emptyToNull(order.pod_signature_url);

    let status = order.status;
    if (!config.carriers[carrier].callbacks) {
      // No callbacks from this carrier: the status moves only through tracking (here and the refresh schedule).
      const applied = await apply(t, { updateStatus: true });
      status = applied.shipments.find((x) => x.shipmentId === order.id)?.status ?? status;
    } else {
      // Not only when the row is missing: a row saved without a receiver is filled once the carrier has one.
      const pod = podOf(t);
      if (pod) await fillPod(database, { carrier, awb, shipmentId: order.id, ...pod });
    }
    return {
      trackingNumber: order.tracking_number,
      awb,
      courier: carrier,
      status,
      carrierStatus: t.status,
      rawStatus: t.rawStatus,
      podReceiverName,
      image_url: imageUrl,
      relation,
      signatureUrl,
      history: historyOf(t).map((h) => ({ time: h.time, status: h.status, location: h.location, description: h.description, rawCode: h.rawCode })),
      source: 'carrier',
    };
  };
}

export type CmsTracking = ReturnType<typeof createCmsTracking>;
