/**
 * Geometry group (METRICS.md §1): a pure function of the face mesh, the
 * decoded photo (for the brightness symmetry) and the person mask (for the
 * crown). Every distance is normalised, so resizing the photo changes nothing.
 */
import type { DetectedFace, GroupResult, MetricValue, PersonMask, RgbImage } from '../types';
import { classifyFaceShape, type ShapeFeatures } from './face-shape';
import { headLength } from './head-length';
import { CORNER_LEFT, CORNER_RIGHT, FOREHEAD_PAIRS, JAW_PAIRS, LID_PAIRS_LEFT, LID_PAIRS_RIGHT, LM } from './landmarks';
import type { MirrorMap } from './mirror-pairs';
import { intensitySymmetry, landmarkSymmetry } from './symmetry';
import { angleAt, dist, lineAngle, lineAngleDiff, meanPoint, mid, round, unrotate, type Point2 } from './vec';

export interface GeometryInput {
  face: DetectedFace;
  image: RgbImage;
  personMask: PersonMask | null;
  mirror: MirrorMap;
}

/** Below this height ÷ width the eye counts as closed and its aspect ratio is undefined. */
const CLOSED_EYE_RATIO = 0.04;

function meanWidth(m: DetectedFace['mesh'], pairs: ReadonlyArray<readonly [number, number]>): number {
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

function proportions(m: DetectedFace['mesh']): Proportions {
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

/** The proportions face shape is judged on (also used to measure their population spread). */
export function faceShapeFeatures(m: DetectedFace['mesh']): ShapeFeatures {
  return shapeFeaturesOf(proportions(m));
}

export function computeGeometry({ face, image, personMask, mirror }: GeometryInput): GroupResult {
  const m = face.mesh;
  const p = (i: number): Point2 => [m[i][0], m[i][1]];
  const values: Record<string, MetricValue> = {};
  const nullReasons: Record<string, string> = {};

  const q = proportions(m);
  const { faceWidth, faceLength, jawWidth, foreheadWidth } = q;

  // Pupils: assign the two iris centres to the eye they sit in.
  const eyeCentreRight = mid(p(LM.eyeOuterRight), p(LM.eyeInnerRight));
  const [ia, ib] = [p(LM.irisCentreA), p(LM.irisCentreB)];
  const [pupilRight, pupilLeft] = dist(ia, eyeCentreRight) < dist(ib, eyeCentreRight) ? [ia, ib] : [ib, ia];
  // Eye line from the subject's right pupil to the left one: horizontal in an upright frontal photo.
  const eyeLine = lineAngle(pupilRight, pupilLeft);
  const inFaceFrame = (q: Point2) => unrotate(q, pupilRight, eyeLine);

  values.face_length_width_ratio = faceLength / faceWidth;

  const crown = headLength(personMask, image, p(LM.chin), eyeLine, face.box);
  if (typeof crown === 'number') values.head_length_ratio = crown / faceWidth;
  else {
    values.head_length_ratio = null;
    nullReasons.head_length_ratio = crown.reason;
  }

  const browY = (inFaceFrame(p(LM.browTopRight))[1] + inFaceFrame(p(LM.browTopLeft))[1]) / 2;
  values.forehead_ratio = Math.abs(browY - inFaceFrame(p(LM.foreheadTop))[1]) / foreheadWidth;

  values.symmetry_score = landmarkSymmetry(m, mirror, faceWidth);
  const intensity = intensitySymmetry(image, m, mirror, faceWidth);
  values.symmetry_intensity_diff = intensity;
  if (intensity === null) nullReasons.symmetry_intensity_diff = 'skin_not_visible';

  values.jaw_angle_right = q.jawAngleRight;
  values.jaw_angle_left = q.jawAngleLeft;
  values.jawline_tilt = lineAngleDiff(lineAngle(p(LM.gonionRight), p(LM.gonionLeft)), eyeLine);
  values.cheekbone_jaw_ratio = faceWidth / jawWidth;

  for (const side of ['right', 'left'] as const) {
    const [outer, inner, lids, corners] =
      side === 'right'
        ? [LM.eyeOuterRight, LM.eyeInnerRight, LID_PAIRS_RIGHT, CORNER_RIGHT]
        : [LM.eyeOuterLeft, LM.eyeInnerLeft, LID_PAIRS_LEFT, CORNER_LEFT];
    const width = dist(p(outer), p(inner));
    const height = lids.reduce((s, [u, l]) => s + dist(p(u), p(l)), 0) / lids.length;
    values[`eye_width_${side}`] = width / faceWidth;
    values[`eye_height_${side}`] = height / faceWidth;
    if (height / width < CLOSED_EYE_RATIO) {
      values[`eye_aspect_ratio_${side}`] = null;
      nullReasons[`eye_aspect_ratio_${side}`] = 'eyes_closed';
    } else values[`eye_aspect_ratio_${side}`] = width / height;
    // + when the outer corner is higher (smaller y) than the inner one, in the face frame
    const o = inFaceFrame(meanPoint(corners.outer.map(p)));
    const i = inFaceFrame(meanPoint(corners.inner.map(p)));
    values[`eye_tilt_${side}`] = (Math.atan2(i[1] - o[1], Math.abs(o[0] - i[0])) * 180) / Math.PI;
  }

  values.intercanthal_ratio = dist(p(LM.eyeInnerRight), p(LM.eyeInnerLeft)) / faceWidth;
  values.interpupillary_ratio = dist(pupilRight, pupilLeft) / faceWidth;
  values.nose_length_ratio = dist(p(LM.nasion), p(LM.subnasale)) / faceLength;
  values.nose_width_ratio = dist(p(LM.alarRight), p(LM.alarLeft)) / faceWidth;
  values.nose_bridge_deviation = lineAngleDiff(lineAngle(p(LM.nasion), p(LM.noseTip)), eyeLine + 90);
  values.mouth_width_ratio = dist(p(LM.mouthCornerRight), p(LM.mouthCornerLeft)) / faceWidth;
  values.lip_height_ratio = dist(p(LM.upperLipTop), p(LM.lowerLipBottom)) / faceLength;

  const shape = classifyFaceShape(shapeFeaturesOf(q));
  values.face_shape = shape.shape;
  values.face_shape_confidence = shape.confidence;

  for (const [k, v] of Object.entries(values)) if (typeof v === 'number') values[k] = round(v, 4);
  return { values, nullReasons };
}
