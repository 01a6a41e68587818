/** Robust statistics over masked pixels. */
export function masked(values: Float32Array, mask: Uint8Array): Float32Array {
  let n = 0;
  for (let i = 0; i < mask.length; i++) n += mask[i];
  const out = new Float32Array(n);
  for (let i = 0, k = 0; i < mask.length; i++) if (mask[i]) out[k++] = values[i];
  return out;
}

/** Median by a 4096-bin histogram over the data's range: exact to 1/4096 of the range, O(n). */
export function median(xs: Float32Array | number[]): number {
  // indexed loops: for-of over a value that is sometimes a typed array, sometimes an array, stays unoptimised
  const n = xs.length;
  if (n === 0) return NaN;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = xs[i];
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  if (hi === lo) return lo;
  const bins = 4096;
  const hist = new Uint32Array(bins);
  const scale = (bins - 1) / (hi - lo);
  for (let i = 0; i < n; i++) hist[Math.round((xs[i] - lo) * scale)]++;
  let acc = 0;
  for (let i = 0; i < bins; i++) {
    acc += hist[i];
    if (acc * 2 >= n) return lo + i / scale;
  }
  return hi;
}

/** Median absolute deviation, scaled to the standard deviation of a normal distribution. */
export function robustSd(xs: Float32Array): number {
  const m = median(xs);
  const deviations = new Float32Array(xs.length);
  for (let i = 0; i < xs.length; i++) deviations[i] = Math.abs(xs[i] - m);
  return 1.4826 * median(deviations);
}

export function mean(xs: Float32Array | number[]): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return xs.length ? s / xs.length : NaN;
}

export function sd(xs: Float32Array): number {
  const m = mean(xs);
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += (xs[i] - m) ** 2;
  return xs.length > 1 ? Math.sqrt(s / (xs.length - 1)) : NaN;
}

/** Level 1–10: equal-width bins over [0, max]. */
export function level(value: number, max: number): number {
  return Math.min(10, Math.max(1, Math.floor((value / max) * 10) + 1));
}
