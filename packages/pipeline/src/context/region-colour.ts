/** Mean CIELAB colour of a masked region of the face crop. */
import type { LabImage } from '../shared/lab-image';
import { fillPolygon, scalePolygon, type Mask } from '../regions/raster';
import type { Point2 } from '../shared/vec';

export interface RegionColour {
  L: number;
  a: number;
  b: number;
  /** mean chroma √(a² + b²) */
  C: number;
  n: number;
}

export function regionColour(lab: LabImage, mask: Mask, also?: Mask): RegionColour {
  let n = 0,
    L = 0,
    a = 0,
    b = 0,
    C = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i] || (also && !also[i])) continue;
    n++;
    L += lab.L[i];
    a += lab.a[i];
    b += lab.b[i];
    C += Math.hypot(lab.a[i], lab.b[i]);
  }
  return n === 0 ? { L: NaN, a: NaN, b: NaN, C: NaN, n } : { L: L / n, a: a / n, b: b / n, C: C / n, n };
}

/** A mask from mesh landmarks (crop coordinates), optionally scaled about its centroid. */
export function polygonMask(
  mesh: ReadonlyArray<readonly number[]>,
  ids: readonly number[],
  width: number,
  height: number,
  scale = 1,
): Mask {
  const m = new Uint8Array(width * height);
  const poly: Point2[] = ids.map((i) => [mesh[i][0], mesh[i][1]] as const);
  fillPolygon(m, width, height, scale === 1 ? poly : scalePolygon(poly, scale));
  return m;
}
