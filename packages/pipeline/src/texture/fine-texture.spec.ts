/** Synthetic skin patches with N drawn pores / lines: the measures rise monotonically with N (METRICS.md). */
import { poreDensity, scaleSpace, wrinkleDensity } from './fine-texture';

const SIZE = 300;
const MM_PER_PX = 0.35; // as on the 400 px-face-width crop

/** Deterministic pseudo-random numbers (mulberry32) so the patches are the same every run. */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Skin-like lightness: L* 70 with mild sensor noise. */
function skinPatch(seed: number) {
  const rand = rng(seed);
  const data = new Float32Array(SIZE * SIZE);
  for (let i = 0; i < data.length; i++) data[i] = 70 + (rand() - 0.5) * 1.5;
  return { width: SIZE, height: SIZE, data };
}

function drawDots(p: ReturnType<typeof skinPatch>, n: number, seed: number) {
  const rand = rng(seed);
  for (let k = 0; k < n; k++) {
    const cx = 10 + Math.floor(rand() * (SIZE - 20));
    const cy = 10 + Math.floor(rand() * (SIZE - 20));
    for (let y = -2; y <= 2; y++) for (let x = -2; x <= 2; x++) if (x * x + y * y <= 2) p.data[(cy + y) * SIZE + cx + x] -= 8;
  }
}

function drawLines(p: ReturnType<typeof skinPatch>, n: number, seed: number) {
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

const fullMask = new Uint8Array(SIZE * SIZE).fill(1);

test.each([1, 2, 3])('pore density rises with the number of pores drawn (seed %i)', (seed) => {
  const densities = [0, 10, 40, 160].map((n) => {
    const p = skinPatch(seed);
    drawDots(p, n, seed * 7);
    return poreDensity(scaleSpace(p, MM_PER_PX), fullMask, MM_PER_PX)!;
  });
  for (let i = 1; i < densities.length; i++) expect(densities[i]).toBeGreaterThan(densities[i - 1]);
  // on clean skin almost nothing is counted
  expect(densities[0]).toBeLessThan(densities[1] / 2);
});

test.each([1, 2, 3])('wrinkle density rises with the number of lines drawn (seed %i)', (seed) => {
  const densities = [0, 3, 10, 30].map((n) => {
    const p = skinPatch(seed);
    drawLines(p, n, seed * 11);
    return wrinkleDensity(scaleSpace(p, MM_PER_PX), fullMask)!;
  });
  for (let i = 1; i < densities.length; i++) expect(densities[i]).toBeGreaterThan(densities[i - 1]);
  expect(densities[0]).toBeLessThan(0.1);
});

test('a patch too small to measure gives null, not a number', () => {
  const tiny = { width: 10, height: 10, data: new Float32Array(100).fill(70) };
  expect(poreDensity(scaleSpace(tiny, MM_PER_PX), new Uint8Array(100).fill(1), MM_PER_PX)).toBeNull();
  expect(wrinkleDensity(scaleSpace(tiny, MM_PER_PX), new Uint8Array(100).fill(1))).toBeNull();
});
