/**
 * Geometry group (METRICS.md §1): a pure function of the face mesh, the
 * decoded photo (for the brightness symmetry) and the person mask (for the
 * crown). Lengths, ratios and angles are measured on the face seen straight on
 * in its own 3-D frame (face-frame.ts), so head pose and in-plane rotation do
 * not enter them; every distance is normalised, so resizing changes nothing.
 */
import type { GeometryKey } from '@face/catalog';
import type { DetectedFace, GroupResult, MetricValue, PersonMask, RgbImage } from '../types';
import { faceFrame } from './face-frame';
import { classifyFaceShape, type ShapeFeatures } from './face-shape';
import { headLength } from './head-length';
import { headPose } from '../shared/head-pose';
import {
  CORNER_LEFT,
  CORNER_RIGHT,
  FOREHEAD_PAIRS,
  JAW_PAIRS,
  LID_PAIRS_LEFT,
  LID_PAIRS_RIGHT,
  LM,
} from '../shared/landmarks';
import type { MirrorMap } from './mirror-pairs';
import { intensitySymmetry, landmarkSymmetry } from './symmetry';
import { angleAt, dist, lineAngle, lineAngleDiff, meanPoint, mid, round, type Point2 } from '../shared/vec';
import { MAX_YAW_DEG, withoutYawDrift, YAW_DRIFT } from './yaw-drift';

export interface GeometryInput {
  face: DetectedFace;
  image: RgbImage;
  personMask: PersonMask | null;
  mirror: MirrorMap;
}

/** Below this height ÷ width the eye counts as closed and its aspect ratio is undefined. */
const CLOSED_EYE_RATIO = 0.04;

/** Landmarks as (x, y) pairs, or more: only the first two coordinates are read. */
type Landmarks = ReadonlyArray<readonly number[]>;

function meanWidth(m: Landmarks, pairs: ReadonlyArray<readonly [number, number]>): number {
  return pairs.reduce((s, [a, b]) => s + Math.hypot(m[a][0] - m[b][0], m[a][1] - m[b][1]), 0) / pairs.length;
}

/** The face's main lengths (px) and gonial angles (°), measured once for the metrics and the face shape. */
interface Proportions {
  faceWidth: number;
  faceLength: number;
  jawWidth: number;
  foreheadWidth: number;
  jawAngleRight: number;
  jawAngleLeft: number;
}

function proportions(m: Landmarks): Proportions {
  const p = (i: number): Point2 => [m[i][0], m[i][1]];
  return {
    faceWidth: dist(p(LM.zygionRight), p(LM.zygionLeft)),
    faceLength: dist(p(LM.foreheadTop), p(LM.chin)),
    jawWidth: meanWidth(m, JAW_PAIRS),
    foreheadWidth: meanWidth(m, FOREHEAD_PAIRS),
    // gonial angle: at the jaw corner, between the ramus (towards the zygion) and the mandible (towards the chin)
    jawAngleRight: angleAt(p(LM.gonionRight), p(LM.zygionRight), p(LM.chin)),
    jawAngleLeft: angleAt(p(LM.gonionLeft), p(LM.zygionLeft), p(LM.chin)),
  };
}

function shapeFeaturesOf(q: Proportions): ShapeFeatures {
  return {
    lengthWidth: q.faceLength / q.faceWidth,
    foreheadCheek: q.foreheadWidth / q.faceWidth,
    jawCheek: q.jawWidth / q.faceWidth,
    jawAngle: (q.jawAngleRight + q.jawAngleLeft) / 2,
  };
}

/** The proportions face shape is judged on, in the face's own frame (also used to measure their population spread). */
export function faceShapeFeatures(m: DetectedFace['mesh'], mirror: MirrorMap): ShapeFeatures {
  return shapeFeaturesOf(proportions(faceFrame(m, mirror)));
}

export function computeGeometry({ face, image, personMask, mirror }: GeometryInput): GroupResult {
  const m = face.mesh;
  // the photo's own coordinates: for what is measured on the photo (the crown, skin brightness)
  const inPhoto = (i: number): Point2 => [m[i][0], m[i][1]];
  // the face seen straight on in its own frame: x towards the subject's left, y towards the chin
  const frame = faceFrame(m, mirror);
  const p = (i: number): Point2 => [frame[i][0], frame[i][1]];
  // keyed by the catalog: a misspelt key does not compile
  const values: Partial<Record<GeometryKey, MetricValue>> = {};
  const nullReasons: Partial<Record<GeometryKey, string>> = {};

  const q = proportions(frame);
  const { faceWidth, faceLength, jawWidth, foreheadWidth } = q;

  // Pupils: assign the two iris centres to the eye they sit in.
  const pupils = (at: (i: number) => Point2): [Point2, Point2] => {
    const eyeCentreRight = mid(at(LM.eyeOuterRight), at(LM.eyeInnerRight));
    const [ia, ib] = [at(LM.irisCentreA), at(LM.irisCentreB)];
    return dist(ia, eyeCentreRight) < dist(ib, eyeCentreRight) ? [ia, ib] : [ib, ia];
  };
  const [pupilRight, pupilLeft] = pupils(p);

  values.face_length_width_ratio = faceLength / faceWidth;

  // the crown is found on the photo, along its own eye line
  const [photoPupilRight, photoPupilLeft] = pupils(inPhoto);
  const crown = headLength(personMask, image, inPhoto(LM.chin), lineAngle(photoPupilRight, photoPupilLeft), face.box);
  if (typeof crown === 'number') values.head_length_ratio = crown / faceWidth;
  else {
    values.head_length_ratio = null;
    nullReasons.head_length_ratio = crown.reason;
  }

  const browY = (p(LM.browTopRight)[1] + p(LM.browTopLeft)[1]) / 2;
  values.forehead_ratio = Math.abs(browY - p(LM.foreheadTop)[1]) / foreheadWidth;

  // both compare the face with its mirror image on the photo (the landmark one after its own rigid alignment)
  const photoFaceWidth = dist(inPhoto(LM.zygionRight), inPhoto(LM.zygionLeft));
  values.symmetry_score = landmarkSymmetry(m, mirror, photoFaceWidth);
  const intensity = intensitySymmetry(image, m, mirror, photoFaceWidth);
  values.symmetry_intensity_diff = intensity;
  if (intensity === null) nullReasons.symmetry_intensity_diff = 'skin_not_visible';

  const { yaw } = headPose(face);
  const turnedTooFar = Math.abs(yaw) > MAX_YAW_DEG;
  const jaw = withoutYawDrift(q.jawAngleLeft, q.jawAngleRight, yaw, YAW_DRIFT.jaw_angle);
  values.jaw_angle_right = jaw.right;
  values.jaw_angle_left = jaw.left;
  // against the face's own left-right axis (horizontal in its frame)
  values.jawline_tilt = lineAngleDiff(lineAngle(p(LM.gonionRight), p(LM.gonionLeft)), 0);
  values.cheekbone_jaw_ratio = faceWidth / jawWidth;

  const lidOpening = { right: 0, left: 0 };
  const medialHeight = (meanPoint(CORNER_RIGHT.inner.map(p))[1] + meanPoint(CORNER_LEFT.inner.map(p))[1]) / 2;
  for (const side of ['right', 'left'] as const) {
    const [outer, inner, lids, corners] =
      side === 'right'
        ? [LM.eyeOuterRight, LM.eyeInnerRight, LID_PAIRS_RIGHT, CORNER_RIGHT]
        : [LM.eyeOuterLeft, LM.eyeInnerLeft, LID_PAIRS_LEFT, CORNER_LEFT];
    const width = dist(p(outer), p(inner));
    const height = lids.reduce((s, [u, l]) => s + dist(p(u), p(l)), 0) / lids.length;
    values[`eye_width_${side}`] = width / faceWidth;
    lidOpening[side] = height / faceWidth;
    // The shape of one eye is a ratio of two of its own lengths, read on the photo: exact under in-plane rotation,
    // and a turned head shortens both alike there, while the frame would lengthen only the width back (the mesh
    // model draws a turned eye's lid opening smaller, which no rotation undoes).
    const photoWidth = dist(inPhoto(outer), inPhoto(inner));
    const photoHeight = lids.reduce((s, [u, l]) => s + dist(inPhoto(u), inPhoto(l)), 0) / lids.length;
    if (photoHeight / photoWidth < CLOSED_EYE_RATIO) {
      values[`eye_aspect_ratio_${side}`] = null;
      nullReasons[`eye_aspect_ratio_${side}`] = 'eyes_closed';
    } else values[`eye_aspect_ratio_${side}`] = photoWidth / photoHeight;
    // + when the outer corner is higher (smaller y) than the inner one, in the face frame, from the horizontal through
    // the medial canthi: their mean height, since a face's two inner corners sit level and the mesh's difference
    // between them is its own error (it follows the head's yaw on East-Asian faces and tipped the two tilts apart)
    const o = meanPoint(corners.outer.map(p));
    const i = meanPoint(corners.inner.map(p));
    values[`eye_tilt_${side}`] = (Math.atan2(medialHeight - o[1], Math.abs(o[0] - i[0])) * 180) / Math.PI;
  }

  const eyeHeight = withoutYawDrift(lidOpening.left, lidOpening.right, yaw, YAW_DRIFT.eye_height);
  values.eye_height_right = eyeHeight.right;
  values.eye_height_left = eyeHeight.left;

  // side-by-side measures are not given beyond the yaw they were checked to (yaw-drift.ts)
  if (turnedTooFar) {
    for (const key of [
      'jaw_angle_right',
      'jaw_angle_left',
      'eye_height_right',
      'eye_height_left',
      'eye_tilt_right',
      'eye_tilt_left',
    ] as const) {
      values[key] = null;
      nullReasons[key] = 'pose_out_of_range';
    }
  }

  values.intercanthal_ratio = dist(p(LM.eyeInnerRight), p(LM.eyeInnerLeft)) / faceWidth;
  values.interpupillary_ratio = dist(pupilRight, pupilLeft) / faceWidth;
  values.nose_length_ratio = dist(p(LM.nasion), p(LM.subnasale)) / faceLength;
  values.nose_width_ratio = dist(p(LM.alarRight), p(LM.alarLeft)) / faceWidth;
  values.nose_bridge_deviation = lineAngleDiff(lineAngle(p(LM.nasion), p(LM.noseTip)), 90);
  values.mouth_width_ratio = dist(p(LM.mouthCornerRight), p(LM.mouthCornerLeft)) / faceWidth;
  values.lip_height_ratio = dist(p(LM.upperLipTop), p(LM.lowerLipBottom)) / faceLength;

  const shape = classifyFaceShape(shapeFeaturesOf(q));
  values.face_shape = shape.shape;
  values.face_shape_confidence = shape.confidence;

  for (const [k, v] of Object.entries(values)) if (typeof v === 'number') values[k as GeometryKey] = round(v, 4);
  // every key is written above (face-frame.spec.ts checks the output against the catalog)
  return { values: values as Record<GeometryKey, MetricValue>, nullReasons: nullReasons as Record<string, string> };
}
