import path from 'node:path';
import type { AppConfig } from '@face/config';
import type { ImageStore } from './image-store';
import { LocalImageStore } from './local-image-store';

export * from './image-store';
export * from './local-image-store';
export type { S3ImageStore, S3Location } from './s3-image-store';

export type StoreConfig = Pick<
  AppConfig,
  'STORAGE_URL' | 'S3_ENDPOINT' | 'S3_FORCE_PATH_STYLE' | 'AWS_REGION' | 'S3_TIMEOUT_MS' | 'dataDir' | 'imageDir'
>;

/** The configured store: STORAGE_URL unset → DATA_DIR/images; `s3://bucket/prefix` → that bucket. */
export function createImageStore(config: StoreConfig): ImageStore {
  if (!config.STORAGE_URL) return new LocalImageStore(config.imageDir);
  // the AWS SDK is loaded only by deployments that use a bucket
  const { createS3ImageStore } = require('./s3-image-store') as typeof import('./s3-image-store');
  return createS3ImageStore(config.STORAGE_URL, config, path.join(config.dataDir, 'scratch'));
}
