/**
 * From drawn skin to score: more pores or fine lines drawn on the same synthetic skin measure higher, stand at a
 * higher percentile of a cohort and so score lower.
 */
import {
  poreDensity,
  scaleSpace,
  wrinkleDensity,
  drawDots,
  drawLines,
  MM_PER_PX,
  SIZE,
  skinPatch,
} from '@face/pipeline/stages';
import { NormTable, quantiles, MIN_CELL_OBSERVATIONS, type Cohort } from './index';
import { skinScores } from './skin-scores';

const fullMask = new Uint8Array(SIZE * SIZE).fill(1);
const cohort: Cohort = { ageBand: '30-39', gender: 'female', source: 'profile' };

/** A cohort whose measures spread over what 0–200 drawn pores and 0–40 drawn lines give. */
function cohortTable(pores: number[], lines: number[]) {
  const spread = (xs: number[]) =>
    quantiles(
      Array.from(
        { length: MIN_CELL_OBSERVATIONS * 2 },
        (_, i) => xs[0] + ((xs[xs.length - 1] - xs[0]) * i) / (MIN_CELL_OBSERVATIONS * 2 - 1),
      ),
    );
  return new NormTable(
    [
      {
        metric: 'texture_pore_density',
        ageBand: '30-39',
        gender: 'female',
        n: MIN_CELL_OBSERVATIONS * 2,
        quantiles: spread(pores),
      },
      {
        metric: 'texture_wrinkle_density',
        ageBand: '30-39',
        gender: 'female',
        n: MIN_CELL_OBSERVATIONS * 2,
        quantiles: spread(lines),
      },
    ],
    'synthetic',
  );
}

test('more drawn pores and lines: a lower pores and fine-lines score', () => {
  const measure = (pores: number, lines: number) => {
    const p = skinPatch(4);
    drawDots(p, pores, 28);
    drawLines(p, lines, 44);
    const space = scaleSpace(p, MM_PER_PX);
    return {
      texture_pore_density: poreDensity(space, fullMask, MM_PER_PX)!,
      texture_wrinkle_density: wrinkleDensity(space, fullMask)!,
    };
  };
  const drawn = [
    [0, 0],
    [20, 4],
    [60, 12],
    [200, 40],
  ].map(([pores, lines]) => measure(pores, lines));
  const table = cohortTable(
    drawn.map((d) => d.texture_pore_density),
    drawn.map((d) => d.texture_wrinkle_density),
  );
  const scores = drawn.map((d) => {
    const { values, reasons } = table.percentiles(d, ['texture_pore_density', 'texture_wrinkle_density'], cohort);
    const s = skinScores(values, reasons);
    return [s.pores.score!, s.fine_lines.score!];
  });
  for (let i = 1; i < scores.length; i++) {
    expect(scores[i][0]).toBeLessThan(scores[i - 1][0]);
    expect(scores[i][1]).toBeLessThan(scores[i - 1][1]);
  }
  // clean skin is at the top of this cohort, the most drawn at the bottom
  expect(scores[0]).toEqual([100, 100]);
  expect(scores[3]).toEqual([0, 0]);
});
