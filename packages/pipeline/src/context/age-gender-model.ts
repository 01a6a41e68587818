/**
 * Calibrated age and gender over the attribute models' raw outputs (the
 * FaceRes-deep descriptor plus the FaceRes-deep and SSR-Net age and gender
 * estimates), each averaged over the upright crop and its mirror image, so
 * mirroring the photo changes the estimate only through resampling (≤ 1.4
 * years on the four portraits of metric-properties.test.ts). Gender is a
 * linear score with a logistic calibration; age blends a linear model with
 * small networks (AgeNetwork, their estimates averaged) and corrects the blend
 * affinely. Their parameters live in the model_versions table; fitting is in
 * @face/calibration. A missing model is an error, never a default.
 *
 * Why this design, and what was tried and measured: models/README.md, "Age and gender: how the models were
 * chosen".
 */
import type { FaceModelOutputs } from '../face-models/port';

/** Layout of the feature vector; a stored model (and each stored observation) names the layout it was fitted on. */
export const FEATURE_SET =
  'faceres-deep1024+faceres-deep1024xage+faceres-deep-age+faceres-deep-logit+ssrnet-age+ssrnet-logit+age-hinges25-55/v3';

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

/**
 * What the age network reads: the descriptor (the first 1,024 values) and the
 * model estimates after the descriptor × age products (from 2,048 to the end).
 */
export const AGE_NETWORK_INPUTS = (featureCount: number): Array<[number, number]> => [
  [0, PENALISED_FEATURES / 2],
  [PENALISED_FEATURES, featureCount],
];

export interface LinearModel {
  featureSet: string;
  /** per-feature standardisation */
  mean: number[];
  scale: number[];
  weights: number[];
  bias: number;
}

/**
 * A one-hidden-layer network over part of the feature vector (standardised by
 * the linear model's standardiser), hidden activations a = relu(x·W1 + b1).
 * It reads the descriptor and the model estimates, not the descriptor × age
 * products (the network forms its own interactions).
 */
interface AgeNetworkHiddenLayer {
  /** half-open [start, end) ranges of the feature vector the network reads, in order */
  inputs: Array<[number, number]>;
  hidden: number;
  /** W1 (inputs × hidden, row-major) as little-endian float32, base64 */
  w1: string;
  b1: number[];
}

/**
 * The network's output is a probability for each age in `ages` (softmax of
 * a·W2 + b2) and its estimate is their mean: trained on a narrow normal
 * distribution around the true age plus the mean's absolute error, it
 * measures better than one output in years (see train-age-network.ts).
 */
export interface AgeDistributionNetwork extends AgeNetworkHiddenLayer {
  ages: number[];
  /** W2 (hidden × ages, row-major) as little-endian float32, base64 */
  w2: string;
  b2: number[];
}

/** One output in years, a·w2 + b2: how versions fitted before the distribution network (age-seed-20261123T1329) are stored. */
export interface AgeRegressionNetwork extends AgeNetworkHiddenLayer {
  w2: number[];
  b2: number;
}

export type AgeNetwork = AgeDistributionNetwork | AgeRegressionNetwork;

const isDistribution = (net: AgeNetwork): net is AgeDistributionNetwork => 'ages' in net;

export interface AgeModelParameters {
  kind: 'age';
  model: LinearModel;
  /** with networks, the raw output is (1 − blend) × linear + blend × the networks' mean estimate */
  networks?: AgeNetwork[];
  /** one network, as versions fitted before the ensemble are stored (age-seed-20261123T1329) */
  network?: AgeNetwork;
  blend?: number;
  /** affine correction applied to the raw output: age = intercept + slope × raw */
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
    deepAge / 100,
    avg((v) => logit(v.faceresMale)),
    ssrnetAge / 100,
    avg((v) => logit(v.ssrnetMale)),
    ...hinges(deepAge),
    ...hinges(ssrnetAge),
  ];
}

export function linearScore(model: LinearModel, x: readonly number[]): number {
  if (model.featureSet !== FEATURE_SET || x.length !== model.weights.length) {
    throw new Error(
      `model fitted on feature set ${model.featureSet} (${model.weights.length}), got ${FEATURE_SET} (${x.length})`,
    );
  }
  let s = model.bias;
  for (let i = 0; i < x.length; i++) s += model.weights[i] * ((x[i] - model.mean[i]) / model.scale[i]);
  return s;
}

/** The network's inputs of one feature vector: the listed ranges, standardised. */
export function networkInputs(net: Pick<AgeNetwork, 'inputs'>, model: LinearModel, x: readonly number[]): Float32Array {
  const out = new Float32Array(net.inputs.reduce((n, [a, b]) => n + b - a, 0));
  let k = 0;
  for (const [a, b] of net.inputs) for (let i = a; i < b; i++) out[k++] = (x[i] - model.mean[i]) / model.scale[i];
  return out;
}

export function encodeFloat32(values: Float32Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
}

function decodeFloat32(base64: string): Float32Array {
  const bytes = Buffer.from(base64, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

// the weight matrices are decoded once per network object, not once per face
const decodedW1 = new WeakMap<AgeNetwork, Float32Array>();
const decodedW2 = new WeakMap<AgeDistributionNetwork, Float32Array>();
function decodedOnce<K extends object>(cache: WeakMap<K, Float32Array>, key: K, base64: string): Float32Array {
  let m = cache.get(key);
  if (!m) {
    m = decodeFloat32(base64);
    cache.set(key, m);
  }
  return m;
}

/** The network's estimate in years. */
export function networkScore(net: AgeNetwork, model: LinearModel, x: readonly number[]): number {
  const input = networkInputs(net, model, x);
  const w1 = decodedOnce(decodedW1, net, net.w1);
  if (w1.length !== input.length * net.hidden)
    throw new Error(`age network expects ${w1.length / net.hidden} inputs, got ${input.length}`);
  const h = Float64Array.from(net.b1);
  for (let i = 0; i < input.length; i++) {
    const v = input[i];
    if (v === 0) continue;
    const row = i * net.hidden;
    for (let j = 0; j < net.hidden; j++) h[j] += v * w1[row + j];
  }
  for (let j = 0; j < net.hidden; j++) h[j] = Math.max(0, h[j]);
  if (!isDistribution(net)) return h.reduce((out, a, j) => out + a * net.w2[j], net.b2);

  const k = net.ages.length;
  const w2 = decodedOnce(decodedW2, net, net.w2);
  if (w2.length !== net.hidden * k || net.b2.length !== k)
    throw new Error(`age network has ${net.ages.length} ages but W2 of ${w2.length} and b2 of ${net.b2.length} values`);
  const logits = Float64Array.from(net.b2);
  for (let j = 0; j < net.hidden; j++) {
    if (h[j] === 0) continue;
    const row = j * k;
    for (let c = 0; c < k; c++) logits[c] += h[j] * w2[row + c];
  }
  const top = Math.max(...logits);
  let total = 0;
  let mean = 0;
  for (let c = 0; c < k; c++) {
    const p = Math.exp(logits[c] - top);
    total += p;
    mean += p * net.ages[c];
  }
  return mean / total;
}

/** The networks' mean estimate in years. */
export function ensembleScore(networks: readonly AgeNetwork[], model: LinearModel, x: readonly number[]): number {
  return networks.reduce((s, net) => s + networkScore(net, model, x), 0) / networks.length;
}

/** The age model's output before its affine correction. */
export function rawAgeScore(
  p: Pick<AgeModelParameters, 'model' | 'networks' | 'network' | 'blend'>,
  x: readonly number[],
): number {
  const linear = linearScore(p.model, x);
  const networks = p.networks ?? (p.network ? [p.network] : []);
  if (networks.length === 0) return linear;
  const blend = p.blend;
  if (blend === undefined) throw new Error('age model has a network but no blend weight');
  return (1 - blend) * linear + blend * ensembleScore(networks, p.model, x);
}

export function predictAge(p: AgeModelParameters, x: readonly number[]): number {
  const age = p.correction.intercept + p.correction.slope * rawAgeScore(p, x);
  return Math.max(1, Math.min(100, age));
}

export function predictMaleProbability(p: GenderModelParameters, x: readonly number[]): number {
  return sigmoid(p.calibration.a * linearScore(p.model, x) + p.calibration.b);
}
