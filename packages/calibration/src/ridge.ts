/**
 * Ridge regression in closed form on standardised features. The Gram matrix
 * XᵀX is accumulated per fold once, so cross-validating several penalties
 * costs one Cholesky solve each (ml-matrix), not a pass over the data.
 */
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import type { LinearModel } from '@face/pipeline/models';

export interface Standardiser {
  mean: number[];
  scale: number[];
}

export function standardiser(X: readonly number[][]): Standardiser {
  const d = X[0].length;
  const mean = new Array(d).fill(0);
  const sq = new Array(d).fill(0);
  for (const row of X) for (let j = 0; j < d; j++) mean[j] += row[j];
  for (let j = 0; j < d; j++) mean[j] /= X.length;
  for (const row of X) for (let j = 0; j < d; j++) sq[j] += (row[j] - mean[j]) ** 2;
  // constant features get scale 1 (their standardised value is 0 everywhere)
  return { mean, scale: sq.map((s) => Math.sqrt(s / X.length) || 1) };
}

/** Sufficient statistics of a set of rows, each counted `weight` times: Σwxxᵀ, Σwxy, Σwx, Σwy, Σw (standardised x). */
export interface GramStats {
  d: number;
  xx: Float64Array;
  xy: Float64Array;
  sx: Float64Array;
  sy: number;
  /** Σw (the row count when every weight is 1) */
  n: number;
}

export function gramStats(
  X: readonly number[][],
  y: readonly number[],
  s: Standardiser,
  weights?: readonly number[],
): GramStats {
  const d = s.mean.length;
  const xx = new Float64Array(d * d);
  const xy = new Float64Array(d);
  const sx = new Float64Array(d);
  const z = new Float64Array(d);
  let sy = 0;
  let n = 0;
  for (let r = 0; r < X.length; r++) {
    const row = X[r];
    const w = weights?.[r] ?? 1;
    for (let j = 0; j < d; j++) z[j] = (row[j] - s.mean[j]) / s.scale[j];
    for (let i = 0; i < d; i++) {
      const zi = z[i];
      if (zi === 0) continue;
      const base = i * d;
      const wzi = w * zi;
      for (let j = i; j < d; j++) xx[base + j] += wzi * z[j];
      xy[i] += wzi * y[r];
      sx[i] += wzi;
    }
    sy += w * y[r];
    n += w;
  }
  return { d, xx, xy, sx, sy, n };
}

export function combine(parts: readonly GramStats[]): GramStats {
  const d = parts[0].d;
  const out: GramStats = {
    d,
    xx: new Float64Array(d * d),
    xy: new Float64Array(d),
    sx: new Float64Array(d),
    sy: 0,
    n: 0,
  };
  for (const p of parts) {
    for (let i = 0; i < out.xx.length; i++) out.xx[i] += p.xx[i];
    for (let i = 0; i < d; i++) {
      out.xy[i] += p.xy[i];
      out.sx[i] += p.sx[i];
    }
    out.sy += p.sy;
    out.n += p.n;
  }
  return out;
}

/**
 * Solves the centred ridge problem from the statistics. Only the first
 * `penalised` features are shrunk; the rest, like the intercept, are not.
 */
export function solveRidge(
  g: GramStats,
  lambda: number,
  s: Standardiser,
  featureSet: string,
  penalised = g.d,
): LinearModel {
  const { d, n } = g;
  const ybar = g.sy / n;
  const A = new Matrix(d, d);
  const b = new Matrix(d, 1);
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      // centred Gram: Σ(z_i − z̄_i)(z_j − z̄_j) = Σz_i z_j − n z̄_i z̄_j
      const v = g.xx[i * d + j] - (g.sx[i] * g.sx[j]) / n + (i === j && i < penalised ? lambda : 0);
      A.set(i, j, v);
      A.set(j, i, v);
    }
    b.set(i, 0, g.xy[i] - (g.sx[i] * g.sy) / n);
  }
  const w = new CholeskyDecomposition(A).solve(b).getColumn(0);
  const bias = ybar - w.reduce((acc, wi, i) => acc + wi * (g.sx[i] / n), 0);
  return { featureSet, mean: s.mean, scale: s.scale, weights: w, bias };
}
