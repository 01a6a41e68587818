/** Synthetic skin patches with N drawn pores / lines: the measures rise monotonically with N (METRICS.md). */
import { poreDensity, scaleSpace, wrinkleDensity } from './fine-texture';
import { drawDots, drawLines, MM_PER_PX, SIZE, skinPatch } from './synthetic-skin';

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
