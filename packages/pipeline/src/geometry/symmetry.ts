/**
 * Symmetry measures. Landmark symmetry compares the mesh with its own mirror
 * image after a rigid (Kabsch) alignment, so head pose is not counted as
 * asymmetry. Intensity symmetry compares L* of mirrored skin patches.
 */
import { Matrix, SVD, determinant } from 'ml-matrix';
import { lightness } from '../shared/colour-space';
import type { RgbImage } from '../types';
import { SKIN_SAMPLE_RIGHT } from '../shared/landmarks';
import type { MirrorMap } from './mirror-pairs';
import type { Point3 } from '../shared/vec';

/** 1 − mean residual between the mesh and its aligned mirror image ÷ face width. */
export function landmarkSymmetry(mesh: ReadonlyArray<Point3>, mirror: MirrorMap, faceWidth: number): number {
  const idx: number[] = [];
  for (let i = 0; i < mirror.length; i++) if (mirror[i] >= 0) idx.push(i);
  const P = idx.map((i) => mesh[i]);
  const Q = idx.map((i) => {
    const m = mesh[mirror[i]];
    return [-m[0], m[1], m[2]] as const;
  });
  const residuals = kabschResiduals(P, Q);
  const mean = residuals.reduce((s, r) => s + r, 0) / residuals.length;
  return Math.max(0, Math.min(1, 1 - mean / faceWidth));
}

/** Residual distances after the best rotation + translation of Q onto P. */
function kabschResiduals(P: ReadonlyArray<Point3>, Q: ReadonlyArray<Point3>): number[] {
  const centroid = (A: ReadonlyArray<Point3>) => [0, 1, 2].map((k) => A.reduce((s, p) => s + p[k], 0) / A.length);
  const cp = centroid(P);
  const cq = centroid(Q);
  const Pc = new Matrix(P.map((p) => [p[0] - cp[0], p[1] - cp[1], p[2] - cp[2]]));
  const Qc = new Matrix(Q.map((q) => [q[0] - cq[0], q[1] - cq[1], q[2] - cq[2]]));
  const H = Qc.transpose().mmul(Pc);
  const svd = new SVD(H);
  const U = svd.leftSingularVectors;
  const V = svd.rightSingularVectors;
  const d = Math.sign(determinant(V.mmul(U.transpose()))) || 1;
  const D = Matrix.diag([1, 1, d]);
  const R = V.mmul(D).mmul(U.transpose());
  const aligned = Qc.mmul(R.transpose());
  const out: number[] = [];
  for (let i = 0; i < P.length; i++) {
    out.push(
      Math.hypot(aligned.get(i, 0) - Pc.get(i, 0), aligned.get(i, 1) - Pc.get(i, 1), aligned.get(i, 2) - Pc.get(i, 2)),
    );
  }
  return out;
}

/** Mean L* in a disc, from the 8-bit sRGB image. */
function discLightness(img: RgbImage, cx: number, cy: number, r: number): number | null {
  let sum = 0;
  let n = 0;
  const x0 = Math.max(0, Math.floor(cx - r));
  const x1 = Math.min(img.width - 1, Math.ceil(cx + r));
  const y0 = Math.max(0, Math.floor(cy - r));
  const y1 = Math.min(img.height - 1, Math.ceil(cy + r));
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) continue;
      const o = (y * img.width + x) * 3;
      sum += lightness(img.data[o], img.data[o + 1], img.data[o + 2]);
      n++;
    }
  }
  return n > 0 ? sum / n : null;
}

/** Mean |ΔL*| of mirrored skin patches ÷ mean L*, percent. */
export function intensitySymmetry(
  img: RgbImage,
  mesh: ReadonlyArray<Point3>,
  mirror: MirrorMap,
  faceWidth: number,
): number | null {
  const r = Math.max(1.5, faceWidth / 30);
  let diff = 0;
  let total = 0;
  let n = 0;
  for (const i of SKIN_SAMPLE_RIGHT) {
    const j = mirror[i];
    if (j < 0) continue;
    const a = discLightness(img, mesh[i][0], mesh[i][1], r);
    const b = discLightness(img, mesh[j][0], mesh[j][1], r);
    if (a === null || b === null) continue;
    diff += Math.abs(a - b);
    total += a + b;
    n++;
  }
  if (n === 0 || total === 0) return null;
  return (diff / n / (total / (2 * n))) * 100;
}
