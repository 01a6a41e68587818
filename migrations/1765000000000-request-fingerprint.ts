import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The fingerprint of the request that created an analysis (photo, image_url, options, profile): an Idempotency-Key
 * reused with a different request is refused with 409 IDEMPOTENCY_CONFLICT instead of answering with the first one.
 * Rows from before it have none and replay as before.
 */
export class RequestFingerprint1765000000000 implements MigrationInterface {
  name = 'RequestFingerprint1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE analyses ADD COLUMN request_sha256 char(64)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE analyses DROP COLUMN request_sha256`);
  }
}
