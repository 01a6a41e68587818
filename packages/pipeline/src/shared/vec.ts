/** Small 2D/3D vector helpers for landmark geometry. */
export type Point2 = readonly [number, number];
export type Point3 = readonly [number, number, number];

export const sub = (a: Point2, b: Point2): [number, number] => [a[0] - b[0], a[1] - b[1]];

export type V3 = [number, number, number];
export const sub3 = (a: readonly number[], b: readonly number[]): V3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
export const dot3 = (a: readonly number[], b: readonly number[]): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
export const cross3 = (a: V3, b: V3): V3 => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
];
export const unit3 = (a: V3): V3 => {
  const n = Math.hypot(...a) || 1;
  return [a[0] / n, a[1] / n, a[2] / n];
};
export const dist = (a: Point2, b: Point2): number => Math.hypot(a[0] - b[0], a[1] - b[1]);
export const mid = (a: Point2, b: Point2): [number, number] => [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
export const meanPoint = (ps: ReadonlyArray<Point2>): [number, number] => [
  ps.reduce((s, q) => s + q[0], 0) / ps.length,
  ps.reduce((s, q) => s + q[1], 0) / ps.length,
];
export const dot = (a: Point2, b: Point2): number => a[0] * b[0] + a[1] * b[1];
export const deg = (rad: number): number => (rad * 180) / Math.PI;

/** Angle of the vector a→b in degrees, image coordinates (y down). */
export const lineAngle = (a: Point2, b: Point2): number => deg(Math.atan2(b[1] - a[1], b[0] - a[0]));

/** Interior angle at vertex v between rays v→a and v→b, degrees in [0, 180]. */
export function angleAt(v: Point2, a: Point2, b: Point2): number {
  const u = sub(a, v);
  const w = sub(b, v);
  const cos = dot(u, w) / (Math.hypot(...u) * Math.hypot(...w));
  return deg(Math.acos(Math.max(-1, Math.min(1, cos))));
}

/** Smallest absolute difference between two line directions (lines, not rays), degrees in [0, 90]. */
export function lineAngleDiff(a: number, b: number): number {
  let d = Math.abs(a - b) % 180;
  if (d > 90) d = 180 - d;
  return d;
}

/** Rotate p about origin o by −angleDeg, so a line at angleDeg becomes horizontal. */
export function unrotate(p: Point2, o: Point2, angleDeg: number): [number, number] {
  const t = (-angleDeg * Math.PI) / 180;
  const x = p[0] - o[0];
  const y = p[1] - o[1];
  return [x * Math.cos(t) - y * Math.sin(t), x * Math.sin(t) + y * Math.cos(t)];
}

export const round = (v: number, digits = 4): number => {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
};
