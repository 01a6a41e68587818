/**
 * Analysis → API shapes. Nested (default) groups metrics as
 * {value, band, null_reason}; flat (for Bubble) has every key on every
 * response with a stable type, metrics named by their catalog flat key.
 */
import { PROFILE_FIELDS, bandOf, catalog, flatKey, hasNorms, valueLabel } from '@face/catalog';
import type { AnalysisRecord, AnalysisRow, ProfileRow } from '@face/db';
import type { SignedLinks } from '@face/links';
import {
  SKIN_SCORE_BANDS,
  SKIN_SCORE_KEYS,
  skinScores,
  type SkinScore,
  type SkinScoreKey,
} from '@face/norms/skin-scores';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function statusUrl(baseUrl: string, id: string): string {
  return `${baseUrl}/v1/analyses/${id}`;
}

/** Where the API is reached, and the signer of picture links (null: overlay_url needs the API key). */
export interface Links {
  baseUrl: string;
  pictures: SignedLinks | null;
  /** the signer of report links (report_url); null: no report link */
  reports: SignedLinks | null;
}

/** The purpose a report token is signed for (a token for something else does not open a report). */
export const REPORT_TOKEN_PURPOSE = 'report';

/** An expiring link to the analysis's page for people (GET /r/:token), once it is completed. */
export function reportUrl(a: AnalysisRow, links: Links): string | null {
  if (a.status !== 'completed' || !links.reports) return null;
  return `${links.baseUrl}/r/${links.reports.token(a.id, REPORT_TOKEN_PURPOSE)}`;
}

/** The public, signed route of an analysis's overlay (apps/api pictures.routes.ts). */
export const overlayPath = (id: string) => `/pictures/${id}/overlay.png`;

/** A fresh expiring link anyone can open (a Bubble Image element sends no key), or the key-protected route. */
function overlayUrl(a: AnalysisRow, links: Links): string | null {
  if (!a.overlay_sha256) return null;
  return links.pictures
    ? `${links.baseUrl}${links.pictures.sign(overlayPath(a.id))}`
    : `${statusUrl(links.baseUrl, a.id)}/overlay.png`;
}

/** Fields every shape starts with. */
function identity(a: AnalysisRow, baseUrl: string) {
  return {
    id: a.id,
    status: a.status,
    stage: a.stage,
    progress: a.progress,
    external_id: a.external_id,
    status_url: statusUrl(baseUrl, a.id),
    created_at: iso(a.created_at),
    completed_at: iso(a.completed_at),
  };
}

export function presentSummary(a: AnalysisRow, links: Links) {
  return {
    ...identity(a, links.baseUrl),
    error: a.status === 'failed' ? { code: a.error_code, message: a.error_message, stage: a.error_stage } : null,
  };
}

function presentProfile(p: ProfileRow | null) {
  if (!p) return null;
  const { analysis_id: _id, ...fields } = p;
  return fields;
}

/**
 * A normed metric's percentile among the person's cohort and why it is null. An analysis completed before any norms
 * existed for it has none: no_norms.
 */
function percentileOf(
  record: AnalysisRecord,
  key: string,
): { percentile: number | null; percentile_null_reason: string | null } {
  const row = record.metrics;
  if (!row) return { percentile: null, percentile_null_reason: null };
  const value = row.percentiles?.values[key] ?? null;
  return {
    percentile: value,
    percentile_null_reason: value === null ? (row.percentiles?.reasons[key] ?? 'no_norms') : null,
  };
}

/** The skin scores (0–100, higher is better) from the stored percentiles; null until completed. */
function scoresOf(record: AnalysisRecord): Record<SkinScoreKey, SkinScore> | null {
  const row = record.metrics;
  if (!row) return null;
  return skinScores(row.percentiles?.values ?? {}, row.percentiles?.reasons ?? {});
}

const scoreBandText = (band: string | null, lang: DisplayLanguage) =>
  SKIN_SCORE_BANDS.find((b) => b.label === band)?.text[lang] ?? null;

/** Whom the percentiles compare the person with (age band, gender, from the profile or the estimates) and which norms. */
function percentileBasis(record: AnalysisRecord) {
  return record.metrics?.percentile_basis ?? null;
}

function presentMetrics(record: AnalysisRecord) {
  const row = record.metrics;
  if (!row) return null;
  const reasons = row.null_reasons ?? {};
  const groups: Record<string, Record<string, object>> = {};
  for (const m of catalog) {
    const value = (row[flatKey(m)] ?? null) as number | string | object | null;
    (groups[m.group] ??= {})[m.key] = {
      value,
      band: bandOf(m, typeof value === 'number' ? value : null),
      null_reason: value === null ? (reasons[flatKey(m)] ?? null) : null,
      ...(hasNorms(m) && percentileOf(record, flatKey(m))),
    };
  }
  return groups;
}

export function presentNested(record: AnalysisRecord, links: Links) {
  const a = record.analysis;
  return {
    ...presentSummary(a, links),
    attempts: a.attempts,
    started_at: iso(a.started_at),
    deleted_at: iso(a.deleted_at),
    timings_ms: a.timings_ms,
    warnings: a.warnings,
    // last transient error while a retry is pending, for visibility
    last_error: a.status !== 'failed' && a.error_code ? { code: a.error_code, message: a.error_message } : null,
    image: a.image_sha256
      ? {
          sha256: a.image_sha256,
          width: a.image_width,
          height: a.image_height,
          bytes: a.image_bytes,
          mime: a.image_mime,
        }
      : null,
    face: a.face_box ? { box: a.face_box, count: a.face_count } : null,
    overlay_url: overlayUrl(a, links),
    report_url: reportUrl(a, links),
    profile: presentProfile(record.profile),
    percentile_basis: percentileBasis(record),
    skin_scores: scoresOf(record),
    metrics: presentMetrics(record),
  };
}

/** Languages of the display text flat results can carry (`…_label`, `…_band_label`). */
export type DisplayLanguage = 'ko' | 'en';

/**
 * One flat object; metric keys are present (null) before completion too. With `lang`, every category metric gains
 * `<key>_label` and every banded one `<key>_band_label`: the value's display text (null while the value is).
 */
export function presentFlat(record: AnalysisRecord, links: Links, lang?: DisplayLanguage) {
  const a = record.analysis;
  const p = record.profile;
  const out: Record<string, string | number | boolean | null> = {
    ...identity(a, links.baseUrl),
    error_code: a.status === 'failed' ? a.error_code : null,
    error_message: a.status === 'failed' ? a.error_message : null,
    warnings: a.warnings.map((w) => w.code).join(','),
    face_count: a.face_count,
    overlay_url: overlayUrl(a, links),
    report_url: reportUrl(a, links),
  };
  for (const f of PROFILE_FIELDS) {
    const v = p ? (p as unknown as Record<string, unknown>)[f] : null;
    out[`profile_${f}`] = Array.isArray(v) ? v.join(',') : ((v ?? null) as string | number | null);
  }
  const reasons = record.metrics?.null_reasons ?? {};
  for (const m of catalog) {
    const key = flatKey(m);
    const raw = (record.metrics?.[key] ?? null) as number | string | object | null;
    // Bubble reads structured values (clusters, palette) as text: they come JSON-encoded
    const value = raw !== null && typeof raw === 'object' ? JSON.stringify(raw) : raw;
    out[key] = value;
    if (lang && m.categories) out[`${key}_label`] = typeof value === 'string' ? valueLabel(key, value, lang) : null;
    if (m.bands) out[`${key}_band`] = bandOf(m, typeof value === 'number' ? value : null);
    if (lang && m.bands)
      out[`${key}_band_label`] =
        out[`${key}_band`] === null ? null : valueLabel(key, out[`${key}_band`] as string, lang);
    if (m.nullReasons) out[`${key}_null_reason`] = record.metrics && value === null ? (reasons[key] ?? null) : null;
    if (hasNorms(m)) {
      const p = percentileOf(record, key);
      out[`${key}_percentile`] = p.percentile;
      out[`${key}_percentile_null_reason`] = p.percentile_null_reason;
    }
  }
  const scores = scoresOf(record);
  for (const key of SKIN_SCORE_KEYS) {
    const s = scores?.[key];
    out[`skin_score_${key}`] = s?.score ?? null;
    out[`skin_score_${key}_band`] = s?.band ?? null;
    if (lang) out[`skin_score_${key}_band_label`] = scoreBandText(s?.band ?? null, lang);
    out[`skin_score_${key}_null_reason`] = s?.null_reason ?? null;
  }
  const basis = percentileBasis(record);
  out.percentile_age_band = basis?.age_band ?? null;
  out.percentile_gender = basis?.gender ?? null;
  out.percentile_source = basis?.source ?? null;
  return out;
}

/**
 * Example values for the structured (JSON-text) metrics, shaped like the real
 * ones, for the sample payload below. A new JSON metric without an entry here
 * fails the presenter test.
 */
export const JSON_SAMPLES: Record<string, unknown> = {
  color_skin_clusters: [
    { lab: [63.2, 12.1, 17.8], hex: '#b98d73', share: 48.5 },
    { lab: [55.4, 13.6, 18.9], hex: '#a27a5f', share: 34.1 },
    { lab: [70.8, 9.7, 15.2], hex: '#c9a48d', share: 17.4 },
  ],
  color_palette: { best: ['#F4A6A6', '#E6B8A2', '#9FD3C7', '#C3B1E1'], avoid: ['#000000', '#8B4513'] },
  context_expression_scores: {
    neutral: 0.82,
    happy: 0.12,
    sad: 0.02,
    angry: 0.01,
    fearful: 0.01,
    disgusted: 0.01,
    surprised: 0.01,
  },
};

/**
 * A complete flat payload with a non-null value of the right type for every
 * key — for Bubble's "initialise call" / "detect data", so an app builder can
 * map every field before a real analysis exists. It is an example, labelled
 * as one: id is the nil-like sample id and external_id is "sample".
 */
export function sampleFlat(links: Links, lang?: DisplayLanguage): Record<string, string | number | boolean> {
  const at = new Date();
  const id = '00000000-0000-4000-8000-000000000000';
  const analysis = {
    id,
    status: 'completed',
    stage: 'persist',
    progress: 100,
    external_id: 'sample',
    created_at: at,
    completed_at: at,
    error_code: null,
    error_message: null,
    warnings: [{ code: 'LOW_QUALITY', message: 'sample' }],
    face_count: 1,
    overlay_sha256: '0'.repeat(64),
  } as unknown as AnalysisRow;
  const profile = {
    analysis_id: id,
    birth_date: '1996-05-14',
    gender: 'female',
    country: 'KR',
    skin_concerns: ['dry', 'pigmentation'],
    self_undertone: 'warm',
    hair_color: 'dark_brown',
    hair_length: 'medium',
    hair_texture: 'straight',
    makeup_preference: 'natural',
    outdoor_ratio: 30,
  } as unknown as ProfileRow;
  const metrics: Record<string, unknown> = {
    null_reasons: {},
    percentiles: { values: Object.fromEntries(catalog.filter(hasNorms).map((m) => [flatKey(m), 50])), reasons: {} },
    percentile_basis: { age_band: '20-29', gender: 'female', source: 'profile', norms_version: 'sample' },
  };
  for (const m of catalog) {
    const key = flatKey(m);
    if (m.type === 'number') metrics[key] = m.range ? Math.round(((m.range[0] + m.range[1]) / 2) * 100) / 100 : 0;
    else if (m.type === 'category') metrics[key] = m.categories?.[0] ?? '';
    else if (m.type === 'json') metrics[key] = JSON_SAMPLES[key] ?? {};
    else metrics[key] = m.unit === 'hex' ? '#b98d73' : '';
  }
  const flat = presentFlat({ analysis, profile, metrics } as unknown as AnalysisRecord, links, lang);
  // Fields empty on a clean result still get a value of their type, and one the API can really send, so a client
  // types them as text and a schema check passes: the most common failure and each metric's first null reason.
  // without a report signer there is no link to give: the sample still shows the field's shape
  flat.report_url ??= `${links.baseUrl}/r/${id}.0.sample`;
  flat.error_code = SAMPLE_ERROR.code;
  flat.error_message = SAMPLE_ERROR.message;
  for (const m of catalog) if (m.nullReasons) flat[`${flatKey(m)}_null_reason`] = m.nullReasons[0];
  for (const m of catalog) if (hasNorms(m)) flat[`${flatKey(m)}_percentile_null_reason`] = 'no_norms';
  for (const key of SKIN_SCORE_KEYS) flat[`skin_score_${key}_null_reason`] = 'no_norms';
  return flat as Record<string, string | number | boolean>;
}

/** The error fields of the sample: a real code and message, as a failed analysis carries them. */
export const SAMPLE_ERROR = {
  code: 'NO_FACE',
  message: 'No face was found in the photo (sample value: set only when status is failed).',
} as const;
