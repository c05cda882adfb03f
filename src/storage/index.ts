/**
 * Chooses the object store from the configuration: S3 when S3_BUCKET is set, else the local folder.
 */
import type { StorageConfig } from '../config/storage.js';
import { createLocalStore, type LocalObjectStore } from './local.js';
import type { ObjectStore } from './object-store.js';
import { createS3Store, type S3ObjectStore } from './s3.js';
import { deriveLinkKey } from './signed-link.js';

export interface ObjectStorage {
  readonly store: ObjectStore & { close(): Promise<void> };
  /** Set when files are served by this hub (`GET /files/…`); undefined with S3 (links go to S3 itself). */
  readonly local: LocalObjectStore | undefined;
  /** Set with S3: the bucket check (HeadBucket) that start-up runs to warn early about settings. */
  readonly s3: S3ObjectStore | undefined;
}

export function createObjectStore(config: StorageConfig, opts: { publicUrl: string; masterSecret: string }): ObjectStorage {
  if (config.s3) {
    const s3 = createS3Store(config.s3);
    return { store: s3, local: undefined, s3 };
  }
  const local = createLocalStore({ dir: config.localDir, publicUrl: opts.publicUrl, linkKey: deriveLinkKey(opts.masterSecret) });
  return { store: local, local, s3: undefined };
}
