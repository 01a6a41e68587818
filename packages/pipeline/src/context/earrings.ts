/**
 * Earrings: each ear-lobe zone (outside the jaw line, below the tragus) that
 * the photo shows — inside the frame, on the person, on a side not turned
 * away, with ear skin showing (hair not covering it) — is searched for
 * jewellery: person pixels far from the skin colour that are bright (metal,
 * pearls, specular glints) or strongly coloured. Measured only on a handful of
 * photos (no labelled earring set exists here); `unknown` when no lobe shows.
 */
import { srgbToLab } from '../shared/colour-space';
import type { DetectedFace, PersonMask, RgbImage } from '../types';
import { faceFrame } from './face-frame';

/** Lowest jaw-line landmark under each ear (subject's right, left). */
const LOBE_ANCHORS = [
  [132, -1],
  [361, 1],
] as const;
/** A side turned further away than this hides its ear. */
const HIDDEN_YAW_DEG = 30;
/** Share of a lobe zone that must be ear-skin coloured for the ear to count as visible. */
const MIN_SKIN_SHARE = 0.15;
/** Share of jewellery-like pixels that makes an earring. */
const MIN_JEWEL_SHARE = 0.02;

export type EarringAnswer = 'yes' | 'no' | 'unknown';

export function detectEarrings(
  image: RgbImage,
  face: DetectedFace,
  mask: PersonMask,
  skinLab: readonly number[],
  yawDeg: number,
): EarringAnswer {
  const frame = faceFrame(face.mesh);
  const r = frame.faceWidth * 0.09;
  let visible = 0;
  let found = false;
  for (const [anchor, side] of LOBE_ANCHORS) {
    // turned away: yaw > 0 turns the face to the subject's left, hiding the left ear
    if (side * yawDeg > HIDDEN_YAW_DEG) continue;
    const a = face.mesh[anchor];
    const cx = a[0] + side * frame.u[0] * frame.faceWidth * 0.1 + frame.v[0] * frame.faceWidth * 0.08;
    const cy = a[1] + side * frame.u[1] * frame.faceWidth * 0.1 + frame.v[1] * frame.faceWidth * 0.08;
    if (cx - r < 0 || cy - r < 0 || cx + r >= image.width || cy + r >= image.height) continue;
    let n = 0,
      skin = 0,
      jewel = 0;
    const step = Math.max(1, Math.floor(r / 20));
    for (let y = Math.floor(cy - r); y <= cy + r; y += step) {
      for (let x = Math.floor(cx - r); x <= cx + r; x += step) {
        if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) continue;
        const mx = Math.min(mask.width - 1, Math.floor((x / image.width) * mask.width));
        const my = Math.min(mask.height - 1, Math.floor((y / image.height) * mask.height));
        if (mask.data[my * mask.width + mx] < 0.5) continue;
        const i = (y * image.width + x) * 3;
        const [L, A, B] = srgbToLab(image.data[i], image.data[i + 1], image.data[i + 2]);
        n++;
        const dE = Math.hypot(L - skinLab[0], A - skinLab[1], B - skinLab[2]);
        if (dE < 15) skin++;
        else if (dE > 30 && (L > skinLab[0] + 25 || Math.hypot(A, B) > Math.hypot(skinLab[1], skinLab[2]) + 25))
          jewel++;
      }
    }
    if (n === 0 || skin / n < MIN_SKIN_SHARE) continue;
    visible++;
    if (jewel / n >= MIN_JEWEL_SHARE) found = true;
  }
  return visible === 0 ? 'unknown' : found ? 'yes' : 'no';
}
