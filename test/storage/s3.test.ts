/**
 * The S3 store against a real S3-compatible server (s3rver on loopback, started here): the shared
 * ObjectStore contract, then what is S3's own — multipart uploads and their abort, bounded memory,
 * clear errors for a missing bucket, refused credentials or an unreachable endpoint.
 */
import net from 'node:net';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createS3Store, MIN_PART_SIZE, S3StoreError, type S3ObjectStore } from '../../src/storage/s3.js';
import { startS3Server, type S3TestServer } from '../helpers/s3-server.js';
import { describeObjectStore, generatedStream, sha256Of } from './object-store-contract.js';

const MIB = 1024 * 1024;

describeObjectStore('S3 (s3rver)', async () => {
  const server = await startS3Server();
  const store = createS3Store(server.settings);
  return {
    store,
    async close() {
      await store.close();
      await server.close();
    },
  };
});

describe('S3 store specifics (s3rver)', () => {
  let server: S3TestServer;
  let store: S3ObjectStore;
  const extra: Array<{ close(): Promise<void> }> = [];

  beforeAll(async () => {
    server = await startS3Server({ bucket: 'ff-specifics' });
    store = createS3Store(server.settings);
  });
  afterAll(async () => {
    for (const x of extra) await x.close();
    await store?.close();
    await server?.close();
  });

  const since = (mark: number) => server.requests.slice(mark);

  it('check() passes on an existing bucket with good credentials', async () => {
    await expect(store.check()).resolves.toBeUndefined();
  });

  it('uploads over one part as a multipart upload: create, parts of the chosen size, complete', async () => {
    const mark = server.requests.length;
    const own = createS3Store(server.settings, { partSizeBytes: MIN_PART_SIZE, queueSize: 2 });
    extra.push(own);
    // 12 MiB in 5 MiB parts: 5 + 5 + 2.
    const gen = generatedStream(12 * MIB);
    await expect(own.put('multi/part.bin', gen.stream, { contentType: 'application/octet-stream' })).resolves.toEqual({
      key: 'multi/part.bin',
      bytes: 12 * MIB,
    });
    const sent = since(mark);
    expect(sent.filter((r) => /^POST \/ff-specifics\/multi\/part\.bin\?uploads/.test(r))).toHaveLength(1);
    expect(
      sent
        .filter((r) => /^PUT \/ff-specifics\/multi\/part\.bin\?.*partNumber=/.test(r))
        .map((r) => /partNumber=(\d+)/.exec(r)![1])
        .sort(),
    ).toEqual(['1', '2', '3']);
    expect(sent.filter((r) => /^POST \/ff-specifics\/multi\/part\.bin\?uploadId=/.test(r))).toHaveLength(1);
    expect(await sha256Of((await own.get('multi/part.bin'))!)).toEqual({ sha256: gen.digest(), bytes: 12 * MIB });
  });

  it('a stream shorter than one part goes up as one PutObject', async () => {
    const mark = server.requests.length;
    await store.put('single/small.csv', Readable.from([Buffer.from('a,b\n1,2\n')]), { contentType: 'text/csv; charset=utf-8' });
    expect(since(mark)).toEqual([expect.stringMatching(/^PUT \/ff-specifics\/single\/small\.csv(\?|$)/)]);
  });

  it('a failing source aborts the multipart upload, and put names the source error', async () => {
    const mark = server.requests.length;
    const gen = generatedStream(40 * MIB, { failAfter: 20 * MIB });
    const err = await store.put('abort/me.bin', gen.stream, { contentType: 'application/octet-stream' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(S3StoreError);
    expect((err as Error).message).toMatch(/upload of abort\/me\.bin failed: the source stream failed: .*generator failed on purpose/);
    const sent = since(mark);
    const created = sent.find((r) => /^POST \/ff-specifics\/abort\/me\.bin\?uploads/.test(r));
    expect(created).toBeDefined();
    // AbortMultipartUpload: DELETE with the upload's id (s3rver answers 405 to it; S3 drops the parts).
    expect(sent.filter((r) => /^DELETE \/ff-specifics\/abort\/me\.bin\?uploadId=[0-9a-f]+/.test(r))).toHaveLength(1);
    expect(sent.some((r) => /^POST \/ff-specifics\/abort\/me\.bin\?uploadId=/.test(r))).toBe(false);
    expect(await store.get('abort/me.bin')).toBeNull();
  });

  it('the server going away mid-upload: put rejects and stops reading the source', async () => {
    const remote = await startS3Server({ bucket: 'ff-vanishing', childProcess: true });
    extra.push(remote);
    const own = createS3Store(remote.settings, { partSizeBytes: MIN_PART_SIZE, queueSize: 2 });
    extra.push(own);
    let seen = 0;
    const gen = generatedStream(200 * MIB, {
      onProduced: (bytes) => {
        if (seen < 12 * MIB && bytes >= 12 * MIB) void remote.close();
        seen = bytes;
      },
    });
    const err = await own.put('gone/away.bin', gen.stream, { contentType: 'application/octet-stream' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(S3StoreError);
    expect((err as Error).message).toMatch(/^upload of gone\/away\.bin to bucket ff-vanishing failed: /);
    expect(gen.stream.destroyed).toBe(true);
    // It stopped early: nowhere near the 200 MiB the source would have produced.
    expect(seen).toBeLessThan(60 * MIB);
  });

  it('links carry the Content-Type given at upload and the RFC 6266 disposition', async () => {
    await store.put('links/r.csv', Readable.from([Buffer.from('x\n')]), { contentType: 'text/csv; charset=utf-8' });
    const res = await fetch(await store.downloadUrl('links/r.csv', { expiresInSeconds: 60, filename: 'Rapport d’août.csv' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="Rapport d_ao_t.csv"; filename*=UTF-8''Rapport%20d%E2%80%99ao%C3%BBt.csv`,
    );
    await res.arrayBuffer();
  });

  it('refuses link lifetimes S3 cannot sign (under 1 s, over 7 days) and part sizes under 5 MiB', async () => {
    await expect(store.downloadUrl('links/r.csv', { expiresInSeconds: 0 })).rejects.toBeInstanceOf(RangeError);
    await expect(store.downloadUrl('links/r.csv', { expiresInSeconds: 7 * 24 * 3600 + 1 })).rejects.toBeInstanceOf(RangeError);
    expect(() => createS3Store(server.settings, { partSizeBytes: 5 * MIB - 1 })).toThrow(RangeError);
    expect(() => createS3Store(server.settings, { queueSize: 0 })).toThrow(RangeError);
  });

  it('invalid keys never reach the server', async () => {
    const mark = server.requests.length;
    for (const bad of ['../x', '/abs', 'a//b']) {
      await store.get(bad).catch(() => {});
      await store.delete(bad).catch(() => {});
      await store.put(bad, Readable.from([Buffer.from('x')]), { contentType: 'text/plain' }).catch(() => {});
      await store.downloadUrl(bad, { expiresInSeconds: 60 }).catch(() => {});
    }
    expect(since(mark)).toEqual([]);
  });

  it('memory stays bounded while a 96 MiB stream uploads (about part size × (queue + 2))', async () => {
    // s3rver in a process of its own: what this process holds is the store's doing alone.
    const remote = await startS3Server({ bucket: 'ff-memory', childProcess: true });
    extra.push(remote);
    const own = createS3Store(remote.settings, { partSizeBytes: MIN_PART_SIZE, queueSize: 2 });
    extra.push(own);
    await own.put('mem/warm.bin', generatedStream(11 * MIB).stream, { contentType: 'application/octet-stream' });
    // Live memory, not garbage waiting for a collection: a full GC before every sample.
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    gc();
    const base = process.memoryUsage();
    let peakRss = base.rss;
    let peakHeapAndBuffers = base.heapUsed + base.arrayBuffers;
    const timer = setInterval(() => {
      gc();
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeapAndBuffers = Math.max(peakHeapAndBuffers, m.heapUsed + m.arrayBuffers);
    }, 20);
    const size = 96 * MIB;
    try {
      expect(await own.put('mem/big.bin', generatedStream(size, { seed: 7 }).stream, { contentType: 'application/octet-stream' })).toEqual({
        key: 'mem/big.bin',
        bytes: size,
      });
    } finally {
      clearInterval(timer);
    }
    const grewRss = (peakRss - base.rss) / MIB;
    const grewHeap = (peakHeapAndBuffers - base.heapUsed - base.arrayBuffers) / MIB;
    // 5 MiB × (2 in flight + the one being filled + its joined copy) = 20 MiB, plus sockets' buffers;
    // holding the stream would take 96 MiB.
    expect(grewHeap, `heap + buffers grew ${grewHeap.toFixed(1)} MiB`).toBeLessThan(size / MIB / 2);
    expect(grewRss, `RSS grew ${grewRss.toFixed(1)} MiB`).toBeLessThan(size / MIB / 2);
  }, 120_000);

  it("without keys in the settings, the SDK's default credential chain is used (here: AWS_* variables)", async () => {
    const noKeys = { ...server.settings, accessKeyId: undefined, secretAccessKey: undefined };
    try {
      vi.stubEnv('AWS_ACCESS_KEY_ID', 'S3RVER');
      vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'S3RVER');
      const s = createS3Store(noKeys);
      extra.push(s);
      await expect(s.check()).resolves.toBeUndefined();
      vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAFROMENV');
      const t = createS3Store(noKeys);
      extra.push(t);
      await expect(t.check()).rejects.toMatchObject({ problem: 'access-denied' });
      // Keys in the settings win over the environment.
      await expect(store.check()).resolves.toBeUndefined();
    } finally {
      vi.unstubAllEnvs();
    }
  });

  describe('clear errors', () => {
    it('a missing bucket', async () => {
      const s = createS3Store({ ...server.settings, bucket: 'no-such-bucket' });
      extra.push(s);
      await expect(s.check()).rejects.toMatchObject({
        name: 'S3StoreError',
        problem: 'bucket-missing',
        message: `S3 bucket "no-such-bucket" does not exist at ${server.endpoint}: create it or fix S3_BUCKET`,
      });
      await expect(s.put('x.csv', Readable.from([Buffer.from('x')]), { contentType: 'text/csv' })).rejects.toMatchObject({
        problem: 'bucket-missing',
        message: expect.stringMatching(/^upload of x\.csv to bucket no-such-bucket failed: NoSuchBucket \(HTTP 404\)/),
      });
      // Not "no such object": reads and deletes name the missing bucket too.
      await expect(s.get('x.csv')).rejects.toMatchObject({ problem: 'bucket-missing', message: expect.stringMatching(/NoSuchBucket \(HTTP 404\)/) });
      await expect(s.delete('x.csv')).rejects.toMatchObject({ problem: 'bucket-missing' });
    });

    it('refused credentials (s3rver refuses an unknown access key; it does not verify the secret)', async () => {
      const s = createS3Store({ ...server.settings, accessKeyId: 'AKIAWRONG', secretAccessKey: 'wrong' });
      extra.push(s);
      await expect(s.check()).rejects.toMatchObject({
        problem: 'access-denied',
        message: expect.stringMatching(/^S3 refused access to bucket "ff-specifics" at http:\/\/127\.0\.0\.1:\d+: check S3_ACCESS_KEY_ID/),
      });
      await expect(s.get('links/r.csv')).rejects.toMatchObject({
        problem: 'access-denied',
        message: expect.stringMatching(/InvalidAccessKeyId \(HTTP 403\)/),
      });
    });

    it('an endpoint where nothing listens', async () => {
      const port = await new Promise<number>((resolve) => {
        const probe = net.createServer().listen(0, '127.0.0.1', () => {
          const p = (probe.address() as net.AddressInfo).port;
          probe.close(() => resolve(p));
        });
      });
      const s = createS3Store({ ...server.settings, endpoint: `http://127.0.0.1:${port}` });
      extra.push(s);
      await expect(s.check()).rejects.toMatchObject({
        problem: 'unreachable',
        message: expect.stringMatching(new RegExp(`^S3 endpoint http://127\\.0\\.0\\.1:${port} is unreachable: .*ECONNREFUSED`)),
      });
    });
  });
});
