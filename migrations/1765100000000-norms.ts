import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Population norms: per metric, age band and gender, the 101 percentiles of the values a version was built
 * from (seeded from the labelled data sets, refitted by the calibrate job from analyses with profile truth). At most
 * one active cell per metric, band and gender. Each analysis keeps the percentiles it was given and what they rest on.
 */
export class Norms1765100000000 implements MigrationInterface {
  name = 'Norms1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE norms (
        id bigserial PRIMARY KEY,
        version text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('seed', 'refit')),
        metric text NOT NULL,
        age_band text NOT NULL,
        gender text NOT NULL CHECK (gender IN ('female', 'male')),
        n integer NOT NULL CHECK (n > 0),
        quantiles double precision[] NOT NULL CHECK (cardinality(quantiles) = 101),
        source jsonb NOT NULL DEFAULT '{}',
        active boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        activated_at timestamptz,
        UNIQUE (version, metric, age_band, gender)
      )`);
    await q.query(`CREATE UNIQUE INDEX norms_one_active ON norms (metric, age_band, gender) WHERE active`);
    await q.query(`ALTER TABLE analysis_metrics ADD COLUMN percentiles jsonb, ADD COLUMN percentile_basis jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE analysis_metrics DROP COLUMN percentiles, DROP COLUMN percentile_basis`);
    await q.query(`DROP TABLE norms`);
  }
}
