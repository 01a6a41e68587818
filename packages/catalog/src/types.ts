export type MetricGroup = 'geometry' | 'texture' | 'color' | 'context';
/** number → double precision, category/text → text, json → jsonb (flat output: JSON text). */
export type MetricType = 'number' | 'category' | 'text' | 'json';
/** Bubble API-connector type of the flat key. */
export type BubbleType = 'number' | 'text';

export interface Band {
  label: string;
  /** inclusive lower bound; undefined = −∞ */
  min?: number;
  /** exclusive upper bound; undefined = +∞ */
  max?: number;
}

export interface MetricDefinition {
  key: string;
  group: MetricGroup;
  label: { ko: string; en: string };
  description: { ko: string; en: string };
  /** how it is measured (landmarks, formula) */
  method: string;
  unit:
    | 'ratio'
    | 'degrees'
    | 'percent'
    | 'score'
    | 'category'
    | 'lab'
    | 'level'
    | 'per_cm2'
    | 'curvature'
    | 'hex'
    | 'json'
    | 'years'
    | 'px'
    | 'kelvin';
  type: MetricType;
  /** plausible range of values, for docs and validation */
  range?: [number, number];
  categories?: readonly string[];
  bands?: Band[];
  /** reasons this metric may be null on a photo; absent = always measured */
  nullReasons?: readonly string[];
  /** how far the value can be trusted, as measured by a harness (e.g. "p95 change ±0.6° up to ±20° photo rotation"); absent = not yet measured */
  reliability?: string;
}
