/** Eyes and mouth open, from lid and lip distances relative to eye and mouth width. */
import { dist, type Point2 } from '../shared/vec';
import { LID_PAIRS_LEFT, LID_PAIRS_RIGHT, LM } from '../shared/landmarks';
import type { DetectedFace } from '../types';

/** Lid gap ÷ eye width below which an eye counts as closed (open eyes measure 0.2–0.35, closed under 0.08). */
export const EYE_OPEN_RATIO = 0.12;
/** Inner-lip gap ÷ mouth width above which the mouth counts as open (closed lips measure under 0.03). */
export const MOUTH_OPEN_RATIO = 0.08;

const INNER_LIP_TOP = 13;
const INNER_LIP_BOTTOM = 14;

export function eyeOpenRatio(face: DetectedFace): number {
  const p = (i: number): Point2 => [face.mesh[i][0], face.mesh[i][1]];
  const ratio = (pairs: ReadonlyArray<readonly [number, number]>, outer: number, inner: number) =>
    pairs.reduce((s, [a, b]) => s + dist(p(a), p(b)), 0) / pairs.length / dist(p(outer), p(inner));
  return (
    (ratio(LID_PAIRS_RIGHT, LM.eyeOuterRight, LM.eyeInnerRight) +
      ratio(LID_PAIRS_LEFT, LM.eyeOuterLeft, LM.eyeInnerLeft)) /
    2
  );
}

export function mouthOpenRatio(face: DetectedFace): number {
  const p = (i: number): Point2 => [face.mesh[i][0], face.mesh[i][1]];
  return dist(p(INNER_LIP_TOP), p(INNER_LIP_BOTTOM)) / dist(p(LM.mouthCornerRight), p(LM.mouthCornerLeft));
}
