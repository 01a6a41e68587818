import {
  ageBandOf,
  buildCells,
  cohortOf,
  MIN_CELL_OBSERVATIONS,
  NormTable,
  percentileOf,
  quantiles,
  TEXTURE_MIN_FACE_PX,
} from './index';

test('the quantiles of 0..100 are the levels themselves; of one value, that value', () => {
  expect(quantiles(Array.from({ length: 101 }, (_, i) => i))).toEqual(Array.from({ length: 101 }, (_, i) => i));
  expect(new Set(quantiles([7]))).toEqual(new Set([7]));
  // interpolated between order statistics: the median of 1, 2, 3, 10 is 2.5
  expect(quantiles([10, 1, 3, 2])[50]).toBeCloseTo(2.5, 12);
});

test('a value reads back as its percentile; below and above the range 0 and 100', () => {
  const q = quantiles(Array.from({ length: 1001 }, (_, i) => i / 10)); // 0.0 … 100.0
  expect(percentileOf(25, q)).toBeCloseTo(25, 6);
  expect(percentileOf(62.5, q)).toBeCloseTo(62.5, 6);
  expect(percentileOf(-1, q)).toBe(0);
  expect(percentileOf(101, q)).toBe(100);
  // a skewed cell: most people low, a few high
  const skewed = quantiles([...Array(90).fill(1), ...Array.from({ length: 10 }, (_, i) => 2 + i)]);
  expect(percentileOf(1, skewed)).toBe(44.5); // the middle of the levels 0–89 that the 90 % who share it fill
  expect(percentileOf(5, skewed)).toBeGreaterThan(90);
});

test('percentiles never decrease as the value grows, ties included', () => {
  const values = [3, 3, 3, 4, 4, 7, 9, 9, 9, 9, 12, 15, 15, 20];
  const q = quantiles(values);
  let previous = -1;
  for (let v = 0; v <= 22; v += 0.05) {
    const p = percentileOf(v, q);
    expect(p).toBeGreaterThanOrEqual(previous);
    previous = p;
  }
});

test('age bands of ten years from 10, 60 and over together', () => {
  expect([9.9, 10, 19.99, 20, 35, 59.9, 60, 90].map(ageBandOf)).toEqual([
    null,
    '10-19',
    '10-19',
    '20-29',
    '30-39',
    '50-59',
    '60+',
    '60+',
  ]);
});

test('a cell is used from MIN_CELL_OBSERVATIONS people on; otherwise the reason is no_norms', () => {
  const people = (n: number, gender: 'female' | 'male', age: number) =>
    Array.from({ length: n }, (_, i) => ({ age, gender, values: { m: i, other: null } }));
  const cells = buildCells(
    [...people(MIN_CELL_OBSERVATIONS, 'female', 25), ...people(MIN_CELL_OBSERVATIONS - 1, 'male', 25)],
    ['m', 'other'],
  );
  expect(cells.map((c) => [c.gender, c.n]).sort()).toEqual([
    ['female', MIN_CELL_OBSERVATIONS],
    ['male', MIN_CELL_OBSERVATIONS - 1],
  ]);
  const table = new NormTable(cells, 'test');
  const female = table.percentiles({ m: MIN_CELL_OBSERVATIONS - 1, other: null }, ['m', 'other'], {
    ageBand: '20-29',
    gender: 'female',
    source: 'profile',
  });
  expect(female).toEqual({ values: { m: 100, other: null }, reasons: { other: 'not_measured' } });
  const male = table.percentiles({ m: 3 }, ['m'], { ageBand: '20-29', gender: 'male', source: 'profile' });
  expect(male).toEqual({ values: { m: null }, reasons: { m: 'no_norms' } });
  expect(table.percentiles({ m: 3 }, ['m'], null).reasons).toEqual({ m: 'no_age_gender' });
});

test('the cohort is the profile where it says, the estimates where it does not', () => {
  expect(cohortOf({ age: 27, gender: 'female' }, { age: 41, gender: 'male' })).toEqual({
    ageBand: '20-29',
    gender: 'female',
    source: 'profile',
  });
  expect(cohortOf({ age: null, gender: null }, { age: 41, gender: 'male' })).toEqual({
    ageBand: '40-49',
    gender: 'male',
    source: 'estimate',
  });
  expect(cohortOf({ age: null, gender: 'female' }, { age: 33.4, gender: 'male' })).toEqual({
    ageBand: '30-39',
    gender: 'female',
    source: 'mixed',
  });
  // "other" and "unspecified" are not a norm's gender: the estimate stands in
  expect(cohortOf({ age: 25, gender: 'other' }, { age: 25, gender: 'female' })?.source).toBe('mixed');
  expect(cohortOf({ age: null, gender: null }, { age: null, gender: null })).toBeNull();
});

test('texture read off a face under 300 px does not feed texture norms; other metrics of the same face do', () => {
  const people = (size: number) =>
    Array.from({ length: MIN_CELL_OBSERVATIONS }, (_, i) => ({
      age: 30,
      gender: 'female' as const,
      values: { texture_pore_density: i, geometry_x: i, context_face_size_px: size },
    }));
  const small = buildCells(people(TEXTURE_MIN_FACE_PX - 1), ['texture_pore_density', 'geometry_x']);
  expect(small.map((c) => c.metric)).toEqual(['geometry_x']);
  const large = buildCells(people(TEXTURE_MIN_FACE_PX), ['texture_pore_density', 'geometry_x']);
  expect(large.map((c) => c.metric).sort()).toEqual(['geometry_x', 'texture_pore_density']);
});
