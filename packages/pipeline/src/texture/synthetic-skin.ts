/**
 * Synthetic skin patches with a known number of drawn pores or fine lines, for the tests that pin texture measures
 * (and the skin scores built on them): deterministic, so a patch is the same on every run.
 */
export const SIZE = 300;
export const MM_PER_PX = 0.35; // as on the 400 px-face-width crop

/** Deterministic pseudo-random numbers (mulberry32) so the patches are the same every run. */
export function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Skin-like lightness: L* 70 with mild sensor noise. */
export function skinPatch(seed: number) {
  const rand = rng(seed);
  const data = new Float32Array(SIZE * SIZE);
  for (let i = 0; i < data.length; i++) data[i] = 70 + (rand() - 0.5) * 1.5;
  return { width: SIZE, height: SIZE, data };
}

export function drawDots(p: ReturnType<typeof skinPatch>, n: number, seed: number) {
  const rand = rng(seed);
  for (let k = 0; k < n; k++) {
    const cx = 10 + Math.floor(rand() * (SIZE - 20));
    const cy = 10 + Math.floor(rand() * (SIZE - 20));
    for (let y = -2; y <= 2; y++)
      for (let x = -2; x <= 2; x++) if (x * x + y * y <= 2) p.data[(cy + y) * SIZE + cx + x] -= 8;
  }
}

export function drawLines(p: ReturnType<typeof skinPatch>, n: number, seed: number) {
  const rand = rng(seed);
  for (let k = 0; k < n; k++) {
    const x0 = 10 + rand() * (SIZE - 80);
    const y0 = 10 + rand() * (SIZE - 20);
    const slope = (rand() - 0.5) * 0.4;
    for (let t = 0; t < 60; t++) {
      const x = Math.round(x0 + t);
      const y = Math.round(y0 + t * slope);
      if (y > 1 && y < SIZE - 2) {
        p.data[y * SIZE + x] -= 7;
        p.data[(y + 1) * SIZE + x] -= 4;
      }
    }
  }
}
