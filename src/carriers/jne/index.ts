/**
 * JNE: everything the hub knows about this carrier (see ../definition.ts; facts and sources in
 * docs/carriers.md). The fixtures are product data: the carrier simulator serves them.
 */
import type { CarrierDefinition } from '../definition.js';
import delivered from './fixtures/delivered.json' with { type: 'json' };
import failed from './fixtures/failed-attempt.json' with { type: 'json' };
import inTransit from './fixtures/in-transit.json' with { type: 'json' };
import notFound from './fixtures/not-found.json' with { type: 'json' };
import returned from './fixtures/returned.json' with { type: 'json' };
import { jneClient } from './client.js';
import { parseTracking } from './mapper.js';
import { jneSimulation } from './sim.js';

export const jne: CarrierDefinition<'jne'> = {
  code: 'jne',
  displayName: 'JNE',
  defaultBaseUrl: 'http://apiv2.jne.co.id:10101',
  credentialKeys: ['username', 'api_key'],
  awbPattern: /^\d{16}$/,
  pushesCallbacks: true,
  client: jneClient,
  mapper: parseTracking,
  fixtures: { delivered, in_transit: inTransit, failed, returned, not_found: notFound },
  simulation: jneSimulation,
};
