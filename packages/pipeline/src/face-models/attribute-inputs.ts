/**
 * The attribute models' input tensors, sampled here in plain TypeScript with
 * the same arithmetic as the TF.js image ops they were fitted with
 * (tf.image.transform, bilinear, 'nearest' fill, on the crop's source region;
 * tf.image.resizeBilinear without corner alignment or half-pixel centres), so
 * the calibrated age and gender see the inputs they were fitted on
 * (attribute-inputs.test.ts compares both on real portraits). Doing it here
 * saves building and reading back TF.js tensors for every photo.
 */
import type { RgbImage } from '../types';
import { cropSourceRegion, cropTransform, type AttributeCrop } from './attribute-crop';

/** Side of the small inputs (SSR-Net, emotion). */
export const SMALL_SIZE = 64;

const GREY = [0.2989 / 255, 0.587 / 255, 0.114 / 255];

export interface AttributeInputs {
  /** 1, or 2 with the mirror view */
  views: number;
  /** [views, size, size, 3], RGB 0–255 */
  crop: Float32Array;
  /** [views, 64, 64, 3], RGB 0–255 */
  small: Float32Array;
  /** [views, 64, 64, 1], grey in −1..1 */
  greySigned: Float32Array;
}

/** The upright crop: each output pixel mapped into the source region and read bilinearly (outside the region reads 0). */
function sampleCrop(img: RgbImage, crop: AttributeCrop, size: number, out: Float32Array): void {
  const { x0, y0, x1, y1 } = cropSourceRegion(crop, img.width, img.height);
  const rw = x1 - x0;
  const rh = y1 - y0;
  // TF.js computes in float32: the transform, the coordinates and the weights are rounded as it rounds them
  const t = Float32Array.from(cropTransform({ ...crop, cx: crop.cx - x0, cy: crop.cy - y0 }, size));
  const f = Math.fround;
  const src = img.data;
  const read = (y: number, x: number, c: number) =>
    y >= 0 && y < rh && x >= 0 && x < rw ? src[((y + y0) * img.width + x + x0) * 3 + c] : 0;
  for (let oy = 0; oy < size; oy++) {
    for (let ox = 0; ox < size; ox++) {
      // 'nearest' fill: coordinates are clamped to the region before interpolating
      const x = Math.min(Math.max(f(f(f(t[0] * ox) + f(t[1] * oy)) + t[2]), 0), rw - 1);
      const y = Math.min(Math.max(f(f(f(t[3] * ox) + f(t[4] * oy)) + t[5]), 0), rh - 1);
      const xf = Math.floor(x);
      const yf = Math.floor(y);
      const wx0 = f(xf + 1 - x);
      const wx1 = f(x - xf);
      const wy0 = f(yf + 1 - y);
      const wy1 = f(y - yf);
      // all four neighbours inside the region (nearly every pixel): read them directly
      const inside = xf + 1 < rw && yf + 1 < rh;
      const p00 = ((yf + y0) * img.width + xf + x0) * 3;
      const p10 = p00 + img.width * 3;
      const o = (oy * size + ox) * 3;
      for (let c = 0; c < 3; c++) {
        const v00 = inside ? src[p00 + c] : read(yf, xf, c);
        const v01 = inside ? src[p00 + 3 + c] : read(yf, xf + 1, c);
        const v10 = inside ? src[p10 + c] : read(yf + 1, xf, c);
        const v11 = inside ? src[p10 + 3 + c] : read(yf + 1, xf + 1, c);
        const top = f(f(wx0 * v00) + f(wx1 * v01));
        const bottom = f(f(wx0 * v10) + f(wx1 * v11));
        out[o + c] = f(wy0 * top) + f(wy1 * bottom);
      }
    }
  }
}

/** Bilinear resize of one size×size×3 view to 64×64×3 (source coordinate = output × ratio). */
function resizeView(view: Float32Array, size: number, out: Float32Array): void {
  const ratio = size / SMALL_SIZE;
  for (let r = 0; r < SMALL_SIZE; r++) {
    const sy = r * ratio;
    const top = Math.floor(sy);
    const bottom = Math.min(size - 1, Math.ceil(sy));
    const fy = sy - top;
    for (let col = 0; col < SMALL_SIZE; col++) {
      const sx = col * ratio;
      const left = Math.floor(sx);
      const right = Math.min(size - 1, Math.ceil(sx));
      const fx = sx - left;
      for (let c = 0; c < 3; c++) {
        const tl = view[(top * size + left) * 3 + c];
        const tr = view[(top * size + right) * 3 + c];
        const bl = view[(bottom * size + left) * 3 + c];
        const br = view[(bottom * size + right) * 3 + c];
        const t = tl + (tr - tl) * fx;
        const b = bl + (br - bl) * fx;
        out[(r * SMALL_SIZE + col) * 3 + c] = t + (b - t) * fy;
      }
    }
  }
}

export function attributeInputs(img: RgbImage, crop: AttributeCrop, size: number, mirror: boolean): AttributeInputs {
  const views = mirror ? 2 : 1;
  const plane = size * size * 3;
  const cropPixels = new Float32Array(views * plane);
  sampleCrop(img, crop, size, cropPixels.subarray(0, plane));
  if (mirror) {
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const s = (y * size + x) * 3;
        const d = plane + (y * size + size - 1 - x) * 3;
        cropPixels[d] = cropPixels[s];
        cropPixels[d + 1] = cropPixels[s + 1];
        cropPixels[d + 2] = cropPixels[s + 2];
      }
    }
  }
  const smallPlane = SMALL_SIZE * SMALL_SIZE;
  const small = new Float32Array(views * smallPlane * 3);
  const greySigned = new Float32Array(views * smallPlane);
  for (let v = 0; v < views; v++) {
    resizeView(
      cropPixels.subarray(v * plane, (v + 1) * plane),
      size,
      small.subarray(v * smallPlane * 3, (v + 1) * smallPlane * 3),
    );
    for (let i = 0; i < smallPlane; i++) {
      const j = (v * smallPlane + i) * 3;
      greySigned[v * smallPlane + i] = (small[j] * GREY[0] + small[j + 1] * GREY[1] + small[j + 2] * GREY[2] - 0.5) * 2;
    }
  }
  return { views, crop: cropPixels, small, greySigned };
}
