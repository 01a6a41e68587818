/**
 * Trains the age network (see AgeNetwork) with TensorFlow.js on the WASM
 * backend. Only fitting loads this module (a dynamic import), so workers that
 * merely estimate ages never load a second TensorFlow.js beside Human's.
 *
 * The recipe (dropout 0.5 on the inputs, 128 ReLU units, L2 1e-3, Adam with cosine decay, 60 epochs of
 * 128-face batches, a distribution over ages, two networks averaged) and the measurements behind it:
 * models/README.md, "Age and gender: how the models were chosen".
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { encodeFloat32, type AgeDistributionNetwork, type AgeNetwork } from '@face/pipeline/models';

export const NETWORK_RECIPE = {
  hidden: 128,
  inputDropout: 0.5,
  l2: 1e-3,
  learningRate: 1e-3,
  epochs: 60,
  batchSize: 128,
  /** networks trained with different seeds whose estimates are averaged */
  ensemble: 2,
  /** the ages the network gives a probability to */
  ages: Array.from({ length: 100 }, (_, i) => i + 1),
  /** σ of the training target, a normal distribution around the true age */
  targetSpreadYears: 3,
} as const;

let backendReady: Promise<void> | undefined;
function ready(): Promise<void> {
  backendReady ??= (async () => {
    if (!(await tf.setBackend('wasm'))) throw new Error('TensorFlow.js WASM backend did not initialise');
    await tf.ready();
  })();
  return backendReady;
}

/** Mulberry32, for a reproducible batch order (the dropout masks are not seeded, so refits still differ slightly). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The training target of one face: a normal distribution (σ = spread) over the ages around its age, summing to its weight. */
function targetDistribution(
  age: number,
  weight: number,
  ages: readonly number[],
  spread: number,
  out: Float32Array,
  offset: number,
): void {
  let total = 0;
  ages.forEach((a, c) => {
    const p = Math.exp(-0.5 * ((a - age) / spread) ** 2);
    out[offset + c] = p;
    total += p;
  });
  for (let c = 0; c < ages.length; c++) out[offset + c] *= weight / total;
}

/**
 * Loss of a batch: cross-entropy against the target distributions plus the
 * absolute error of the network's mean age (the estimate), each face's term
 * times its weight.
 *
 * Keras gives the loss only targets of the output's shape (and TensorFlow.js
 * does not implement its per-sample weights), so a target carries both: its
 * total is the face's weight, and its mean is the true age. That mean equals
 * the age except above 91, within 3 σ of the top age, where the network's mean
 * cannot follow anyway.
 */
function distributionLoss(ages: tf.Tensor1D) {
  return (target: tf.Tensor, logits: tf.Tensor): tf.Scalar =>
    tf.tidy(() => {
      const weight = tf.sum(target, 1);
      const logP = tf.logSoftmax(logits);
      const crossEntropy = tf.neg(tf.sum(tf.mul(target, logP), 1));
      const trueAge = tf.div(tf.sum(tf.mul(target, ages), 1), weight);
      const absError = tf.abs(tf.sub(tf.sum(tf.mul(tf.exp(logP), ages), 1), trueAge));
      return tf.mean(tf.add(crossEntropy, tf.mul(weight, absError))) as tf.Scalar;
    });
}

/**
 * Fits the network on standardised inputs (one Float32Array per face) and
 * ages in years; `inputs` records which feature ranges the rows were cut
 * from. Weights (default 1) are rescaled to average 1, so they change how the
 * faces count against each other, not the strength of the L2 penalty.
 */
export async function trainAgeNetwork(
  rows: readonly Float32Array[],
  ages: readonly number[],
  inputs: AgeNetwork['inputs'],
  { seed = 1, weights }: { seed?: number; weights?: readonly number[] } = {},
): Promise<AgeDistributionNetwork> {
  await ready();
  const r = NETWORK_RECIPE;
  const d = rows[0].length;
  const n = rows.length;
  const model = tf.sequential({
    layers: [
      // no seed: TensorFlow.js would then draw the same dropout mask for every batch
      tf.layers.dropout({ inputShape: [d], rate: r.inputDropout }),
      tf.layers.dense({
        units: r.hidden,
        activation: 'relu',
        kernelInitializer: tf.initializers.heNormal({ seed }),
        kernelRegularizer: tf.regularizers.l2({ l2: r.l2 }),
      }),
      tf.layers.dense({
        units: r.ages.length,
        kernelInitializer: tf.initializers.glorotNormal({ seed: seed + 1 }),
        kernelRegularizer: tf.regularizers.l2({ l2: r.l2 }),
      }),
    ],
  });
  const optimizer = tf.train.adam(r.learningRate);
  const agesTensor = tf.tensor1d([...r.ages]);
  model.compile({ optimizer, loss: distributionLoss(agesTensor) });
  const flat = new Float32Array(n * d);
  rows.forEach((row, i) => flat.set(row, i * d));
  const k = r.ages.length;
  const targets = new Float32Array(n * k);
  const meanWeight = weights ? weights.reduce((a, b) => a + b, 0) / n : 1;
  ages.forEach((age, i) =>
    targetDistribution(age, (weights?.[i] ?? 1) / meanWeight, r.ages, r.targetSpreadYears, targets, i * k),
  );
  const random = seeded(seed);
  const order = Array.from({ length: n }, (_, i) => i);
  try {
    for (let epoch = 0; epoch < r.epochs; epoch++) {
      // the optimizer's rate is not public API; cosine decay is set on it per epoch
      (optimizer as unknown as { learningRate: number }).learningRate =
        (r.learningRate * (1 + Math.cos((Math.PI * epoch) / r.epochs))) / 2;
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      const xs = new Float32Array(n * d);
      const ys = new Float32Array(n * k);
      order.forEach((src, i) => {
        xs.set(flat.subarray(src * d, (src + 1) * d), i * d);
        ys.set(targets.subarray(src * k, (src + 1) * k), i * k);
      });
      const x = tf.tensor2d(xs, [n, d]);
      const y = tf.tensor2d(ys, [n, k]);
      try {
        await model.fit(x, y, { epochs: 1, batchSize: r.batchSize, shuffle: false, verbose: 0 });
      } finally {
        x.dispose();
        y.dispose();
      }
    }
    const [w1, b1, w2, b2] = model.getWeights().map((w) => w.dataSync() as Float32Array);
    return {
      inputs,
      hidden: r.hidden,
      w1: encodeFloat32(w1),
      b1: Array.from(b1),
      ages: [...r.ages],
      w2: encodeFloat32(w2),
      b2: Array.from(b2),
    };
  } finally {
    model.dispose();
    optimizer.dispose();
    agesTensor.dispose();
  }
}
