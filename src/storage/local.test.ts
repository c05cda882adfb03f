import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalStore, type LocalObjectStore } from './local.js';
import { deriveLinkKey } from './signed-link.js';

let dir: string;
let store: LocalObjectStore;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-store-'));
  store = createLocalStore({ dir, publicUrl: 'https://hub.example/', linkKey: deriveLinkKey('x'.repeat(32)) });
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const text = async (r: Readable) => Buffer.concat(await r.toArray()).toString();

describe('local object store', () => {
  it('put streams to the key, reports the size, and get/open read it back', async () => {
    const stored = await store.put('reports/cmp_a/rpt_1.csv', Readable.from(['a,b\r\n', '1,2\r\n']), { contentType: 'text/csv' });
    expect(stored).toEqual({ key: 'reports/cmp_a/rpt_1.csv', bytes: 10 });
    expect(await text((await store.get('reports/cmp_a/rpt_1.csv'))!)).toBe('a,b\r\n1,2\r\n');
    expect((await store.open('reports/cmp_a/rpt_1.csv'))!.bytes).toBe(10);
  });

  it('a reader never sees a partial file: the key appears only once the upload is complete', async () => {
    const body = new PassThrough();
    const done = store.put('r/x.csv', body, { contentType: 'text/csv' });
    body.write('half');
    await new Promise((r) => setTimeout(r, 50));
    expect(await store.get('r/x.csv')).toBeNull();
    body.end(' and the rest');
    await done;
    expect(await text((await store.get('r/x.csv'))!)).toBe('half and the rest');
  });

  it('a failed upload leaves nothing: no file under the key, no temporary file', async () => {
    const body = new PassThrough();
    const done = store.put('r/y.csv', body, { contentType: 'text/csv' });
    body.write('some bytes');
    await new Promise((r) => setTimeout(r, 20));
    body.destroy(new Error('source died'));
    await expect(done).rejects.toThrow('source died');
    expect(fs.readdirSync(path.join(dir, 'r'))).toEqual([]);
  });

  it('delete removes, and is quiet when there is nothing', async () => {
    await store.put('r/z.csv', Readable.from(['z']), { contentType: 'text/csv' });
    await store.delete('r/z.csv');
    await store.delete('r/z.csv');
    expect(await store.get('r/z.csv')).toBeNull();
  });

  it('keys outside the pattern are refused (put, delete, links) or read as nothing (open)', async () => {
    for (const key of ['../x', '/etc/passwd', 'a/../../x', 'a//b', '.hidden', 'a\\b']) {
      await expect(store.put(key, Readable.from(['x']), { contentType: 'text/plain' })).rejects.toThrow(TypeError);
      await expect(store.delete(key)).rejects.toThrow(TypeError);
      await expect(store.downloadUrl(key, { expiresInSeconds: 60 })).rejects.toThrow(TypeError);
      expect(await store.open(key)).toBeNull();
    }
  });

  it('links are on the public URL, signed, and verify only as issued', async () => {
    const url = new URL(await store.downloadUrl('r/a.csv', { expiresInSeconds: 600, filename: 'my report.csv' }));
    expect(`${url.origin}${url.pathname}`).toBe('https://hub.example/files/r/a.csv');
    expect(url.searchParams.get('name')).toBe('my report.csv');
    const expires = Number(url.searchParams.get('expires'));
    expect(expires - Date.now() / 1000).toBeGreaterThan(590);
    expect(store.verify('r/a.csv', expires, 'my report.csv', url.searchParams.get('sig')!)).toBe('ok');
    expect(store.verify('r/a.csv', expires, 'my_report.csv', url.searchParams.get('sig')!)).toBe('invalid');
    expect(store.verify('r/b.csv', expires, 'my report.csv', url.searchParams.get('sig')!)).toBe('invalid');
    expect(store.verify('r/a.csv', expires, 'my report.csv', url.searchParams.get('sig')!, expires)).toBe('expired');
  });
});
