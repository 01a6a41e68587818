/**
 * The face's own frame, so geometry measures the face and not the pose. The
 * mesh is 3-D: with depth on the image's scale (FRAME_DEPTH_SD_RATIO), the lateral axis is
 * the mean of the vectors joining every mirror pair of landmarks (subject's
 * right → left), the vertical axis runs from the forehead top to the chin
 * square to it, and depth completes the frame. Every landmark expressed in it
 * is the same however the head is turned, tilted or rolled (as far as the mesh
 * model's depth is right), and its (x, y) is the face seen straight on: x
 * towards the subject's left, y towards the chin, as in an upright frontal photo.
 */
import { depthScale } from '../shared/mesh-depth';
import { LM } from '../shared/landmarks';
import type { MirrorMap } from './mirror-pairs';
import { cross3, dot3, sub3, unit3, type V3 } from '../shared/vec';

/**
 * Depth spread assumed for the frame, as a fraction of face width, on the mesh's depth as the camera sees it.
 * Chosen so that the difference between the two eyes' widths no longer follows the head's yaw: correlation with
 * yaw −0.66 at 0.10, −0.35 at 0.14, +0.1 at 0.17, +0.5 at 0.20, on 300 All-Age-Faces and 300 UTKFace photos, each
 * measured on its own (`npm run bench:validity`). Setting the spread in the face's own frame instead is exact on
 * a synthetic face but measured worse on real meshes (left/right jaw angles agreed less).
 */
export const FRAME_DEPTH_SD_RATIO = 0.17;

/** Every mesh point in the face frame (origin at the nasion, image pixel units): x, y the face seen straight on. */
export function faceFrame(mesh: ReadonlyArray<readonly number[]>, mirror: MirrorMap): V3[] {
  const { mean, scale } = depthScale(mesh, FRAME_DEPTH_SD_RATIO);
  const P = mesh.map((p): V3 => [p[0], p[1], (p[2] - mean) * scale]);
  const reference = sub3(P[LM.zygionLeft], P[LM.zygionRight]);
  const sum: V3 = [0, 0, 0];
  for (let i = 0; i < Math.min(mirror.length, P.length); i++) {
    const j = mirror[i];
    if (j <= i || j >= P.length) continue; // each pair once; midline points map to themselves
    const v = sub3(P[j], P[i]);
    const s = dot3(v, reference) < 0 ? -1 : 1; // orient every pair from the subject's right to left
    for (let k = 0; k < 3; k++) sum[k] += s * v[k];
  }
  const lateral = unit3(sum);
  const down = sub3(P[LM.chin], P[LM.foreheadTop]);
  const along = dot3(down, lateral);
  const vertical = unit3([down[0] - along * lateral[0], down[1] - along * lateral[1], down[2] - along * lateral[2]]);
  const depth = cross3(lateral, vertical);
  const origin = P[LM.nasion];
  return P.map((p): V3 => {
    const d = sub3(p, origin);
    return [dot3(d, lateral), dot3(d, vertical), dot3(d, depth)];
  });
}
