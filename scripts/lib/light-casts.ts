/**
 * Changes of light applied to a photo as a camera would record them: per-channel
 * gains in linear sRGB (a white-balance error or a tinted lamp multiplies each
 * channel's light), then re-encoded. Used by `npm run bench:color` to ask
 * whether personal colour follows the person or the lamp.
 */
import sharp from 'sharp';

export type Gains = readonly [number, number, number];

export interface LightCast {
  name: string;
  gains: Gains;
}

const toLinear = (v: number) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
const toSrgb = (v: number) => (v <= 0.0031308 ? 12.92 * v : 1.055 * v ** (1 / 2.4) - 0.055);

/** CIE 1931 xy of a Planckian (black-body) light, Kang et al. (2002) cubic fits, 1667–25000 K. */
export function planckianXy(kelvin: number): [number, number] {
  const t = kelvin;
  const x =
    t <= 4000
      ? -0.2661239e9 / t ** 3 - 0.234358e6 / t ** 2 + 0.8776956e3 / t + 0.17991
      : -3.0258469e9 / t ** 3 + 2.1070379e6 / t ** 2 + 0.2226347e3 / t + 0.24039;
  const y =
    t <= 2222
      ? -1.1063814 * x ** 3 - 1.3481102 * x ** 2 + 2.18555832 * x - 0.20219683
      : t <= 4000
        ? -0.9549476 * x ** 3 - 1.37418593 * x ** 2 + 2.09137015 * x - 0.16748867
        : 3.081758 * x ** 3 - 5.8733867 * x ** 2 + 3.75112997 * x - 0.37001483;
  return [x, y];
}

/** Linear sRGB of a light of chromaticity xy (Y = 1). */
export function xyToLinearRgb([x, y]: [number, number]): [number, number, number] {
  const [X, Y, Z] = [x / y, 1, (1 - x - y) / y];
  return [
    3.2406 * X - 1.5372 * Y - 0.4986 * Z,
    -0.9689 * X + 1.8758 * Y + 0.0415 * Z,
    0.0557 * X - 0.204 * Y + 1.057 * Z,
  ];
}

/**
 * A camera white-balanced for `setFor` kelvin photographing a scene lit at `litBy` kelvin: each channel is
 * multiplied by litBy's white over setFor's, green kept (so exposure stays).
 */
export function whiteBalanceError(setFor: number, litBy: number): Gains {
  const [a, b] = [xyToLinearRgb(planckianXy(setFor)), xyToLinearRgb(planckianXy(litBy))];
  const g = b.map((v, k) => v / a[k]);
  return [g[0] / g[1], 1, g[2] / g[1]];
}

/** The casts of the robustness table: ±6 % red/blue along the daylight–tungsten direction, a 3200 K → 6500 K white-balance error, ±0.5 EV. */
export const LIGHT_CASTS: LightCast[] = [
  { name: 'warmer (R ×1.06, B ×0.94)', gains: [1.06, 1, 0.94] },
  { name: 'cooler (R ×0.94, B ×1.06)', gains: [0.94, 1, 1.06] },
  { name: 'WB set 3200 K, lit 6500 K', gains: whiteBalanceError(3200, 6500) },
  { name: 'exposure −0.5 EV', gains: [2 ** -0.5, 2 ** -0.5, 2 ** -0.5] },
  { name: 'exposure +0.5 EV', gains: [2 ** 0.5, 2 ** 0.5, 2 ** 0.5] },
];

/** The photo (EXIF orientation applied) with each channel's linear light multiplied by `gains`, as JPEG quality 95. */
export async function castLight(file: string | Buffer, gains: Gains): Promise<Buffer> {
  const { data, info } = await sharp(file)
    .rotate()
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  const luts = gains.map((g) =>
    Uint8Array.from({ length: 256 }, (_, v) => Math.round(255 * toSrgb(Math.min(1, toLinear(v / 255) * g)))),
  );
  const out = Buffer.alloc(data.length);
  for (let i = 0; i < data.length; i += 3) {
    out[i] = luts[0][data[i]];
    out[i + 1] = luts[1][data[i + 1]];
    out[i + 2] = luts[2][data[i + 2]];
  }
  return sharp(out, { raw: { width: info.width, height: info.height, channels: 3 } })
    .jpeg({ quality: 95 })
    .toBuffer();
}
