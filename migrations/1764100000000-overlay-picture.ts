import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The overlay picture of a completed analysis, stored content-addressed beside the photo. */
export class OverlayPicture1764100000000 implements MigrationInterface {
  name = 'OverlayPicture1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE analyses ADD COLUMN overlay_sha256 char(64)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE analyses DROP COLUMN overlay_sha256`);
  }
}
