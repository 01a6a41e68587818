import { MIN_SCORES_FOR_OVERALL, SKIN_CONCERNS, skinScores } from './skin-scores';

test('a score is 100 minus the percentile: more of a concern than most people is a low score', () => {
  const percentiles = Object.fromEntries(SKIN_CONCERNS.map((c, i) => [c.metric, i * 15])); // 0, 15, …, 90
  const s = skinScores(percentiles, {});
  expect(SKIN_CONCERNS.map((c) => s[c.key].score)).toEqual([100, 85, 70, 55, 40, 25, 10]);
  expect(SKIN_CONCERNS.map((c) => s[c.key].band)).toEqual([
    'good',
    'good',
    'good',
    'average',
    'average',
    'needs_care',
    'needs_care',
  ]);
  expect(s.overall).toEqual({ score: 55, band: 'average', null_reason: null });
});

test('a concern without a percentile has no score and says why; the overall score needs four concerns', () => {
  const some = Object.fromEntries(SKIN_CONCERNS.slice(0, MIN_SCORES_FOR_OVERALL - 1).map((c) => [c.metric, 50]));
  const s = skinScores({ ...some, texture_spot_ratio: null }, { texture_spot_ratio: 'not_measured' });
  expect(s.spots).toEqual({ score: null, band: null, null_reason: 'not_measured' });
  expect(s.redness).toEqual({ score: null, band: null, null_reason: 'no_norms' });
  expect(s.overall).toEqual({ score: null, band: null, null_reason: 'too_few_scores' });
});
