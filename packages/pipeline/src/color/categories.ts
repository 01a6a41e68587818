/**
 * Named colour categories for skin tone (ITA°), iris and hair. Iris and hair
 * rules are on CIELAB lightness, chroma and hue as photographed (no white
 * balance), checked on the labelled portraits, where most irises are dark brown.
 */
import { chroma, hueAngle } from './convert';

/** ITA° bands of Chardon et al. (METRICS.md). */
export function skinToneCategory(ita: number): string {
  if (ita > 55) return 'very_light';
  if (ita > 41) return 'light';
  if (ita > 28) return 'intermediate';
  if (ita > 10) return 'tan';
  if (ita > -30) return 'brown';
  return 'dark';
}

export const IRIS_CATEGORIES = ['dark_brown', 'brown', 'amber', 'hazel', 'green', 'blue', 'gray'] as const;

export function irisCategory([L, a, b]: readonly number[]): (typeof IRIS_CATEGORIES)[number] {
  const c = chroma(a, b);
  const h = hueAngle(a, b);
  if (c < 6 && L > 35) return 'gray';
  if (c >= 6 && h >= 180 && h < 300) return 'blue';
  if (c >= 8 && h >= 100 && h < 180) return 'green';
  if (L < 30) return 'dark_brown';
  if (c >= 20 && h >= 55 && h < 80 && L >= 40) return 'amber';
  if (h >= 80 && h < 100 && L >= 35) return 'hazel';
  return 'brown';
}

/** The same option set as the profile's hair_color (SPEC §7), so measured and declared colours compare directly. */
export const HAIR_CATEGORIES = [
  'black',
  'dark_brown',
  'medium_brown',
  'light_brown',
  'blonde',
  'red',
  'gray_silver',
] as const;

export function hairCategory([L, a, b]: readonly number[]): (typeof HAIR_CATEGORIES)[number] {
  const c = chroma(a, b);
  const h = hueAngle(a, b);
  if (c < 5 && L > 50) return 'gray_silver';
  if (c >= 18 && h < 50 && L >= 20 && L < 60) return 'red';
  if (L >= 60 && h >= 60 && h < 110) return 'blonde';
  if (L < 20) return 'black';
  if (L < 30) return 'dark_brown';
  if (L < 42) return 'medium_brown';
  if (L < 60) return 'light_brown';
  return 'blonde';
}

/** HSV saturation ÷ value of an sRGB colour. */
export function saturationToValue([r, g, b]: readonly number[]): number {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  if (max === 0) return 0;
  return (max - min) / max / (max / 255);
}
