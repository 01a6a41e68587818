import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Texture metrics (METRICS.md §2), one typed column each. */
export class TextureMetrics1763900000000 implements MigrationInterface {
  name = 'TextureMetrics1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE analysis_metrics
        ADD COLUMN texture_skin_l_mean double precision,
        ADD COLUMN texture_skin_a_mean double precision,
        ADD COLUMN texture_skin_b_mean double precision,
        ADD COLUMN texture_skin_l_std double precision,
        ADD COLUMN texture_skin_l_std_level double precision,
        ADD COLUMN texture_skin_chroma_mean double precision,
        ADD COLUMN texture_skin_chroma_level double precision,
        ADD COLUMN texture_pore_density double precision,
        ADD COLUMN texture_wrinkle_density double precision,
        ADD COLUMN texture_spot_ratio double precision,
        ADD COLUMN texture_redness_ratio double precision,
        ADD COLUMN texture_shine_ratio double precision,
        ADD COLUMN texture_dark_circle_index double precision,
        ADD COLUMN texture_surface_convexity double precision,
        ADD COLUMN texture_mean_curvature double precision,
        ADD COLUMN texture_jaw_curvature double precision,
        ADD COLUMN texture_forehead_curvature double precision`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE analysis_metrics
        DROP COLUMN texture_skin_l_mean, DROP COLUMN texture_skin_a_mean, DROP COLUMN texture_skin_b_mean,
        DROP COLUMN texture_skin_l_std, DROP COLUMN texture_skin_l_std_level, DROP COLUMN texture_skin_chroma_mean,
        DROP COLUMN texture_skin_chroma_level, DROP COLUMN texture_pore_density, DROP COLUMN texture_wrinkle_density,
        DROP COLUMN texture_spot_ratio, DROP COLUMN texture_redness_ratio, DROP COLUMN texture_shine_ratio,
        DROP COLUMN texture_dark_circle_index, DROP COLUMN texture_surface_convexity, DROP COLUMN texture_mean_curvature,
        DROP COLUMN texture_jaw_curvature, DROP COLUMN texture_forehead_curvature`);
  }
}
