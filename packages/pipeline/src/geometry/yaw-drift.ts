/**
 * What the face frame cannot undo. The mesh model draws the far side of a
 * turned face differently, not just foreshortened: its jaw corner follows the
 * silhouette and its lid opening narrows. Left-minus-right therefore drifts
 * with yaw at a rate that is the same on All-Age-Faces, UTKFace and the Korean
 * personal-colour portraits (fitted on any two, it removes the drift on the
 * third: `npm run bench:validity` prints the fit per set). Half the drift is
 * taken off each side, so the pair's mean is untouched and a mirrored photo
 * (yaw and sides swapped) still gives the mirrored result. Beyond the yaw the
 * sets cover, the metrics are not given.
 */

/** Yaw (degrees, either way, on headPose's scale) beyond which side-by-side geometry is null with `pose_out_of_range`. */
export { MAX_YAW_DEG } from '@face/catalog';

/**
 * Left-minus-right change per degree of yaw, pooled least squares over 900 AAF, 861 UTKFace and 207 personal-colour
 * faces (leave-one-set-out fits: jaw 0.437–0.461 °/°, eye height −0.000490 to −0.000515 face widths/°).
 */
export const YAW_DRIFT = {
  jaw_angle: 0.445,
  eye_height: -0.0005,
} as const;

/** The pair with the yaw's drift taken off, half from each side. */
export function withoutYawDrift(
  left: number,
  right: number,
  yawDeg: number,
  drift: number,
): { left: number; right: number } {
  const half = (drift * yawDeg) / 2;
  return { left: left - half, right: right + half };
}
