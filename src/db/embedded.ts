/**
 * Starts the embedded database (PGlite in a worker thread, see embedded-worker.ts). Imports only
 * Node built-ins on purpose: the CLI calls `prestartEmbedded` before it loads the rest of the hub,
 * so PGlite's WASM start-up (most of a restart) runs on its own thread while the main thread is
 * still importing Fastify, Drizzle and pg-boss.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const prestarted = new Map<string, Promise<Embedded>>();

/** Begins starting the embedded database for `dataDir`; `startEmbedded` with the same folder takes it over. */
export function prestartEmbedded(dataDir: string): void {
  const key = path.resolve(dataDir);
  if (prestarted.has(key)) return;
  const p = launchEmbedded(key);
  p.catch(() => {}); // reported to whoever takes it over
  prestarted.set(key, p);
}

export function startEmbedded(dataDir: string | null): Promise<Embedded> {
  if (dataDir) {
    const key = path.resolve(dataDir);
    const p = prestarted.get(key);
    if (p) {
      prestarted.delete(key);
      return p;
    }
  }
  return launchEmbedded(dataDir);
}

export interface Embedded {
  port: number;
  stop(): Promise<void>;
}

function workerUrl(): URL {
  const here = fileURLToPath(import.meta.url);
  const ext = path.extname(here); // .ts under tsx/vitest, .js from dist
  return new URL(`./embedded-worker${ext}`, import.meta.url);
}

function launchEmbedded(dataDir: string | null): Promise<Embedded> {
  return launch(dataDir);
}

async function launch(dataDir: string | null): Promise<Embedded> {
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  const worker = new Worker(workerUrl(), { workerData: { dataDir } });
  const port = await new Promise<number>((resolve, reject) => {
    const onMessage = (msg: { type: string; port?: number; message?: string }) => {
      if (msg.type === 'ready') resolve(msg.port!);
      else if (msg.type === 'error') reject(new Error(`embedded database failed: ${msg.message}`));
    };
    worker.once('message', onMessage);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`embedded database exited with code ${code}`)));
  });
  let stopping: Promise<void> | undefined;
  return {
    port,
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        const timer = setTimeout(() => void worker.terminate().then(() => resolve()), 10_000);
        worker.on('message', (msg: { type: string }) => {
          if (msg.type === 'stopped' || msg.type === 'error') {
            clearTimeout(timer);
            void worker.terminate().then(() => resolve());
          }
        });
        worker.postMessage({ type: 'stop' });
      });
      return stopping;
    },
  };
}
