/**
 * The light a selfie was taken under, estimated from the face itself, and its
 * colour taken off the colours personal colour is judged on (von Kries: each
 * linear-sRGB channel divided by the light's). The reference is the sclera: the
 * white of the eye is the one large, matte, near-neutral surface every frontal
 * selfie shows. Its typical colour is not grey (it reads r/g 1.20, b/g 1.01 in
 * linear sRGB on the 207 labelled portraits), so the light is its colour
 * relative to that typical sclera.
 */
import { labToLinearRgb, linearRgbToLab, linearRgbToXyz, type Lab } from '../shared/colour-space';

/** Median linear-sRGB chromaticity (r/g, b/g) of the sclera over the 207 labelled portraits (bench:color prints it). */
export const TYPICAL_SCLERA: readonly [number, number] = [1.2013, 1.0076];

/**
 * Median b* of the sclera as under the typical light (the estimated light partly taken off) over the same portraits
 * (calibrate:color prints it): stands in for the sclera's b* in undertone_b when no sclera shows, as the season
 * model's fit would fill a missing input.
 */
export const TYPICAL_SCLERA_B = 1.68;

/**
 * How much of the estimated light is taken off (0 = none, 1 = all). Measured on the labelled portraits
 * (bench:color prints the trade-off): taking more off makes the season hold under a changed lamp, and costs
 * accuracy on these professionally graded photos, whose labels partly follow the grading.
 */
export const DISCOUNT_STRENGTH = 0.5;

/**
 * Beyond this (natural-log distance of the light's r/g, b/g from the typical sclera's), a COLOR_CAST warning:
 * past the 95th percentile of the labelled, professionally lit portraits (0.37; median 0.15, which is mostly the
 * sclera's own variation). A 3200 K white balance under daylight reads about 1.2; a ±6 % red/blue cast 0.085.
 */
export const STRONG_CAST = 0.4;

export interface Illuminant {
  /** the light's linear-sRGB gains relative to the typical (green = 1) */
  gains: [number, number, number];
  /** correlated colour temperature of the light, kelvin, assuming the photo was balanced for D65 */
  cct: number;
  /** how far the light is from the typical, natural-log units of r/g and b/g */
  cast: number;
}

/** The reported colour temperature's range (the catalog's): beyond it the light is simply very warm or very cold. */
const [MIN_CCT, MAX_CCT] = [1500, 25000];

/** McCamy's (1992) CCT from CIE 1931 xy; good to a few kelvin over 2000–12500 K. */
function mccamyCct(x: number, y: number): number {
  const n = (x - 0.332) / (0.1858 - y);
  return 449 * n ** 3 + 3525 * n ** 2 + 6823.3 * n + 5520.33;
}

export function estimateIlluminant(sclera: readonly number[] | null): Illuminant | null {
  if (!sclera) return null;
  const [r, g, b] = labToLinearRgb(sclera);
  if (!(g > 0) || !(r > 0) || !(b > 0)) return null;
  const gains: [number, number, number] = [r / g / TYPICAL_SCLERA[0], 1, b / g / TYPICAL_SCLERA[1]];
  // the light's white: D65 (the photo's white in sRGB) times the gains, as xy
  const [X, Y, Z] = linearRgbToXyz(gains);
  const sum = X + Y + Z;
  // McCamy's fit runs away far from the black-body locus (a blue cast reads 10⁵ K): kept to the range it is good for
  const cct = Math.min(MAX_CCT, Math.max(MIN_CCT, mccamyCct(X / sum, Y / sum)));
  return { gains, cct, cast: Math.hypot(Math.log(gains[0]), Math.log(gains[2])) };
}

/** A colour as it would look under the typical light: `strength` of the estimated light taken off. */
export function discount(lab: readonly number[], light: Illuminant, strength = DISCOUNT_STRENGTH): Lab {
  const rgb = labToLinearRgb(lab);
  return linearRgbToLab(rgb.map((v, k) => v / light.gains[k] ** strength));
}
