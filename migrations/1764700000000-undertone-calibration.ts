import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The undertone calibration (SPEC §8): model_versions gains the kind
 * `undertone`, and each observation keeps the season model's inputs, their
 * layout and the undertone version it was classified with, so the `calibrate`
 * job can refit the warm/cool boundary against the self-assessed undertone
 * stored beside them. Rows stored before this have no colour features and are
 * left out of that fit.
 */
export class UndertoneCalibration1764700000000 implements MigrationInterface {
  name = 'UndertoneCalibration1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE model_versions DROP CONSTRAINT model_versions_kind_check`);
    await q.query(
      `ALTER TABLE model_versions ADD CONSTRAINT model_versions_kind_check CHECK (kind IN ('age', 'gender', 'undertone'))`,
    );
    await q.query(
      `ALTER TABLE face_observations ADD COLUMN colour_feature_set text, ADD COLUMN colour_features real[], ADD COLUMN undertone_version text`,
    );
    await q.query(
      `CREATE INDEX face_observations_self_undertone_idx ON face_observations (created_at) WHERE self_undertone IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX face_observations_self_undertone_idx`);
    await q.query(
      `ALTER TABLE face_observations DROP COLUMN colour_feature_set, DROP COLUMN colour_features, DROP COLUMN undertone_version`,
    );
    await q.query(`DELETE FROM model_versions WHERE kind = 'undertone'`);
    await q.query(`ALTER TABLE model_versions DROP CONSTRAINT model_versions_kind_check`);
    await q.query(
      `ALTER TABLE model_versions ADD CONSTRAINT model_versions_kind_check CHECK (kind IN ('age', 'gender'))`,
    );
  }
}
