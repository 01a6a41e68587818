import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The colour drape picture of a completed analysis (content key in the image store, like the overlay). */
export class DrapePicture1765200000000 implements MigrationInterface {
  name = 'DrapePicture1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE analyses ADD COLUMN drape_sha256 char(64)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE analyses DROP COLUMN drape_sha256`);
  }
}
