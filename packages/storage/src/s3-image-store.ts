/**
 * The image store in S3-compatible object storage (`STORAGE_URL=s3://bucket/prefix`):
 * objects at `<prefix>/ab/cd/<key>`, the same content addressing as on disk.
 * Every failure to reach or use the bucket is STORAGE_UNAVAILABLE (503 at the
 * API; a worker's job waits without using an attempt), and only a missing
 * object is NOT_FOUND.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { AppConfig } from '@face/config';
import { AppError } from '@face/errors';
import { imageKeyOf, keyPath, type ImageStore, type LocalImage } from './image-store';

export interface S3Location {
  bucket: string;
  /** object-key prefix without a trailing slash ('' for the bucket's root) */
  prefix: string;
}

/** `s3://bucket/some/prefix` → its bucket and prefix. */
export function parseS3Url(url: string): S3Location {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(url);
  if (!match) throw new Error(`not an s3://bucket/prefix URL: ${url}`);
  return { bucket: match[1], prefix: (match[2] ?? '').replace(/^\/+|\/+$/g, '') };
}

export interface S3StoreOptions extends S3Location {
  client: S3Client;
  /** where images are copied for the inference threads (a directory of this machine) */
  scratchDir: string;
}

export class S3ImageStore implements ImageStore {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly scratchDir: string;

  constructor(options: S3StoreOptions) {
    ({ client: this.client, bucket: this.bucket, prefix: this.prefix, scratchDir: this.scratchDir } = options);
  }

  get location(): string {
    return `s3://${this.bucket}/${this.prefix}`;
  }

  objectKey(key: string): string {
    return this.prefix ? `${this.prefix}/${keyPath(key)}` : keyPath(key);
  }

  async put(bytes: Buffer): Promise<string> {
    const key = imageKeyOf(bytes);
    if (await this.exists(key)) return key;
    await this.call('write', () =>
      this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: this.objectKey(key),
          Body: bytes,
          ContentLength: bytes.length,
        }),
      ),
    );
    return key;
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.call('read', () =>
        this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) })),
      );
      return true;
    } catch (e) {
      if (e instanceof AppError && e.code === 'NOT_FOUND') return false;
      throw e;
    }
  }

  async read(key: string): Promise<Buffer> {
    return this.call('read', async () => {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      return Buffer.from(await object.Body!.transformToByteArray());
    });
  }

  async delete(key: string): Promise<void> {
    await this.call('write', () =>
      this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) })),
    );
  }

  /** Downloads the image to the scratch directory; release() deletes the copy. */
  async localCopy(key: string): Promise<LocalImage> {
    const bytes = await this.read(key);
    await fs.mkdir(this.scratchDir, { recursive: true, mode: 0o700 });
    const file = path.join(this.scratchDir, `${key}.${randomUUID()}`);
    await fs.writeFile(file, bytes, { mode: 0o600 });
    return { path: file, release: () => fs.rm(file, { force: true }) };
  }

  async checkWritable(): Promise<void> {
    await this.call('write', () => this.client.send(new HeadBucketCommand({ Bucket: this.bucket })));
  }

  private async call<T>(action: 'read' | 'write', send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (e) {
      const err = e as { name?: string; code?: string; $metadata?: { httpStatusCode?: number } };
      const status = err.$metadata?.httpStatusCode;
      if (
        action === 'read' &&
        (err.name === 'NoSuchKey' || err.name === 'NotFound' || (status === 404 && err.name !== 'NoSuchBucket'))
      ) {
        throw new AppError('NOT_FOUND', 'The picture is no longer stored.');
      }
      // unreachable, timing out, 5xx, throttled, credentials refused, bucket missing: the store is down for us
      throw new AppError('STORAGE_UNAVAILABLE', 'The image store cannot be reached; try again shortly.', {
        reason: String(err.name ?? err.code ?? status ?? 'unknown').slice(0, 100),
      });
    }
  }
}

/**
 * A store on `url` (s3://bucket/prefix). Credentials come from the AWS SDK's default chain
 * (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, shared files, instance or task roles).
 */
export function createS3ImageStore(
  url: string,
  config: Pick<AppConfig, 'S3_ENDPOINT' | 'S3_FORCE_PATH_STYLE' | 'AWS_REGION' | 'S3_TIMEOUT_MS'>,
  scratchDir: string,
): S3ImageStore {
  const client = new S3Client({
    region: config.AWS_REGION,
    endpoint: config.S3_ENDPOINT,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    // a bucket that hangs must fail like one that is down, not hold a request or a job forever
    requestHandler: { connectionTimeout: config.S3_TIMEOUT_MS, requestTimeout: config.S3_TIMEOUT_MS },
    maxAttempts: 2,
    // checksums only where S3 requires them: not every S3-compatible server takes the newer trailing checksums
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return new S3ImageStore({ ...parseS3Url(url), client, scratchDir });
}
