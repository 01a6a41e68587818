/**
 * Head pose from the 3D mesh: the face frame is spanned by the cheek-to-cheek
 * axis (234 → 454) and the forehead-to-chin axis (10 → 152); yaw, pitch and
 * roll are that frame's rotation. Depth is first put on the image's scale
 * (geometry/depth.ts), so the angles do not change with photo size. A mirrored
 * photo mirrors the frame, so yaw and roll change sign and pitch stays
 * (METRICS.md mirror property).
 */
import { depthScale } from './mesh-depth';
import { LM } from './landmarks';
import { deg, dot3, sub3, unit3 } from './vec';
import type { DetectedFace } from '../types';

/**
 * The forehead-to-chin axis of the mesh leans back at the top even on a level
 * head; this is its pitch on frontal portraits (median over the 207 personal-colour
 * and 40 glasses portraits, `npm run bench:accuracy` prints it), subtracted so
 * a level head reads 0.
 */
export const PITCH_OFFSET_DEG = 6.7; // 2026-11-22: median 6.70° over 247 portraits

export interface HeadPose {
  yaw: number;
  pitch: number;
  roll: number;
}

export function headPose(face: DetectedFace, pitchOffset = PITCH_OFFSET_DEG): HeadPose {
  const { scale } = depthScale(face.mesh);
  const m = face.mesh.map((p) => [p[0], p[1], p[2] * scale]);
  const x = unit3(sub3(m[LM.zygionLeft], m[LM.zygionRight]));
  const down = sub3(m[LM.chin], m[LM.foreheadTop]);
  const along = dot3(down, x);
  const y = unit3([down[0] - along * x[0], down[1] - along * x[1], down[2] - along * x[2]]);
  // roll: the cheek axis in the image plane; yaw: how far it points into depth;
  // pitch: how far the chin axis points into depth (mesh z grows away from the camera)
  const roll = deg(Math.atan2(x[1], x[0]));
  const yaw = deg(Math.asin(Math.max(-1, Math.min(1, x[2]))));
  const pitch = deg(Math.asin(Math.max(-1, Math.min(1, y[2])))) - pitchOffset;
  return { yaw, pitch, roll };
}
