/**
 * A completed analysis as the repository returns it, with a value of the catalog's type for every metric and one
 * metric not measured (with its reason): what the presenters turn into the API's shapes, for contract tests.
 */
import { catalog, flatKey } from '@face/catalog';
import type { AnalysisRecord, AnalysisRow, ProfileRow } from '@face/db';
import { JSON_SAMPLES } from '@face/presenters';

export function completedRecord(): AnalysisRecord {
  const at = new Date('2026-12-01T10:00:00Z');
  const id = '3f1c2b9e-8d4a-4c1e-9b7a-2e5f6a7b8c9d';
  const analysis = {
    id,
    status: 'completed',
    stage: 'persist',
    progress: 100,
    attempts: 1,
    timings_ms: { detect: 120.5 },
    error_code: null,
    error_message: null,
    error_stage: null,
    warnings: [{ code: 'LOW_QUALITY', message: 'blurry', details: { sharpness: 0.2 } }],
    external_id: 'minji',
    idempotency_key: null,
    request_sha256: null,
    api_key_id: null,
    callback_url: null,
    face_policy: 'largest',
    image_sha256: 'a'.repeat(64),
    image_bytes: 1000,
    image_width: 640,
    image_height: 480,
    image_mime: 'image/jpeg',
    overlay_sha256: 'b'.repeat(64),
    face_box: [1, 2, 3, 4],
    face_count: 1,
    created_at: at,
    updated_at: at,
    started_at: at,
    completed_at: at,
    deleted_at: null,
  } as unknown as AnalysisRow;
  const profile = {
    analysis_id: id,
    birth_date: '1996-05-14',
    gender: 'female',
    country: 'KR',
    skin_concerns: ['dry'],
    self_undertone: null,
    hair_color: null,
    hair_length: null,
    hair_texture: null,
    makeup_preference: null,
    outdoor_ratio: 30,
  } as unknown as ProfileRow;
  const metrics: Record<string, unknown> = { analysis_id: id, created_at: at, null_reasons: {} };
  for (const m of catalog) {
    const key = flatKey(m);
    metrics[key] =
      m.type === 'number'
        ? m.range
          ? m.range[0]
          : 0
        : m.type === 'category'
          ? m.categories![0]
          : m.type === 'json'
            ? JSON_SAMPLES[key]
            : '#a0b0c0';
  }
  const unmeasured = catalog.find((m) => m.nullReasons)!;
  metrics[flatKey(unmeasured)] = null;
  (metrics.null_reasons as Record<string, string>)[flatKey(unmeasured)] = unmeasured.nullReasons![0];
  return { analysis, profile, metrics } as unknown as AnalysisRecord;
}
