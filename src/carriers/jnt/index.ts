/**
 * J&T Express: everything the hub knows about this carrier (see ../definition.ts; facts and sources in
 * docs/carriers.md). The fixtures are product data: the carrier simulator serves them.
 */
import type { CarrierDefinition } from '../definition.js';
import delivered from './fixtures/delivered.json' with { type: 'json' };
import failed from './fixtures/failed-attempt.json' with { type: 'json' };
import inTransit from './fixtures/in-transit.json' with { type: 'json' };
import notFound from './fixtures/not-found.json' with { type: 'json' };
import returned from './fixtures/returned.json' with { type: 'json' };
import { jntClient } from './client.js';
import { parseTracking } from './mapper.js';
import { jntSimulation } from './sim.js';

export const jnt: CarrierDefinition<'jnt'> = {
  code: 'jnt',
  displayName: 'J&T Express',
  defaultBaseUrl: 'https://secure-jk.jet.co.id/jandt-order-web',
  credentialKeys: ['username', 'password'],
  awbPattern: /^JD\d{10}$/,
  pushesCallbacks: false,
  client: jntClient,
  mapper: parseTracking,
  fixtures: { delivered, in_transit: inTransit, failed, returned, not_found: notFound },
  simulation: jntSimulation,
};
