/**
 * Texture group (METRICS.md §2): skin tone statistics, spots, redness, shine
 * and dark circles on a face crop normalised to 320 px face width; pores and
 * wrinkles on a finer crop (512 px) when the photo has the resolution for
 * them; curvature from the 3D mesh.
 */
import { lightness } from '../shared/colour-space';
import { toLab, type LabImage } from '../shared/lab-image';
import { LM } from '../shared/landmarks';
import { cropFace } from '../regions/face-crop';
import { buildRegions } from '../regions/face-regions';
import type { Mask } from '../regions/raster';
import type { SkinContext } from '../regions/skin-context';
import type { TextureKey } from '@face/catalog';
import type { DetectedFace, GroupResult, MetricValue, RgbImage } from '../types';
import { meshCurvature, type MeshTopology } from './curvature';
import { boxMean } from './filters';
import { poreDensity, scaleSpace, wrinkleDensity } from './fine-texture';
import { level, masked, mean, median, robustSd, sd } from '../shared/statistics';

/** Face width of the crop for tone statistics, px. */
export const TONE_FACE_WIDTH = 256;
/** Face width of the crop for pores and wrinkles, px (≈0.35 mm a pixel); the photo must have at least FINE_MIN_NATIVE of it. */
export const FINE_FACE_WIDTH = 400;
export const FINE_MIN_NATIVE = 300;
/** Pixels kept around the measured regions when filtering: more than the two blurs, the DoG and the Hessian reach at FINE_FACE_WIDTH. */
const FINE_WINDOW_MARGIN = 16;
/** Nominal adult inter-pupil distance, mm (METRICS.md: sets the pore scale). */
export const NOMINAL_IPD_MM = 63;
/** a* above the face median by this much counts as redness. */
export const REDNESS_MARGIN = 6;
/** L* below the local mean (a box of ±3 % face width) by this much, and not red, counts as a pigmented spot. */
export const SPOT_DEPTH = 5;

export interface TextureInput {
  image: RgbImage;
  face: DetectedFace;
  topology: MeshTopology;
  mirror: Int32Array;
}

export type { SkinContext };

export interface TextureResult extends GroupResult {
  context: SkinContext;
}

/** Skin pixels fit for colour statistics: not hair or deep shadow, not specular highlight. */
function cleanSkin(lab: LabImage, skin: Mask): { clean: Mask; specular: Mask } {
  const Ls = masked(lab.L, skin);
  const medianL = median(Ls);
  const spreadL = Math.max(3, robustSd(Ls));
  const chroma = new Float32Array(skin.length);
  for (let i = 0; i < skin.length; i++) if (skin[i]) chroma[i] = Math.sqrt(lab.a[i] * lab.a[i] + lab.b[i] * lab.b[i]);
  const medianC = median(masked(chroma, skin));
  const clean = new Uint8Array(skin.length);
  const specular = new Uint8Array(skin.length);
  const highlight = medianL + Math.max(8, 2.5 * spreadL);
  const shadow = medianL - Math.max(20, 4 * spreadL);
  for (let i = 0; i < skin.length; i++) {
    if (!skin[i]) continue;
    const L = lab.L[i];
    if (L > highlight && chroma[i] < medianC) specular[i] = 1;
    else if (L > shadow) clean[i] = 1;
  }
  return { clean, specular };
}

export async function computeTexture({ image, face, topology, mirror }: TextureInput): Promise<TextureResult> {
  // keyed by the catalog: a misspelt key does not compile
  const values: Partial<Record<TextureKey, MetricValue>> = {};
  const nullReasons: Partial<Record<TextureKey, string>> = {};

  const crop = await cropFace(image, face, TONE_FACE_WIDTH);
  const regions = buildRegions(crop.mesh, crop.image.width, crop.image.height);
  // every region lies inside the face oval: convert only those pixels
  const lab = toLab(crop.image, regions.oval);
  const { clean, specular } = cleanSkin(lab, regions.skin);
  const L = masked(lab.L, clean);
  const a = masked(lab.a, clean);
  const b = masked(lab.b, clean);
  if (L.length < 200) throw new Error('skin region too small for texture statistics');

  values.skin_l_mean = mean(L);
  values.skin_a_mean = mean(a);
  values.skin_b_mean = mean(b);
  values.skin_l_std = sd(L);
  values.skin_l_std_level = level(values.skin_l_std, 30);
  values.skin_chroma_mean = mean(a.map((x, i) => Math.hypot(x, b[i])));
  values.skin_chroma_level = level(values.skin_chroma_mean, 60);

  const medianA = median(a);
  let red = 0;
  for (const x of a) if (x > medianA + REDNESS_MARGIN) red++;
  values.redness_ratio = (red / a.length) * 100;

  // spots: local lightness depressions that are not red
  const local = boxMean({ width: lab.width, height: lab.height, data: lab.L }, Math.round(TONE_FACE_WIDTH * 0.03)).data;
  let spots = 0;
  let area = 0;
  for (let i = 0; i < clean.length; i++) {
    if (!clean[i]) continue;
    area++;
    if (lab.L[i] < local[i] - SPOT_DEPTH && lab.a[i] < medianA + REDNESS_MARGIN / 2) spots++;
  }
  values.spot_ratio = (spots / area) * 100;

  // shine: specular highlights on the T-zone and cheeks
  let shiny = 0;
  let shineArea = 0;
  for (let i = 0; i < regions.skin.length; i++) {
    if (!(regions.tZone[i] || regions.cheek[0][i] || regions.cheek[1][i])) continue;
    shineArea++;
    shiny += specular[i];
  }
  values.shine_ratio = shineArea > 0 ? (shiny / shineArea) * 100 : null;
  if (values.shine_ratio === null) nullReasons.shine_ratio = 'skin_not_visible';

  // dark circles: how much darker the under-eye bands are than the cheeks (L* units)
  const under = [...masked(lab.L, regions.underEye[0]), ...masked(lab.L, regions.underEye[1])];
  const cheeks = [...masked(lab.L, regions.cheek[0]), ...masked(lab.L, regions.cheek[1])];
  if (under.length > 20 && cheeks.length > 20) values.dark_circle_index = mean(cheeks) - mean(under);
  else {
    values.dark_circle_index = null;
    nullReasons.dark_circle_index = 'occluded';
  }

  Object.assign(values, await fineTexture(image, face, crop.nativeFaceWidth, nullReasons));

  const curvature = meshCurvature(crop.mesh, topology, mirror);
  values.surface_convexity = curvature.convexity;
  values.mean_curvature = curvature.meanCurvature;
  values.jaw_curvature = curvature.jawCurvature;
  values.forehead_curvature = curvature.foreheadCurvature;

  for (const [k, v] of Object.entries(values))
    if (typeof v === 'number') values[k as TextureKey] = Math.round(v * 10000) / 10000;
  return {
    values: values as Record<TextureKey, MetricValue>,
    nullReasons: nullReasons as Record<string, string>,
    context: { crop, regions, lab, clean },
  };
}

async function fineTexture(
  image: RgbImage,
  face: DetectedFace,
  nativeFaceWidth: number,
  nullReasons: Partial<Record<TextureKey, string>>,
): Promise<Partial<Record<TextureKey, MetricValue>>> {
  if (nativeFaceWidth < FINE_MIN_NATIVE) {
    nullReasons.pore_density = 'resolution_too_low';
    nullReasons.wrinkle_density = 'resolution_too_low';
    return { pore_density: null, wrinkle_density: null };
  }
  const crop = await cropFace(image, face, FINE_FACE_WIDTH);
  const { width: cw, height: ch } = crop.image;
  const regions = buildRegions(crop.mesh, cw, ch);
  const wrinkleRegion = (i: number) =>
    regions.forehead[i] | regions.crowsFeet[i] | regions.underEye[0][i] | regions.underEye[1][i];
  // filter only the window the measured regions lie in, with room for the blurs' reach (identical results, a third fewer pixels)
  let [x0, y0, x1, y1] = [cw, ch, -1, -1];
  for (let y = 0, i = 0; y < ch; y++) {
    for (let x = 0; x < cw; x++, i++) {
      if (!(regions.skin[i] | wrinkleRegion(i))) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  if (x1 < 0) throw new Error('no skin in the face crop');
  [x0, y0] = [Math.max(0, x0 - FINE_WINDOW_MARGIN), Math.max(0, y0 - FINE_WINDOW_MARGIN)];
  [x1, y1] = [Math.min(cw - 1, x1 + FINE_WINDOW_MARGIN), Math.min(ch - 1, y1 + FINE_WINDOW_MARGIN)];
  const w = x1 - x0 + 1;
  const h = y1 - y0 + 1;
  const n = w * h;
  const L = new Float32Array(n);
  const wrinkleIn = new Uint8Array(n);
  const skinIn = new Uint8Array(n);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const c = (y + y0) * cw + x + x0;
      L[y * w + x] = lightness(crop.image.data[3 * c], crop.image.data[3 * c + 1], crop.image.data[3 * c + 2]);
      skinIn[y * w + x] = regions.skin[c];
      wrinkleIn[y * w + x] = wrinkleRegion(c);
    }
  }
  const plane = { width: w, height: h, data: L };
  const m = crop.mesh;
  const ipd = Math.hypot(m[LM.irisCentreA][0] - m[LM.irisCentreB][0], m[LM.irisCentreA][1] - m[LM.irisCentreB][1]);
  const mmPerPx = NOMINAL_IPD_MM / ipd;
  // hair over the forehead and deep shadow are not skin texture
  const floor = median(masked(L, skinIn)) - 20;
  const skin = new Uint8Array(n);
  const wrinkleZones = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (L[i] <= floor) continue;
    skin[i] = skinIn[i];
    wrinkleZones[i] = wrinkleIn[i];
  }
  const space = scaleSpace(plane, mmPerPx);
  return { pore_density: poreDensity(space, skin, mmPerPx), wrinkle_density: wrinkleDensity(space, wrinkleZones) };
}
