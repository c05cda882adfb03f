/**
 * The ObjectStore contract for the local folder, as a hub runs it: the store of a real hub, its links
 * fetched over HTTP from that hub's `GET /files/…` route (listening on loopback). A link is absolute on
 * PUBLIC_URL; the test swaps that origin for the address the hub listens on.
 */
import { createTestHub, type TestHub } from '../helpers/hub.js';
import { describeObjectStore } from './object-store-contract.js';

describeObjectStore('local folder (served by the hub)', async () => {
  const hub: TestHub = await createTestHub();
  const address = await hub.app.listen({ host: '127.0.0.1', port: 0 });
  return {
    store: hub.services.storage.store,
    resolveUrl: (url: string) => {
      const u = new URL(url);
      return `${address}${u.pathname}${u.search}`;
    },
    close: () => hub.close(),
  };
});
