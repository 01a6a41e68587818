/**
 * Glasses from frame evidence on the face crop: a frame's bridge draws a
 * horizontal edge across the nose bridge and its lower rims cross the upper
 * cheeks — places where bare skin is smooth. The evidence is the edge energy
 * along the face's vertical axis there, relative to the same energy on the
 * cheeks (so skin texture and photo noise cancel).
 */
import { LM } from '../shared/landmarks';
import type { SkinContext } from '../regions/skin-context';
import { faceFrame, toFrame } from './face-frame';

export interface GlassesEvidence {
  /** log edge-energy ratio across the nose bridge vs the cheeks */
  bridge: number;
  /** log edge-energy ratio along the lower rims vs the cheeks */
  rims: number;
  /** darkest thin horizontal line across the nose bridge: depth below its neighbours, grey levels */
  bridgeLine: number;
  /** cheek L* minus eye area L* (tinted lenses darken it) */
  eyeAreaDarkening: number;
}

export function glassesEvidence({ crop, regions, lab }: SkinContext): GlassesEvidence {
  const { width: w, height: h, data } = crop.image;
  const m = crop.mesh;
  const frame = faceFrame(m);
  const at = (i: number) => toFrame(frame, m[i][0], m[i][1]);
  const innerR = at(LM.eyeInnerRight);
  const innerL = at(LM.eyeInnerLeft);
  const outerR = at(LM.eyeOuterRight);
  const outerL = at(LM.eyeOuterLeft);
  const browR = at(LM.browTopRight);
  const eyeWidth = (Math.abs(innerR[0] - outerR[0]) + Math.abs(innerL[0] - outerL[0])) / 2;
  const eyeLine = (innerR[1] + innerL[1] + outerR[1] + outerL[1]) / 4;
  const lowerLid = (at(145)[1] + at(374)[1]) / 2;

  const grey = (x: number, y: number) => {
    const i = (y * w + x) * 3;
    return 0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2];
  };
  const bridgeHalf = Math.abs(innerL[0] - innerR[0]) * 0.3;
  const vTop = Math.floor(browR[1]);
  const profile = new Float64Array(Math.max(1, Math.ceil(eyeLine) - vTop + 1));
  const profileN = new Float64Array(profile.length);
  const sums = { bridge: [0, 0], rims: [0, 0], cheeks: [0, 0], eyeArea: [0, 0] };
  const [ox, oy] = frame.origin;
  const [ux, uy] = frame.u;
  const [vx, vy] = frame.v;
  const innerU = Math.abs(innerR[0]);
  const rimTop = lowerLid + eyeWidth * 0.15;
  const rimBottom = lowerLid + eyeWidth * 0.7;
  const cheekTop = lowerLid + eyeWidth * 0.9;
  const [cheekR, cheekL0] = regions.cheek;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      // toFrame inlined: this loop visits every pixel of the crop
      const dx = x + 0.5 - ox;
      const dy = y + 0.5 - oy;
      const u = dx * ux + dy * uy;
      const v = dx * vx + dy * vy;
      const absU = Math.abs(u);
      const i = y * w + x;
      const inBridge = absU < bridgeHalf && v > browR[1] && v < eyeLine;
      const inRims = absU > innerU && absU < innerU + eyeWidth && v > rimTop && v < rimBottom;
      const inCheeks = (cheekR[i] || cheekL0[i]) && v > cheekTop;
      if (!inBridge && !inRims && !inCheeks) continue;
      // derivative along the face's vertical axis: horizontal frame edges
      const gx = (grey(x + 1, y) - grey(x - 1, y)) / 2;
      const gy = (grey(x, y + 1) - grey(x, y - 1)) / 2;
      const e = (gx * vx + gy * vy) ** 2;
      if (inBridge) {
        sums.bridge[0] += e;
        sums.bridge[1]++;
        const k = Math.floor(v) - vTop;
        profile[k] += grey(x, y);
        profileN[k]++;
      }
      if (inRims) {
        sums.rims[0] += e;
        sums.rims[1]++;
        if (regions.oval[i]) {
          sums.eyeArea[0] += lab.L[i];
          sums.eyeArea[1]++;
        }
      }
      if (inCheeks) {
        sums.cheeks[0] += e;
        sums.cheeks[1]++;
      }
    }
  }
  const mean = ([s, n]: number[]) => (n > 0 ? s / n : NaN);
  const cheekEnergy = mean(sums.cheeks) + 1;
  let cheekL = 0,
    cheekN = 0;
  for (let i = 0; i < regions.cheek[0].length; i++)
    if (regions.cheek[0][i] || regions.cheek[1][i]) {
      cheekL += lab.L[i];
      cheekN++;
    }
  // a frame's bridge is a thin dark (or bright metal) bar: the largest second difference of the row profile
  const rows = Array.from(profile, (s, k) => (profileN[k] > 0 ? s / profileN[k] : NaN));
  const d = Math.max(2, Math.round(frame.faceWidth * 0.012));
  let bridgeLine = 0;
  for (let k = d; k + d < rows.length; k++) {
    const depth = Math.abs((rows[k - d] + rows[k + d]) / 2 - rows[k]);
    if (depth > bridgeLine) bridgeLine = depth;
  }
  return {
    bridgeLine,
    bridge: Math.log((mean(sums.bridge) + 1) / cheekEnergy),
    rims: Math.log((mean(sums.rims) + 1) / cheekEnergy),
    eyeAreaDarkening: cheekL / Math.max(1, cheekN) - mean(sums.eyeArea),
  };
}
