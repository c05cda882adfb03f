/**
 * One interface for the files the hub hands out (order reports): a local folder by default (embedded
 * mode; the hub serves its files through signed, expiring links), S3 or an S3-compatible server when
 * S3_BUCKET is set (multipart upload, presigned GET). Implementations are the only code here that does
 * file or network I/O; callers stream into `put` and never hold a whole file in memory.
 */
import type { Readable } from 'node:stream';

export interface PutOptions {
  /** e.g. `text/csv; charset=utf-8` */
  readonly contentType: string;
}

export interface StoredObject {
  readonly key: string;
  readonly bytes: number;
}

export interface DownloadLinkOptions {
  readonly expiresInSeconds: number;
  /** The name a browser saves the file under (Content-Disposition: attachment). */
  readonly filename?: string;
}

export interface ObjectStore {
  readonly kind: 'local' | 's3';
  /**
   * Streams `body` to `key` (replacing any object there) and resolves once it is stored in full. On
   * failure nothing is left under `key` (a partial upload is aborted, a partial file removed).
   */
  put(key: string, body: Readable, opts: PutOptions): Promise<StoredObject>;
  /** A link anyone holding it can GET until it expires. */
  downloadUrl(key: string, opts: DownloadLinkOptions): Promise<string>;
  /** The object's bytes as a stream, or null when there is none. */
  get(key: string): Promise<Readable | null>;
  /** Removes the object; no error when there is none. */
  delete(key: string): Promise<void>;
}

/** Keys are paths of safe segments: `reports/cmp_x/rpt_y.csv`. Anything else is a programming error. */
export const OBJECT_KEY = /^(?:[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}\/){0,7}[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;

export function assertObjectKey(key: string): void {
  if (!OBJECT_KEY.test(key) || key.split('/').some((s) => s === '.' || s === '..')) throw new TypeError(`invalid object key: ${JSON.stringify(key)}`);
}
