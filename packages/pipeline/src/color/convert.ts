/** CIELAB → sRGB hex for display, and hue angles. */
const XN = 0.95047;
const ZN = 1.08883;
const finv = (t: number) => (t ** 3 > 216 / 24389 ? t ** 3 : (116 * t - 16) / (24389 / 27));
const gamma = (c: number) => (c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055);

export function labToHex([L, a, b]: readonly number[]): string {
  const fy = (L + 16) / 116;
  const x = XN * finv(fy + a / 500);
  const y = finv(fy);
  const z = ZN * finv(fy - b / 200);
  const rgb = [
    3.2404542 * x - 1.5371385 * y - 0.4985314 * z,
    -0.969266 * x + 1.8760108 * y + 0.041556 * z,
    0.0556434 * x - 0.2040259 * y + 1.0572252 * z,
  ].map((c) => Math.round(Math.min(1, Math.max(0, gamma(c))) * 255));
  return `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/** CIELAB hue angle h° = atan2(b*, a*), in [0, 360). */
export function hueAngle(a: number, b: number): number {
  const h = (Math.atan2(b, a) * 180) / Math.PI;
  return h < 0 ? h + 360 : h;
}

export const chroma = (a: number, b: number) => Math.sqrt(a * a + b * b);
