/**
 * The undertone calibration (SPEC §8): an offset in b* units taken off
 * undertone_b before the warm / neutral / cool thresholds and the season model
 * read it, so it moves the warm/cool boundary along undertone_b. The service
 * ships offset 0: the boundary fitted on the labelled portraits. The
 * `calibrate` job fits an offset from stored observations whose profile gives
 * the user's self-assessed undertone, so the boundary follows the client's own
 * users and their phones' colour rendering. Versions live in model_versions
 * (kind `undertone`); the reported undertone_b stays the measured value.
 */
import { DISCOUNT_STRENGTH } from './illuminant';
import { SCLERA_WB_WEIGHT, SEASON_FEATURES } from './season-recipe';

/**
 * Layout of the season feature vector stored with each observation (and the
 * white-balance rules behind it: the share of the estimated light taken off,
 * the sclera's weight in undertone_b): an offset is fitted only on
 * observations of the layout it applies to. v2: colours taken as under the
 * typical light (illuminant.ts).
 */
export const COLOUR_FEATURE_SET = `${SEASON_FEATURES.join('+')}/light-${DISCOUNT_STRENGTH}/sclera-wb-${SCLERA_WB_WEIGHT}/v2`;

export interface UndertoneParameters {
  /** layout of the observations it was fitted on (COLOUR_FEATURE_SET) */
  featureSet: string;
  /** subtracted from undertone_b, b* units; positive moves the boundary towards warmer skin */
  offset: number;
}

export interface UndertoneCalibration {
  version: string;
  parameters: UndertoneParameters;
}

/** The shipped calibration: no offset. A fresh database is seeded with it. */
export const SEED_UNDERTONE = {
  kind: 'undertone' as const,
  version: 'undertone-seed-v2',
  parameters: { featureSet: COLOUR_FEATURE_SET, offset: 0 } satisfies UndertoneParameters,
  trainingSet: {
    source: '207 labelled portraits (../shared/datasets/personal_color), through the season model (season-model.json)',
    method: 'no offset: the season model’s own warm/cool boundary',
  },
  metrics: { see: 'npm run bench:color' },
};

export const seedUndertone = (): UndertoneCalibration => ({
  version: SEED_UNDERTONE.version,
  parameters: SEED_UNDERTONE.parameters,
});
