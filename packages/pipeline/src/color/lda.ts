/**
 * Linear discriminant analysis (pooled covariance with diagonal shrinkage):
 * small, closed-form, and robust with a couple of hundred labelled photos.
 * Fitting runs in the calibration script; the pipeline only evaluates.
 */
import { Matrix, inverse } from 'ml-matrix';

export interface LdaModel {
  classes: string[];
  features: string[];
  /** per-feature population mean, used for missing features */
  mean: number[];
  weights: number[][];
  bias: number[];
}

export function fitLda(x: number[][], y: string[], features: string[], shrinkage = 0.1): LdaModel {
  const classes = [...new Set(y)].sort();
  const p = x[0].length;
  const mean = Array.from({ length: p }, (_, k) => x.reduce((s, r) => s + r[k], 0) / x.length);
  const means = classes.map((c) => {
    const rows = x.filter((_, i) => y[i] === c);
    return Array.from({ length: p }, (_, k) => rows.reduce((s, r) => s + r[k], 0) / rows.length);
  });
  const cov = Matrix.zeros(p, p);
  x.forEach((r, i) => {
    const m = means[classes.indexOf(y[i])];
    const v = Matrix.columnVector(r.map((value, k) => value - m[k]));
    cov.add(v.mmul(v.transpose()));
  });
  cov.div(x.length - classes.length);
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) if (a !== b) cov.set(a, b, cov.get(a, b) * (1 - shrinkage));
  const inv = inverse(cov);
  const weights = means.map((m) => inv.mmul(Matrix.columnVector(m)).to1DArray());
  const bias = means.map((m, c) => {
    const prior = y.filter((v) => v === classes[c]).length / y.length;
    return -0.5 * m.reduce((s, v, k) => s + v * weights[c][k], 0) + Math.log(prior);
  });
  return { classes, features, mean, weights, bias };
}

/**
 * Posterior probability of each class (softmax of the discriminants). A `temperature` above 1 softens it: fitted on
 * held-out predictions, it makes a 60 % answer right about 60 % of the time.
 */
export function ldaPosterior(model: LdaModel, x: Array<number | null>, temperature = 1): Record<string, number> {
  const filled = x.map((v, k) => (v === null || Number.isNaN(v) ? model.mean[k] : v));
  const scores = model.weights.map((w, c) => w.reduce((s, wk, k) => s + wk * filled[k], model.bias[c]) / temperature);
  const max = Math.max(...scores);
  const exps = scores.map((s) => Math.exp(s - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return Object.fromEntries(model.classes.map((c, i) => [c, exps[i] / total]));
}
