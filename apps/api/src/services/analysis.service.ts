/**
 * Analysis use cases for the API: create (store photo, insert row, enqueue
 * with the row id as job id), wait for a result, cancel-and-delete. The API
 * never analyses images itself.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  TERMINAL_STATUSES,
  type AnalysisRecord,
  type AnalysisRepository,
  type AnalysisResultRepository,
  type AnalysisRow,
  type ListQuery,
  type ProfileInput,
} from '@face/db';
import { AppError } from '@face/errors';
import type { Logger } from '@face/logger';
import type { OutboundGuard } from '@face/outbound';
import { analyzeJob, type QueueRegistry } from '@face/queue';
import { imageKeyOf, type ImageStore } from '@face/storage';
import { skinScores, type SkinScoreKey } from '@face/norms/skin-scores';
import type { Caller } from './caller';
import type { CreateAnalysisFields } from './create-analysis.schema';
import { intakeImage, type IntakeLimits } from './image-intake';

export interface CreateResult {
  analysis: AnalysisRow;
  /** true when an earlier request with the same Idempotency-Key created it */
  replayed: boolean;
}

const UNIQUE_VIOLATION = '23505';
const WAIT_POLL_MS = 200;

export class AnalysisService {
  constructor(
    private readonly repo: AnalysisRepository,
    private readonly results: AnalysisResultRepository,
    private readonly queue: QueueRegistry,
    private readonly store: ImageStore,
    private readonly limits: IntakeLimits,
    private readonly logger: Logger,
    private readonly outbound: OutboundGuard,
  ) {}

  async create(
    caller: Caller,
    fields: CreateAnalysisFields,
    upload: Buffer | undefined,
    idempotencyKey: string | undefined,
  ): Promise<CreateResult> {
    const fingerprint = requestFingerprint(fields, upload);
    if (idempotencyKey) {
      const existing = await this.repo.findByIdempotencyKey(idempotencyKey, caller.keyId);
      if (existing) return { analysis: sameRequest(existing, fingerprint), replayed: true };
    }
    if (upload && fields.image_url)
      throw new AppError('VALIDATION_ERROR', 'Send either an uploaded photo or image_url, not both.');
    // refused now rather than at delivery time (where it is checked again)
    if (fields.callback_url) await this.outbound.check(new URL(fields.callback_url), 'callback_url');
    const { bytes, info } = await intakeImage(
      { bytes: upload, url: fields.image_url },
      this.limits,
      this.outbound,
    ).catch((e: unknown) => {
      if (!(fields.image_url_from_photo_field && e instanceof AppError)) throw e;
      throw new AppError(
        e.code,
        `The field "image" arrived as a URL text, not a file (in Bubble's API connector "Send file" is unticked); it was fetched as image_url: ${e.message}`,
        e.details,
      );
    });
    // Row, then photo, then job: a database that is down leaves nothing behind, and a photo or job that
    // cannot be stored or queued takes its row with it (the client gets a 503 and retries).
    const imageKey = imageKeyOf(bytes);
    const id = randomUUID();
    let analysis: AnalysisRow;
    try {
      analysis = await this.repo.create(
        {
          id,
          external_id: fields.external_id ?? null,
          idempotency_key: idempotencyKey ?? null,
          request_sha256: fingerprint,
          api_key_id: caller.keyId,
          callback_url: fields.callback_url ?? null,
          face_policy: fields.face_policy,
          image_sha256: imageKey,
          image_bytes: bytes.length,
          image_width: info.width,
          image_height: info.height,
          image_mime: info.mime,
        },
        fields.profile ? toProfileRow(fields.profile) : null,
      );
    } catch (e) {
      // two requests with one Idempotency-Key raced: the other one won
      if (idempotencyKey && (e as { driverError?: { code?: string } }).driverError?.code === UNIQUE_VIOLATION) {
        const existing = await this.repo.findByIdempotencyKey(idempotencyKey, caller.keyId);
        if (existing) return { analysis: sameRequest(existing, fingerprint), replayed: true };
      }
      throw e;
    }
    try {
      await this.store.put(bytes);
      await this.queue.enqueue(analyzeJob, { analysisId: id, imageKey });
    } catch (e) {
      // Nothing half-done: without its photo or job the row would wait forever, so it goes and the client retries.
      await this.repo
        .discard(id)
        .catch((err) => this.logger.error('could not discard unqueued analysis', { analysis_id: id, err }));
      throw e;
    }
    this.logger.info('analysis queued', { analysis_id: id });
    return { analysis, replayed: false };
  }

  /** A client key lists only its own analyses; an admin key lists all. */
  list(caller: Caller, q: Omit<ListQuery, 'apiKeyId'>): Promise<AnalysisRow[]> {
    return this.repo.list({ ...q, apiKeyId: caller.scope === 'admin' ? undefined : caller.keyId });
  }

  /**
   * One person's completed analyses (by external_id; a client key sees its own), oldest first: the values of `metrics`
   * (catalog flat keys, or skin_score_* computed from the stored percentiles) and when each completed.
   */
  async trend(
    caller: Caller,
    externalId: string,
    metrics: readonly string[],
    limit: number,
  ): Promise<Array<{ id: string; completedAt: Date; values: Record<string, number | null> }>> {
    const columns = metrics.filter((m) => !m.startsWith('skin_score_'));
    const rows = await this.results.completedSeries(
      externalId,
      caller.scope === 'admin' ? undefined : (caller.keyId ?? undefined),
      columns,
      limit,
    );
    return rows.map((r) => {
      const scores = skinScores(r.percentiles?.values ?? {}, r.percentiles?.reasons ?? {});
      const values = { ...r.values };
      for (const m of metrics)
        if (m.startsWith('skin_score_'))
          values[m] = scores[m.slice('skin_score_'.length) as SkinScoreKey]?.score ?? null;
      return { id: r.id, completedAt: r.completed_at, values };
    });
  }

  /** Records (profile, metrics) of rows this caller has already been allowed to list. */
  recordsOf(rows: AnalysisRow[]): Promise<AnalysisRecord[]> {
    return this.results.recordsOf(rows);
  }

  /**
   * The analysis if this caller may see it. Another client's analysis is
   * NOT_FOUND, exactly like a missing one, so ids cannot be probed.
   */
  async getOrThrow(caller: Caller, id: string): Promise<AnalysisRecord> {
    const record = await this.results.findRecord(id);
    if (!record || !visibleTo(caller, record.analysis)) throw new AppError('NOT_FOUND', `No analysis ${id}.`);
    return record;
  }

  /** Polls Postgres (the status source of truth) until the analysis finishes or the time is up. */
  async waitForResult(id: string, seconds: number, aborted: () => boolean): Promise<AnalysisRecord | null> {
    const deadline = Date.now() + seconds * 1000;
    while (Date.now() < deadline && !aborted()) {
      const status = await this.repo.statusOf(id);
      if (status && TERMINAL_STATUSES.includes(status)) return this.results.findRecord(id);
      await new Promise((r) => setTimeout(r, Math.min(WAIT_POLL_MS, Math.max(0, deadline - Date.now()))));
    }
    return null;
  }

  /** A stored picture (overlay) by content key; NOT_FOUND when the file is gone. */
  async picture(key: string): Promise<Buffer> {
    try {
      return await this.store.read(key);
    } catch (e) {
      if (e instanceof AppError && e.code === 'STORAGE_UNAVAILABLE') throw e;
      throw new AppError('NOT_FOUND', 'The picture is no longer stored.');
    }
  }

  async delete(caller: Caller, id: string): Promise<{ status: string }> {
    const row = await this.repo.findById(id);
    if (!row || !visibleTo(caller, row)) throw new AppError('NOT_FOUND', `No analysis ${id}.`);
    // A queued job is removed; an active one sees the cancelled status at its next stage boundary.
    await this.queue
      .removeJob(analyzeJob, id)
      .catch((e) =>
        this.logger.warn('queue job not removed on delete', { analysis_id: id, code: (e as AppError).code }),
      );
    const result = await this.repo.cancelAndPurge(id);
    if (!result.found) throw new AppError('NOT_FOUND', `No analysis ${id}.`);
    await Promise.all(result.orphanedImages.map((key) => this.store.delete(key)));
    this.logger.info('analysis deleted', { analysis_id: id, previous_status: result.previousStatus });
    return { status: result.status! };
  }
}

/**
 * What the request asks for, independent of how the answer is shaped (wait, format, lang): the photo's bytes or its URL,
 * the options and the profile, canonical (options already lower-cased, keys sorted).
 */
function requestFingerprint(fields: CreateAnalysisFields, upload: Buffer | undefined): string {
  const { wait: _wait, format: _format, lang: _lang, image_url_from_photo_field: _from, profile, ...options } = fields;
  const photo = upload
    ? { sha256: createHash('sha256').update(upload).digest('hex') }
    : { url: fields.image_url ?? null };
  const sorted = (o: object | null) =>
    o
      ? Object.fromEntries(
          Object.entries(o)
            .filter(([, v]) => v !== undefined)
            .sort(([a], [b]) => a.localeCompare(b)),
        )
      : null;
  return createHash('sha256')
    .update(JSON.stringify({ photo, options: sorted({ ...options, image_url: undefined }), profile: sorted(profile) }))
    .digest('hex');
}

/** A replay answers with the first analysis only for the same request, as payment APIs do; rows from before fingerprints replay. */
function sameRequest(existing: AnalysisRow, fingerprint: string): AnalysisRow {
  if (existing.request_sha256 && existing.request_sha256 !== fingerprint) {
    throw new AppError(
      'IDEMPOTENCY_CONFLICT',
      'This Idempotency-Key was used for a different request (another photo, options or profile). Use a new key for a new analysis.',
      {
        analysis_id: existing.id,
      },
    );
  }
  return existing;
}

function visibleTo(caller: Caller, analysis: AnalysisRow): boolean {
  return caller.scope === 'admin' || analysis.api_key_id === caller.keyId;
}

function toProfileRow(p: NonNullable<CreateAnalysisFields['profile']>): ProfileInput {
  return {
    birth_date: p.birth_date ?? null,
    gender: p.gender ?? null,
    country: p.country ?? null,
    skin_concerns: p.skin_concerns ?? [],
    self_undertone: p.self_undertone ?? null,
    hair_color: p.hair_color ?? null,
    hair_length: p.hair_length ?? null,
    hair_texture: p.hair_texture ?? null,
    makeup_preference: p.makeup_preference ?? null,
    outdoor_ratio: p.outdoor_ratio ?? null,
  };
}
