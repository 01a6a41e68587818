/**
 * The colour drape (report page, …/drape.png): the person's head twice, side by side, above a cloth in the best
 * colour of their palette (left) and the one to avoid most (right), as a colour consultant drapes fabric under the
 * face to show what each colour does to it. The head comes from the photo; the cloth covers the shoulders (where the
 * person mask says person) and a neckline below the chin, so clothing of the photo does not compete.
 */
import type { DetectedFace, PersonMask, RgbImage } from './types';

/** One panel, px (portrait proportions, enough for a phone screen at two panels across). */
export const DRAPE_PANEL = { width: 300, height: 380 } as const;
/** Space between the two panels, px (white). */
export const DRAPE_GAP = 8;
/** Mesh index of the chin's lowest point (MediaPipe face mesh). */
const CHIN = 152;

export interface DrapeInput {
  image: RgbImage;
  face: DetectedFace;
  mask: PersonMask | null;
  /** the palette's best colour and the colour to avoid, #rrggbb */
  colours: readonly [string, string];
}

const rgbOf = (hex: string): [number, number, number] => {
  if (!/^#[0-9a-fA-F]{6}$/.test(hex)) throw new Error(`not a colour: ${hex}`);
  return [0, 2, 4].map((i) => parseInt(hex.slice(1 + i, 3 + i), 16)) as [number, number, number];
};

/** Draws the drape (raw RGB, two panels of DRAPE_PANEL and a gap). */
export function drawDrape({ image, face, mask, colours }: DrapeInput): RgbImage {
  const { width: PW, height: PH } = DRAPE_PANEL;
  const W = 2 * PW + DRAPE_GAP;
  const out = new Uint8Array(W * PH * 3).fill(255);
  // the face from its mesh (the detector's box is a loose square around it)
  const xs = face.mesh.map((p) => p[0]);
  const ys = face.mesh.map((p) => p[1]);
  const [minX, maxX, minY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys)];
  const chinY = face.mesh[CHIN]?.[1] ?? Math.max(...ys);
  const bw = Math.max(1, maxX - minX);
  const bh = Math.max(1, chinY - minY);
  const cx = (minX + maxX) / 2;
  // the crop: 2.6 face widths across, the chin at 55 % of the height (head above, shoulders below)
  const cropW = 2.6 * bw;
  const scale = cropW / PW; // source px per panel px
  const x0 = cx - cropW / 2;
  const y0 = chinY - 0.55 * PH * scale;
  const chinPanel = 0.55 * PH;
  const faceHalfWidthPanel = bw / 2 / scale;
  const facePanelH = bh / scale;

  // the cloth: a U neckline a little below the chin, widening to the panel's edges at the bottom, plus the shoulders
  const necklineTop = chinPanel + 0.18 * facePanelH;
  const cloth = new Uint8Array(PW * PH);
  for (let py = 0; py < PH; py++) {
    for (let px = 0; px < PW; px++) {
      const dx = (px - PW / 2) / (1.15 * faceHalfWidthPanel);
      const neckline = necklineTop + 0.22 * facePanelH * Math.max(0, 1 - dx * dx);
      const widening =
        1.15 * faceHalfWidthPanel +
        ((PW / 2 - 1.15 * faceHalfWidthPanel) * Math.max(0, py - necklineTop)) / Math.max(1, PH - necklineTop);
      let inCloth = py >= neckline && Math.abs(px - PW / 2) <= widening;
      if (!inCloth && mask && py >= necklineTop) {
        const sx = x0 + px * scale;
        const sy = y0 + py * scale;
        const mx = Math.floor((sx / image.width) * mask.width);
        const my = Math.floor((sy / image.height) * mask.height);
        inCloth = mx >= 0 && my >= 0 && mx < mask.width && my < mask.height && mask.data[my * mask.width + mx] > 0.5;
      }
      cloth[py * PW + px] = inCloth ? 1 : 0;
    }
  }

  colours.forEach((hex, panel) => {
    const [r, g, b] = rgbOf(hex);
    const left = panel * (PW + DRAPE_GAP);
    for (let py = 0; py < PH; py++) {
      for (let px = 0; px < PW; px++) {
        const o = 3 * (py * W + left + px);
        if (cloth[py * PW + px]) {
          out[o] = r;
          out[o + 1] = g;
          out[o + 2] = b;
          continue;
        }
        // the photo, nearest neighbour (a light grey where the crop runs past its edges)
        const sx = Math.floor(x0 + px * scale);
        const sy = Math.floor(y0 + py * scale);
        if (sx < 0 || sy < 0 || sx >= image.width || sy >= image.height) {
          out.fill(235, o, o + 3);
          continue;
        }
        const i = 3 * (sy * image.width + sx);
        out[o] = image.data[i];
        out[o + 1] = image.data[i + 1];
        out[o + 2] = image.data[i + 2];
      }
    }
  });
  return { data: out, width: W, height: PH };
}
