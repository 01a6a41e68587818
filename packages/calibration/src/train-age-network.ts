/**
 * Trains the age network (see AgeNetwork) with TensorFlow.js on the WASM
 * backend. Only fitting loads this module (a dynamic import), so workers that
 * merely estimate ages never load a second TensorFlow.js beside Human's.
 *
 * Recipe, chosen by 5-fold cross-validation on the 9,368 labelled faces
 * (explored with a NumPy replica on the cached features, then confirmed here):
 * dropout 0.5 on the inputs, 128 ReLU units, L2 1e-3 on both weight
 * matrices, Adam (1e-3, cosine decay to 0) for 60 epochs of 128-face batches,
 * squared error. Alone, dropout 0.2 or 0.7, 256 units and 100 epochs measured
 * worse (AAF MAE 5.70–5.89 against 5.69) and 64 units as well (5.68); blended
 * with the linear model, 128 units measured better than 64 (AAF 5.63 / 5.67).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { encodeFloat32, type AgeNetwork } from '@face/pipeline/src/context/age-gender-model';

export const NETWORK_RECIPE = { hidden: 128, inputDropout: 0.5, l2: 1e-3, learningRate: 1e-3, epochs: 60, batchSize: 128 } as const;

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

/**
 * Fits the network on standardised inputs (one Float32Array per face) and
 * ages in years; `inputs` records which feature ranges the rows were cut from.
 */
export async function trainAgeNetwork(rows: readonly Float32Array[], ages: readonly number[], inputs: AgeNetwork['inputs'], seed = 1): Promise<AgeNetwork> {
  await ready();
  const r = NETWORK_RECIPE;
  const d = rows[0].length;
  const n = rows.length;
  const meanAge = ages.reduce((a, b) => a + b, 0) / n;
  const model = tf.sequential({
    layers: [
      // no seed: TensorFlow.js would then draw the same dropout mask for every batch
      tf.layers.dropout({ inputShape: [d], rate: r.inputDropout }),
      tf.layers.dense({ units: r.hidden, activation: 'relu', kernelInitializer: tf.initializers.heNormal({ seed }), kernelRegularizer: tf.regularizers.l2({ l2: r.l2 }) }),
      tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotNormal({ seed: seed + 1 }), kernelRegularizer: tf.regularizers.l2({ l2: r.l2 }), biasInitializer: tf.initializers.constant({ value: meanAge }) }),
    ],
  });
  const optimizer = tf.train.adam(r.learningRate);
  model.compile({ optimizer, loss: 'meanSquaredError' });
  const flat = new Float32Array(n * d);
  rows.forEach((row, i) => flat.set(row, i * d));
  const random = seeded(seed);
  const order = Array.from({ length: n }, (_, i) => i);
  try {
    for (let epoch = 0; epoch < r.epochs; epoch++) {
      // the optimizer's rate is not public API; cosine decay is set on it per epoch
      (optimizer as unknown as { learningRate: number }).learningRate = (r.learningRate * (1 + Math.cos((Math.PI * epoch) / r.epochs))) / 2;
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      const xs = new Float32Array(n * d);
      const ys = new Float32Array(n);
      order.forEach((src, i) => {
        xs.set(flat.subarray(src * d, (src + 1) * d), i * d);
        ys[i] = ages[src];
      });
      const x = tf.tensor2d(xs, [n, d]);
      const y = tf.tensor2d(ys, [n, 1]);
      try {
        await model.fit(x, y, { epochs: 1, batchSize: r.batchSize, shuffle: false, verbose: 0 });
      } finally {
        x.dispose();
        y.dispose();
      }
    }
    const [w1, b1, w2, b2] = model.getWeights().map((w) => w.dataSync() as Float32Array);
    return { inputs, hidden: r.hidden, w1: encodeFloat32(w1), b1: Array.from(b1), w2: Array.from(w2), b2: b2[0] };
  } finally {
    model.dispose();
    optimizer.dispose();
  }
}
