import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Context metrics (METRICS.md §4), and the calibration data set (SPEC §8):
 * model_versions holds fitted age / gender models (one active per kind);
 * face_observations keeps, per completed analysis, the raw model outputs, the
 * estimates, the versions that made them and the profile's truth beside them.
 */
export class ContextAndCalibration1764200000000 implements MigrationInterface {
  name = 'ContextAndCalibration1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE analysis_metrics
        ADD COLUMN context_expression text,
        ADD COLUMN context_expression_scores jsonb,
        ADD COLUMN context_age_estimate double precision,
        ADD COLUMN context_gender text,
        ADD COLUMN context_gender_male_probability double precision,
        ADD COLUMN context_glasses text,
        ADD COLUMN context_glasses_confidence double precision,
        ADD COLUMN context_lens_tint text,
        ADD COLUMN context_earrings text,
        ADD COLUMN context_makeup_intensity double precision,
        ADD COLUMN context_lip_makeup double precision,
        ADD COLUMN context_eye_makeup double precision,
        ADD COLUMN context_light_direction text,
        ADD COLUMN context_light_uniformity double precision,
        ADD COLUMN context_yaw double precision,
        ADD COLUMN context_pitch double precision,
        ADD COLUMN context_roll double precision,
        ADD COLUMN context_sharpness double precision,
        ADD COLUMN context_exposure double precision,
        ADD COLUMN context_face_size_px double precision,
        ADD COLUMN context_eyes_open text,
        ADD COLUMN context_mouth_open text`);
    await q.query(`
      CREATE TABLE model_versions (
        id serial PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('age', 'gender')),
        version text NOT NULL UNIQUE,
        parameters jsonb NOT NULL,
        training_set jsonb NOT NULL,
        metrics jsonb NOT NULL,
        active boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        activated_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX model_versions_one_active_idx ON model_versions (kind) WHERE active`);
    await q.query(`
      CREATE TABLE face_observations (
        analysis_id uuid PRIMARY KEY REFERENCES analyses (id) ON DELETE CASCADE,
        features real[] NOT NULL,
        age_estimate double precision NOT NULL,
        male_probability double precision NOT NULL,
        undertone text,
        age_version text NOT NULL,
        gender_version text NOT NULL,
        true_age double precision,
        declared_gender text,
        self_undertone text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX face_observations_labelled_idx ON face_observations (created_at) WHERE true_age IS NOT NULL OR declared_gender IN ('female', 'male')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE face_observations`);
    await q.query(`DROP TABLE model_versions`);
    await q.query(`
      ALTER TABLE analysis_metrics
        DROP COLUMN context_expression, DROP COLUMN context_expression_scores, DROP COLUMN context_age_estimate, DROP COLUMN context_gender, DROP COLUMN context_gender_male_probability, DROP COLUMN context_glasses, DROP COLUMN context_glasses_confidence, DROP COLUMN context_lens_tint, DROP COLUMN context_earrings, DROP COLUMN context_makeup_intensity, DROP COLUMN context_lip_makeup, DROP COLUMN context_eye_makeup, DROP COLUMN context_light_direction, DROP COLUMN context_light_uniformity, DROP COLUMN context_yaw, DROP COLUMN context_pitch, DROP COLUMN context_roll, DROP COLUMN context_sharpness, DROP COLUMN context_exposure, DROP COLUMN context_face_size_px, DROP COLUMN context_eyes_open, DROP COLUMN context_mouth_open`);
  }
}
