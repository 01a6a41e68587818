/**
 * Refitting the undertone calibration (SPEC §8): the offset on undertone_b
 * that makes the season model's warm probability best match the users' own
 * warm / cool answers (least log loss), searched on a grid. Log loss rather
 * than the share of agreements: it is smooth in the offset, so a few more
 * observations do not make the fitted offset jump between plateaus.
 */
import {
  SEASON_MODEL,
  seasonPosterior,
  warmProbability,
  type SeasonModel,
  type UndertoneParameters,
} from '@face/pipeline/models';

export interface UndertoneSample {
  /** the season model's inputs (seasonFeatureVector) */
  features: ReadonlyArray<number | null>;
  /** the user's self-assessed undertone */
  warm: boolean;
}

export interface UndertoneMetrics {
  n: number;
  /** share of samples whose warm/cool side (warm probability ≥ 0.5) matches the user's answer */
  accuracy: number;
  /** mean negative log-likelihood of the user's answer */
  logLoss: number;
}

/** Offsets searched, b* units: far beyond any colour rendering seen on the labelled set. */
export const OFFSET_RANGE = 15;
const COARSE_STEP = 0.5;
const FINE_STEP = 0.05;

export function evaluateUndertone(
  params: UndertoneParameters,
  samples: readonly UndertoneSample[],
  model: SeasonModel = SEASON_MODEL,
): UndertoneMetrics {
  let right = 0;
  let loss = 0;
  for (const s of samples) {
    const p = warmProbability(seasonPosterior(s.features, model, params));
    if (p >= 0.5 === s.warm) right++;
    loss -= Math.log(Math.max(1e-9, s.warm ? p : 1 - p));
  }
  const n = samples.length;
  return { n, accuracy: right / Math.max(1, n), logLoss: loss / Math.max(1, n) };
}

export function fitUndertoneOffset(
  featureSet: string,
  samples: readonly UndertoneSample[],
  model: SeasonModel = SEASON_MODEL,
): UndertoneParameters {
  const lossAt = (offset: number) => evaluateUndertone({ featureSet, offset }, samples, model).logLoss;
  const best = (from: number, to: number, step: number) => {
    let arg = from;
    let min = Infinity;
    for (let k = 0; from + k * step <= to + 1e-9; k++) {
      const offset = from + k * step;
      const loss = lossAt(offset);
      if (loss < min) [arg, min] = [offset, loss];
    }
    return arg;
  };
  const coarse = best(-OFFSET_RANGE, OFFSET_RANGE, COARSE_STEP);
  const fine = best(
    Math.max(-OFFSET_RANGE, coarse - COARSE_STEP),
    Math.min(OFFSET_RANGE, coarse + COARSE_STEP),
    FINE_STEP,
  );
  return { featureSet, offset: Math.round(fine * 100) / 100 };
}
