/**
 * Calibrated age and gender: linear models over the attribute models' raw
 * outputs (the FaceRes-deep descriptor plus the FaceRes-deep and SSR-Net age
 * and gender estimates), each averaged over the upright crop and its mirror
 * image, so mirroring the photo changes the estimate only through resampling
 * (≤ 1.3 years on the portraits of metric-properties.test.ts). Their
 * parameters live in the model_versions table; fitting is in
 * @face/calibration. A missing model is an error, never a default.
 *
 * Why FaceRes-deep alone (the /v3 layout): the /v2 layout ran the smaller
 * FaceRes on both views and FaceRes-deep on the upright one. In 5-fold
 * cross-validation on the same 2,617 labelled faces (scripts: measure:faces,
 * calibrate:seed) the two were equal within noise — /v2 AAF age MAE 6.04,
 * UTK 7.46, AAF gender 96.3 %; /v3 6.12, 7.31, 96.4 % — and /v3 runs one
 * network per view instead of one and a half (~110 ms less per photo on one
 * core). Tried and not adopted: squared estimates, a log-age target (AAF
 * 6.24, UTK 8.03), and the GEAR age model (correlation with true age 0.58
 * against FaceRes-deep's 0.83).
 */
import type { FaceModelOutputs } from '../human/runtime';

/** Layout of the feature vector; a stored model (and each stored observation) names the layout it was fitted on. */
export const FEATURE_SET = 'faceres-deep1024+faceres-deep-age+faceres-deep-logit+ssrnet-age+ssrnet-logit/v3';

/** The generation of a feature layout (its `/vN` suffix): a worker replaces an active model of an older one by its seed, never a newer one. */
export function featureSetGeneration(featureSet: string): number {
  const m = /\/v(\d+)$/.exec(featureSet);
  return m ? Number(m[1]) : 0;
}

/**
 * The feature vector starts with the descriptor, whose 1024 weak features the
 * ridge penalty shrinks; the four model estimates after it are strong on their
 * own and left unpenalised (shrinking them with the descriptor cost 0.3–0.4
 * years of MAE in cross-validation).
 */
export const PENALISED_FEATURES = 1024;

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

/** The feature vector of one face: its views averaged. */
export function faceFeatures(views: readonly FaceModelOutputs[]): number[] {
  if (views.length === 0) throw new Error('no model outputs');
  const n = views.length;
  const avg = (f: (v: FaceModelOutputs) => number) => views.reduce((s, v) => s + f(v), 0) / n;
  const descriptor = views[0].descriptor.map((_, i) => views.reduce((s, v) => s + v.descriptor[i], 0) / n);
  return [
    ...descriptor,
    avg((v) => v.faceresAge) / 100, avg((v) => logit(v.faceresMale)),
    avg((v) => v.ssrnetAge) / 100, avg((v) => logit(v.ssrnetMale)),
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
