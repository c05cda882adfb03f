import type { Services } from '../services.js';
import { isAppError } from '../errors.js';
import type { ShipmentStatus } from '../modules/shipments/status.js';
import { CARRIER_CODES } from '../carriers/carriers.js';
import { simAwb } from '../sim/carriers/scenarios.js';

const PATHS: Record<ShipmentStatus, ShipmentStatus[]> = {
  pending: [],
  assigned: ['assigned'],
  picked_up: ['assigned', 'picked_up'],
  in_transit: ['assigned', 'picked_up', 'in_transit'],
  out_for_delivery: ['assigned', 'picked_up', 'in_transit', 'out_for_delivery'],
  delivered: ['assigned', 'picked_up', 'in_transit', 'out_for_delivery', 'delivered'],
  failed: ['assigned', 'picked_up', 'in_transit', 'out_for_delivery', 'failed'],
  returned: ['assigned', 'picked_up', 'in_transit', 'returned'],
  cancelled: ['cancelled'],
};
const LOCATIONS: Partial<Record<ShipmentStatus, string>> = {
  picked_up: 'Local Pickup',
  in_transit: 'Distribution Center - Denver',
  out_for_delivery: 'Los Angeles Delivery Hub',
  delivered: '456 Home Ave, Los Angeles, CA',
  failed: 'Los Angeles Delivery Hub',
  returned: 'Return Center - Denver',
};

export interface DemoCredentials {
  company: { id: string; name: string; tier: string };
  apiKey: string;
  secret: string;
}

/** Carrier shipments of the demo: per carrier, one the simulator shows delivered and one in transit. */
export const DEMO_CARRIER_SHIPMENTS = CARRIER_CODES.flatMap((code) =>
  (['delivered', 'in_transit'] as const).map((scenario) => ({ code, scenario, awb: simAwb(code, scenario, 1) })),
);

/**
 * The seed's two companies — QuickShip Logistics (professional) and Express Delivery Co (starter) —
 * with shipments in every status, created through the same services the API uses.
 */
export async function loadDemo(services: Services): Promise<{ loaded: boolean; credentials: DemoCredentials[] }> {
  const companies = [
    { name: 'QuickShip Logistics', email: 'ops@quickship.example', industry: 'Courier', tier: 'professional' as const, balance: 2500.5 },
    { name: 'Express Delivery Co', email: 'dev@expressdelivery.example', industry: 'Last-mile delivery', tier: 'starter' as const, balance: 1200.75 },
  ];
  const credentials: DemoCredentials[] = [];
  for (const c of companies) {
    try {
      const r = await services.partners.onboard({ company: { name: c.name, email: c.email, industry: c.industry }, tier: c.tier });
      await services.admin.updateCompany('system', r.company.id, { balance: c.balance });
      credentials.push({ company: { id: r.company.id, name: r.company.name, tier: r.company.tier }, apiKey: r.apiKey.key, secret: r.apiKey.secret });
    } catch (err) {
      if (isAppError(err) && err.code === 'COMPANY_EMAIL_TAKEN') return { loaded: false, credentials: [] };
      throw err;
    }
  }
  const [quick, express] = credentials as [DemoCredentials, DemoCredentials];
  const year = new Date().getUTCFullYear();
  let n = 0;
  for (const status of Object.keys(PATHS) as ShipmentStatus[]) {
    for (const [creator, carrier] of [
      [quick, express],
      [express, quick],
    ] as const) {
      n++;
      const s = await services.shipments.create(creator.company.id, {
        trackingNumber: `${creator === quick ? 'QUICK' : 'EXP'}-${year}-${String(n).padStart(3, '0')}`,
        customer: { name: n % 2 ? 'Jane Smith' : 'John Doe', email: n % 2 ? 'jane@customer.example' : 'john@customer.example', phone: '+1555555555' },
        pickupLocation: { address: '123 Warehouse St, New York, NY', name: 'Warehouse' },
        dropoffLocation: { address: '456 Home Ave, Los Angeles, CA' },
        packages: [
          { weight: 2.5, dimensions: '12x8x6', contents: 'Electronics' },
          ...(n % 3 === 0 ? [{ weight: 1.2, dimensions: '10x10x4', contents: 'Books' }] : []),
        ],
        totalCost: 45.99,
      });
      for (const step of PATHS[status]) {
        if (step === 'assigned') await services.shipments.assign(s.id, carrier.company.id, { type: 'system', id: 'demo' });
        else if (step === 'cancelled') await services.shipments.cancel(creator.company.id, s.id, 'Customer changed their mind');
        else await services.shipments.postEvent(carrier.company.id, s.id, { status: step as 'picked_up', location: LOCATIONS[step] });
      }
    }
  }
  // QuickShip also sends parcels with Indonesian carriers: AWBs the carrier simulator knows.
  for (const c of DEMO_CARRIER_SHIPMENTS) {
    await services.shipments.create(quick.company.id, {
      trackingNumber: `QUICK-${c.code.toUpperCase()}-${c.scenario === 'delivered' ? 'D' : 'T'}`,
      customer: { name: 'Siti Rahma', email: 'siti@customer.example', phone: '+6281234567890' },
      pickupLocation: { address: 'Jl. MH Thamrin 1, Jakarta', name: 'Gudang Jakarta' },
      dropoffLocation: { address: 'Jl. Dago 12, Bandung' },
      packages: [{ weight: 1, contents: 'Pakaian' }],
      courier: { code: c.code, awb: c.awb },
    });
  }
  return { loaded: true, credentials };
}
