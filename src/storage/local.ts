/**
 * The local-folder object store (the default, embedded mode). A `put` streams into a temporary file
 * beside the final one and renames it when complete, so a reader never sees a partial file; on failure
 * the temporary file is removed. Downloads go through the hub's `GET /files/…` route with a signed,
 * expiring link (signed-link.ts).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertObjectKey, type DownloadLinkOptions, type ObjectStore, type PutOptions, type StoredObject } from './object-store.js';
import { checkLink, safeFileName, signLink, type LinkVerdict } from './signed-link.js';

export interface LocalObjectStore extends ObjectStore {
  readonly kind: 'local';
  /** The file under `key` with its size, or null (also for a key that is not a valid object key). */
  open(key: string): Promise<{ body: Readable; bytes: number } | null>;
  /** Checks a download link's query against its key. */
  verify(key: string, expires: number, name: string, sig: string, nowSeconds?: number): LinkVerdict;
  close(): Promise<void>;
}

export function createLocalStore(opts: { dir: string; publicUrl: string; linkKey: Buffer }): LocalObjectStore {
  const root = path.resolve(opts.dir);
  const base = opts.publicUrl.replace(/\/+$/, '');
  const fileOf = (key: string) => {
    assertObjectKey(key);
    const file = path.resolve(root, ...key.split('/'));
    // The key pattern already excludes `..` and absolute paths; this is the second lock on the door.
    if (!file.startsWith(root + path.sep)) throw new TypeError(`object key escapes the store: ${key}`);
    return file;
  };
  return {
    kind: 'local',
    async put(key: string, body: Readable, _opts: PutOptions): Promise<StoredObject> {
      const file = fileOf(key);
      await fsp.mkdir(path.dirname(file), { recursive: true });
      const tmp = `${file}.${randomBytes(6).toString('hex')}.partial`;
      let bytes = 0;
      const count = new Transform({
        transform(chunk: Buffer, _enc, done) {
          bytes += chunk.length;
          done(null, chunk);
        },
      });
      try {
        await pipeline(body, count, fs.createWriteStream(tmp, { flags: 'wx', mode: 0o600 }));
        await fsp.rename(tmp, file);
      } catch (err) {
        await fsp.rm(tmp, { force: true });
        throw err;
      }
      return { key, bytes };
    },
    async downloadUrl(key: string, o: DownloadLinkOptions): Promise<string> {
      assertObjectKey(key);
      const expires = Math.floor(Date.now() / 1000) + Math.max(1, Math.floor(o.expiresInSeconds));
      const name = o.filename === undefined ? '' : safeFileName(o.filename);
      const sig = signLink(opts.linkKey, { key, expires, name });
      const q = new URLSearchParams({ expires: String(expires), ...(name ? { name } : {}), sig });
      return `${base}/files/${key}?${q.toString()}`;
    },
    async get(key: string): Promise<Readable | null> {
      assertObjectKey(key); // a caller's bad key is a programming error; only the route's `open` says "none"
      return (await this.open(key))?.body ?? null;
    },
    async open(key: string) {
      let file: string;
      try {
        file = fileOf(key);
      } catch {
        return null;
      }
      let handle: fsp.FileHandle;
      try {
        handle = await fsp.open(file, 'r');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
      const stat = await handle.stat();
      if (!stat.isFile()) {
        await handle.close();
        return null;
      }
      // Opened first, then measured and streamed from the same handle: a delete in between cannot make
      // Content-Length lie.
      return { body: handle.createReadStream(), bytes: stat.size };
    },
    async delete(key: string): Promise<void> {
      await fsp.rm(fileOf(key), { force: true });
    },
    verify(key, expires, name, sig, nowSeconds = Math.floor(Date.now() / 1000)) {
      return checkLink(opts.linkKey, { key, expires, name }, sig, nowSeconds);
    },
    async close() {},
  };
}
