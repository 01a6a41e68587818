/**
 * Population norms: where a measurement stands among people of the same gender and age band, as a percentile
 * (0–100). A cell (metric × age band × gender) keeps the 101 percentiles (0 %, 1 %, …, 100 %) of the values it was
 * built from; a value's percentile is read back by interpolating between them. A cell is used only when it rests on
 * MIN_CELL_OBSERVATIONS or more people: a percentile among a handful says nothing.
 */

export const NORM_GENDERS = ['female', 'male'] as const;
export type NormGender = (typeof NORM_GENDERS)[number];

/** Age bands of ten years from 10; 60 and over together (the labelled sets hold few older people). */
export const AGE_BANDS = ['10-19', '20-29', '30-39', '40-49', '50-59', '60+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** Fewest people a cell must rest on to be used. */
export const MIN_CELL_OBSERVATIONS = 30;

/** The percentile levels a cell keeps: 0, 1, …, 100. */
export const LEVELS = 101;

export function ageBandOf(age: number): AgeBand | null {
  if (!Number.isFinite(age) || age < 10) return null;
  return age >= 60 ? '60+' : AGE_BANDS[Math.floor(age / 10) - 1];
}

/** The 101 percentiles of `values` (linear interpolation between order statistics, Hyndman & Fan type 7). */
export function quantiles(values: readonly number[]): number[] {
  if (values.length === 0) throw new Error('no values');
  const sorted = [...values].sort((a, b) => a - b);
  return Array.from({ length: LEVELS }, (_, k) => {
    const h = ((sorted.length - 1) * k) / (LEVELS - 1);
    const lo = Math.floor(h);
    return sorted[lo] + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? sorted[lo]) - sorted[lo]);
  });
}

/**
 * The percentile (0–100) of `value` in a cell's quantiles: interpolated between the two levels around it; a value that
 * many people share (a run of equal quantiles) gets the middle of that run. Never decreases as the value grows.
 */
export function percentileOf(value: number, q: readonly number[]): number {
  const last = q.length - 1;
  if (value < q[0]) return 0;
  if (value > q[last]) return 100;
  let lo = 0;
  while (q[lo] < value) lo++; // first level at or above the value
  let hi = last;
  while (q[hi] > value) hi--; // last level at or below it
  const position = lo <= hi ? (lo + hi) / 2 : hi + (value - q[hi]) / (q[lo] - q[hi]);
  return (100 * position) / last;
}

export interface NormCell {
  metric: string;
  ageBand: AgeBand;
  gender: NormGender;
  /** how many people the cell rests on */
  n: number;
  quantiles: number[];
}

/** A set of cells built together: seeded from the labelled data sets or refitted from stored analyses. */
export interface NormsVersion {
  version: string;
  kind: 'seed' | 'refit';
  /** what the cells rest on: sets and counts, or the analyses with profile truth */
  source: Record<string, unknown>;
  cells: NormCell[];
}

export interface NormObservation {
  age: number;
  gender: NormGender;
  /** measured values by metric; null or absent = not measured on this photo */
  values: Record<string, number | null | undefined>;
}

/**
 * Skin texture read off a face under this many pixels wide (the larger side of the face box, context_face_size_px) is
 * not the texture of a selfie: pores and fine lines are below the photo's resolution. Such faces do not feed texture
 * norms.
 */
export const TEXTURE_MIN_FACE_PX = 300;

/** Whether this observation's value of `metric` may feed a norm. */
export function feedsNorms(metric: string, values: NormObservation['values']): boolean {
  if (!metric.startsWith('texture_')) return true;
  const size = values.context_face_size_px;
  return typeof size === 'number' && size >= TEXTURE_MIN_FACE_PX;
}

/**
 * A cell for every metric, age band and gender that has at least one value (usable or not: `n` says). Observations
 * carry context_face_size_px so texture metrics are taken only from faces large enough (feedsNorms).
 */
export function buildCells(observations: readonly NormObservation[], metrics: readonly string[]): NormCell[] {
  const groups = new Map<string, number[]>();
  for (const o of observations) {
    const band = ageBandOf(o.age);
    if (!band) continue;
    for (const metric of metrics) {
      const v = o.values[metric];
      if (typeof v !== 'number' || !Number.isFinite(v) || !feedsNorms(metric, o.values)) continue;
      const key = `${metric}|${band}|${o.gender}`;
      (groups.get(key) ?? groups.set(key, []).get(key)!).push(v);
    }
  }
  return [...groups].map(([key, values]) => {
    const [metric, ageBand, gender] = key.split('|') as [string, AgeBand, NormGender];
    return { metric, ageBand, gender, n: values.length, quantiles: quantiles(values) };
  });
}

/** Why a metric has no percentile. */
export type PercentileNullReason = 'no_norms' | 'no_age_gender' | 'not_measured';

/** The people a result is compared with: whose age and gender, from the profile or, without one, the estimates. */
export interface Cohort {
  ageBand: AgeBand;
  gender: NormGender;
  /** profile: both from the profile; estimate: both estimated from the photo; mixed: one of each */
  source: 'profile' | 'estimate' | 'mixed';
}

/**
 * Whom a result is compared with: the profile's age and gender where given (the truth), the photo's estimates where
 * not. Null when neither gives an age band and a gender.
 */
export function cohortOf(
  profile: { age: number | null; gender: string | null },
  estimate: { age: unknown; gender: unknown },
): Cohort | null {
  const isGender = (g: unknown): g is NormGender => g === 'female' || g === 'male';
  const profileBand = profile.age === null ? null : ageBandOf(profile.age);
  const estimatedBand = typeof estimate.age === 'number' ? ageBandOf(estimate.age) : null;
  const ageBand = profileBand ?? estimatedBand;
  const gender = isGender(profile.gender) ? profile.gender : isGender(estimate.gender) ? estimate.gender : null;
  if (!ageBand || !gender) return null;
  const fromProfile = [profileBand !== null, isGender(profile.gender)];
  const source = fromProfile.every(Boolean) ? 'profile' : fromProfile.some(Boolean) ? 'mixed' : 'estimate';
  return { ageBand, gender, source };
}

/** The usable cells, looked up by metric, age band and gender. */
export class NormTable {
  private readonly cells = new Map<string, NormCell>();

  constructor(
    cells: readonly NormCell[],
    /** the versions the cells come from, for the record */
    readonly version: string,
  ) {
    for (const c of cells) if (c.n >= MIN_CELL_OBSERVATIONS) this.cells.set(`${c.metric}|${c.ageBand}|${c.gender}`, c);
  }

  get size(): number {
    return this.cells.size;
  }

  cell(metric: string, cohort: Cohort): NormCell | undefined {
    return this.cells.get(`${metric}|${cohort.ageBand}|${cohort.gender}`);
  }

  /** Percentiles (rounded to 0.1) of every measured value, or the reason there is none. */
  percentiles(
    measured: Record<string, unknown>,
    metrics: readonly string[],
    cohort: Cohort | null,
  ): { values: Record<string, number | null>; reasons: Record<string, PercentileNullReason> } {
    const percentiles: Record<string, number | null> = {};
    const reasons: Record<string, PercentileNullReason> = {};
    for (const metric of metrics) {
      const v = measured[metric];
      const cell = cohort && this.cell(metric, cohort);
      if (typeof v !== 'number') reasons[metric] = 'not_measured';
      else if (!cohort) reasons[metric] = 'no_age_gender';
      else if (!cell) reasons[metric] = 'no_norms';
      else {
        percentiles[metric] = Math.round(percentileOf(v, cell.quantiles) * 10) / 10;
        continue;
      }
      percentiles[metric] = null;
    }
    return { values: percentiles, reasons };
  }
}
