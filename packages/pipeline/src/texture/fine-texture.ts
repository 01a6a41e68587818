/**
 * Pores and wrinkles on the lightness plane of a finely sampled face crop.
 * Both take the scale in millimetres per pixel (from a nominal 63 mm
 * inter-pupil distance), so a pore has the same size in pixels whatever the photo.
 */
import type { Mask } from '../regions/raster';
import { gaussian, hessianEigenOfSmoothed, type Plane } from './filters';

/** Typical facial pore radius, mm. */
export const PORE_RADIUS_MM = 0.35;
/** DoG depth (L* units) a dark blob needs to count as a pore. */
export const PORE_CONTRAST = 1.2;
/** DoG scale ratio; the wider blur doubles as the wrinkle scale (1.6 × 0.35/√2 mm ≈ 0.4 mm). */
const DOG_RATIO = 1.6;
/** Scale-normalised valley strength (L* units) of a wrinkle line. */
export const WRINKLE_STRENGTH = 2.0;

/**
 * The two blurs both measures need: G(σ) at pore scale and G(1.6σ), the
 * second made from the first (Gaussians compose: √(1.6² − 1)·σ more).
 */
export interface ScaleSpace {
  fine: Plane;
  coarse: Plane;
  sigma: number;
}

export function scaleSpace(L: Plane, mmPerPx: number): ScaleSpace {
  const sigma = Math.max(0.8, PORE_RADIUS_MM / mmPerPx / Math.SQRT2);
  const fine = gaussian(L, sigma);
  const coarse = gaussian(fine, sigma * Math.sqrt(DOG_RATIO * DOG_RATIO - 1));
  return { fine, coarse, sigma };
}

/** Dark blobs at pore scale (local minima of the DoG below −PORE_CONTRAST) per cm² of masked skin. */
export function poreDensity(space: ScaleSpace, mask: Mask, mmPerPx: number): number | null {
  const L = space.fine;
  const dog = new Float32Array(L.data.length);
  for (let i = 0; i < dog.length; i++) dog[i] = space.fine.data[i] - space.coarse.data[i];
  const { width: w, height: h } = L;
  let blobs = 0;
  let area = 0;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      if (!mask[i]) continue;
      area++;
      const v = dog[i];
      if (v > -PORE_CONTRAST) continue;
      if (
        v <= dog[i - 1] &&
        v < dog[i + 1] &&
        v <= dog[i - w] &&
        v < dog[i + w] &&
        v <= dog[i - w - 1] &&
        v < dog[i + w + 1] &&
        v <= dog[i - w + 1] &&
        v < dog[i + w - 1]
      )
        blobs++;
    }
  }
  const cm2 = (area * mmPerPx * mmPerPx) / 100;
  return cm2 > 0.5 ? blobs / cm2 : null;
}

/** Share (%) of the masked area on fine dark lines (Hessian valley response at the coarse scale, elongated). */
export function wrinkleDensity(space: ScaleSpace, mask: Mask): number | null {
  const { l1, l2 } = hessianEigenOfSmoothed(space.coarse, space.sigma * DOG_RATIO);
  let lines = 0;
  let area = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    area++;
    if (l1[i] > WRINKLE_STRENGTH && Math.abs(l2[i]) < 0.5 * l1[i]) lines++;
  }
  return area > 100 ? (lines / area) * 100 : null;
}
