/**
 * The attribute models' inputs are sampled in TypeScript; the calibrated age
 * and gender were fitted on inputs TF.js's image ops made. On real portraits,
 * with tilted crops and crops running off the photo, both must agree.
 */
import { decodeImage } from '../src/decode';
import { attributeInputs, SMALL_SIZE } from '../src/face-models/attribute-inputs';
import { cropSourceRegion, cropTransform, type AttributeCrop } from '../src/face-models/attribute-crop';
import { standaloneParams } from '../src/standalone-params';
import type { RgbImage } from '../src/types';
import { PORTRAITS } from '../../../test/helpers/datasets';
import { referenceTfjs, type Tensor, type Tf } from './reference-tfjs';

const SIZE = 224;

let tf: Tf;
beforeAll(async () => {
  tf = await referenceTfjs();
});

/** What the runtime computed with TF.js before the inputs moved to TypeScript. */
async function withTfjs(img: RgbImage, crop: AttributeCrop, mirror: boolean) {
  const { x0, y0, x1, y1 } = cropSourceRegion(crop, img.width, img.height);
  const rw = x1 - x0;
  const region = new Uint8Array(rw * (y1 - y0) * 3);
  for (let y = y0; y < y1; y++)
    region.set(img.data.subarray((y * img.width + x0) * 3, (y * img.width + x1) * 3), (y - y0) * rw * 3);
  const transform = cropTransform({ ...crop, cx: crop.cx - x0, cy: crop.cy - y0 }, SIZE);
  const out = tf.tidy(() => {
    const image = tf.expandDims(tf.tensor3d(region, [y1 - y0, rw, 3], 'float32'), 0) as Tensor;
    const upright = tf.image.transform(
      image as never,
      tf.tensor2d([transform], [1, 8]) as never,
      'bilinear',
      'nearest',
      0,
      [SIZE, SIZE],
    ) as Tensor;
    const crop = mirror ? tf.concat([upright, tf.reverse(upright, 2)], 0) : upright;
    const small = tf.image.resizeBilinear(crop as never, [SMALL_SIZE, SMALL_SIZE]) as Tensor;
    const grey = tf.sum(tf.mul(small, tf.tensor1d([0.2989 / 255, 0.587 / 255, 0.114 / 255])), 3, true);
    return [crop, small, tf.mul(tf.sub(grey, 0.5), 2)] as Tensor[];
  });
  const [crop_, small, greySigned] = (await Promise.all(out.map((t: Tensor) => t.data()))) as Float32Array[];
  tf.dispose(out);
  return { crop: crop_, small, greySigned };
}

const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

describe('attribute model inputs', () => {
  const cases: Array<[string, (img: RgbImage) => AttributeCrop, boolean]> = [
    [
      'a level crop, both views',
      (img) => ({ cx: img.width / 2, cy: img.height * 0.45, side: img.width * 0.6, angle: 0 }),
      true,
    ],
    [
      'a tilted crop, one view',
      (img) => ({ cx: img.width * 0.48, cy: img.height * 0.4, side: img.width * 0.55, angle: 0.21 }),
      false,
    ],
    [
      'a tilted crop running off the photo',
      (img) => ({ cx: img.width * 0.15, cy: img.height * 0.2, side: img.width * 0.9, angle: -0.35 }),
      true,
    ],
  ];

  it.each(cases)('match TF.js on real portraits: %s', async (_, cropOf, mirror) => {
    for (const file of [PORTRAITS.frontal, PORTRAITS.tilt]) {
      const img = await decodeImage(file, standaloneParams({ minFacePx: 32 }));
      const crop = cropOf(img);
      const ours = attributeInputs(img, crop, SIZE, mirror);
      const reference = await withTfjs(img, crop, mirror);
      expect(ours.views).toBe(mirror ? 2 : 1);
      expect(ours.crop.length).toBe(reference.crop.length);
      expect(ours.small.length).toBe(reference.small.length);
      expect(ours.greySigned.length).toBe(reference.greySigned.length);
      // 0–255 pixel values: the crop is computed with TF.js's float32 rounding (measured: identical); the resize
      // and the grey differ by float rounding only (measured ≤ 2e-5 and ≤ 3e-7)
      expect(maxDiff(ours.crop, reference.crop)).toBeLessThan(1e-4);
      expect(maxDiff(ours.small, reference.small)).toBeLessThan(1e-3);
      expect(maxDiff(ours.greySigned, reference.greySigned)).toBeLessThan(1e-5);
      // the crop holds the photo, not zeros or a constant
      const mean = ours.crop.reduce((s, v) => s + v, 0) / ours.crop.length;
      expect(mean).toBeGreaterThan(20);
      expect(maxDiff(ours.crop, new Float32Array(ours.crop.length).fill(mean))).toBeGreaterThan(50);
    }
  });
});
