/**
 * Image filters on float planes: separable Gaussian blur, box mean and the
 * Hessian's eigenvalues. Written here rather than loading OpenCV's 10 MB WASM
 * build for a few convolutions.
 */
export interface Plane {
  width: number;
  height: number;
  data: Float32Array;
}

function kernel(sigma: number): Float32Array {
  const r = Math.max(1, Math.ceil(sigma * 3));
  const k = new Float32Array(2 * r + 1);
  let sum = 0;
  for (let i = -r; i <= r; i++) sum += k[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma));
  for (let i = 0; i < k.length; i++) k[i] /= sum;
  return k;
}

/** Gaussian blur with clamped edges. */
export function gaussian(p: Plane, sigma: number): Plane {
  const { width: w, height: h, data } = p;
  const k = kernel(sigma);
  const r = (k.length - 1) / 2;
  const tmp = new Float32Array(w * h);
  const out = new Float32Array(w * h);
  // rows: clamped taps only near the edges
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      let s = 0;
      if (x >= r && x < w - r) for (let i = -r; i <= r; i++) s += k[i + r] * data[row + x + i];
      else for (let i = -r; i <= r; i++) s += k[i + r] * data[row + Math.min(w - 1, Math.max(0, x + i))];
      tmp[row + x] = s;
    }
  }
  // columns, accumulated row by row (cache friendly)
  for (let i = -r; i <= r; i++) {
    const weight = k[i + r];
    for (let y = 0; y < h; y++) {
      const src = Math.min(h - 1, Math.max(0, y + i)) * w;
      const dst = y * w;
      for (let x = 0; x < w; x++) out[dst + x] += weight * tmp[src + x];
    }
  }
  return { width: w, height: h, data: out };
}

/**
 * Largest and smallest Hessian eigenvalues of an image already smoothed at σ,
 * scale-normalised by σ². A dark line (a wrinkle's valley) has a large
 * positive λ1 across it and λ2 ≈ 0 along it.
 */
export function hessianEigenOfSmoothed(smoothed: Plane, sigma: number): { l1: Float32Array; l2: Float32Array } {
  const { width: w, height: h } = smoothed;
  const s = smoothed.data;
  const l1 = new Float32Array(w * h);
  const l2 = new Float32Array(w * h);
  const norm = sigma * sigma;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      const dxx = s[i - 1] - 2 * s[i] + s[i + 1];
      const dyy = s[i - w] - 2 * s[i] + s[i + w];
      const dxy = (s[i - w - 1] + s[i + w + 1] - s[i - w + 1] - s[i + w - 1]) / 4;
      const half = (dxx + dyy) / 2;
      const root = Math.sqrt(((dxx - dyy) / 2) ** 2 + dxy * dxy);
      l1[i] = (half + root) * norm;
      l2[i] = (half - root) * norm;
    }
  }
  return { l1, l2 };
}

/** Mean over a (2r+1)² box around each pixel, from an integral image (O(1) per pixel). */
export function boxMean(p: Plane, r: number): Plane {
  const { width: w, height: h, data } = p;
  const sat = new Float64Array((w + 1) * (h + 1));
  for (let y = 0; y < h; y++) {
    let rowSum = 0;
    for (let x = 0; x < w; x++) {
      rowSum += data[y * w + x];
      sat[(y + 1) * (w + 1) + x + 1] = sat[y * (w + 1) + x + 1] + rowSum;
    }
  }
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const y0 = Math.max(0, y - r);
    const y1 = Math.min(h, y + r + 1);
    for (let x = 0; x < w; x++) {
      const x0 = Math.max(0, x - r);
      const x1 = Math.min(w, x + r + 1);
      const sum = sat[y1 * (w + 1) + x1] - sat[y0 * (w + 1) + x1] - sat[y1 * (w + 1) + x0] + sat[y0 * (w + 1) + x0];
      out[y * w + x] = sum / ((y1 - y0) * (x1 - x0));
    }
  }
  return { width: w, height: h, data: out };
}
