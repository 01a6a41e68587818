/** Whole-image CIELAB planes (for region statistics). */
import type { RgbImage } from '../types';
import { srgbToLabInto } from './colour-space';

export interface LabImage {
  width: number;
  height: number;
  L: Float32Array;
  a: Float32Array;
  b: Float32Array;
}

/** CIELAB planes; with a mask, only masked pixels are converted (the rest stay 0). */
export function toLab(img: RgbImage, mask?: Uint8Array): LabImage {
  const n = img.width * img.height;
  const L = new Float32Array(n);
  const a = new Float32Array(n);
  const b = new Float32Array(n);
  const lab: [number, number, number] = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    if (mask && !mask[i]) continue;
    srgbToLabInto(img.data[i * 3], img.data[i * 3 + 1], img.data[i * 3 + 2], lab);
    L[i] = lab[0];
    a[i] = lab[1];
    b[i] = lab[2];
  }
  return { width: img.width, height: img.height, L, a, b };
}
