/**
 * Mesh outlines (MediaPipe 468-point topology) used to build skin regions.
 * Polygons are closed and listed in order; "right" is the subject's right.
 */
export const FACE_OVAL = [
  10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377, 152, 148, 176, 149, 150, 136,
  172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109,
];
export const EYE_RIGHT = [33, 7, 163, 144, 145, 153, 154, 155, 133, 173, 157, 158, 159, 160, 161, 246];
export const EYE_LEFT = [263, 249, 390, 373, 374, 380, 381, 382, 362, 398, 384, 385, 386, 387, 388, 466];
export const BROW_RIGHT = [70, 63, 105, 66, 107, 55, 65, 52, 53, 46];
export const BROW_LEFT = [300, 293, 334, 296, 336, 285, 295, 282, 283, 276];
export const LIPS = [61, 146, 91, 181, 84, 17, 314, 405, 321, 375, 291, 409, 270, 269, 267, 0, 37, 39, 40, 185];
/** Inner edge of the lips (the mouth opening). */
export const MOUTH_OPENING = [
  78, 95, 88, 178, 87, 14, 317, 402, 318, 324, 308, 415, 310, 311, 312, 13, 82, 81, 80, 191,
];
/** The lower nose (alae, nostrils, columella); excluded as a convex hull. */
export const NOSTRIL_HULL = [64, 98, 97, 2, 326, 327, 294, 278, 48];
/** Forehead: mesh top edge, then the upper brow line back. */
export const FOREHEAD = [54, 103, 67, 109, 10, 338, 297, 332, 284, 300, 293, 334, 296, 336, 9, 107, 66, 105, 63, 70];
/** Nose bridge and dorsum (with the forehead, the T-zone). */
export const NOSE = [168, 417, 351, 419, 248, 281, 275, 4, 45, 51, 3, 196, 122, 193];
/** Under-eye bands: between the first and the third lower-lid rings. */
export const UNDER_EYE_RIGHT = [130, 25, 110, 24, 23, 22, 26, 112, 243, 245, 128, 121, 120, 119, 118, 117, 111, 143];
export const UNDER_EYE_LEFT = [
  359, 255, 339, 254, 253, 252, 256, 341, 463, 465, 357, 350, 349, 348, 347, 346, 340, 372,
];
/** Cheek centres (reference skin for the under-eye comparison). */
export const CHEEK_RIGHT = 205;
export const CHEEK_LEFT = 425;
