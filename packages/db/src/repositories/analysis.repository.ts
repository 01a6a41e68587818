/**
 * Postgres access for analyses, profiles and metrics. Status changes are
 * conditional updates, so a late or duplicate worker can never overwrite a
 * finished, cancelled or deleted analysis, and a result is written once.
 */
import type { Warning } from '@face/errors';
import { In, IsNull, type DataSource, type EntityManager } from 'typeorm';
import { AnalysisMetricsEntity, type AnalysisMetricsRow } from '../entities/analysis-metrics.entity';
import { AnalysisEntity, type AnalysisRow, type AnalysisStatus } from '../entities/analysis.entity';
import { ProfileEntity, type ProfileRow } from '../entities/profile.entity';

export type NewAnalysis = Pick<
  AnalysisRow,
  | 'id'
  | 'external_id'
  | 'idempotency_key'
  | 'request_sha256'
  | 'api_key_id'
  | 'callback_url'
  | 'face_policy'
  | 'image_sha256'
  | 'image_bytes'
  | 'image_width'
  | 'image_height'
  | 'image_mime'
>;
export type ProfileInput = Omit<ProfileRow, 'analysis_id'>;

/** Column lists for the one-statement insert (fixed here, never taken from an object's keys). */
const NEW_ANALYSIS_COLUMNS: ReadonlyArray<keyof NewAnalysis> = [
  'id',
  'external_id',
  'idempotency_key',
  'request_sha256',
  'api_key_id',
  'callback_url',
  'face_policy',
  'image_sha256',
  'image_bytes',
  'image_width',
  'image_height',
  'image_mime',
];
const PROFILE_COLUMNS: ReadonlyArray<keyof ProfileInput> = [
  'birth_date',
  'gender',
  'country',
  'skin_concerns',
  'self_undertone',
  'hair_color',
  'hair_length',
  'hair_texture',
  'makeup_preference',
  'outdoor_ratio',
];

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

export interface FaceObservation {
  /** layout of `features`: a model is only refitted on observations of its own layout */
  featureSet: string;
  features: number[];
  ageEstimate: number;
  maleProbability: number;
  undertone: string | null;
  ageVersion: string;
  genderVersion: string;
  /** layout of `colourFeatures`: the undertone calibration is refitted only on its own layout */
  colourFeatureSet: string;
  /** the season model's inputs, null where not measured */
  colourFeatures: Array<number | null>;
  undertoneVersion: string;
}

export interface ListQuery {
  /** only this key's analyses (client keys); all when undefined (admin) */
  apiKeyId?: string;
  externalId?: string;
  status?: AnalysisStatus;
  limit: number;
  cursor?: { createdAt: Date; id: string };
}

export class AnalysisRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * The row and its profile in one statement (one round trip, atomic without a
   * transaction): this is on every POST's path, where BEGIN/INSERT/INSERT/SELECT/COMMIT
   * through the ORM cost ~5 ms of the ~15.
   */
  async create(row: NewAnalysis, profile: ProfileInput | null): Promise<AnalysisRow> {
    const params: unknown[] = NEW_ANALYSIS_COLUMNS.map((c) => row[c]);
    const insertAnalysis = `INSERT INTO analyses (status, ${NEW_ANALYSIS_COLUMNS.join(', ')})
      VALUES ('queued', ${NEW_ANALYSIS_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING *`;
    let sql = insertAnalysis;
    if (profile) {
      const first = params.length + 1;
      params.push(...PROFILE_COLUMNS.map((c) => profile[c]));
      sql = `WITH a AS (${insertAnalysis}),
        p AS (INSERT INTO profiles (analysis_id, ${PROFILE_COLUMNS.join(', ')}) SELECT a.id, ${PROFILE_COLUMNS.map((_, i) => `$${first + i}`).join(', ')} FROM a)
        SELECT * FROM a`;
    }
    const rows = (await this.ds.query(sql, params)) as AnalysisRow[];
    return rows[0];
  }

  /** Removes a row whose job could not be enqueued (the client is told 503 and may retry). */
  async discard(id: string): Promise<void> {
    await this.ds.query(`DELETE FROM analyses WHERE id = $1 AND status = 'queued'`, [id]);
  }

  findById(id: string): Promise<AnalysisRow | null> {
    return this.ds.manager.findOneBy(AnalysisEntity, { id });
  }

  /** Idempotency keys are per API key: two clients may use the same one. */
  findByIdempotencyKey(key: string, apiKeyId: string | null): Promise<AnalysisRow | null> {
    return this.ds.manager.findOneBy(AnalysisEntity, { idempotency_key: key, api_key_id: apiKeyId ?? IsNull() });
  }

  async findRecord(id: string): Promise<AnalysisRecord | null> {
    const analysis = await this.findById(id);
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

  async list(q: ListQuery): Promise<AnalysisRow[]> {
    const qb = this.ds.manager
      .createQueryBuilder(AnalysisEntity, 'a')
      .orderBy('a.created_at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .limit(q.limit);
    if (q.apiKeyId) qb.andWhere('a.api_key_id = :key', { key: q.apiKeyId });
    if (q.externalId) qb.andWhere('a.external_id = :ext', { ext: q.externalId });
    if (q.status) qb.andWhere('a.status = :status', { status: q.status });
    // The cursor's time is a JS Date (milliseconds) but created_at has microseconds, and rows inserted within one
    // millisecond would be skipped: the cursor row's own created_at is exact (the Date is the fallback if it is gone).
    if (q.cursor) {
      qb.andWhere(
        '(a.created_at, a.id) < (COALESCE((SELECT c.created_at FROM analyses c WHERE c.id = :cid), :c), :cid)',
        { c: q.cursor.createdAt, cid: q.cursor.id },
      );
    }
    return qb.getMany();
  }

  async statusOf(id: string): Promise<AnalysisStatus | null> {
    const rows: Array<{ status: AnalysisStatus }> = await this.ds.query(`SELECT status FROM analyses WHERE id = $1`, [
      id,
    ]);
    return rows[0]?.status ?? null;
  }

  /** queued|active → active for this attempt, returning what the job needs; null when the analysis is finished, cancelled or gone. */
  async markActive(id: string, attempt: number): Promise<Pick<AnalysisRow, 'face_policy'> | null> {
    const [rows] = await this.ds.query(
      `UPDATE analyses SET status = 'active', attempts = $2, stage = NULL, progress = 0, error_code = NULL, error_message = NULL,
         error_stage = NULL, started_at = COALESCE(started_at, now()), updated_at = now()
       WHERE id = $1 AND status IN ('queued','active')
       RETURNING face_policy`,
      [id, attempt],
    );
    return rows[0] ?? null;
  }

  /** The profile's truth for comparing a result with its cohort: age in completed years on the day of the photo, and gender. */
  async profileTruth(id: string): Promise<{ age: number | null; gender: string | null }> {
    const rows: Array<{ age: number | null; gender: string | null }> = await this.ds.query(
      `SELECT date_part('year', age(a.created_at::date, p.birth_date))::int AS age, p.gender
         FROM analyses a LEFT JOIN profiles p ON p.analysis_id = a.id WHERE a.id = $1`,
      [id],
    );
    return rows[0] ?? { age: null, gender: null };
  }

  async reportStage(id: string, stage: string, progress: number, timingsMs: Record<string, number>): Promise<void> {
    await this.ds.query(
      `UPDATE analyses SET stage = $2, progress = $3, timings_ms = $4::jsonb, updated_at = now() WHERE id = $1 AND status = 'active'`,
      [id, stage, progress, JSON.stringify(timingsMs)],
    );
  }

  /** Writes the result once: false when the analysis is no longer active (cancelled, deleted, or already done). */
  async complete(id: string, r: CompletedResult): Promise<boolean> {
    return this.ds.transaction(async (em: EntityManager) => {
      const [, count] = await em.query(
        `UPDATE analyses SET status = 'completed', stage = NULL, progress = 100, timings_ms = $2::jsonb, warnings = $3::jsonb,
           face_box = $4::jsonb, face_count = $5, overlay_sha256 = $6, drape_sha256 = $7, completed_at = now(), updated_at = now()
         WHERE id = $1 AND status = 'active'`,
        [
          id,
          JSON.stringify(r.timingsMs),
          JSON.stringify(r.warnings),
          JSON.stringify(r.faceBox),
          r.faceCount,
          r.overlayKey,
          r.drapeKey ?? null,
        ],
      );
      if (count === 0) return false;
      await em
        .createQueryBuilder()
        .insert()
        .into(AnalysisMetricsEntity)
        .values({
          analysis_id: id,
          null_reasons: r.nullReasons,
          percentiles: r.percentiles ?? null,
          percentile_basis: r.percentileBasis ?? null,
          ...r.metrics,
        } as never)
        .orUpdate([...Object.keys(r.metrics), 'null_reasons', 'percentiles', 'percentile_basis'], ['analysis_id'])
        .execute();
      if (r.observation) {
        const o = r.observation;
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
            o.features,
            o.ageEstimate,
            o.maleProbability,
            o.undertone,
            o.ageVersion,
            o.genderVersion,
            o.featureSet,
            o.colourFeatureSet,
            o.colourFeatures,
            o.undertoneVersion,
          ],
        );
      }
      return true;
    });
  }

  async markFailed(id: string, code: string, message: string, stage: string | null): Promise<void> {
    await this.ds.query(
      `UPDATE analyses SET status = 'failed', error_code = $2, error_message = $3, error_stage = $4, completed_at = now(), updated_at = now()
       WHERE id = $1 AND status IN ('queued','active')`,
      [id, code, message.slice(0, 1000), stage],
    );
  }

  /** A transient failure that will be retried: back to queued, with the last error kept for visibility. */
  async markRetrying(id: string, code: string, message: string): Promise<void> {
    await this.ds.query(
      `UPDATE analyses SET status = 'queued', stage = NULL, progress = 0, error_code = $2, error_message = $3, updated_at = now()
       WHERE id = $1 AND status = 'active'`,
      [id, code, message.slice(0, 1000)],
    );
  }

  /**
   * Cancels an unfinished analysis and removes its personal data (photo
   * and overlay references, profile, metrics). Returns the keys of stored
   * pictures no other analysis still uses, so the caller deletes the files.
   */
  async cancelAndPurge(
    id: string,
  ): Promise<{ found: boolean; previousStatus?: AnalysisStatus; status?: AnalysisStatus; orphanedImages: string[] }> {
    return this.ds.transaction(async (em) => {
      const rows: Array<{
        status: AnalysisStatus;
        image_sha256: string | null;
        overlay_sha256: string | null;
        drape_sha256: string | null;
      }> = await em.query(
        `SELECT status, image_sha256, overlay_sha256, drape_sha256 FROM analyses WHERE id = $1 FOR UPDATE`,
        [id],
      );
      if (rows.length === 0) return { found: false, orphanedImages: [] };
      const { status, image_sha256: sha, overlay_sha256: overlay, drape_sha256: drape } = rows[0];
      await em.query(
        `UPDATE analyses SET status = CASE WHEN status IN ('queued','active') THEN 'cancelled' ELSE status END,
           image_sha256 = NULL, overlay_sha256 = NULL, drape_sha256 = NULL, external_id = NULL, callback_url = NULL, deleted_at = COALESCE(deleted_at, now()),
           completed_at = COALESCE(completed_at, now()), updated_at = now()
         WHERE id = $1`,
        [id],
      );
      await em.query(`DELETE FROM profiles WHERE analysis_id = $1`, [id]);
      await em.query(`DELETE FROM analysis_metrics WHERE analysis_id = $1`, [id]);
      await em.query(`DELETE FROM face_observations WHERE analysis_id = $1`, [id]);
      // webhook bodies carry the metrics and profile: they go too (with their attempts)
      await em.query(`DELETE FROM webhook_deliveries WHERE analysis_id = $1`, [id]);
      // the same photo (and so the same overlay) may belong to another analysis too
      const orphanedImages: string[] = [];
      for (const [key, column] of [
        [sha, 'image_sha256'],
        [overlay, 'overlay_sha256'],
        [drape, 'drape_sha256'],
      ] as const) {
        if (!key) continue;
        const others: unknown[] = await em.query(`SELECT 1 FROM analyses WHERE ${column} = $1 LIMIT 1`, [key]);
        if (others.length === 0) orphanedImages.push(key);
      }
      const unfinished = status === 'queued' || status === 'active';
      return { found: true, previousStatus: status, status: unfinished ? 'cancelled' : status, orphanedImages };
    });
  }

  /**
   * Retention: forgets the photo and overlay of finished analyses created more
   * than `days` ago (metrics, profile and the row stay). Returns how many
   * analyses were affected and the picture keys no analysis uses any more, so
   * the caller deletes those files. Works in batches so a backlog never holds
   * one long transaction.
   */
  async forgetPicturesOlderThan(days: number, batch = 500): Promise<{ analyses: number; orphanedImages: string[] }> {
    return this.ds.transaction(async (em) => {
      const rows: Array<{ image_sha256: string | null; overlay_sha256: string | null; drape_sha256: string | null }> =
        await em.query(
          `WITH old AS (
           SELECT id, image_sha256, overlay_sha256, drape_sha256 FROM analyses
            WHERE created_at < now() - make_interval(days => $1) AND status IN ('completed', 'failed', 'cancelled')
              AND (image_sha256 IS NOT NULL OR overlay_sha256 IS NOT NULL OR drape_sha256 IS NOT NULL)
            ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED),
         upd AS (UPDATE analyses a SET image_sha256 = NULL, overlay_sha256 = NULL, drape_sha256 = NULL, updated_at = now() FROM old WHERE a.id = old.id)
         SELECT image_sha256, overlay_sha256, drape_sha256 FROM old`,
          [days, batch],
        );
      const keys = new Set(
        rows.flatMap((r) => [r.image_sha256, r.overlay_sha256, r.drape_sha256]).filter((k): k is string => k !== null),
      );
      const orphanedImages: string[] = [];
      for (const key of keys) {
        // (the update above is visible here: only other analyses, or old ones of a later batch, still hold the key)
        const others: unknown[] = await em.query(
          `SELECT 1 FROM analyses WHERE image_sha256 = $1 OR overlay_sha256 = $1 OR drape_sha256 = $1 LIMIT 1`,
          [key],
        );
        if (others.length === 0) orphanedImages.push(key);
      }
      return { analyses: rows.length, orphanedImages };
    });
  }

  /**
   * Analyses not finished, oldest first (reconciliation with the queue).
   * `quietForMs`: only rows not updated for that long (a periodic pass leaves
   * alone a request still between its row and its job).
   */
  unfinished(limit = 1000, quietForMs = 0): Promise<AnalysisRow[]> {
    return this.ds.manager
      .createQueryBuilder(AnalysisEntity, 'a')
      .where(`a.status IN ('queued','active')`)
      .andWhere(`a.updated_at <= now() - make_interval(secs => :quiet)`, { quiet: quietForMs / 1000 })
      .orderBy('a.created_at', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** Whether any analysis still points at a stored picture (photo, overlay or drape). */
  async pictureReferenced(key: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `SELECT 1 FROM analyses WHERE image_sha256 = $1 OR overlay_sha256 = $1 OR drape_sha256 = $1 LIMIT 1`,
      [key],
    );
    return rows.length > 0;
  }

  async ping(): Promise<void> {
    await this.ds.query('SELECT 1');
  }
}
