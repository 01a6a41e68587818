/**
 * Hair colour from the person-segmentation mask (at the model's 256×256):
 * person pixels above and beside the face, outside the face oval, above the
 * mouth line, and not skin-coloured. Null (hair_not_visible) when too few, or
 * when none lie above the forehead: hair shows at the crown, and dark pixels
 * only beside a cropped face are as likely background or clothing.
 */
import type { DetectedFace, PersonMask } from '../types';
import { FACE_OVAL } from '../regions/landmark-sets';
import { fillPolygon, scalePolygon } from '../regions/raster';
import { LM } from '../shared/landmarks';
import { deltaE76, srgbToLab } from '../shared/colour-space';
import { median } from '../shared/statistics';

export interface HairColour {
  lab: [number, number, number];
  rgb: [number, number, number];
  pixels: number;
  /** hair pixels at the mask's resolution (for the overlay picture) */
  mask: Uint8Array;
}

/** Fewest hair pixels (of 65,536 in the mask) that count as visible hair. */
export const MIN_HAIR_PIXELS = 80;
/** ΔE*ab under which a pixel is taken for skin (ears, neck), not hair. */
const SKIN_DELTA_E = 14;

export function hairColour(
  mask: PersonMask,
  face: DetectedFace,
  imageSize: { width: number; height: number },
  skinLab: readonly number[],
): HairColour | null {
  if (!mask.rgb) return null;
  const sx = mask.width / imageSize.width;
  const sy = mask.height / imageSize.height;
  const m = face.mesh;
  const oval = new Uint8Array(mask.width * mask.height);
  fillPolygon(
    oval,
    mask.width,
    mask.height,
    scalePolygon(
      FACE_OVAL.map((i) => [m[i][0] * sx, m[i][1] * sy] as const),
      1.08,
    ),
  );
  const faceW = Math.hypot(m[LM.zygionRight][0] - m[LM.zygionLeft][0], m[LM.zygionRight][1] - m[LM.zygionLeft][1]) * sx;
  const cx = ((m[LM.zygionRight][0] + m[LM.zygionLeft][0]) / 2) * sx;
  const mouthY = ((m[LM.mouthCornerRight][1] + m[LM.mouthCornerLeft][1]) / 2) * sy;
  const foreheadY = m[LM.foreheadTop][1] * sy;
  let aboveForehead = 0;
  const planes: number[][] = [[], [], []];
  const rgbs: number[][] = [[], [], []];
  const hair = new Uint8Array(mask.width * mask.height);
  for (let y = 0; y < Math.min(mask.height, Math.floor(mouthY)); y++) {
    for (
      let x = Math.max(0, Math.floor(cx - 1.1 * faceW));
      x < Math.min(mask.width, Math.ceil(cx + 1.1 * faceW));
      x++
    ) {
      const i = y * mask.width + x;
      if (mask.data[i] < 0.5 || oval[i]) continue;
      const [r, g, b] = [mask.rgb[3 * i], mask.rgb[3 * i + 1], mask.rgb[3 * i + 2]];
      const lab = srgbToLab(r, g, b);
      if (deltaE76(lab, skinLab) < SKIN_DELTA_E) continue;
      lab.forEach((v, k) => planes[k].push(v));
      if (y < foreheadY) aboveForehead++;
      hair[i] = 1;
      [r, g, b].forEach((v, k) => rgbs[k].push(v));
    }
  }
  if (planes[0].length < MIN_HAIR_PIXELS || aboveForehead < MIN_HAIR_PIXELS / 2) return null;
  return {
    lab: planes.map((p) => median(p)) as [number, number, number],
    rgb: rgbs.map((p) => Math.round(median(p))) as [number, number, number],
    pixels: planes[0].length,
    mask: hair,
  };
}
