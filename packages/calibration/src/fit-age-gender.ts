/**
 * Fits the age and gender models (ridge regression on the face feature
 * vector, the descriptor's penalty chosen by k-fold cross-validation; for age
 * also the networks blended with it; then an affine age correction and a Platt
 * calibration fitted on the out-of-fold outputs), and the cheap recalibration
 * of an existing model (correction / calibration only), which needs far fewer
 * labelled faces.
 */
import {
  AGE_NETWORK_INPUTS,
  FEATURE_SET,
  PENALISED_FEATURES,
  linearScore,
  networkInputs,
  ensembleScore,
  predictAge,
  rawAgeScore,
  predictMaleProbability,
  sigmoid,
  type AgeModelParameters,
  type AgeNetwork,
  type GenderModelParameters,
} from '@face/pipeline/models';
import { fitPlatt } from './logistic';
import { ageMetrics, genderMetrics, type AgeMetrics, type GenderMetrics } from './metrics';
import { combine, gramStats, solveRidge, standardiser, type GramStats } from './ridge';

export interface LabelledSample {
  features: number[];
  /** true age in years */
  age?: number;
  /** declared gender: 1 male, 0 female */
  male?: 0 | 1;
  /** how many times the face counts in fitting the age model (default 1); see AGE_FIT_WEIGHTS in the seed script's data */
  weight?: number;
}

export const DEFAULT_LAMBDAS = [300, 1000, 3000, 10000, 30000];

/** Deterministic fold of sample i (a fixed permutation, so folds do not follow file order). */
export const foldOf = (i: number, k: number) => ((i * 2654435761) >>> 0) % k;

function crossValidated(
  X: number[][],
  y: number[],
  k: number,
  lambdas: readonly number[],
  loss: (pred: number[]) => number,
  weights?: readonly number[],
) {
  const s = standardiser(X);
  const folds: number[][] = Array.from({ length: k }, () => []);
  X.forEach((_, i) => folds[foldOf(i, k)].push(i));
  const stats: GramStats[] = folds.map((idx) =>
    gramStats(
      idx.map((i) => X[i]),
      idx.map((i) => y[i]),
      s,
      weights && idx.map((i) => weights[i]),
    ),
  );
  let best = { lambda: lambdas[0], loss: Infinity, oof: [] as number[] };
  for (const lambda of lambdas) {
    const oof = new Array<number>(X.length);
    folds.forEach((idx, f) => {
      const model = solveRidge(combine(stats.filter((_, g) => g !== f)), lambda, s, FEATURE_SET, PENALISED_FEATURES);
      for (const i of idx) oof[i] = linearScore(model, X[i]);
    });
    const l = loss(oof);
    if (l < best.loss) best = { lambda, loss: l, oof };
  }
  return { ...best, model: solveRidge(combine(stats), best.lambda, s, FEATURE_SET, PENALISED_FEATURES) };
}

/** Least-squares line truth ≈ intercept + slope × raw. */
function affine(raw: readonly number[], truth: readonly number[]): { intercept: number; slope: number } {
  const n = raw.length;
  const mx = raw.reduce((a, b) => a + b, 0) / n;
  const my = truth.reduce((a, b) => a + b, 0) / n;
  let sxy = 0,
    sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (raw[i] - mx) * (truth[i] - my);
    sxx += (raw[i] - mx) ** 2;
  }
  const slope = sxx > 0 ? sxy / sxx : 1;
  return { intercept: my - slope * mx, slope };
}

export interface AgeFit {
  parameters: AgeModelParameters;
  lambda: number;
  /** out-of-fold MAE of the linear model alone (blend 0), for comparison */
  linearCvMae: number;
  /** cross-validated (out-of-fold) accuracy on the fitting data */
  cv: AgeMetrics;
  /** out-of-fold estimate of every sample with an age (in input order), for per-group reports */
  oof: number[];
}

/** Shares of the networks' mean in the blend tried on the out-of-fold outputs (0: the linear model alone). */
export const BLENDS = [0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 1];

const mae = (pred: readonly number[], y: readonly number[]) =>
  pred.reduce((s, p, i) => s + Math.abs(p - y[i]), 0) / y.length;
const clampAge = (a: number) => Math.max(1, Math.min(100, a));

/**
 * Fits the age model: the cross-validated ridge and the networks on the same
 * folds, each face counted by its weight; the blend weight and the affine
 * correction are chosen on their out-of-fold outputs (unweighted: weighting
 * them measured the same), then the networks are refitted on every face.
 */
export async function fitAge(
  samples: readonly LabelledSample[],
  { folds = 5, lambdas = DEFAULT_LAMBDAS, log = (_: string) => {} } = {},
): Promise<AgeFit> {
  const rows = samples.filter((s) => s.age !== undefined);
  const X = rows.map((r) => r.features);
  const y = rows.map((r) => r.age!);
  const weights = rows.map((r) => r.weight ?? 1);
  const cv = crossValidated(X, y, folds, lambdas, (pred) => mae(pred, y), weights);
  log(`age ridge: λ ${cv.lambda}, out-of-fold MAE ${cv.loss.toFixed(3)} before correction`);

  // loaded only when fitting (it brings TensorFlow.js); a require, so the compiled CommonJS build resolves it as tsx does
  const { NETWORK_RECIPE, trainAgeNetwork } = require('./train-age-network') as typeof import('./train-age-network');
  const inputs = AGE_NETWORK_INPUTS(X[0].length);
  const Z = X.map((x) => networkInputs({ inputs }, cv.model, x));
  // an ensemble's networks differ by their seed (initial weights, batch order); fold f's k-th network gets seed 1 + f + k × (folds + 1)
  const trainEnsemble = async (rows: number[], f: number) => {
    const [z, ages, w] = [rows.map((i) => Z[i]), rows.map((i) => y[i]), rows.map((i) => weights[i])];
    const networks: AgeNetwork[] = [];
    for (let k = 0; k < NETWORK_RECIPE.ensemble; k++) {
      networks.push(await trainAgeNetwork(z, ages, inputs, { seed: 1 + f + k * (folds + 1), weights: w }));
    }
    return networks;
  };
  const netOof = new Array<number>(X.length);
  for (let f = 0; f < folds; f++) {
    const fitted = await trainEnsemble(
      X.map((_, i) => i).filter((i) => foldOf(i, folds) !== f),
      f,
    );
    X.forEach((x, i) => {
      if (foldOf(i, folds) === f) netOof[i] = ensembleScore(fitted, cv.model, x);
    });
    log(`age network: fold ${f + 1}/${folds} trained (${fitted.length} networks)`);
  }

  // each blend with its own affine correction: ridge pulls estimates towards the mean age, the out-of-fold line undoes the pull
  const tried = BLENDS.map((blend) => {
    const raw = cv.oof.map((l, i) => (1 - blend) * l + blend * netOof[i]);
    const correction = affine(raw, y);
    const oof = raw.map((r) => clampAge(correction.intercept + correction.slope * r));
    return { blend, correction, oof, mae: mae(oof, y) };
  });
  const best = tried.reduce((a, b) => (b.mae < a.mae ? b : a));
  log(
    `age network: blend ${best.blend} (out-of-fold MAE ${tried.map((t) => `${t.blend}: ${t.mae.toFixed(3)}`).join(', ')})`,
  );
  const networks =
    best.blend > 0
      ? await trainEnsemble(
          X.map((_, i) => i),
          folds,
        )
      : undefined;
  return {
    parameters: {
      kind: 'age',
      model: cv.model,
      ...(networks && { networks, blend: best.blend }),
      correction: best.correction,
    },
    lambda: cv.lambda,
    linearCvMae: tried.find((t) => t.blend === 0)!.mae,
    cv: ageMetrics(y.map((truth, i) => ({ truth, estimate: best.oof[i] }))),
    oof: best.oof,
  };
}

export interface GenderFit {
  parameters: GenderModelParameters;
  lambda: number;
  cv: GenderMetrics;
  /** out-of-fold P(male) of every sample with a gender (in input order) */
  oof: number[];
}

export function fitGender(
  samples: readonly LabelledSample[],
  { folds = 5, lambdas = DEFAULT_LAMBDAS } = {},
): GenderFit {
  const rows = samples.filter((s) => s.male !== undefined);
  const X = rows.map((r) => r.features);
  const labels = rows.map((r) => r.male!);
  const y = labels.map((m) => (m ? 1 : -1));
  const errors = (pred: number[]) => pred.filter((p, i) => (p >= 0 ? 1 : 0) !== labels[i]).length;
  const cv = crossValidated(X, y, folds, lambdas, errors);
  const calibration = fitPlatt(cv.oof, labels);
  const parameters: GenderModelParameters = { kind: 'gender', model: cv.model, calibration };
  const oof = cv.oof.map((score) => sigmoid(calibration.a * score + calibration.b));
  return { parameters, lambda: cv.lambda, cv: genderMetrics(labels.map((male, i) => ({ male, pMale: oof[i] }))), oof };
}

/** Recalibrates an age model: refits only its affine correction on new labelled faces. */
export function recalibrateAge(current: AgeModelParameters, samples: readonly LabelledSample[]): AgeModelParameters {
  const rows = samples.filter((s) => s.age !== undefined);
  const raw = rows.map((r) => rawAgeScore(current, r.features));
  return {
    ...current,
    correction: affine(
      raw,
      rows.map((r) => r.age!),
    ),
  };
}

/** Recalibrates a gender model: refits only its Platt calibration (which moves the threshold). */
export function recalibrateGender(
  current: GenderModelParameters,
  samples: readonly LabelledSample[],
): GenderModelParameters {
  const rows = samples.filter((s) => s.male !== undefined);
  const scores = rows.map((r) => linearScore(current.model, r.features));
  return {
    ...current,
    calibration: fitPlatt(
      scores,
      rows.map((r) => r.male!),
    ),
  };
}

export function evaluateAge(p: AgeModelParameters, samples: readonly LabelledSample[]): AgeMetrics {
  return ageMetrics(
    samples.filter((s) => s.age !== undefined).map((s) => ({ truth: s.age!, estimate: predictAge(p, s.features) })),
  );
}

export function evaluateGender(p: GenderModelParameters, samples: readonly LabelledSample[]): GenderMetrics {
  return genderMetrics(
    samples
      .filter((s) => s.male !== undefined)
      .map((s) => ({ male: s.male!, pMale: predictMaleProbability(p, s.features) })),
  );
}
