/**
 * Light direction and uniformity from the shading across the face: clean-skin
 * L* of the subject's left vs right half and of the upper vs lower third, in
 * the face's own frame (so a tilted head does not read as side light).
 */
import { LM } from '../shared/landmarks';
import type { SkinContext } from '../regions/skin-context';
import { faceFrame, toFrame } from './face-frame';

/** Below this L* difference (both axes) the light counts as frontal. */
export const FRONT_LIGHT_MAX_DL = 6;

export interface LightEstimate {
  direction: 'front' | 'left' | 'right' | 'top' | 'bottom';
  uniformity: number;
  /** subject's left minus right, and top minus bottom, L* */
  leftRight: number;
  topBottom: number;
}

export function lightEstimate({ crop, clean, lab }: SkinContext): LightEstimate {
  const m = crop.mesh;
  const { width } = lab;
  const frame = faceFrame(m);
  const chinV = toFrame(frame, m[LM.chin][0], m[LM.chin][1])[1];
  const foreV = toFrame(frame, m[LM.foreheadTop][0], m[LM.foreheadTop][1])[1];
  const span = chinV - foreV;
  let leftL = 0,
    leftN = 0,
    rightL = 0,
    rightN = 0,
    topL = 0,
    topN = 0,
    bottomL = 0,
    bottomN = 0;
  const [ox, oy] = frame.origin;
  const [ux, uy] = frame.u;
  const [vx, vy] = frame.v;
  for (let i = 0; i < clean.length; i++) {
    if (!clean[i]) continue;
    // toFrame inlined (no array per pixel): this loop visits every clean-skin pixel
    const dx = (i % width) + 0.5 - ox;
    const dy = Math.floor(i / width) + 0.5 - oy;
    const u = dx * ux + dy * uy;
    const v = (dx * vx + dy * vy - foreV) / span;
    const L = lab.L[i];
    if (u > 0) {
      leftL += L;
      leftN++;
    } else {
      rightL += L;
      rightN++;
    }
    if (v < 1 / 3) {
      topL += L;
      topN++;
    } else if (v > 2 / 3) {
      bottomL += L;
      bottomN++;
    }
  }
  const avg = (s: number, n: number) => (n > 0 ? s / n : NaN);
  const leftRight = avg(leftL, leftN) - avg(rightL, rightN);
  const topBottom = avg(topL, topN) - avg(bottomL, bottomN);
  const lr = Number.isFinite(leftRight) ? leftRight : 0;
  const tb = Number.isFinite(topBottom) ? topBottom : 0;
  let direction: LightEstimate['direction'] = 'front';
  if (Math.max(Math.abs(lr), Math.abs(tb)) >= FRONT_LIGHT_MAX_DL) {
    direction = Math.abs(lr) >= Math.abs(tb) ? (lr > 0 ? 'left' : 'right') : tb > 0 ? 'top' : 'bottom';
  }
  return { direction, uniformity: Math.max(0, Math.min(1, 1 - Math.hypot(lr, tb) / 40)), leftRight: lr, topBottom: tb };
}
