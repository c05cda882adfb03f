/**
 * What every ObjectStore must do, as one reusable vitest suite: `describeObjectStore(name, setup)`.
 * `setup` gives a fresh store (and, for a store whose links point at the hub, how to turn a link into
 * an absolute URL); its `close` releases everything it started. Expected bytes come from the generator
 * (its own SHA-256 of what it produced), expected names and sizes are written here by hand.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ObjectStore } from '../../src/storage/object-store.js';

export interface ObjectStoreFixture {
  readonly store: ObjectStore;
  /** Turns what downloadUrl returned into a URL fetch can GET (default: as is). */
  readonly resolveUrl?: (url: string) => string;
  close(): Promise<void>;
}

const MIB = 1024 * 1024;
/** Over 8 MiB, so an S3 upload with the default part size is multipart; not a multiple of any part size. */
export const BIG_BYTES = 12 * MIB + 4321;

/**
 * A deterministic pseudo-random byte stream of `total` bytes (xorshift32, 64 KiB chunks, produced on
 * demand so it is never held whole). `failAfter`: the stream errors once that many bytes were produced.
 * `onProduced` hears the running total. `digest()` is the SHA-256 of what was produced; `wasPulled()` says
 * whether anyone read from it.
 */
export function generatedStream(total: number, o: { seed?: number; failAfter?: number; onProduced?: (bytes: number) => void } = {}) {
  const hash = createHash('sha256');
  let state = (o.seed ?? 0x9e3779b9) >>> 0 || 1;
  let produced = 0;
  let pulled = false;
  const stream = new Readable({
    highWaterMark: 64 * 1024,
    read() {
      pulled = true;
      if (o.failAfter !== undefined && produced >= o.failAfter) {
        this.destroy(new Error('generator failed on purpose half-way'));
        return;
      }
      const n = Math.min(64 * 1024, total - produced);
      if (n <= 0) {
        this.push(null);
        return;
      }
      const words = new Uint32Array(Math.ceil(n / 4));
      for (let i = 0; i < words.length; i++) {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        words[i] = state >>> 0;
      }
      const chunk = Buffer.from(words.buffer, 0, n);
      hash.update(chunk);
      produced += n;
      o.onProduced?.(produced);
      this.push(chunk);
    },
  });
  return { stream, digest: () => hash.digest('hex'), wasPulled: () => pulled };
}

export async function sha256Of(stream: Readable): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

export async function textOf(stream: Readable): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(chunk as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

/** The filename a browser would take from a Content-Disposition value (RFC 6266: filename* wins). */
export function dispositionFilename(header: string | null): string | undefined {
  if (header === null) return undefined;
  const star = /filename\*\s*=\s*UTF-8''([^;\s]+)/i.exec(header);
  if (star) return decodeURIComponent(star[1]!);
  const plain = /filename\s*=\s*"((?:[^"\\]|\\.)*)"/i.exec(header);
  return plain ? plain[1]!.replace(/\\(.)/g, '$1') : undefined;
}

const CSV = 'text/csv; charset=utf-8';
const text = (s: string) => Readable.from([Buffer.from(s, 'utf8')]);
const attempt = (fn: () => unknown) => (async () => fn())();

export function describeObjectStore(name: string, setup: () => Promise<ObjectStoreFixture>): void {
  describe(`ObjectStore contract: ${name}`, () => {
    let fx: ObjectStoreFixture;
    let store: ObjectStore;
    // Every test works under a prefix of its own run, so a store shared with other runs is not confused.
    const run = `contract-${randomBytes(4).toString('hex')}`;
    const key = (k: string) => `${run}/${k}`;
    const url = (u: string) => (fx.resolveUrl ? fx.resolveUrl(u) : u);

    beforeAll(async () => {
      fx = await setup();
      store = fx.store;
    });
    afterAll(async () => {
      await fx?.close();
    });

    it('stores a large stream byte for byte and reports its size', async () => {
      const gen = generatedStream(BIG_BYTES);
      const stored = await store.put(key('big.bin'), gen.stream, { contentType: 'application/octet-stream' });
      expect(stored).toEqual({ key: key('big.bin'), bytes: BIG_BYTES });
      const body = await store.get(key('big.bin'));
      expect(body).not.toBeNull();
      expect(await sha256Of(body!)).toEqual({ sha256: gen.digest(), bytes: BIG_BYTES });
    });

    it('stores an empty stream as an empty object', async () => {
      expect(await store.put(key('empty.csv'), Readable.from([]), { contentType: CSV })).toEqual({ key: key('empty.csv'), bytes: 0 });
      expect(await textOf((await store.get(key('empty.csv')))!)).toBe('');
    });

    it('put replaces an existing object', async () => {
      await store.put(key('replace.csv'), text('first version, which is the longer one\n'), { contentType: CSV });
      const second = 'id,name\n1,Zoë\n';
      expect(await store.put(key('replace.csv'), text(second), { contentType: CSV })).toEqual({ key: key('replace.csv'), bytes: 15 });
      expect(await textOf((await store.get(key('replace.csv')))!)).toBe(second);
    });

    it('a source stream that fails half-way: put rejects and nothing is left under the key', async () => {
      // 10 MiB before the failure: an S3 upload is already multipart by then (first part sent).
      const gen = generatedStream(BIG_BYTES, { failAfter: 10 * MIB });
      await expect(store.put(key('broken.bin'), gen.stream, { contentType: 'application/octet-stream' })).rejects.toThrow();
      expect(await store.get(key('broken.bin'))).toBeNull();
    });

    it('a download link serves the bytes under the given filename (ASCII and not)', async () => {
      const body = 'tracking,status\nJNE0001,delivered\n';
      await store.put(key('orders.csv'), text(body), { contentType: CSV });
      for (const filename of ['orders-2026-12.csv', 'Bestellungen Dezember – Zoë €.csv']) {
        const res = await fetch(url(await store.downloadUrl(key('orders.csv'), { expiresInSeconds: 60, filename })));
        expect(res.status).toBe(200);
        expect(await res.text()).toBe(body);
        const disposition = res.headers.get('content-disposition');
        expect(disposition).toMatch(/^attachment/i);
        expect(dispositionFilename(disposition)).toBe(filename);
      }
    });

    it('an expired link is refused', async () => {
      await store.put(key('expiring.csv'), text('a,b\n'), { contentType: CSV });
      const link = url(await store.downloadUrl(key('expiring.csv'), { expiresInSeconds: 1, filename: 'x.csv' }));
      // Links are signed to the second: fetched at once it still works…
      const fresh = await fetch(link);
      expect(fresh.status).toBe(200);
      await fresh.arrayBuffer();
      await sleep(2_100);
      // …two seconds later it does not.
      const stale = await fetch(link);
      expect(stale.status).toBeGreaterThanOrEqual(400);
      await stale.arrayBuffer();
    });

    it('delete removes the object; get and its links then find nothing', async () => {
      await store.put(key('gone.csv'), text('x\n'), { contentType: CSV });
      const link = url(await store.downloadUrl(key('gone.csv'), { expiresInSeconds: 60 }));
      await store.delete(key('gone.csv'));
      expect(await store.get(key('gone.csv'))).toBeNull();
      const res = await fetch(link);
      expect(res.status).toBeGreaterThanOrEqual(400);
      await res.arrayBuffer();
    });

    it('get of a missing key is null and delete of a missing key is fine', async () => {
      expect(await store.get(key('never-written.csv'))).toBeNull();
      await expect(store.delete(key('never-written.csv'))).resolves.toBeUndefined();
    });

    it.each(['../x', '/abs', 'a//b', 'a/../b', '', 'a/', 'with space', 'x/./y'])('the key %j is refused before any I/O', async (bad) => {
      const gen = generatedStream(10);
      await expect(attempt(() => store.put(bad, gen.stream, { contentType: CSV }))).rejects.toBeInstanceOf(TypeError);
      expect(gen.wasPulled()).toBe(false);
      gen.stream.destroy();
      await expect(attempt(() => store.get(bad))).rejects.toBeInstanceOf(TypeError);
      await expect(attempt(() => store.delete(bad))).rejects.toBeInstanceOf(TypeError);
      await expect(attempt(() => store.downloadUrl(bad, { expiresInSeconds: 60 }))).rejects.toBeInstanceOf(TypeError);
    });
  });
}
