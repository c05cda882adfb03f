/**
 * The S3 object store (AWS S3 or an S3-compatible server: MinIO, Ceph, Cloudflare R2…), used when
 * S3_BUCKET is set. docs/storage.md describes the settings and how to point them at each service.
 *
 * - put: a multipart upload through `@aws-sdk/lib-storage`, fed straight from the caller's stream.
 *   Memory is bounded: lib-storage cuts the stream into parts of `partSizeBytes` and keeps at most
 *   `queueSize` of them in flight, plus the one being filled and, briefly, its joined copy: an upload
 *   holds about partSize × (queueSize + 2) bytes whatever the object's size — 32 MiB with the defaults
 *   (8 MiB, 2).
 *   A stream shorter than one part goes up as a single PutObject. On any failure (the source stream
 *   errors, the network fails) the multipart upload is aborted, so no parts are left to be billed and
 *   nothing appears under the key; the source stream is destroyed and put rejects.
 * - downloadUrl: a presigned GetObject (SigV4, at most 7 days) that also tells S3 which
 *   Content-Disposition to answer with, so the browser saves the file under its report name.
 * - get / delete / check (HeadBucket, for start-up and readiness) / close.
 */
import { Readable, Transform } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  NoSuchKey,
  S3Client,
  S3ServiceException,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { S3Settings } from '../config/storage.js';
import { attachmentDisposition } from './disposition.js';
import { assertObjectKey, type DownloadLinkOptions, type ObjectStore, type PutOptions, type StoredObject } from './object-store.js';

export const MIB = 1024 * 1024;
/** S3's own minimum for every part but the last. */
export const MIN_PART_SIZE = 5 * MIB;
export const DEFAULT_PART_SIZE = 8 * MIB;
/** Parts uploaded at once: 2 keeps the memory bound small and is enough to keep a link busy. */
export const DEFAULT_QUEUE_SIZE = 2;
/** SigV4 presigned URLs live at most 7 days. */
export const MAX_LINK_SECONDS = 7 * 24 * 3600;

export interface S3StoreOptions {
  /** Bytes per part (≥ 5 MiB, S3's minimum). Default 8 MiB. */
  readonly partSizeBytes?: number;
  /** Parts uploaded concurrently (1–16). Default 2. */
  readonly queueSize?: number;
}

export interface S3ObjectStore extends ObjectStore {
  readonly kind: 's3';
  /** Resolves when the bucket exists and the credentials may use it; rejects with an S3StoreError otherwise. */
  check(): Promise<void>;
  /** Releases the client's sockets. */
  close(): Promise<void>;
}

export type S3StoreProblem = 'bucket-missing' | 'access-denied' | 'wrong-region' | 'unreachable' | 'failed';

/** A failure of the store with a message an operator can act on; `cause` is the SDK's error. */
export class S3StoreError extends Error {
  constructor(
    readonly problem: S3StoreProblem,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'S3StoreError';
  }
}

const statusOf = (err: unknown): number | undefined =>
  err instanceof S3ServiceException
    ? err.$metadata.httpStatusCode
    : (err as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;

const describe = (err: unknown): string => {
  if (!(err instanceof Error)) return String(err);
  const status = statusOf(err);
  // HEAD answers have no body, so the SDK names some errors "Unknown"/"UnknownError": the status says more.
  return `${err.name}${status ? ` (HTTP ${status})` : ''}: ${err.message}`;
};

export function createS3Store(settings: S3Settings, opts: S3StoreOptions = {}): S3ObjectStore {
  const partSize = opts.partSizeBytes ?? DEFAULT_PART_SIZE;
  const queueSize = opts.queueSize ?? DEFAULT_QUEUE_SIZE;
  if (!Number.isInteger(partSize) || partSize < MIN_PART_SIZE)
    throw new RangeError(`partSizeBytes must be an integer ≥ ${MIN_PART_SIZE} (S3's minimum part size)`);
  if (!Number.isInteger(queueSize) || queueSize < 1 || queueSize > 16) throw new RangeError('queueSize must be an integer between 1 and 16');

  const config: S3ClientConfig = {
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    // The SDK (since early 2025) adds CRC32 checksums to every upload by default, sent as trailers of
    // an aws-chunked body, and validates response checksums. Many S3-compatible servers (older MinIO,
    // Ceph, s3rver, some R2 paths) reject or mis-store such requests, and presigned GETs would carry
    // x-amz-checksum-mode. WHEN_REQUIRED restores the classic behaviour (checksums only where the API
    // demands them); TLS and S3's own MD5/ETag checks still guard the bytes.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // A dead endpoint fails in seconds instead of hanging a report or the start-up check.
    requestHandler: { connectionTimeout: 5_000 },
  };
  if (settings.endpoint !== undefined) config.endpoint = settings.endpoint;
  // Both keys → explicit credentials; neither → the SDK's default chain (env, profile, instance role…).
  if (settings.accessKeyId !== undefined && settings.secretAccessKey !== undefined) {
    config.credentials = { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey };
  }
  const client = new S3Client(config);
  const Bucket = settings.bucket;

  async function put(key: string, body: Readable, opts: PutOptions): Promise<StoredObject> {
    assertObjectKey(key);
    let bytes = 0;
    let sourceError: unknown;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        done(null, chunk);
      },
    });
    // Wired by hand rather than with pipeline(): pipeline would also destroy the source with an
    // AbortError when lib-storage stops reading after a failed part, and that would pass for a failure
    // of the source. Here only the source's own error is recorded (and ends lib-storage's read); put
    // destroys the source itself once the upload failed.
    body.on('error', (err) => {
      sourceError ??= err;
      counter.destroy(err);
    });
    body.pipe(counter);
    const upload = new Upload({
      client,
      params: { Bucket, Key: key, Body: counter, ContentType: opts.contentType },
      partSize,
      queueSize,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (err) {
      body.destroy();
      counter.destroy();
      if (sourceError !== undefined) {
        throw new S3StoreError('failed', `upload of ${key} failed: the source stream failed: ${describe(sourceError)}`, { cause: sourceError });
      }
      throw new S3StoreError(problemOf(err), `upload of ${key} to bucket ${Bucket} failed: ${describe(err)}`, { cause: err });
    }
    return { key, bytes };
  }

  async function downloadUrl(key: string, link: DownloadLinkOptions): Promise<string> {
    assertObjectKey(key);
    const expiresIn = link.expiresInSeconds;
    if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > MAX_LINK_SECONDS) {
      throw new RangeError(`expiresInSeconds must be an integer between 1 and ${MAX_LINK_SECONDS} (S3's limit for presigned links)`);
    }
    const command = new GetObjectCommand({ Bucket, Key: key, ResponseContentDisposition: attachmentDisposition(link.filename) });
    return getSignedUrl(client, command, { expiresIn });
  }

  async function get(key: string): Promise<Readable | null> {
    assertObjectKey(key);
    try {
      const res = await client.send(new GetObjectCommand({ Bucket, Key: key }));
      if (!(res.Body instanceof Readable)) throw new S3StoreError('failed', `GetObject ${key}: the response has no readable body`);
      return res.Body;
    } catch (err) {
      // A missing bucket is a 404 too, but a configuration error, not an absent object.
      if (err instanceof NoSuchKey || (statusOf(err) === 404 && (err as Error).name !== 'NoSuchBucket')) return null;
      if (err instanceof S3StoreError) throw err;
      throw new S3StoreError(problemOf(err), `GetObject ${key} from bucket ${Bucket} failed: ${describe(err)}`, { cause: err });
    }
  }

  async function remove(key: string): Promise<void> {
    assertObjectKey(key);
    try {
      // S3 answers 204 whether or not there was an object.
      await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
    } catch (err) {
      // Some S3-compatible servers answer NoSuchKey instead: absent is what we wanted.
      if (err instanceof NoSuchKey) return;
      throw new S3StoreError(problemOf(err), `DeleteObject ${key} from bucket ${Bucket} failed: ${describe(err)}`, { cause: err });
    }
  }

  function problemOf(err: unknown): S3StoreProblem {
    const status = statusOf(err);
    const name = err instanceof Error ? err.name : '';
    if (name === 'NoSuchBucket') return 'bucket-missing';
    if (name === 'CredentialsProviderError') return 'access-denied';
    if (status === 403 || name === 'InvalidAccessKeyId' || name === 'SignatureDoesNotMatch' || name === 'AccessDenied') return 'access-denied';
    if (status === 301 || name === 'PermanentRedirect' || name === 'AuthorizationHeaderMalformed') return 'wrong-region';
    if (status === undefined) return 'unreachable';
    return 'failed';
  }

  async function check(): Promise<void> {
    try {
      await client.send(new HeadBucketCommand({ Bucket }));
    } catch (err) {
      const where = settings.endpoint ?? `AWS S3 (${settings.region})`;
      const problem = statusOf(err) === 404 ? 'bucket-missing' : problemOf(err);
      const text: Record<S3StoreProblem, string> = {
        'bucket-missing': `S3 bucket "${Bucket}" does not exist at ${where}: create it or fix S3_BUCKET`,
        'access-denied': `S3 refused access to bucket "${Bucket}" at ${where}: check S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY (or the default credential chain) and the key's permissions on the bucket`,
        'wrong-region': `S3 bucket "${Bucket}" is not in region ${settings.region}: fix S3_REGION`,
        unreachable: `S3 endpoint ${where} is unreachable: ${describe(err)}`,
        failed: `S3 bucket check of "${Bucket}" at ${where} failed: ${describe(err)}`,
      };
      throw new S3StoreError(problem, text[problem], { cause: err });
    }
  }

  return {
    kind: 's3',
    put,
    downloadUrl,
    get,
    delete: remove,
    check,
    async close() {
      client.destroy();
    },
  };
}
