/**
 * Crown-to-chin length from the person-segmentation mask: walk from the chin
 * up the face axis (perpendicular to the eye line) through a central band of
 * the head and take the farthest point still inside the person. When the walk
 * leaves the photo while still inside the person, the crown is cut off.
 */
import type { PersonMask, RgbImage } from '../types';
import type { Point2 } from '../shared/vec';

const INSIDE = 0.5;
/** lateral offsets of the band, as fractions of the face box width */
const BAND = [-0.15, -0.075, 0, 0.075, 0.15];

export function headLength(
  mask: PersonMask | null,
  image: Pick<RgbImage, 'width' | 'height'>,
  chin: Point2,
  eyeLineDeg: number,
  box: readonly [number, number, number, number],
): number | { reason: 'crown_cut_off' | 'head_not_segmented' } {
  if (!mask) return { reason: 'head_not_segmented' };
  const sx = mask.width / image.width;
  const sy = mask.height / image.height;
  const at = (x: number, y: number): number | null => {
    const mx = Math.floor(x * sx);
    const my = Math.floor(y * sy);
    if (mx < 0 || my < 0 || mx >= mask.width || my >= mask.height) return null;
    return mask.data[my * mask.width + mx];
  };
  const t = (eyeLineDeg * Math.PI) / 180;
  const up: Point2 = [Math.sin(t), -Math.cos(t)];
  const side: Point2 = [Math.cos(t), Math.sin(t)];
  const centre = at(box[0] + box[2] / 2, box[1] + box[3] / 2);
  if (centre === null || centre < INSIDE) return { reason: 'head_not_segmented' };

  // one mask pixel per step, in image pixels
  const step = 1 / Math.min(sx, sy);
  const maxSteps = Math.ceil(Math.hypot(image.width, image.height) / step);
  let farthest = 0;
  for (const f of BAND) {
    const ox = chin[0] + side[0] * f * box[2];
    const oy = chin[1] + side[1] * f * box[2];
    let lastInside = 0;
    let outsideRun = 0;
    for (let s = 1; s <= maxSteps; s++) {
      const d = s * step;
      const v = at(ox + up[0] * d, oy + up[1] * d);
      if (v === null) {
        if (outsideRun === 0) return { reason: 'crown_cut_off' };
        break;
      }
      if (v >= INSIDE) {
        lastInside = d;
        outsideRun = 0;
      } else if (++outsideRun > 3) break; // left the head for good (a few pixels of tolerance for mask noise)
    }
    farthest = Math.max(farthest, lastInside);
  }
  return farthest > 0 ? farthest : { reason: 'head_not_segmented' };
}
