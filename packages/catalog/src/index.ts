/**
 * The metric catalog: the single source of truth for database columns, API
 * output (nested and flat), and the catalog endpoint. Only implemented groups
 * are listed.
 */
import { geometryMetrics } from './geometry';
import { textureMetrics } from './texture';
import { colorMetrics } from './color';
import { contextMetrics } from './context';
import type { Band, BubbleType, MetricDefinition } from './types';
import { valueLabel } from './value-labels';

export * from './types';

export const catalog: readonly MetricDefinition[] = [
  ...geometryMetrics,
  ...textureMetrics,
  ...colorMetrics,
  ...contextMetrics,
];

/** Postgres column type of a metric. */
export function columnType(m: MetricDefinition): 'double precision' | 'text' | 'jsonb' {
  return m.type === 'number' ? 'double precision' : m.type === 'json' ? 'jsonb' : 'text';
}

/** Column name in analysis_metrics, and the key in the flat payload. */
export function flatKey(m: Pick<MetricDefinition, 'group' | 'key'>): string {
  return `${m.group}_${m.key}`;
}

export function bubbleType(m: MetricDefinition): BubbleType {
  return m.type === 'number' ? 'number' : 'text';
}

export function bandOf(m: MetricDefinition, value: number | string | null): string | null {
  if (!m.bands || typeof value !== 'number') return null;
  const band = m.bands.find(
    (b: Band) => (b.min === undefined || value >= b.min) && (b.max === undefined || value < b.max),
  );
  return band?.label ?? null;
}

/**
 * Metrics that describe the person, so a percentile among people of the same gender and age means something: the
 * numeric geometry, texture and colour measures. Not the photo's conditions and estimates (context), the light
 * (illuminant_cct) or a model's confidence.
 */
const NOT_NORMED = new Set(['geometry_face_shape_confidence', 'color_season_confidence', 'color_illuminant_cct']);
export const hasNorms = (m: MetricDefinition) =>
  m.type === 'number' && m.group !== 'context' && !NOT_NORMED.has(flatKey(m));
export const normedMetrics = (): MetricDefinition[] => catalog.filter(hasNorms);

/** Public, language-specific view of the catalog (GET /v1/metrics/catalog). */
export function describeCatalog(lang: 'ko' | 'en') {
  return catalog.map((m) => ({
    key: m.key,
    flat_key: flatKey(m),
    group: m.group,
    label: m.label[lang],
    description: m.description[lang],
    method: m.method,
    unit: m.unit,
    type: m.type,
    bubble_type: bubbleType(m),
    range: m.range ?? null,
    categories: m.categories ?? null,
    /** display text of each category value, in this language */
    category_labels: m.categories
      ? Object.fromEntries(m.categories.map((c) => [c, valueLabel(flatKey(m), c, lang)]))
      : null,
    /** with lang=ko|en, flat results carry the value's display text here */
    label_key: m.categories ? `${flatKey(m)}_label` : null,
    bands:
      m.bands?.map((b) => ({
        label: b.label,
        text: valueLabel(flatKey(m), b.label, lang),
        min: b.min ?? null,
        max: b.max ?? null,
      })) ?? null,
    band_key: m.bands ? `${flatKey(m)}_band` : null,
    band_label_key: m.bands ? `${flatKey(m)}_band_label` : null,
    /** percentile (0–100) among people of the same gender and age band, in results (Bubble type number) */
    percentile_key: hasNorms(m) ? `${flatKey(m)}_percentile` : null,
    null_reasons: m.nullReasons ?? null,
    null_reason_key: m.nullReasons ? `${flatKey(m)}_null_reason` : null,
    reliability: m.reliability ?? null,
  }));
}
export * from './profile';
export { labelledValues, valueLabel } from './value-labels';
export { EXPRESSION_LABELS } from './context';
export type { GeometryKey } from './geometry';
export type { TextureKey } from './texture';
export type { ColorKey } from './color';
export type { ContextKey } from './context';
export { MAX_YAW_DEG } from './geometry';
