/**
 * A real S3-compatible server for tests and the benchmark: s3rver (an npm package, so CI needs nothing
 * beyond `npm ci`) on 127.0.0.1, on a free port, over a fresh temporary folder, with one bucket.
 * `close()` stops it and removes the folder.
 *
 * What s3rver does not do like S3 (the tests say so where it matters): it does not verify SigV4
 * signatures (an unknown access key is refused, a wrong secret is not), and it answers
 * AbortMultipartUpload with 405 (the parts of an aborted upload stay in its folder, invisible as an
 * object). `requests` lists what it received, so a test can check what the store sent.
 *
 * `childProcess: true` runs s3rver in a process of its own, so the caller's memory and CPU figures
 * (the memory test, the benchmark) are the store's alone; `requests` is then not recorded.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import type { S3Settings } from '../../src/config/storage.js';

/** s3rver's one built-in account. */
export const S3RVER_KEY = 'S3RVER';

export interface S3TestServer {
  readonly settings: S3Settings;
  readonly endpoint: string;
  /** `METHOD /bucket/key?query` of every request received, in order (in-process servers only). */
  readonly requests: string[];
  /** The server's own process when it runs in a child (for CPU accounting). */
  readonly pid?: number;
  close(): Promise<void>;
}

const settingsFor = (bucket: string, endpoint: string): S3Settings => ({
  bucket,
  region: 'us-east-1',
  endpoint,
  accessKeyId: S3RVER_KEY,
  secretAccessKey: S3RVER_KEY,
  forcePathStyle: true,
});

export async function startS3Server(opts: { bucket?: string; childProcess?: boolean } = {}): Promise<S3TestServer> {
  const bucket = opts.bucket ?? 'ff-test';
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-s3rver-'));
  if (opts.childProcess) return startInChild(bucket, directory);
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  let address;
  try {
    address = await server.run();
  } catch (err) {
    fs.rmSync(directory, { recursive: true, force: true });
    throw err;
  }
  const requests: string[] = [];
  server.httpServer!.prependListener('request', (req: { method?: string; url?: string }) => {
    requests.push(`${req.method} ${req.url}`);
  });
  const endpoint = `http://127.0.0.1:${address.port}`;
  let closed: Promise<void> | undefined;
  return {
    settings: settingsFor(bucket, endpoint),
    endpoint,
    requests,
    close() {
      closed ??= (async () => {
        // Keep-alive sockets of clients would otherwise hold close() open.
        server.httpServer?.closeAllConnections();
        try {
          await server.close();
        } finally {
          fs.rmSync(directory, { recursive: true, force: true });
        }
      })();
      return closed;
    },
  };
}

// The child: plain CommonJS run with `node -e` (s3rver is CommonJS; no TypeScript loader needed). It
// reports its port over IPC and stops on {type:'stop'} or when the parent goes away.
const CHILD = `
const S3rver = require('s3rver');
const [directory, bucket] = process.argv.slice(1);
const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
const stop = () => { server.httpServer && server.httpServer.closeAllConnections(); server.close().finally(() => process.exit(0)); };
server.run().then(
  (a) => process.send({ type: 'ready', port: a.port }),
  (err) => { process.send({ type: 'error', message: String(err) }); process.exit(1); },
);
process.on('message', (m) => { if (m && m.type === 'stop') stop(); });
process.on('disconnect', () => process.exit(0));
`;

async function startInChild(bucket: string, directory: string): Promise<S3TestServer> {
  const root = path.resolve(import.meta.dirname, '../..');
  const child = spawn(process.execPath, ['-e', CHILD, directory, bucket], { cwd: root, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const removeDir = () => fs.rmSync(directory, { recursive: true, force: true });
  let port: number;
  try {
    port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('s3rver child did not start within 30 s')), 30_000);
      child.on('message', (m: { type: string; port?: number; message?: string }) => {
        clearTimeout(timer);
        if (m.type === 'ready' && m.port) resolve(m.port);
        else reject(new Error(`s3rver child failed: ${m.message}`));
      });
      child.once('exit', (code) => reject(new Error(`s3rver child exited during start-up (${code})`)));
    });
  } catch (err) {
    child.kill('SIGKILL');
    await exited;
    removeDir();
    throw err;
  }
  const endpoint = `http://127.0.0.1:${port}`;
  let closed: Promise<void> | undefined;
  return {
    settings: settingsFor(bucket, endpoint),
    endpoint,
    requests: [],
    pid: child.pid,
    close() {
      closed ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          if (child.connected) child.send({ type: 'stop' });
          const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(timer);
        }
        removeDir();
      })();
      return closed;
    },
  };
}
