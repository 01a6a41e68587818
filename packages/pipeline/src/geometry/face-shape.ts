/**
 * Face shape from proportions: nearest of six prototypes in a standardised
 * feature space, with a softmax over negative distances as confidence.
 *
 * Features are standardised by POPULATION (mean, sd), measured by
 * `npm run calibrate:shape` over the labelled portraits in ../shared/datasets
 Prototypes are written in
 * those z-units from the textbook descriptions of each shape:
 *   oval    – somewhat long, jaw narrower than cheeks, soft jaw angle
 *   round   – short, full jaw, soft (obtuse) jaw angle
 *   square  – short, wide jaw, angular (acute) jaw angle
 *   oblong  – clearly long, widths similar
 *   heart   – wide forehead, narrow jaw
 *   diamond – narrow forehead and jaw, widest at the cheekbones
 */
export interface ShapeFeatures {
  /** face length ÷ bizygomatic width */
  lengthWidth: number;
  /** forehead width ÷ bizygomatic width */
  foreheadCheek: number;
  /** bigonial width ÷ bizygomatic width */
  jawCheek: number;
  /** mean gonial angle, degrees */
  jawAngle: number;
}

type Vector = [number, number, number, number];
const toVector = (f: ShapeFeatures): Vector => [f.lengthWidth, f.foreheadCheek, f.jawCheek, f.jawAngle];

/**
 * Mean and sd of each feature, measured on 2026-12-06 by `npm run calibrate:shape`
 * over 507 faces (all 207 personal_color portraits + the first 300 aaf photos),
 * on the same mirror-averaged landmarks, in the face's own frame (depth at 0.17 × face width), that the pipeline classifies.
 */
export const POPULATION: { mean: Vector; sd: Vector } = {
  mean: [1.1905, 0.8609, 0.7772, 130.01],
  sd: [0.0601, 0.0235, 0.0209, 3.701],
};

export const SHAPES = ['oval', 'round', 'square', 'oblong', 'heart', 'diamond'] as const;
export type FaceShape = (typeof SHAPES)[number];

const PROTOTYPES: Record<FaceShape, Vector> = {
  oval: [0.5, 0, -0.5, 0.3],
  round: [-1.2, 0.2, 0.6, 1.0],
  square: [-1.0, 0.4, 1.2, -1.2],
  oblong: [1.6, 0, 0.2, 0],
  heart: [0.1, 1.2, -1.2, 0.3],
  diamond: [0.2, -1.3, -0.8, 0],
};

/** softmax temperature in z-units: 1 → a 1-sd margin gives ~e:1 odds */
const TEMPERATURE = 1;

export function classifyFaceShape(f: ShapeFeatures): {
  shape: FaceShape;
  confidence: number;
  scores: Record<FaceShape, number>;
} {
  const v = toVector(f);
  const z = v.map((x, k) => (x - POPULATION.mean[k]) / POPULATION.sd[k]);
  const logits = SHAPES.map((s) => -Math.hypot(...PROTOTYPES[s].map((p, k) => z[k] - p)) / TEMPERATURE);
  const max = Math.max(...logits);
  const exps = logits.map((l) => Math.exp(l - max));
  const total = exps.reduce((a, b) => a + b, 0);
  const scores = Object.fromEntries(SHAPES.map((s, i) => [s, exps[i] / total])) as Record<FaceShape, number>;
  let best: FaceShape = SHAPES[0];
  for (const s of SHAPES) if (scores[s] > scores[best]) best = s;
  return { shape: best, confidence: scores[best], scores };
}
