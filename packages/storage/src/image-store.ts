/**
 * The image store: photos and overlay pictures, addressed by the SHA-256 of
 * their bytes, never by a client's file name (Korean names, `../` and
 * duplicates are all harmless; storing the same photo twice is one object).
 * Two implementations: a directory (the default) and S3-compatible object
 * storage, so workers on other machines share nothing but Postgres, Redis and
 * the bucket.
 */
import { createHash } from 'node:crypto';

const KEY = /^[0-9a-f]{64}$/;

export function imageKeyOf(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** `ab/cd/abcd…`: the key's first two byte pairs fan the images out. */
export function keyPath(key: string): string {
  if (!KEY.test(key)) throw new Error('invalid image key');
  return `${key.slice(0, 2)}/${key.slice(2, 4)}/${key}`;
}

/** An image as a file on this machine, for the inference thread; `release` removes a temporary copy. */
export interface LocalImage {
  path: string;
  release(): Promise<void>;
}

export interface ImageStore {
  /** where the images are (logs, readiness): a directory or s3://bucket/prefix */
  readonly location: string;
  /** Stores the bytes (a no-op when they are stored already); returns their key. STORAGE_UNAVAILABLE when it cannot write. */
  put(bytes: Buffer): Promise<string>;
  exists(key: string): Promise<boolean>;
  /** The bytes; NOT_FOUND when the image is gone, STORAGE_UNAVAILABLE when the store cannot be reached. */
  read(key: string): Promise<Buffer>;
  /** Removes the image; a missing one is no error. */
  delete(key: string): Promise<void>;
  localCopy(key: string): Promise<LocalImage>;
  /** Throws when the store cannot take writes now (readiness, start-up). */
  checkWritable(): Promise<void>;
}
