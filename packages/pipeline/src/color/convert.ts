/** CIELAB → sRGB hex for display, and hue angles. */
import { labToLinearRgb } from '../shared/colour-space';
const gamma = (c: number) => (c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055);

export function labToHex(lab: readonly number[]): string {
  const rgb = labToLinearRgb(lab).map((c) => Math.round(Math.min(1, Math.max(0, gamma(c))) * 255));
  return `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/** CIELAB hue angle h° = atan2(b*, a*), in [0, 360). */
export function hueAngle(a: number, b: number): number {
  const h = (Math.atan2(b, a) * 180) / Math.PI;
  return h < 0 ? h + 360 : h;
}

export const chroma = (a: number, b: number) => Math.sqrt(a * a + b * b);
