/**
 * The upright face crop the attribute models (age, gender, expression,
 * descriptor) read: centred on the mesh, rotated so the eyes are level, with
 * the margin Human's own face crop has (about 1.4× the mesh extent), so the
 * models see faces framed the way they were trained.
 */
import type { DetectedFace } from '../types';

/** Side of the crop as a multiple of the mesh's larger extent in the upright frame. */
export const CROP_MARGIN = 1.4;

export interface AttributeCrop {
  /** crop centre in image pixels */
  cx: number;
  cy: number;
  /** side length in image pixels */
  side: number;
  /** in-plane rotation of the face, radians (positive: clockwise in image coordinates) */
  angle: number;
}

/** Eye centres from the eye-corner landmarks (subject's right, subject's left). */
function eyeCentres(mesh: DetectedFace['mesh']): [[number, number], [number, number]] {
  const mid = (a: number, b: number): [number, number] => [
    (mesh[a][0] + mesh[b][0]) / 2,
    (mesh[a][1] + mesh[b][1]) / 2,
  ];
  return [mid(33, 133), mid(362, 263)];
}

export function attributeCrop(face: DetectedFace): AttributeCrop {
  const mesh = face.mesh;
  const [r, l] = eyeCentres(mesh);
  const angle = Math.atan2(l[1] - r[1], l[0] - r[0]);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  // extent of the 468 mesh points in the frame rotated by -angle
  let minU = Infinity,
    maxU = -Infinity,
    minV = Infinity,
    maxV = -Infinity;
  for (let i = 0; i < Math.min(468, mesh.length); i++) {
    const [x, y] = mesh[i];
    const u = x * cos + y * sin;
    const v = -x * sin + y * cos;
    if (u < minU) minU = u;
    if (u > maxU) maxU = u;
    if (v < minV) minV = v;
    if (v > maxV) maxV = v;
  }
  const cu = (minU + maxU) / 2;
  const cv = (minV + maxV) / 2;
  return {
    cx: cu * cos - cv * sin,
    cy: cu * sin + cv * cos,
    side: Math.max(maxU - minU, maxV - minV) * CROP_MARGIN,
    angle,
  };
}

/**
 * The projective transform (tf.image.transform's 8 numbers) mapping a pixel
 * of the `size`×`size` output to the image: scale, rotate by `angle`, move to the centre.
 */
export function cropTransform(crop: AttributeCrop, size: number): number[] {
  const s = crop.side / size;
  const cos = Math.cos(crop.angle) * s;
  const sin = Math.sin(crop.angle) * s;
  const half = size / 2;
  // input = R·S·(output − half) + centre
  return [cos, -sin, crop.cx - cos * half + sin * half, sin, cos, crop.cy - sin * half - cos * half, 0, 0];
}

/**
 * The part of the image a crop samples from (its rotated square's bounding
 * box, one pixel of margin, clamped to the image), so only that region is
 * handed to the model runtime instead of the whole photo.
 */
export function cropSourceRegion(
  crop: AttributeCrop,
  width: number,
  height: number,
): { x0: number; y0: number; x1: number; y1: number } {
  const r = (crop.side * (Math.abs(Math.cos(crop.angle)) + Math.abs(Math.sin(crop.angle)))) / 2 + 1;
  const clamp = (v: number, hi: number) => Math.max(0, Math.min(hi, v));
  const x0 = clamp(Math.floor(crop.cx - r), width - 1);
  const y0 = clamp(Math.floor(crop.cy - r), height - 1);
  return {
    x0,
    y0,
    x1: Math.max(x0 + 1, clamp(Math.ceil(crop.cx + r), width)),
    y1: Math.max(y0 + 1, clamp(Math.ceil(crop.cy + r), height)),
  };
}
