/**
 * sRGB (8-bit) → CIELAB (D65, 2° observer), by the IEC 61966-2-1 transfer
 * function and the CIE 1976 definitions. Proven against reference values in
 * lab.spec.ts (white → L* 100; pure red → 53.24, 80.09, 67.20).
 */
const LINEAR = new Float64Array(256);
for (let i = 0; i < 256; i++) {
  const c = i / 255;
  LINEAR[i] = c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

// D65 reference white (ASTM E308, normalised to Y = 1)
const XN = 0.95047;
const YN = 1.0;
const ZN = 1.08883;
const EPS = 216 / 24389;
const KAPPA = 24389 / 27;

const f = (t: number): number => (t > EPS ? Math.cbrt(t) : (KAPPA * t + 16) / 116);

export type Lab = [number, number, number];

export function srgbToLab(r: number, g: number, b: number): Lab {
  const out: Lab = [0, 0, 0];
  return srgbToLabInto(r, g, b, out);
}

/** The same, writing into `out` (no allocation in per-pixel loops). */
export function srgbToLabInto(r: number, g: number, b: number, out: Lab): Lab {
  const R = LINEAR[r];
  const G = LINEAR[g];
  const B = LINEAR[b];
  const x = 0.4124564 * R + 0.3575761 * G + 0.1804375 * B;
  const y = 0.2126729 * R + 0.7151522 * G + 0.072175 * B;
  const z = 0.0193339 * R + 0.119192 * G + 0.9503041 * B;
  const fx = f(x / XN);
  const fy = f(y / YN);
  const fz = f(z / ZN);
  out[0] = 116 * fy - 16;
  out[1] = 500 * (fx - fy);
  out[2] = 200 * (fy - fz);
  return out;
}

/** L* only (what brightness comparisons need), from a precomputed 8-bit table. */
export function lightness(r: number, g: number, b: number): number {
  const y = 0.2126729 * LINEAR[r] + 0.7151522 * LINEAR[g] + 0.072175 * LINEAR[b];
  return 116 * f(y) - 16;
}

/** CIE 1976 colour difference ΔE*ab: the Euclidean distance of two CIELAB colours. */
export function deltaE76(p: readonly number[], q: readonly number[]): number {
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}

const finv = (t: number): number => (t ** 3 > EPS ? t ** 3 : (116 * t - 16) / KAPPA);

/** CIELAB (D65) → linear sRGB (unclipped): where a change of light multiplies each channel. */
export function labToLinearRgb([L, a, b]: readonly number[]): [number, number, number] {
  const fy = (L + 16) / 116;
  const x = XN * finv(fy + a / 500);
  const y = YN * finv(fy);
  const z = ZN * finv(fy - b / 200);
  return [
    3.2404542 * x - 1.5371385 * y - 0.4985314 * z,
    -0.969266 * x + 1.8760108 * y + 0.041556 * z,
    0.0556434 * x - 0.2040259 * y + 1.0572252 * z,
  ];
}

/** Linear sRGB → CIE XYZ (D65). */
export function linearRgbToXyz([R, G, B]: readonly number[]): [number, number, number] {
  return [
    0.4124564 * R + 0.3575761 * G + 0.1804375 * B,
    0.2126729 * R + 0.7151522 * G + 0.072175 * B,
    0.0193339 * R + 0.119192 * G + 0.9503041 * B,
  ];
}

/** Linear sRGB → CIELAB (D65), the inverse of labToLinearRgb. */
export function linearRgbToLab(rgb: readonly number[]): Lab {
  const [x, y, z] = linearRgbToXyz(rgb);
  const fy = f(y / YN);
  return [116 * fy - 16, 500 * (f(x / XN) - fy), 200 * (fy - f(z / ZN))];
}
