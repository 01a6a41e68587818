/** Rasterising mesh polygons into masks (even-odd scanline fill). */
import type { Point2 } from '../shared/vec';

export type Mask = Uint8Array;

/** The rows a fill touched, first and last inclusive (empty when last < first): later passes over the shape need only these. */
export interface RowSpan {
  first: number;
  last: number;
}

export const NO_ROWS: RowSpan = { first: 0, last: -1 };

export function joinRows(a: RowSpan, b: RowSpan): RowSpan {
  if (a.last < a.first) return b;
  if (b.last < b.first) return a;
  return { first: Math.min(a.first, b.first), last: Math.max(a.last, b.last) };
}

export function fillPolygon(
  mask: Mask,
  width: number,
  height: number,
  poly: ReadonlyArray<Point2>,
  value = 1,
): RowSpan {
  if (poly.length < 3) return NO_ROWS;
  const ys = poly.map((p) => p[1]);
  const y0 = Math.max(0, Math.floor(Math.min(...ys)));
  const y1 = Math.min(height - 1, Math.ceil(Math.max(...ys)));
  const xs: number[] = [];
  for (let y = y0; y <= y1; y++) {
    const cy = y + 0.5;
    xs.length = 0;
    for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
      const [xi, yi] = poly[i];
      const [xj, yj] = poly[j];
      if (yi > cy !== yj > cy) xs.push(xi + ((cy - yi) / (yj - yi)) * (xj - xi));
    }
    xs.sort((a, b) => a - b);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const a = Math.max(0, Math.ceil(xs[k] - 0.5));
      const b = Math.min(width - 1, Math.floor(xs[k + 1] - 0.5));
      if (a <= b) mask.fill(value, y * width + a, y * width + b + 1);
    }
  }
  return { first: y0, last: y1 };
}

export function fillDisc(mask: Mask, width: number, height: number, c: Point2, r: number, value = 1): RowSpan {
  const y0 = Math.max(0, Math.floor(c[1] - r));
  const y1 = Math.min(height - 1, Math.ceil(c[1] + r));
  for (let y = y0; y <= y1; y++) {
    // the chord of the disc on this row's centre line
    const dy = y + 0.5 - c[1];
    const half = Math.sqrt(Math.max(0, r * r - dy * dy));
    const a = Math.max(0, Math.ceil(c[0] - half - 0.5));
    const b = Math.min(width - 1, Math.floor(c[0] + half - 0.5));
    if (a <= b && dy * dy <= r * r) mask.fill(value, y * width + a, y * width + b + 1);
  }
  return { first: y0, last: y1 };
}

/** Scales a polygon about its centroid (grows exclusion zones around eyes, brows and lips). */
export function scalePolygon(poly: ReadonlyArray<Point2>, factor: number): Point2[] {
  const cx = poly.reduce((s, p) => s + p[0], 0) / poly.length;
  const cy = poly.reduce((s, p) => s + p[1], 0) / poly.length;
  return poly.map(([x, y]) => [cx + (x - cx) * factor, cy + (y - cy) * factor] as const);
}

/** Convex hull (monotone chain), counter-clockwise. */
export function convexHull(points: ReadonlyArray<Point2>): Point2[] {
  const p = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const cross = (o: Point2, a: Point2, b: Point2) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: Point2[] = [];
  for (const q of p) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], q) <= 0) lower.pop();
    lower.push(q);
  }
  const upper: Point2[] = [];
  for (const q of [...p].reverse()) {
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], q) <= 0) upper.pop();
    upper.push(q);
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}

export function count(mask: Mask): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) n += mask[i];
  return n;
}
