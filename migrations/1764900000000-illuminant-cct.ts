import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The light's colour temperature estimated from the face (personal colour that does not follow the lamp). */
export class IlluminantCct1764900000000 implements MigrationInterface {
  name = 'IlluminantCct1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE analysis_metrics ADD COLUMN color_illuminant_cct double precision`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE analysis_metrics DROP COLUMN color_illuminant_cct`);
  }
}
