import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each calibration observation names the layout of its feature vector, so a
 * model is refitted only on observations it can read: the age and gender
 * models moved to a longer vector (FaceRes-deep's estimates), and rows stored
 * before that keep the layout they were measured with.
 */
export class ObservationFeatureSet1764600000000 implements MigrationInterface {
  name = 'ObservationFeatureSet1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE face_observations ADD COLUMN feature_set text`);
    await q.query(
      `UPDATE face_observations SET feature_set = 'faceres1024+faceres-age+faceres-logit+ssrnet-age+ssrnet-logit/v1'`,
    );
    await q.query(`ALTER TABLE face_observations ALTER COLUMN feature_set SET NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE face_observations DROP COLUMN feature_set`);
  }
}
