/**
 * Iris and sclera colour from the normalised face crop: the iris disc from the
 * iris landmarks minus the pupil, the lids (outside the eye outline) and
 * specular reflections; the sclera is the bright part of the eye outline
 * outside the iris.
 */
import type { LabImage } from '../shared/lab-image';
import { EYE_LEFT, EYE_RIGHT } from '../regions/landmark-sets';
import { fillPolygon } from '../regions/raster';
import { median } from '../shared/statistics';

export interface EyeColours {
  iris: [number, number, number] | null;
  sclera: [number, number, number] | null;
}

/** Pupil radius as a share of the iris radius (excluded). */
const PUPIL_SHARE = 0.4;

export function eyeColours(mesh: ReadonlyArray<readonly number[]>, lab: LabImage): EyeColours {
  const { width: w, height: h } = lab;
  const iris: number[][] = [[], [], []];
  const sclera: number[][] = [[], [], []];
  const irises = [
    { centre: 468, ring: [469, 470, 471, 472] },
    { centre: 473, ring: [474, 475, 476, 477] },
  ];
  for (const outline of [EYE_RIGHT, EYE_LEFT]) {
    // the iris model's point order does not say which eye is which: take the iris inside this outline
    const ox = outline.reduce((s, j) => s + mesh[j][0], 0) / outline.length;
    const oy = outline.reduce((s, j) => s + mesh[j][1], 0) / outline.length;
    const { centre, ring } = irises.reduce((a, b) =>
      Math.hypot(mesh[a.centre][0] - ox, mesh[a.centre][1] - oy) <=
      Math.hypot(mesh[b.centre][0] - ox, mesh[b.centre][1] - oy)
        ? a
        : b,
    );
    const c = mesh[centre];
    const r = ring.reduce((s, j) => s + Math.hypot(mesh[j][0] - c[0], mesh[j][1] - c[1]), 0) / ring.length;
    const eye = new Uint8Array(w * h);
    fillPolygon(
      eye,
      w,
      h,
      outline.map((j) => [mesh[j][0], mesh[j][1]] as const),
    );
    const irisL: number[] = [];
    const irisIdx: number[] = [];
    const rest: number[] = [];
    for (let y = Math.max(0, Math.floor(c[1] - 3 * r)); y < Math.min(h, Math.ceil(c[1] + 3 * r)); y++) {
      for (let x = Math.max(0, Math.floor(c[0] - 4 * r)); x < Math.min(w, Math.ceil(c[0] + 4 * r)); x++) {
        const i = y * w + x;
        if (!eye[i]) continue;
        const d = Math.hypot(x + 0.5 - c[0], y + 0.5 - c[1]);
        if (d <= r * 0.95 && d >= r * PUPIL_SHARE) {
          irisL.push(lab.L[i]);
          irisIdx.push(i);
        } else if (d > r * 1.15) rest.push(i);
      }
    }
    // reflections are far brighter than the iris around them
    const cut = median(irisL) + 15;
    for (const i of irisIdx)
      if (lab.L[i] <= cut) for (const [k, plane] of [lab.L, lab.a, lab.b].entries()) iris[k].push(plane[i]);
    // sclera: the brighter half of the eye outside the iris (lashes and lid shadow are the darker half)
    const restL = median(rest.map((i) => lab.L[i]));
    for (const i of rest)
      if (lab.L[i] >= restL) for (const [k, plane] of [lab.L, lab.a, lab.b].entries()) sclera[k].push(plane[i]);
  }
  const summary = (planes: number[][], min: number) =>
    planes[0].length >= min ? (planes.map((p) => median(p)) as [number, number, number]) : null;
  return { iris: summary(iris, 12), sclera: summary(sclera, 12) };
}
