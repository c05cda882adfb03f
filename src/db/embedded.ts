/**
 * Starts the embedded database (PGlite in a worker thread, see embedded-worker.ts). Imports only
 * Node built-ins on purpose (PGlite itself is loaded by the worker): the CLI calls `prestartEmbedded` before it loads the rest of the hub,
 * so PGlite's WASM start-up (most of a restart) runs on its own thread while the main thread is
 * still importing Fastify, Drizzle and pg-boss.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Where `npm run build` leaves an initialised, migrated database (src/embedded-template.ts):
 * `dist/embedded-template`, found from dist/db (the built hub) and from src/db (tsx, the tests) alike.
 */
export const EMBEDDED_TEMPLATE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/embedded-template');

/** A template is used only by the PGlite version that wrote it (its data format is PGlite's). */
export const templateStamp = {
  file: 'fastforward-template.json',
  value(): string {
    let dir = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
    while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
    const { version } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string };
    return JSON.stringify({ pglite: version });
  },
};

/**
 * A new data folder starts as a copy of the build's template when there is one for this PGlite:
 * PGlite's initdb, the migrations and the job queue's schema then cost nothing at the first start.
 * Anything unexpected (no template, another PGlite, a folder already in use) leaves the folder as it
 * is, and PGlite initialises it as before.
 */
export function seedFromTemplate(dataDir: string, template = EMBEDDED_TEMPLATE_DIR): void {
  if (fs.existsSync(path.join(dataDir, 'PG_VERSION'))) return;
  try {
    if (fs.readFileSync(path.join(template, templateStamp.file), 'utf8') !== templateStamp.value()) return;
  } catch {
    return;
  }
  if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0) return;
  fs.cpSync(template, dataDir, { recursive: true, filter: (src) => path.basename(src) !== templateStamp.file });
}

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
  if (dataDir) {
    seedFromTemplate(dataDir);
    fs.mkdirSync(dataDir, { recursive: true });
  }
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
