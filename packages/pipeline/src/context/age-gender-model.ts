/**
 * Calibrated age and gender: linear models over the attribute models' raw
 * outputs (the FaceRes descriptor plus the FaceRes, SSR-Net and FaceRes-deep
 * estimates, averaged over the crop and its mirror). Their parameters live in the
 * model_versions table; fitting is in @face/calibration. A missing model is an
 * error, never a default.
 */
import type { FaceModelOutputs } from '../human/runtime';

/** Layout of the feature vector; a stored model (and each stored observation) names the layout it was fitted on. */
export const FEATURE_SET = 'faceres1024+faceres-age+faceres-logit+ssrnet-age+ssrnet-logit+deep-age+deep-logit/v2';

/** The generation of a feature layout (its `/vN` suffix): a worker replaces an active model of an older one by its seed, never a newer one. */
export function featureSetGeneration(featureSet: string): number {
  const m = /\/v(\d+)$/.exec(featureSet);
  return m ? Number(m[1]) : 0;
}

/**
 * The feature vector starts with the descriptor, whose 1024 weak features the
 * ridge penalty shrinks; the six model estimates after it are strong on their
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

/** The feature vector of one face: its views averaged (FaceRes-deep runs on the first view only). */
export function faceFeatures(views: readonly FaceModelOutputs[]): number[] {
  if (views.length === 0) throw new Error('no model outputs');
  const deep = views[0].deep;
  if (!deep) throw new Error('no FaceRes-deep output on the first view');
  const n = views.length;
  const avg = (f: (v: FaceModelOutputs) => number) => views.reduce((s, v) => s + f(v), 0) / n;
  const descriptor = views[0].descriptor.map((_, i) => views.reduce((s, v) => s + v.descriptor[i], 0) / n);
  return [
    ...descriptor,
    avg((v) => v.faceresAge) / 100, avg((v) => logit(v.faceresMale)),
    avg((v) => v.ssrnetAge) / 100, avg((v) => logit(v.ssrnetMale)),
    deep.age / 100, logit(deep.male),
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
