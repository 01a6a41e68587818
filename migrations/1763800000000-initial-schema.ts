import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Analyses, their profiles (SPEC §7) and the geometry metrics (METRICS.md §1),
 * one typed column per catalog metric. A landed migration is never edited.
 */
export class InitialSchema1763800000000 implements MigrationInterface {
  name = 'InitialSchema1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE analyses (
        id uuid PRIMARY KEY,
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','active','completed','failed','cancelled')),
        stage text CHECK (stage IN ('decode','detect','geometry','texture','color','context','persist')),
        progress smallint NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
        attempts integer NOT NULL DEFAULT 0,
        timings_ms jsonb NOT NULL DEFAULT '{}'::jsonb,
        error_code text,
        error_message text,
        error_stage text,
        warnings jsonb NOT NULL DEFAULT '[]'::jsonb,
        external_id text,
        idempotency_key text,
        callback_url text,
        face_policy text NOT NULL DEFAULT 'largest' CHECK (face_policy IN ('largest','strict')),
        image_sha256 char(64),
        image_bytes integer,
        image_width integer,
        image_height integer,
        image_mime text,
        face_box jsonb,
        face_count smallint,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        completed_at timestamptz,
        deleted_at timestamptz
      )`);
    await q.query(
      `CREATE UNIQUE INDEX analyses_idempotency_key_uq ON analyses (idempotency_key) WHERE idempotency_key IS NOT NULL`,
    );
    await q.query(`CREATE INDEX analyses_created_idx ON analyses (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX analyses_external_id_idx ON analyses (external_id) WHERE external_id IS NOT NULL`);
    await q.query(`CREATE INDEX analyses_unfinished_idx ON analyses (status) WHERE status IN ('queued','active')`);
    await q.query(`CREATE INDEX analyses_image_idx ON analyses (image_sha256) WHERE image_sha256 IS NOT NULL`);

    await q.query(`
      CREATE TABLE profiles (
        analysis_id uuid PRIMARY KEY REFERENCES analyses(id) ON DELETE CASCADE,
        birth_date date,
        gender text CHECK (gender IN ('female','male','other','unspecified')),
        country char(2),
        skin_concerns text[] NOT NULL DEFAULT '{}',
        self_undertone text CHECK (self_undertone IN ('cool','warm')),
        hair_color text,
        hair_length text CHECK (hair_length IN ('short','medium','long')),
        hair_texture text CHECK (hair_texture IN ('straight','wavy','curly','coily')),
        makeup_preference text,
        outdoor_ratio smallint CHECK (outdoor_ratio BETWEEN 0 AND 90)
      )`);

    await q.query(`
      CREATE TABLE analysis_metrics (
        analysis_id uuid PRIMARY KEY REFERENCES analyses(id) ON DELETE CASCADE,
        null_reasons jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        geometry_face_length_width_ratio double precision,
        geometry_head_length_ratio double precision,
        geometry_forehead_ratio double precision,
        geometry_symmetry_score double precision,
        geometry_symmetry_intensity_diff double precision,
        geometry_eye_width_left double precision,
        geometry_eye_height_left double precision,
        geometry_eye_aspect_ratio_left double precision,
        geometry_eye_tilt_left double precision,
        geometry_jaw_angle_left double precision,
        geometry_eye_width_right double precision,
        geometry_eye_height_right double precision,
        geometry_eye_aspect_ratio_right double precision,
        geometry_eye_tilt_right double precision,
        geometry_jaw_angle_right double precision,
        geometry_jawline_tilt double precision,
        geometry_cheekbone_jaw_ratio double precision,
        geometry_intercanthal_ratio double precision,
        geometry_interpupillary_ratio double precision,
        geometry_nose_length_ratio double precision,
        geometry_nose_width_ratio double precision,
        geometry_nose_bridge_deviation double precision,
        geometry_mouth_width_ratio double precision,
        geometry_lip_height_ratio double precision,
        geometry_face_shape text CHECK (geometry_face_shape IN ('oval','round','square','oblong','heart','diamond')),
        geometry_face_shape_confidence double precision
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE analysis_metrics`);
    await q.query(`DROP TABLE profiles`);
    await q.query(`DROP TABLE analyses`);
  }
}
