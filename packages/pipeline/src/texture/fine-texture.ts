/**
 * Pores and wrinkles on the lightness plane of a finely sampled face crop.
 * Both take the scale in millimetres per pixel (from a nominal 63 mm
 * inter-pupil distance), so a pore has the same size in pixels whatever the photo.
 */
import type { Mask } from '../regions/raster';
import { differenceOfGaussians, hessianEigen, type Plane } from './filters';

/** Typical facial pore radius, mm. */
export const PORE_RADIUS_MM = 0.35;
/** DoG depth (L* units) a dark blob needs to count as a pore. */
export const PORE_CONTRAST = 1.2;
/** Width scale of the fine lines counted as wrinkles, mm. */
export const WRINKLE_SIGMA_MM = 0.5;
/** Scale-normalised valley strength (L* units) of a wrinkle line. */
export const WRINKLE_STRENGTH = 2.0;

/** Dark blobs at pore scale (local minima of the DoG below −PORE_CONTRAST) per cm² of masked skin. */
export function poreDensity(L: Plane, mask: Mask, mmPerPx: number): number | null {
  const sigma = Math.max(0.8, PORE_RADIUS_MM / mmPerPx / Math.SQRT2);
  const dog = differenceOfGaussians(L, sigma).data;
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
      if (v <= dog[i - 1] && v < dog[i + 1] && v <= dog[i - w] && v < dog[i + w] && v <= dog[i - w - 1] && v < dog[i + w + 1] && v <= dog[i - w + 1] && v < dog[i + w - 1]) blobs++;
    }
  }
  const cm2 = (area * mmPerPx * mmPerPx) / 100;
  return cm2 > 0.5 ? blobs / cm2 : null;
}

/** Share (%) of the masked area on fine dark lines (Hessian valley response, elongated). */
export function wrinkleDensity(L: Plane, mask: Mask, mmPerPx: number): number | null {
  const sigma = Math.max(0.8, WRINKLE_SIGMA_MM / mmPerPx);
  const { l1, l2 } = hessianEigen(L, sigma);
  let lines = 0;
  let area = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    area++;
    if (l1[i] > WRINKLE_STRENGTH && Math.abs(l2[i]) < 0.5 * l1[i]) lines++;
  }
  return area > 100 ? (lines / area) * 100 : null;
}
