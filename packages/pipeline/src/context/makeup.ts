/**
 * Make-up from colour contrasts the face itself provides: lipstick raises the
 * lips' chroma above bare lips on the same skin; eye shadow and liner darken
 * or colour the eyelid band against the skin. Each contrast is mapped to 0–1
 * between the level bare faces show and a heavy level (MAKEUP_SCALE).
 */
import * as S from '../regions/landmark-sets';
import type { SkinContext } from '../regions/skin-context';
import { polygonMask, regionColour } from './region-colour';

/** Upper lid (corner to corner) and the brow's lower edge, per eye. */
const EYELID_RIGHT = [33, 246, 161, 160, 159, 158, 157, 173, 133, 55, 65, 52, 53, 46];
const EYELID_LEFT = [263, 466, 388, 387, 386, 385, 384, 398, 362, 285, 295, 282, 283, 276];

/**
 * [bare, heavy] contrast levels. bare = the 90th percentile on unpainted faces
 * (All-Age-Faces men aged 20–60), so 9 in 10 bare faces score under 0.15;
 * heavy = the 90th percentile on the celebrity portraits of personal_color.
 * Measured by scripts/calibrate-makeup.ts.
 */
export const MAKEUP_SCALE = {
  // lips separate well: bare p50 3.3, p90 8.6; made-up p50 22.0, p90 36.1 (2026-11-22, n = 120 / 207)
  lip: { bare: 8.6, heavy: 36.1 },
  // the eyelid band separates weakly (brow shadow darkens bare lids too): bare p90 22.3, made-up p90 26.7
  eye: { bare: 22.3, heavy: 26.7 },
};

export interface MakeupContrasts {
  /** lip chroma − skin chroma (C*) */
  lip: number;
  /** skin L* − eyelid L* plus eyelid chroma − skin chroma */
  eye: number;
}

export function makeupContrasts({ crop, lab, clean }: SkinContext): MakeupContrasts {
  const { width, height } = lab;
  const skin = regionColour(lab, clean);
  const lips = polygonMask(crop.mesh, S.LIPS, width, height);
  const opening = polygonMask(crop.mesh, S.MOUTH_OPENING, width, height, 1.1);
  for (let i = 0; i < lips.length; i++) if (opening[i]) lips[i] = 0;
  const lip = regionColour(lab, lips);
  const lids = [EYELID_RIGHT, EYELID_LEFT]
    .map((ids) => regionColour(lab, polygonMask(crop.mesh, ids, width, height)))
    .filter((c) => c.n > 0);
  const lid =
    lids.length === 0 ? NaN : lids.reduce((s, c) => s + (skin.L - c.L) + Math.max(0, c.C - skin.C), 0) / lids.length;
  return { lip: lip.C - skin.C, eye: lid };
}

const scale = (v: number, { bare, heavy }: { bare: number; heavy: number }) => {
  // bare maps to 0.15 and heavy to 0.7: a straight line through both, clamped to 0–1
  const t = 0.15 + ((v - bare) / (heavy - bare)) * 0.55;
  return Math.max(0, Math.min(1, t));
};

export function makeupScores(c: MakeupContrasts): { lip: number | null; eye: number | null; intensity: number | null } {
  const lip = Number.isFinite(c.lip) ? scale(c.lip, MAKEUP_SCALE.lip) : null;
  const eye = Number.isFinite(c.eye) ? scale(c.eye, MAKEUP_SCALE.eye) : null;
  const intensity = lip !== null && eye !== null ? (lip + eye) / 2 : (lip ?? eye);
  return { lip, eye, intensity };
}
