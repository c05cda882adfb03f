/**
 * A real S3-compatible server for tests and the benchmark: s3rver (an npm package, so CI needs nothing
 * beyond `npm ci`) on 127.0.0.1, on a free port, over a fresh temporary folder, with one bucket.
 * `close()` stops it and removes the folder.
 *
 * What s3rver does not do like S3 (the tests say so where it matters): it does not verify SigV4
 * signatures (an unknown access key is refused, a wrong secret is not), and it answers
 * AbortMultipartUpload with 405 (the parts of an aborted upload stay in its folder, invisible as an
 * object). `requests` lists what it received, so a test can check what the store sent.
 */
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
  /** `METHOD /bucket/key?query` of every request received, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

export async function startS3Server(opts: { bucket?: string } = {}): Promise<S3TestServer> {
  const bucket = opts.bucket ?? 'ff-test';
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-s3rver-'));
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
    settings: { bucket, region: 'us-east-1', endpoint, accessKeyId: S3RVER_KEY, secretAccessKey: S3RVER_KEY, forcePathStyle: true },
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
