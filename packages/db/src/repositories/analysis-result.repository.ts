/**
 * What an analysis produced: its metrics, percentiles and the calibration observation (SPEC §8), written once
 * with the status change that completes it, and read back as records (one analysis, a page of history, a
 * subject's trend).
 */
import type { Warning } from '@face/errors';
import type { FaceObservation } from '@face/pipeline/types';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { AnalysisMetricsEntity, type AnalysisMetricsRow } from '../entities/analysis-metrics.entity';
import { AnalysisEntity, type AnalysisRow } from '../entities/analysis.entity';
import { ProfileEntity, type ProfileRow } from '../entities/profile.entity';

export interface AnalysisRecord {
  analysis: AnalysisRow;
  profile: ProfileRow | null;
  metrics: AnalysisMetricsRow | null;
}

export interface CompletedResult {
  metrics: Record<string, unknown>;
  nullReasons: Record<string, string>;
  warnings: Warning[];
  timingsMs: Record<string, number>;
  faceBox: [number, number, number, number];
  faceCount: number;
  /** content key of the stored overlay picture */
  overlayKey: string | null;
  /** content key of the stored colour drape */
  drapeKey?: string | null;
  /** raw model outputs and estimates for the calibration data set (SPEC §8) */
  observation?: FaceObservation;
  /** each normed metric's percentile among its cohort (null with a reason), and the cohort and norms it rests on */
  percentiles?: { values: Record<string, number | null>; reasons: Record<string, string> };
  percentileBasis?: { age_band: string; gender: string; source: string; norms_version: string } | null;
}

export class AnalysisResultRepository {
  constructor(private readonly ds: DataSource) {}

  /** Writes the result once: false when the analysis is no longer active (cancelled, deleted, or already done). */
  async complete(id: string, result: CompletedResult): Promise<boolean> {
    return this.ds.transaction(async (em: EntityManager) => {
      const [, count] = await em.query(
        `UPDATE analyses SET status = 'completed', stage = NULL, progress = 100, timings_ms = $2::jsonb, warnings = $3::jsonb,
           face_box = $4::jsonb, face_count = $5, overlay_sha256 = $6, drape_sha256 = $7, completed_at = now(), updated_at = now()
         WHERE id = $1 AND status = 'active'`,
        [
          id,
          JSON.stringify(result.timingsMs),
          JSON.stringify(result.warnings),
          JSON.stringify(result.faceBox),
          result.faceCount,
          result.overlayKey,
          result.drapeKey ?? null,
        ],
      );
      if (count === 0) return false;
      await em
        .createQueryBuilder()
        .insert()
        .into(AnalysisMetricsEntity)
        .values({
          analysis_id: id,
          null_reasons: result.nullReasons,
          percentiles: result.percentiles ?? null,
          percentile_basis: result.percentileBasis ?? null,
          ...result.metrics,
          // TypeORM's insert type refuses null for a JSON column, which these nullable columns take
        } as never)
        .orUpdate([...Object.keys(result.metrics), 'null_reasons', 'percentiles', 'percentile_basis'], ['analysis_id'])
        .execute();
      if (result.observation) {
        const observation = result.observation;
        // the profile's truth is stored beside the estimate: age in completed years on the day of the photo
        await em.query(
          `INSERT INTO face_observations (analysis_id, feature_set, features, age_estimate, male_probability, undertone, age_version, gender_version,
             colour_feature_set, colour_features, undertone_version, true_age, declared_gender, self_undertone)
           SELECT a.id, $8, $2::real[], $3, $4, $5, $6, $7, $9, $10::real[], $11,
             date_part('year', age(a.created_at::date, p.birth_date)), p.gender, p.self_undertone
           FROM analyses a LEFT JOIN profiles p ON p.analysis_id = a.id WHERE a.id = $1
           ON CONFLICT (analysis_id) DO NOTHING`,
          [
            id,
            observation.features,
            observation.ageEstimate,
            observation.maleProbability,
            observation.undertone,
            observation.ageVersion,
            observation.genderVersion,
            observation.featureSet,
            observation.colourFeatureSet,
            observation.colourFeatures,
            observation.undertoneVersion,
          ],
        );
      }
      return true;
    });
  }

  async findRecord(id: string): Promise<AnalysisRecord | null> {
    const analysis = await this.ds.manager.findOneBy(AnalysisEntity, { id });
    if (!analysis) return null;
    const [profile, metrics] = await Promise.all([
      this.ds.manager.findOneBy(ProfileEntity, { analysis_id: id }),
      analysis.status === 'completed' ? this.ds.manager.findOneBy(AnalysisMetricsEntity, { analysis_id: id }) : null,
    ]);
    return { analysis, profile, metrics };
  }

  /** The records of rows already read (a page of history), in their order: two queries whatever the page size. */
  async recordsOf(rows: AnalysisRow[]): Promise<AnalysisRecord[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const completed = rows.filter((r) => r.status === 'completed').map((r) => r.id);
    const [profiles, metrics] = await Promise.all([
      this.ds.manager.findBy(ProfileEntity, { analysis_id: In(ids) }),
      completed.length > 0 ? this.ds.manager.findBy(AnalysisMetricsEntity, { analysis_id: In(completed) }) : [],
    ]);
    const profileOf = new Map(profiles.map((p) => [p.analysis_id, p]));
    const metricsOf = new Map(metrics.map((m) => [m.analysis_id, m]));
    return rows.map((analysis) => ({
      analysis,
      profile: profileOf.get(analysis.id) ?? null,
      metrics: metricsOf.get(analysis.id) ?? null,
    }));
  }

  /**
   * The latest `limit` completed analyses of one external_id (a client key: its own), oldest first, with the metric
   * columns asked for (catalog flat keys, checked by the caller) and the percentiles.
   */
  async completedSeries(
    externalId: string,
    apiKeyId: string | undefined,
    columns: readonly string[],
    limit: number,
  ): Promise<
    Array<{
      id: string;
      completed_at: Date;
      values: Record<string, number | null>;
      percentiles: AnalysisMetricsRow['percentiles'];
    }>
  > {
    const safe = columns.filter((c) => /^[a-z0-9_]+$/.test(c));
    const rows: Array<Record<string, unknown>> = await this.ds.query(
      `SELECT * FROM (
         SELECT a.id, a.completed_at, m.percentiles${safe.map((c) => `, m."${c}"`).join('')}
           FROM analyses a JOIN analysis_metrics m ON m.analysis_id = a.id
          WHERE a.external_id = $1 AND a.status = 'completed' AND a.deleted_at IS NULL AND ($2::uuid IS NULL OR a.api_key_id = $2)
          ORDER BY a.completed_at DESC, a.id DESC LIMIT $3) latest
        ORDER BY completed_at, id`,
      [externalId, apiKeyId ?? null, limit],
    );
    return rows.map((r) => ({
      id: r.id as string,
      completed_at: r.completed_at as Date,
      percentiles: r.percentiles as AnalysisMetricsRow['percentiles'],
      values: Object.fromEntries(safe.map((c) => [c, r[c] === null ? null : Number(r[c])])),
    }));
  }

  /**
   * Removes what an analysis produced (metrics, the calibration observation), inside the caller's transaction
   * (AnalysisRepository.cancelAndPurge).
   */
  static async purge(em: EntityManager, analysisId: string): Promise<void> {
    await em.query(`DELETE FROM analysis_metrics WHERE analysis_id = $1`, [analysisId]);
    await em.query(`DELETE FROM face_observations WHERE analysis_id = $1`, [analysisId]);
  }
}
