/**
 * SAP Express: everything the hub knows about this carrier (see ../definition.ts; facts and sources in
 * docs/carriers.md). The fixtures are product data: the carrier simulator serves them.
 */
import type { CarrierDefinition } from '../definition.js';
import delivered from './fixtures/delivered.json' with { type: 'json' };
import failed from './fixtures/failed-attempt.json' with { type: 'json' };
import inTransit from './fixtures/in-transit.json' with { type: 'json' };
import notFound from './fixtures/not-found.json' with { type: 'json' };
import returned from './fixtures/returned.json' with { type: 'json' };
import { sapClient } from './client.js';
import { parseTracking } from './mapper.js';
import { sapSimulation } from './sim.js';

export const sap: CarrierDefinition<'sap'> = {
  code: 'sap',
  displayName: 'SAP Express',
  defaultBaseUrl: 'https://track.coresyssap.com',
  credentialKeys: ['api_key'],
  awbPattern: /^(?!IDD)[A-Z]{3}\d{13}$/,
  pushesCallbacks: false,
  client: sapClient,
  mapper: parseTracking,
  fixtures: { delivered, in_transit: inTransit, failed, returned, not_found: notFound },
  simulation: sapSimulation,
};
