/**
 * Anti-aliased hairlines (Xiaolin Wu) blended straight into an RGB buffer.
 * The overlay draws the 1,348 mesh edges this way: handing them to librsvg as
 * an SVG path cost ~20 ms an analysis, this costs ~1 ms.
 */
export interface RgbCanvas {
  data: Uint8Array;
  width: number;
  height: number;
}

/** Blends colour into one pixel with the given weight (0–1); pixels outside the canvas are skipped. */
function plot(c: RgbCanvas, x: number, y: number, rgb: readonly [number, number, number], weight: number): void {
  if (x < 0 || y < 0 || x >= c.width || y >= c.height || weight <= 0) return;
  const i = (y * c.width + x) * 3;
  for (let k = 0; k < 3; k++) c.data[i + k] = Math.round(c.data[i + k] + (rgb[k] - c.data[i + k]) * weight);
}

/** A line from (x0, y0) to (x1, y1), pixel centres at integer + 0.5, drawn at the given opacity. */
export function drawLine(
  c: RgbCanvas,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  rgb: readonly [number, number, number],
  opacity: number,
): void {
  // work in pixel-index coordinates: a point at 10.5 is the centre of pixel 10
  x0 -= 0.5;
  y0 -= 0.5;
  x1 -= 0.5;
  y1 -= 0.5;
  const steep = Math.abs(y1 - y0) > Math.abs(x1 - x0);
  if (steep) [x0, y0, x1, y1] = [y0, x0, y1, x1];
  if (x0 > x1) [x0, y0, x1, y1] = [x1, y1, x0, y0];
  const gradient = x1 === x0 ? 0 : (y1 - y0) / (x1 - x0);
  const put = (major: number, minor: number, w: number) =>
    steep ? plot(c, minor, major, rgb, w * opacity) : plot(c, major, minor, rgb, w * opacity);
  for (let x = Math.round(x0); x <= Math.round(x1); x++) {
    const y = y0 + gradient * (x - x0);
    const base = Math.floor(y);
    const frac = y - base;
    // end pixels are covered only partly along the line
    const along =
      x === Math.round(x0) ? 1 - (x0 + 0.5 - Math.round(x0)) : x === Math.round(x1) ? x1 + 0.5 - Math.round(x1) : 1;
    put(x, base, (1 - frac) * along);
    put(x, base + 1, frac * along);
  }
}
