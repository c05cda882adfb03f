/**
 * Runs PGlite in a worker thread and exposes it over the PostgreSQL wire protocol on loopback,
 * so the HTTP thread never blocks on PGlite's synchronous WASM execution and the rest of the hub
 * talks to one driver (`pg`) whether the database is embedded or a real server.
 *
 * Self-contained on purpose (imports only packages): it runs as-is from `src/` under Node's
 * type stripping in tests and from `dist/` in production.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

interface Input {
  dataDir: string | null;
}

const { dataDir } = workerData as Input;
if (!parentPort) throw new Error('embedded-worker must run as a worker thread');
const port = parentPort;

async function main(): Promise<void> {
  // `relaxedDurability` would lose acknowledged writes on a crash; keep the default.
  const db = dataDir ? new PGlite(dataDir) : new PGlite();
  await db.waitReady;
  // One connection only: PGlite is a single session, so two clients would share unnamed
  // statements and portals. The hub's pool has exactly one connection in embedded mode.
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 1 });
  await server.start();
  const conn = server.getServerConn();
  port.postMessage({ type: 'ready', port: Number(conn.split(':').pop()) });

  port.on('message', (msg: { type: string }) => {
    if (msg.type !== 'stop') return;
    void (async () => {
      try {
        await server.stop();
        await db.close();
        port.postMessage({ type: 'stopped' });
      } catch (err) {
        port.postMessage({ type: 'error', message: (err as Error).message });
      }
    })();
  });
}

main().catch((err: Error) => {
  port.postMessage({ type: 'error', message: err.stack ?? err.message });
});
