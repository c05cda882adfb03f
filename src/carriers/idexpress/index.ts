/**
 * ID Express: everything the hub knows about this carrier (see ../definition.ts; facts and sources in
 * docs/carriers.md). The fixtures are product data: the carrier simulator serves them.
 */
import type { CarrierDefinition } from '../definition.js';
import delivered from './fixtures/delivered.json' with { type: 'json' };
import failed from './fixtures/failed-attempt.json' with { type: 'json' };
import inTransit from './fixtures/in-transit.json' with { type: 'json' };
import notFound from './fixtures/not-found.json' with { type: 'json' };
import returned from './fixtures/returned.json' with { type: 'json' };
import { idexpressClient } from './client.js';
import { parseTracking } from './mapper.js';
import { idexpressSimulation } from './sim.js';

export const idexpress: CarrierDefinition<'idexpress'> = {
  code: 'idexpress',
  displayName: 'ID Express',
  defaultBaseUrl: 'http://e-oms.idexpress.com',
  credentialKeys: ['app_id', 'security_key'],
  awbPattern: /^IDD\d{12}$/,
  pushesCallbacks: false,
  client: idexpressClient,
  mapper: parseTracking,
  fixtures: { delivered, in_transit: inTransit, failed, returned, not_found: notFound },
  simulation: idexpressSimulation,
};
