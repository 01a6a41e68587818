/**
 * Colour properties on real photos (METRICS.md): a colour cast over the whole
 * photo moves undertone_b clearly less than the same cast on the skin only;
 * hair colour is measured where hair shows and null where it does not.
 */
import sharp from 'sharp';
import { decodeImage } from '@face/pipeline';
import { buildRegions } from '../src/regions/face-regions';
import { detectFacesSymmetric } from '../src/symmetric-detection';
import { PORTRAITS } from '../../../test/helpers/datasets';
import { STRONG_CAST } from '../src/color/illuminant';
import { castLight, whiteBalanceError } from '../../../scripts/lib/light-casts';
import { usePipeline } from './pipeline-harness';

const pipeline = usePipeline();
const colour = async (input: Buffer | string) => (await pipeline.analyse(input)).groups.color;
const detect = async (img: Awaited<ReturnType<typeof decodeImage>>) =>
  (await detectFacesSymmetric(pipeline.runtime, img, pipeline.runtime.meshMaps().mirror))[0];

/** A warm cast: blue down, red up (b* rises by several units on skin). */
const castPixel = (data: Uint8Array, i: number) => {
  data[3 * i] = Math.min(255, Math.round(data[3 * i] * 1.06));
  data[3 * i + 2] = Math.round(data[3 * i + 2] * 0.85);
};

test.each([PORTRAITS.frontal, PORTRAITS.tilt])(
  'a whole-photo cast moves undertone_b much less than a skin-only cast (%s)',
  async (file) => {
    const img = await decodeImage(file, { maxPixels: 50_000_000 });
    const face = await detect(img);
    const skin = buildRegions(face.mesh, img.width, img.height).skin;
    const encode = (data: Uint8Array) =>
      sharp(data, { raw: { width: img.width, height: img.height, channels: 3 } })
        .png()
        .toBuffer();

    const whole = Uint8Array.from(img.data);
    const skinOnly = Uint8Array.from(img.data);
    for (let i = 0; i < img.width * img.height; i++) {
      castPixel(whole, i);
      if (skin[i]) castPixel(skinOnly, i);
    }
    const base = (await colour(await encode(img.data))).values.undertone_b as number;
    const afterWhole = (await colour(await encode(whole))).values.undertone_b as number;
    const afterSkin = (await colour(await encode(skinOnly))).values.undertone_b as number;
    const moveWhole = Math.abs(afterWhole - base);
    const moveSkin = Math.abs(afterSkin - base);
    console.log(
      `${file.split('/').pop()}: undertone_b ${base} → whole-photo cast ${afterWhole} (Δ ${moveWhole.toFixed(2)}), skin-only cast ${afterSkin} (Δ ${moveSkin.toFixed(2)})`,
    );
    expect(moveSkin).toBeGreaterThan(3);
    expect(moveWhole).toBeLessThan(0.7 * moveSkin);
  },
);

test('the light is read from the eyes: a 3200 K white balance under daylight gives a strong cast and a COLOR_CAST warning', async () => {
  const published = await pipeline.analyse(PORTRAITS.frontal);
  const recast = await pipeline.analyse(await castLight(PORTRAITS.frontal, whiteBalanceError(3200, 6500)));
  const cct = (r: typeof published) => r.groups.color.values.illuminant_cct as number;
  // a professionally lit portrait reads near daylight and carries no warning
  expect(cct(published)).toBeGreaterThan(5000);
  expect(cct(published)).toBeLessThan(8500);
  expect(published.warnings.map((w) => w.code)).not.toContain('COLOR_CAST');
  // the camera's tungsten setting turns daylight blue: the light reads far colder, and the warning says so
  expect(cct(recast)).toBeGreaterThan(cct(published) * 1.5);
  const warning = recast.warnings.find((w) => w.code === 'COLOR_CAST');
  expect(warning?.details).toEqual({ illuminant_cct: cct(recast), cast: expect.any(Number), threshold: STRONG_CAST });
  expect(warning!.details!.cast as number).toBeGreaterThan(STRONG_CAST);
});

test('hair is measured on a portrait with visible hair', async () => {
  const c = await colour(PORTRAITS.frontal);
  expect(c.values.hair_color_hex).toMatch(/^#[0-9a-f]{6}$/);
  expect(['black', 'dark_brown', 'medium_brown']).toContain(c.values.hair_color_category);
  expect(c.nullReasons.hair_color_hex).toBeUndefined();
});

test('a tight face crop without hair gives null hair colour with the reason', async () => {
  const img = await decodeImage(PORTRAITS.frontal, { maxPixels: 50_000_000 });
  const face = await detect(img);
  // from the eyebrows down to just below the chin, between the cheekbones: no hair left in the frame
  const xs = face.mesh.slice(0, 468).map((p) => p[0]);
  const left = Math.round(Math.min(...xs));
  const right = Math.round(Math.max(...xs));
  const top = Math.round(face.mesh[9][1] - (face.mesh[152][1] - face.mesh[9][1]) * 0.1);
  const bottom = Math.min(img.height, Math.round(face.mesh[152][1] + (face.mesh[152][1] - face.mesh[9][1]) * 0.15));
  const crop = await sharp(PORTRAITS.frontal)
    .rotate()
    .extract({ left, top, width: right - left, height: bottom - top })
    .png()
    .toBuffer();
  const c = await colour(crop);
  expect(c.values.hair_color_hex).toBeNull();
  expect(c.nullReasons.hair_color_hex).toBe('hair_not_visible');
  expect(c.nullReasons.hair_color_category).toBe('hair_not_visible');
});

test('season, sub-type, palette and axes are consistent', async () => {
  const { values } = await colour(PORTRAITS.earrings);
  const subtype = values.season_subtype as string;
  expect(subtype.endsWith(values.season as string)).toBe(true);
  expect(values.season_runner_up).not.toBe(values.season);
  expect(values.season_confidence as number).toBeGreaterThan(0.25);
  const palette = values.palette as { best: string[]; avoid: string[] };
  expect(palette.best.length).toBeGreaterThan(3);
  for (const axis of ['warm_cool_score', 'light_deep_score', 'bright_soft_score'])
    expect(Math.abs(values[axis] as number)).toBeLessThanOrEqual(1);
  const clusters = values.skin_clusters as Array<{ share: number; hex: string }>;
  expect(clusters).toHaveLength(3);
  expect(clusters.reduce((s, c) => s + c.share, 0)).toBeCloseTo(100, 0);
});
