/**
 * Calibrated age and gender: linear models over the attribute models' raw
 * outputs (the FaceRes-deep descriptor plus the FaceRes-deep and SSR-Net age
 * and gender estimates), each averaged over the upright crop and its mirror
 * image, so mirroring the photo changes the estimate only through resampling
 * (≤ 1.5 years on the portraits of metric-properties.test.ts). Their
 * parameters live in the model_versions table; fitting is in
 * @face/calibration. A missing model is an error, never a default.
 *
 * Why FaceRes-deep alone (the /v3 layout): the /v2 layout ran the smaller
 * FaceRes on both views and FaceRes-deep on the upright one. In 5-fold
 * cross-validation on the same 2,617 labelled faces (scripts: measure:faces,
 * calibrate:seed) the two were equal within noise — /v2 AAF age MAE 6.04,
 * UTK 7.46, AAF gender 96.3 %; /v3 6.12, 7.31, 96.4 % — and /v3 runs one
 * network per view instead of one and a half (the attribute networks on both
 * views, back to back on one core: 411 → 290 ms p50).
 *
 * Tried and not adopted: squared estimates, a log-age target (AAF 6.24, UTK
 * 8.03), the GEAR age model (correlation with true age 0.58 against
 * FaceRes-deep's 0.83), and the descriptor's products with the gender logit
 * on top of those with the age (AAF 5.82 → 5.80, UTK 6.56 → 6.51 for half as
 * many features again).
 *
 * On all 9,368 labelled faces (`npm run bench:accuracy -- --cached`, 5-fold
 * CV): AAF age MAE 5.82, UTK 6.56, gender 96.4 % (AAF) and 94.2 % (UTK).
 */
import type { FaceModelOutputs } from '../human/runtime';

/** Layout of the feature vector; a stored model (and each stored observation) names the layout it was fitted on. */
export const FEATURE_SET = 'faceres-deep1024+faceres-deep1024xage+faceres-deep-age+faceres-deep-logit+ssrnet-age+ssrnet-logit+age-hinges25-55/v3';

/** The generation of a feature layout (its `/vN` suffix): a worker replaces an active model of an older one by its seed, never a newer one. */
export function featureSetGeneration(featureSet: string): number {
  const m = /\/v(\d+)$/.exec(featureSet);
  return m ? Number(m[1]) : 0;
}

/**
 * The feature vector starts with the descriptor and its products with the
 * FaceRes-deep age, whose 2 × 1024 weak features the ridge penalty shrinks;
 * the model estimates after them are strong on their own and left
 * unpenalised (shrinking them with the descriptor cost 0.3–0.4 years of MAE in
 * cross-validation).
 */
export const PENALISED_FEATURES = 2048;

export interface LinearModel {
  featureSet: string;
  /** per-feature standardisation */
  mean: number[];
  scale: number[];
  weights: number[];
  bias: number;
}

export interface AgeModelParameters {
  kind: 'age';
  model: LinearModel;
  /** affine correction applied to the linear output: age = intercept + slope × raw */
  correction: { intercept: number; slope: number };
}

export interface GenderModelParameters {
  kind: 'gender';
  model: LinearModel;
  /** logistic calibration of the linear score: P(male) = σ(a × score + b); b moves the threshold */
  calibration: { a: number; b: number };
}

export interface AgeGenderModels {
  age: { version: string; parameters: AgeModelParameters };
  gender: { version: string; parameters: GenderModelParameters };
}

const logit = (p: number) => {
  const q = Math.min(1 - 1e-4, Math.max(1e-4, p));
  return Math.log(q / (1 - q));
};
export const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * Knots (years) of the piecewise-linear terms on the two age estimates: the
 * networks' errors change with age (children and the old are compressed
 * towards the middle), which one straight line cannot undo. Measured by 5-fold
 * CV on 9,368 faces: UTK MAE 6.99 → 6.84, AAF unchanged (6.00 → 5.99).
 */
const AGE_KNOTS = [25, 35, 45, 55];
/**
 * The descriptor's products with the FaceRes-deep age (centred on 30 years)
 * let what a descriptor direction says about age depend on the age itself (a
 * face read as a teenager is aged by other cues than one read as fifty).
 * Measured by 5-fold CV on the same faces, with the hinges: AAF MAE 5.99 →
 * 5.82, UTK 6.84 → 6.56.
 */
const INTERACTION_CENTRE_YEARS = 30;

/** The feature vector of one face: its views averaged. */
export function faceFeatures(views: readonly FaceModelOutputs[]): number[] {
  if (views.length === 0) throw new Error('no model outputs');
  const n = views.length;
  const avg = (f: (v: FaceModelOutputs) => number) => views.reduce((s, v) => s + f(v), 0) / n;
  const descriptor = views[0].descriptor.map((_, i) => views.reduce((s, v) => s + v.descriptor[i], 0) / n);
  const deepAge = avg((v) => v.faceresAge);
  const ssrnetAge = avg((v) => v.ssrnetAge);
  const hinges = (age: number) => AGE_KNOTS.map((k) => Math.max(0, age - k) / 100);
  const ageCentred = (deepAge - INTERACTION_CENTRE_YEARS) / 100;
  return [
    ...descriptor,
    ...descriptor.map((v) => v * ageCentred),
    deepAge / 100, avg((v) => logit(v.faceresMale)),
    ssrnetAge / 100, avg((v) => logit(v.ssrnetMale)),
    ...hinges(deepAge), ...hinges(ssrnetAge),
  ];
}

export function linearScore(model: LinearModel, x: readonly number[]): number {
  if (model.featureSet !== FEATURE_SET || x.length !== model.weights.length) {
    throw new Error(`model fitted on feature set ${model.featureSet} (${model.weights.length}), got ${FEATURE_SET} (${x.length})`);
  }
  let s = model.bias;
  for (let i = 0; i < x.length; i++) s += model.weights[i] * ((x[i] - model.mean[i]) / model.scale[i]);
  return s;
}

export function predictAge(p: AgeModelParameters, x: readonly number[]): number {
  const age = p.correction.intercept + p.correction.slope * linearScore(p.model, x);
  return Math.max(1, Math.min(100, age));
}

export function predictMaleProbability(p: GenderModelParameters, x: readonly number[]): number {
  return sigmoid(p.calibration.a * linearScore(p.model, x) + p.calibration.b);
}
