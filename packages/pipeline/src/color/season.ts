/**
 * Personal colour from the colour features: season posterior (LDA), the three
 * axes, the 12 sub-types by the dominant axis, and the palette.
 */
import type { ColourFeatures } from './features';
import { STRONG_CAST, type Illuminant } from './illuminant';
import { ldaPosterior, type LdaModel } from './lda';
import { SEASON_FEATURES, seasonInputs, underTypicalLight, undertoneB, valueContrast } from './season-recipe';
import type { UndertoneParameters } from './undertone-calibration';

export interface SeasonModel {
  lda: LdaModel;
  undertone: { warmAbove: number; coolBelow: number };
  scales: Record<'skinL' | 'hairL' | 'chroma' | 'contrast', { mean: number; sd: number }>;
  /** softmax temperature fitted on identity-grouped cross-validated predictions, so season_confidence is calibrated */
  temperature?: number;
  /**
   * With no sclera in view the light is unknown: how far the season's confidence moves towards chance, fitted on
   * identity-grouped cross-validated predictions of the portraits under the robustness casts with the sclera withheld
   */
  unknownLightTowardsChance?: number;
  fittedOn: string;
}

export const SEASONS = ['spring', 'summer', 'autumn', 'winter'] as const;
export type Season = (typeof SEASONS)[number];

/** Each season's three sub-types and the axis direction that names each. */
const SUBTYPES: Record<
  Season,
  Array<{ name: string; axis: 'warm_cool' | 'light_deep' | 'bright_soft'; sign: 1 | -1 }>
> = {
  spring: [
    { name: 'light_spring', axis: 'light_deep', sign: 1 },
    { name: 'warm_spring', axis: 'warm_cool', sign: 1 },
    { name: 'bright_spring', axis: 'bright_soft', sign: 1 },
  ],
  summer: [
    { name: 'light_summer', axis: 'light_deep', sign: 1 },
    { name: 'cool_summer', axis: 'warm_cool', sign: -1 },
    { name: 'soft_summer', axis: 'bright_soft', sign: -1 },
  ],
  autumn: [
    { name: 'soft_autumn', axis: 'bright_soft', sign: -1 },
    { name: 'warm_autumn', axis: 'warm_cool', sign: 1 },
    { name: 'deep_autumn', axis: 'light_deep', sign: -1 },
  ],
  winter: [
    { name: 'deep_winter', axis: 'light_deep', sign: -1 },
    { name: 'cool_winter', axis: 'warm_cool', sign: -1 },
    { name: 'bright_winter', axis: 'bright_soft', sign: 1 },
  ],
};

export interface SeasonResult {
  axes: { warm_cool: number; light_deep: number; bright_soft: number };
  season: Season;
  subtype: string;
  confidence: number;
  runnerUp: Season;
  undertone: 'warm' | 'neutral' | 'cool';
  undertoneB: number;
  valueContrast: number | null;
  /** the light the colours were read under (illuminant.ts); null when no sclera shows */
  light: Illuminant | null;
}

const z = (v: number | null | undefined, s: { mean: number; sd: number }) =>
  v === null || v === undefined ? 0 : (v - s.mean) / s.sd;

const UNDERTONE_INDEX = SEASON_FEATURES.indexOf('undertone_b');

/** How far a strong cast moves the season's confidence towards chance, at most, and the cast at which it does. */
const MAX_TOWARDS_CHANCE = 0.9;
const FULLY_UNCERTAIN_CAST = 3 * STRONG_CAST;

/**
 * Season posterior of a season feature vector (seasonFeatureVector) with the
 * undertone calibration's offset taken off undertone_b first: the offset moves
 * the model's warm/cool boundary along undertone_b.
 */
export function seasonPosterior(
  vector: ReadonlyArray<number | null>,
  model: SeasonModel,
  calibration: UndertoneParameters,
): Record<Season, number> {
  const shifted = vector.map((v, k) => (k === UNDERTONE_INDEX && v !== null ? v - calibration.offset : v));
  return ldaPosterior(model.lda, shifted, model.temperature ?? 1) as Record<Season, number>;
}

/** A confidence moved `share` of the way towards chance (one season in four). */
export function towardsChance(confidence: number, share: number): number {
  const chance = 1 / SEASONS.length;
  return chance + (1 - share) * (confidence - chance);
}

/**
 * The season's confidence under the estimated light. Under a strong cast half the light's colour is still in the
 * colours, and the sclera that measures it clips: the confidence moves towards chance, from the COLOR_CAST threshold
 * to 90 % of the way at three times it (on the labelled portraits under a 3200 K white balance in daylight, casts
 * 0.7–1.3, the season was right 26 % of the time: chance). With no sclera the light is unknown and the confidence
 * moves by the model's fitted `unknownLightTowardsChance`. The season and the runner-up stay the model's.
 */
export function confidenceUnderLight(
  confidence: number,
  light: Illuminant | null,
  unknownLightTowardsChance = 0,
): number {
  if (!light) return towardsChance(confidence, unknownLightTowardsChance);
  return towardsChance(
    confidence,
    MAX_TOWARDS_CHANCE * Math.min(1, Math.max(0, (light.cast - STRONG_CAST) / (FULLY_UNCERTAIN_CAST - STRONG_CAST))),
  );
}

/** Probability that the season is a warm one (spring or autumn). */
export const warmProbability = (post: Record<Season, number>) => post.spring + post.autumn;

export function classifySeason(
  measured: ColourFeatures,
  model: SeasonModel,
  calibration: UndertoneParameters,
): SeasonResult {
  const { light, features: f } = underTypicalLight(measured);
  const post = seasonPosterior(seasonInputs(f), model, calibration);
  const ranked = [...SEASONS].sort((a, b) => post[b] - post[a]);
  const contrast = valueContrast(f);
  const axes = {
    warm_cool: 2 * warmProbability(post) - 1,
    light_deep: Math.tanh((z(f.skin[0], model.scales.skinL) + z(f.hair?.lab[0], model.scales.hairL)) / 2),
    bright_soft: Math.tanh((z(f.chroma, model.scales.chroma) + z(contrast, model.scales.contrast)) / 2),
  };
  const season = ranked[0];
  const subtype = SUBTYPES[season].reduce((best, t) =>
    axes[t.axis] * t.sign > axes[best.axis] * best.sign ? t : best,
  ).name;
  const ub = undertoneB(f);
  const calibrated = ub - calibration.offset;
  return {
    axes,
    season,
    subtype,
    confidence: confidenceUnderLight(post[season], light, model.unknownLightTowardsChance),
    runnerUp: ranked[1],
    undertone:
      calibrated > model.undertone.warmAbove ? 'warm' : calibrated < model.undertone.coolBelow ? 'cool' : 'neutral',
    undertoneB: ub,
    valueContrast: contrast,
    light,
  };
}
