import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { envReader } from './env.js';
import { loadConfig } from './index.js';
import { loadStorageConfig } from './storage.js';

const DATA = '/srv/ff-data';
const load = (env: Record<string, string>) => {
  const problems: string[] = [];
  const config = loadStorageConfig(envReader(env, problems), DATA);
  return { config, problems };
};

describe('storage settings', () => {
  it('no S3 setting: the local folder DATA_DIR/objects', () => {
    expect(load({})).toEqual({ config: { s3: undefined, localDir: '/srv/ff-data/objects' }, problems: [] });
  });

  it('STORAGE_DIR moves the local folder (relative paths from the working directory)', () => {
    expect(load({ STORAGE_DIR: '/var/lib/ff/files' }).config.localDir).toBe('/var/lib/ff/files');
    expect(load({ STORAGE_DIR: 'files' }).config.localDir).toBe(path.join(process.cwd(), 'files'));
    expect(load({ STORAGE_DIR: '   ' }).config.localDir).toBe('/srv/ff-data/objects');
  });

  it('a bucket alone: AWS in us-east-1, the default credential chain, virtual-hosted URLs', () => {
    expect(load({ S3_BUCKET: 'ff-reports' })).toEqual({
      config: {
        s3: {
          bucket: 'ff-reports',
          region: 'us-east-1',
          endpoint: undefined,
          accessKeyId: undefined,
          secretAccessKey: undefined,
          forcePathStyle: false,
        },
        localDir: '/srv/ff-data/objects',
      },
      problems: [],
    });
  });

  it('every setting given (MinIO-style)', () => {
    expect(
      load({
        S3_BUCKET: 'reports.example',
        S3_REGION: 'eu-central-1',
        S3_ENDPOINT: 'http://minio.internal:9000',
        S3_ACCESS_KEY_ID: 'AKIAEXAMPLE',
        S3_SECRET_ACCESS_KEY: 'secret/with+chars',
        S3_FORCE_PATH_STYLE: 'true',
      }),
    ).toEqual({
      config: {
        s3: {
          bucket: 'reports.example',
          region: 'eu-central-1',
          endpoint: 'http://minio.internal:9000',
          accessKeyId: 'AKIAEXAMPLE',
          secretAccessKey: 'secret/with+chars',
          forcePathStyle: true,
        },
        localDir: '/srv/ff-data/objects',
      },
      problems: [],
    });
  });

  it.each([
    [{ S3_REGION: 'eu-west-1' }],
    [{ S3_ENDPOINT: 'https://s3.example.com' }],
    [{ S3_ACCESS_KEY_ID: 'a', S3_SECRET_ACCESS_KEY: 'b' }],
    [{ S3_FORCE_PATH_STYLE: 'true' }],
  ])('another S3_ setting without S3_BUCKET is a problem: %j', (env) => {
    const { config, problems } = load(env);
    expect(problems).toEqual(['S3_BUCKET is required when any other S3_ setting is set']);
    expect(config.s3).toBeUndefined();
  });

  it.each([[{ S3_ACCESS_KEY_ID: 'AKIAEXAMPLE' }], [{ S3_SECRET_ACCESS_KEY: 'secret' }]])('one key without the other is a problem: %j', (env) => {
    expect(load({ S3_BUCKET: 'ff-reports', ...env }).problems).toEqual(['S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together']);
  });

  it.each(['abc', 'ff-reports', 'my.bucket-1', '0ab', 'a'.repeat(63)])('%j is a valid bucket name', (bucket) => {
    expect(load({ S3_BUCKET: bucket }).problems).toEqual([]);
  });

  it.each(['ab', 'a'.repeat(64), 'FF-Reports', 'ff_reports', '-ff', 'ff-', '.ff', 'ff.', 'ff..reports', '192.168.5.4', 'ff reports', 'ff/reports'])(
    '%j is not a valid bucket name',
    (bucket) => {
      expect(load({ S3_BUCKET: bucket }).problems).toEqual([
        'S3_BUCKET is not a valid bucket name (3–63 of a-z, 0-9, ".", "-"; starts and ends with a letter or digit; no "..", not an IP address)',
      ]);
    },
  );

  it('S3_ENDPOINT must be an http(s) URL', () => {
    expect(load({ S3_BUCKET: 'ff-reports', S3_ENDPOINT: 'ftp://files.example.com' }).problems).toEqual([
      'S3_ENDPOINT must use one of http:, https: (got "ftp:")',
    ]);
    expect(load({ S3_BUCKET: 'ff-reports', S3_ENDPOINT: 'minio:9000/x' }).problems).toEqual([
      'S3_ENDPOINT must use one of http:, https: (got "minio:")',
    ]);
    expect(load({ S3_BUCKET: 'ff-reports', S3_ENDPOINT: 'not a url' }).problems).toEqual(['S3_ENDPOINT is not a valid URL']);
    expect(load({ S3_BUCKET: 'ff-reports', S3_ENDPOINT: 'https://abc123.r2.cloudflarestorage.com' }).problems).toEqual([]);
  });

  it('S3_FORCE_PATH_STYLE follows the one boolean rule', () => {
    expect(load({ S3_BUCKET: 'ff-reports', S3_FORCE_PATH_STYLE: 'off' }).config.s3?.forcePathStyle).toBe(false);
    expect(load({ S3_BUCKET: 'ff-reports', S3_FORCE_PATH_STYLE: 'maybe' }).problems).toEqual([
      'S3_FORCE_PATH_STYLE must be true or false (got "maybe")',
    ]);
  });

  it('is wired into the config, and its problems stop the start-up with the others', () => {
    const c = loadConfig({ DATA_DIR: '/tmp/ff-storage-config', S3_BUCKET: 'ff-reports', S3_REGION: 'ap-southeast-1' });
    expect(c.storage.s3).toMatchObject({ bucket: 'ff-reports', region: 'ap-southeast-1' });
    expect(c.storage.localDir).toBe('/tmp/ff-storage-config/objects');
    expect(() => loadConfig({ S3_REGION: 'eu-west-1', S3_ENDPOINT: 'ftp://x', LOG_LEVEL: 'loud' })).toThrow(
      /S3_ENDPOINT must use one of http:, https: \(got "ftp:"\)[\s\S]*S3_BUCKET is required when any other S3_ setting is set/,
    );
  });
});
