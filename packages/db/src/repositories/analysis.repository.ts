/**
 * An analysis's life: the request (the row and its profile), its status and stage, and its deletion. Status
 * changes are conditional updates, so a late or duplicate worker can never overwrite a finished, cancelled or
 * deleted analysis. What an analysis produced lives in AnalysisResultRepository, its pictures in
 * PictureRepository.
 */
import { IsNull, type DataSource } from 'typeorm';
import { AnalysisEntity, type AnalysisRow, type AnalysisStatus } from '../entities/analysis.entity';
import type { ProfileRow } from '../entities/profile.entity';
import { AnalysisResultRepository } from './analysis-result.repository';
import { unreferencedPictures } from './picture.repository';
import { WebhookRepository } from './webhook.repository';

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

export interface ActiveAnalysis {
  face_policy: AnalysisRow['face_policy'];
  /** from the profile, when the client sent one */
  truth: { age: number | null; gender: string | null };
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

  /**
   * queued|active → active for this attempt, returning what the job needs: the face policy and the profile's
   * truth for comparing the result with its cohort (age in completed years on the day of the photo, and gender).
   * Null when the analysis is finished, cancelled or gone.
   */
  async markActive(id: string, attempt: number): Promise<ActiveAnalysis | null> {
    const [rows] = await this.ds.query(
      `UPDATE analyses SET status = 'active', attempts = $2, stage = NULL, progress = 0, error_code = NULL, error_message = NULL,
         error_stage = NULL, started_at = COALESCE(started_at, now()), updated_at = now()
       WHERE id = $1 AND status IN ('queued','active')
       RETURNING face_policy,
         (SELECT date_part('year', age(analyses.created_at::date, p.birth_date))::int FROM profiles p WHERE p.analysis_id = analyses.id) AS age,
         (SELECT p.gender FROM profiles p WHERE p.analysis_id = analyses.id) AS gender`,
      [id, attempt],
    );
    const row = rows[0] as { face_policy: AnalysisRow['face_policy']; age: number | null; gender: string | null };
    return row ? { face_policy: row.face_policy, truth: { age: row.age, gender: row.gender } } : null;
  }

  async reportStage(id: string, stage: string, progress: number, timingsMs: Record<string, number>): Promise<void> {
    await this.ds.query(
      `UPDATE analyses SET stage = $2, progress = $3, timings_ms = $4::jsonb, updated_at = now() WHERE id = $1 AND status = 'active'`,
      [id, stage, progress, JSON.stringify(timingsMs)],
    );
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
      await AnalysisResultRepository.purge(em, id);
      // webhook bodies carry the metrics and profile: they go too (with their attempts)
      await WebhookRepository.purge(em, id);
      const orphanedImages = await unreferencedPictures(
        em,
        [sha, overlay, drape].filter((k): k is string => k !== null),
      );
      const unfinished = status === 'queued' || status === 'active';
      return { found: true, previousStatus: status, status: unfinished ? 'cancelled' : status, orphanedImages };
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

  async ping(): Promise<void> {
    await this.ds.query('SELECT 1');
  }
}
