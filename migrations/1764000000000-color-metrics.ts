import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Colour / personal-colour metrics (METRICS.md §3), one typed column each. */
export class ColorMetrics1764000000000 implements MigrationInterface {
  name = 'ColorMetrics1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE analysis_metrics
        ADD COLUMN color_skin_ita double precision,
        ADD COLUMN color_skin_tone_category text,
        ADD COLUMN color_skin_hue_angle double precision,
        ADD COLUMN color_skin_clusters jsonb,
        ADD COLUMN color_undertone_b double precision,
        ADD COLUMN color_undertone text,
        ADD COLUMN color_iris_color_hex text,
        ADD COLUMN color_iris_hue double precision,
        ADD COLUMN color_iris_color_category text,
        ADD COLUMN color_iris_sclera_contrast double precision,
        ADD COLUMN color_hair_color_hex text,
        ADD COLUMN color_hair_hue_mean double precision,
        ADD COLUMN color_hair_color_category text,
        ADD COLUMN color_hair_chroma_ratio double precision,
        ADD COLUMN color_value_contrast double precision,
        ADD COLUMN color_warm_cool_score double precision,
        ADD COLUMN color_light_deep_score double precision,
        ADD COLUMN color_bright_soft_score double precision,
        ADD COLUMN color_season text,
        ADD COLUMN color_season_subtype text,
        ADD COLUMN color_season_confidence double precision,
        ADD COLUMN color_season_runner_up text,
        ADD COLUMN color_palette jsonb`);
    await q.query(`CREATE INDEX analysis_metrics_season_idx ON analysis_metrics (color_season, color_season_subtype)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX analysis_metrics_season_idx`);
    await q.query(`
      ALTER TABLE analysis_metrics
        DROP COLUMN color_skin_ita, DROP COLUMN color_skin_tone_category, DROP COLUMN color_skin_hue_angle,
        DROP COLUMN color_skin_clusters, DROP COLUMN color_undertone_b, DROP COLUMN color_undertone,
        DROP COLUMN color_iris_color_hex, DROP COLUMN color_iris_hue, DROP COLUMN color_iris_color_category,
        DROP COLUMN color_iris_sclera_contrast, DROP COLUMN color_hair_color_hex, DROP COLUMN color_hair_hue_mean,
        DROP COLUMN color_hair_color_category, DROP COLUMN color_hair_chroma_ratio, DROP COLUMN color_value_contrast,
        DROP COLUMN color_warm_cool_score, DROP COLUMN color_light_deep_score, DROP COLUMN color_bright_soft_score,
        DROP COLUMN color_season, DROP COLUMN color_season_subtype, DROP COLUMN color_season_confidence,
        DROP COLUMN color_season_runner_up, DROP COLUMN color_palette`);
  }
}
