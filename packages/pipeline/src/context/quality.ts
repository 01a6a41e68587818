/**
 * Photo quality on the face: sharpness (variance of the Laplacian at a fixed
 * face width, so a photo's size does not change it), exposure (mean L*) and the
 * share of clipped pixels.
 */
import type { SkinContext } from '../regions/skin-context';

export interface FaceQuality {
  sharpness: number;
  exposure: number;
  /** share (0–1) of face pixels at pure white or black, L* ≥ 98 or ≤ 2 */
  clippedShare: number;
}

export function faceQuality({ crop, regions, lab }: SkinContext): FaceQuality {
  const { width: w, height: h, data } = crop.image;
  const grey = new Float32Array(w * h);
  for (let i = 0; i < grey.length; i++)
    grey[i] = 0.299 * data[i * 3] + 0.587 * data[i * 3 + 1] + 0.114 * data[i * 3 + 2];
  let n = 0,
    sum = 0,
    sum2 = 0,
    L = 0,
    clipped = 0;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      if (!regions.oval[i]) continue;
      const lap = grey[i - 1] + grey[i + 1] + grey[i - w] + grey[i + w] - 4 * grey[i];
      n++;
      sum += lap;
      sum2 += lap * lap;
      L += lab.L[i];
      if (lab.L[i] >= 98 || lab.L[i] <= 2) clipped++;
    }
  }
  if (n === 0) throw new Error('face oval is empty');
  return { sharpness: sum2 / n - (sum / n) ** 2, exposure: L / n, clippedShare: clipped / n };
}
