import {
  FEATURE_SET,
  encodeFloat32,
  networkScore,
  predictAge,
  rawAgeScore,
  type AgeRegressionNetwork,
  type LinearModel,
} from '@face/pipeline/models';
import { trainAgeNetwork } from './train-age-network';

/** Deterministic normal draws (Box–Muller over a fixed LCG), so the data set is the same every run. */
function normals(seed: number) {
  let s = seed >>> 0;
  const uniform = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 1) / 4294967297;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

// like descriptor values, each input is a noisy copy of one of two latent traits (so input dropout leaves the signal)
const INPUTS = 32;
// an identity standardiser whose own (linear) estimate is the mean age, so only the network differs from it
const identity = (meanAge: number): LinearModel => ({
  featureSet: FEATURE_SET,
  mean: new Array(INPUTS).fill(0),
  scale: new Array(INPUTS).fill(1),
  weights: new Array(INPUTS).fill(0),
  bias: meanAge,
});

describe('age network', () => {
  // age depends on |z0| (a V no straight line fits) and linearly on z1
  const draw = normals(7);
  const latent = Array.from({ length: 1200 }, () => [draw(), draw()]);
  const rows = latent.map(([z0, z1]) => Array.from({ length: INPUTS }, (_, i) => (i % 2 ? z1 : z0) + 0.2 * draw()));
  const ages = latent.map(([z0, z1]) => 30 + 12 * Math.abs(z0) + 4 * z1);
  const train = rows.slice(0, 1000);
  const test = rows.slice(1000);
  const meanAge = ages.slice(0, 1000).reduce((a, b) => a + b, 0) / 1000;

  it('learns a non-linear age, and the service computes it from the stored weights', async () => {
    const network = await trainAgeNetwork(
      train.map((x) => Float32Array.from(x)),
      ages.slice(0, 1000),
      [[0, INPUTS]],
    );
    const p = { model: identity(meanAge), networks: [network], blend: 1 };
    const mae = (f: (x: number[]) => number) =>
      test.reduce((s, x, i) => s + Math.abs(f(x) - ages[1000 + i]), 0) / test.length;
    const constant = mae(() => meanAge);
    const learned = mae((x) => rawAgeScore(p, x));
    // a constant misses by ~6.6 years and the best straight line by ~5.8 (it can only use z1);
    // only a non-linear fit read back with the right weights gets well under that
    expect(constant).toBeGreaterThan(6);
    expect(learned).toBeLessThan(4);
    // the blend mixes the two outputs linearly
    const half = { ...p, blend: 0.5 };
    expect(rawAgeScore(half, test[0])).toBeCloseTo((meanAge + rawAgeScore(p, test[0])) / 2, 6);
  }, 60000);

  it('counts each face by its weight', async () => {
    // two groups the inputs cannot tell apart, aged 30 and 50: the estimate for a new face follows how much each group counts
    const noise = normals(11);
    const inputs = Array.from({ length: 800 }, () => Float32Array.from({ length: INPUTS }, () => noise()));
    const groupAges = inputs.map((_, i) => (i % 2 ? 50 : 30));
    const fresh = Array.from({ length: 100 }, () => Array.from({ length: INPUTS }, () => noise()));
    const meanEstimate = async (weights?: number[]) => {
      const network = await trainAgeNetwork(inputs, groupAges, [[0, INPUTS]], { weights });
      return (
        fresh.reduce((s, x) => s + rawAgeScore({ model: identity(40), networks: [network], blend: 1 }, x), 0) /
        fresh.length
      );
    };
    // equal weights: between the groups; the 30-year-olds counted three times: towards 30 (weighted mean 35, weighted median 30)
    const plainMean = await meanEstimate();
    expect(Math.abs(plainMean - 40)).toBeLessThan(3);
    const weighted = await meanEstimate(groupAges.map((a) => (a === 30 ? 3 : 1)));
    expect(weighted).toBeGreaterThan(29);
    expect(weighted).toBeLessThan(37);
  }, 60000);

  it('still reads a stored network with one output in years', () => {
    // W1 rows are inputs: h = relu([2·1 + 1·0, 2·(−1) + 1·2 + 0.5]) = [2, 0.5]; 10 + 2·2 + 3·0.5
    const network: AgeRegressionNetwork = {
      inputs: [[0, 2]],
      hidden: 2,
      w1: encodeFloat32(Float32Array.from([1, -1, 0, 2])),
      b1: [0, 0.5],
      w2: [2, 3],
      b2: 10,
    };
    const model = { ...identity(0), mean: [0, 0], scale: [1, 1], weights: [0, 0] };
    expect(networkScore(network, model, [2, 1])).toBeCloseTo(15.5, 5);
    // a version stored with one `network` (before the ensemble) is read as an ensemble of one
    expect(rawAgeScore({ model, network, blend: 1 }, [2, 1])).toBeCloseTo(15.5, 5);
    // an ensemble estimates the mean of its networks: this one gives 10 + 2·2 + 1·0.5 = 14.5
    const other: AgeRegressionNetwork = { ...network, w2: [2, 1] };
    expect(rawAgeScore({ model, networks: [network, other], blend: 1 }, [2, 1])).toBeCloseTo(15, 5);
  });

  it('refuses a network without a blend weight', () => {
    const network: AgeRegressionNetwork = {
      inputs: [[0, INPUTS]],
      hidden: 1,
      w1: encodeFloat32(new Float32Array(INPUTS)),
      b1: [0],
      w2: [1],
      b2: 0,
    };
    expect(() =>
      predictAge({ kind: 'age', model: identity(30), network, correction: { intercept: 0, slope: 1 } }, test[0]),
    ).toThrow(/blend/);
  });
});
