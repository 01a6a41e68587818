/**
 * Landmark indices of the 468-point MediaPipe face mesh (plus 10 iris points)
 * as returned by @vladmandic/human. "right"/"left" are the subject's sides.
 */
export const LM = {
  foreheadTop: 10,
  chin: 152,
  zygionRight: 234,
  zygionLeft: 454,
  gonionRight: 172,
  gonionLeft: 397,
  browTopRight: 105,
  browTopLeft: 334,
  eyeOuterRight: 33,
  eyeInnerRight: 133,
  eyeInnerLeft: 362,
  eyeOuterLeft: 263,
  nasion: 168,
  noseTip: 1,
  subnasale: 2,
  alarRight: 129,
  alarLeft: 358,
  mouthCornerRight: 61,
  mouthCornerLeft: 291,
  upperLipTop: 0,
  lowerLipBottom: 17,
  irisCentreA: 468,
  irisCentreB: 473,
} as const;

/**
 * Corner neighbourhoods (the corner and the lid points on either side of it;
 * outside, also the corner of the next ring out, 130 / 359): their means give
 * corners that jitter less than single points, for the tilt. With 130 / 359 the
 * two eyes' tilts agree better on every data set (bench:validity; left/right
 * correlation 0.50 → 0.57 on AAF, 0.42 → 0.52 on UTKFace).
 */
export const CORNER_RIGHT = { outer: [33, 7, 246, 130], inner: [133, 155, 173] } as const;
export const CORNER_LEFT = { outer: [263, 249, 466, 359], inner: [362, 382, 398] } as const;

/**
 * Silhouette pairs across the jaw corners and across the upper forehead. Widths
 * are the mean over each set, which halves single-landmark jitter.
 */
export const JAW_PAIRS: ReadonlyArray<readonly [number, number]> = [
  [172, 397],
  [58, 288],
  [136, 365],
];
export const FOREHEAD_PAIRS: ReadonlyArray<readonly [number, number]> = [
  [54, 284],
  [21, 251],
  [103, 332],
];

/** Vertical lid pairs (upper, lower) used for the eye opening. */
export const LID_PAIRS_RIGHT: ReadonlyArray<readonly [number, number]> = [
  [160, 144],
  [159, 145],
  [158, 153],
];
export const LID_PAIRS_LEFT: ReadonlyArray<readonly [number, number]> = [
  [385, 380],
  [386, 374],
  [387, 373],
];

/**
 * Skin landmarks on the subject's right half (cheek, forehead, jaw) whose
 * mirror partners sample the other half for symmetry_intensity_diff.
 */
export const SKIN_SAMPLE_RIGHT = [50, 101, 118, 117, 123, 147, 187, 205, 36, 142, 67, 69, 104, 108, 150, 136] as const;
