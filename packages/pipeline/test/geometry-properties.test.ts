/**
 * METRICS.md properties on real photos: resize (50 % and 200 %), mirror
 * (left/right swap) and rotation (10°). Tolerances are stated per unit below.
 */
import sharp from 'sharp';
import { catalog, type MetricDefinition } from '@face/catalog';
import { mirrorMapFromUV, runPipeline, type MirrorMap, type PipelineResult } from '@face/pipeline';
import { FaceModelRuntime } from '@face/pipeline/src/human/runtime';
import { PORTRAITS, photo } from '../../../test/helpers/datasets';

/**
 * Stated tolerances. Ratios: 6 % relative. Small features — the eye opening
 * (eye_height_*, eye_aspect_ratio_*) and lip height: 10 % relative — the lid
 * gap spans only ~8 px in the mesh model's 192-px face crop, so half a pixel
 * of landmark jitter is 6 %.
 * Angles: 4°. Percent (brightness asymmetry): 5 points. Scores: 0.05.
 */
const TOLERANCE = { ratio: 0.06, degrees: 4, percent: 5, score: 0.05 } as const;
const SMALL_FEATURE_TOLERANCE = 0.1;
const isSmallFeature = (key: string) => /^eye_(height|aspect_ratio)_|^lip_height_ratio$/.test(key);
// Upright portraits. On strongly rolled and turned heads (e.g. wnt_3.jpg rotated a further 10°) the
// mesh model's forehead-top and eye-corner points move by up to 12 %; that limit is reported, not hidden.
const PHOTOS = [PORTRAITS.frontal, PORTRAITS.tilt, PORTRAITS.makeup, photo('aaf', '00543A10.jpg')];

let runtime: FaceModelRuntime;
let mirror: MirrorMap;
const params = { facePolicy: 'largest' as const, minFacePx: 32, maxPixels: 50_000_000 };

beforeAll(async () => {
  runtime = await FaceModelRuntime.load('cpu');
  mirror = mirrorMapFromUV(runtime.uvMap);
});

async function analyse(input: Buffer | string): Promise<Record<string, number | string | null>> {
  const r: PipelineResult = await runPipeline(input, params, runtime, mirror);
  return r.groups.geometry.values;
}

const swapSides = (key: string) => (key.endsWith('_left') ? key.replace(/_left$/, '_right') : key.endsWith('_right') ? key.replace(/_right$/, '_left') : key);

/** Keys whose values differ beyond tolerance. */
function differences(
  a: Record<string, unknown>,
  b: Record<string, unknown>,
  { mapKey = (k: string) => k, only = () => true }: { mapKey?: (k: string) => string; only?: (m: MetricDefinition) => boolean } = {},
): string[] {
  const out: string[] = [];
  for (const m of catalog) {
    if (m.type !== 'number' || !only(m)) continue;
    const x = a[m.key] as number | null;
    const y = b[mapKey(m.key)] as number | null;
    if (x === null || y === null) {
      if (x !== y) out.push(`${m.key}: ${x} vs ${y}`);
      continue;
    }
    const unit = m.unit === 'category' ? 'score' : m.unit;
    const diff = unit === 'ratio' ? Math.abs(x - y) / Math.abs(x) : Math.abs(x - y);
    const limit = isSmallFeature(m.key) ? SMALL_FEATURE_TOLERANCE : TOLERANCE[unit];
    if (diff > limit) out.push(`${m.key}: ${x} vs ${y}`);
  }
  return out;
}

describe.each(PHOTOS)('geometry properties on %s', (file) => {
  let original: Record<string, number | string | null>;
  let width: number;
  beforeAll(async () => {
    original = await analyse(file);
    width = (await sharp(file).rotate().metadata()).autoOrient!.width;
  });

  test.each([0.5, 2])('resizing by %p keeps every metric within tolerance', async (scale) => {
    const resized = await sharp(file).rotate().resize(Math.round(width * scale)).jpeg({ quality: 95 }).toBuffer();
    const values = await analyse(resized);
    expect(differences(original, values)).toEqual([]);
    // A face between two shape prototypes (confidence < 0.4 on both runs) may tip either way; a clear one must not.
    if (values.face_shape !== original.face_shape) {
      expect([original.face_shape_confidence, values.face_shape_confidence].every((c) => (c as number) < 0.4)).toBe(true);
    }
  });

  test('mirroring swaps every left/right pair and keeps the rest', async () => {
    const flipped = await sharp(file).rotate().flop().jpeg({ quality: 95 }).toBuffer();
    const values = await analyse(flipped);
    expect(differences(original, values, { mapKey: swapSides })).toEqual([]);
  });

  test('rotating by 10° leaves ratios within tolerance', async () => {
    const rotated = await sharp(file).rotate().rotate(10, { background: '#808080' }).jpeg({ quality: 95 }).toBuffer();
    const values = await analyse(rotated);
    // the crown can leave the frame when the photo turns, so head_length_ratio is not compared
    expect(differences(original, values, { only: (m) => m.unit === 'ratio' && m.key !== 'head_length_ratio' })).toEqual([]);
  });
});
