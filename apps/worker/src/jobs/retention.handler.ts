/**
 * Retention: a face photo is sensitive personal data, so photos and
 * the pictures drawn from them (overlay, drape) of finished analyses older than IMAGE_RETENTION_DAYS are
 * deleted; metrics, profile and the row stay. Runs from a BullMQ job scheduler;
 * logs what it did.
 */
import type { PictureRepository } from '@face/db';
import type { Logger } from '@face/logger';
import type { ImageStore } from '@face/storage';

export interface RetentionDeps {
  pictures: PictureRepository;
  store: ImageStore;
  logger: Logger;
  days: number;
}

export interface RetentionReport {
  days: number;
  analyses: number;
  files_deleted: number;
}

export function createRetentionHandler({ pictures, store, logger, days }: RetentionDeps) {
  return async function retention(): Promise<RetentionReport> {
    const report: RetentionReport = { days, analyses: 0, files_deleted: 0 };
    if (days <= 0) return report;
    for (;;) {
      const { analyses, orphanedImages } = await pictures.forgetOlderThan(days);
      for (const key of orphanedImages) await store.delete(key);
      report.analyses += analyses;
      report.files_deleted += orphanedImages.length;
      if (analyses === 0) break;
    }
    if (report.analyses > 0) logger.info('retention: photos deleted', { ...report });
    else logger.debug('retention: nothing to delete', { days });
    return report;
  };
}
