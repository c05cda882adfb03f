/**
 * Object storage settings (reports and other files the hub hands out). S3 is used when S3_BUCKET is set;
 * otherwise files live in a folder under DATA_DIR and the hub serves them through signed, expiring links.
 */
import path from 'node:path';
import type { EnvReader } from './env.js';

export interface S3Settings {
  readonly bucket: string;
  readonly region: string;
  /** undefined → AWS's own endpoint for the region; set for S3-compatible servers (MinIO, Ceph, R2…). */
  readonly endpoint: string | undefined;
  /** undefined → the SDK's default credential chain (instance role, AWS_PROFILE…). */
  readonly accessKeyId: string | undefined;
  readonly secretAccessKey: string | undefined;
  /** Path-style URLs (`endpoint/bucket/key`): what most S3-compatible servers need. */
  readonly forcePathStyle: boolean;
}

export interface StorageConfig {
  /** undefined → the local folder. */
  readonly s3: S3Settings | undefined;
  /** The local store's folder (DATA_DIR/objects unless STORAGE_DIR is set). */
  readonly localDir: string;
}

export function loadStorageConfig(r: EnvReader, dataDir: string): StorageConfig {
  const bucket = r.str('S3_BUCKET');
  const region = r.str('S3_REGION');
  const endpoint = r.url('S3_ENDPOINT', ['http:', 'https:']);
  const accessKeyId = r.str('S3_ACCESS_KEY_ID');
  const secretAccessKey = r.str('S3_SECRET_ACCESS_KEY');
  const forcePathStyle = r.bool('S3_FORCE_PATH_STYLE', false);
  const localDir = path.resolve(r.str('STORAGE_DIR') ?? path.join(dataDir, 'objects'));
  const anyS3 = [region, endpoint, accessKeyId, secretAccessKey, r.str('S3_FORCE_PATH_STYLE')].some((v) => v !== undefined);
  if (bucket === undefined) {
    if (anyS3) r.problem('S3_BUCKET is required when any other S3_ setting is set');
    return { s3: undefined, localDir };
  }
  // S3's naming rules (the subset every S3-compatible server shares).
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket) || bucket.includes('..') || /^\d+\.\d+\.\d+\.\d+$/.test(bucket)) {
    r.problem(
      'S3_BUCKET is not a valid bucket name (3–63 of a-z, 0-9, ".", "-"; starts and ends with a letter or digit; no "..", not an IP address)',
    );
  }
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    r.problem('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together');
  }
  return { s3: { bucket, region: region ?? 'us-east-1', endpoint, accessKeyId, secretAccessKey, forcePathStyle }, localDir };
}
