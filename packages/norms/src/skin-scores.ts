/**
 * Skin scores 0–100, higher is better, for the concerns people ask about: the share of people of the same gender and
 * age band who show more of it. score = 100 − the measure's percentile (percentiles.ts), so 70 means seven in ten
 * of them have more visible pores (or lines, spots, …). The overall score is the mean of the concern scores, given
 * when at least four of the seven are. Bands: needs care below 40, average to 70, good from 70.
 */
export const SKIN_CONCERNS = [
  { key: 'pores', metric: 'texture_pore_density', label: { ko: '모공', en: 'Pores' } },
  { key: 'fine_lines', metric: 'texture_wrinkle_density', label: { ko: '잔주름', en: 'Fine lines' } },
  { key: 'spots', metric: 'texture_spot_ratio', label: { ko: '잡티', en: 'Spots' } },
  { key: 'redness', metric: 'texture_redness_ratio', label: { ko: '홍조', en: 'Redness' } },
  { key: 'dark_circles', metric: 'texture_dark_circle_index', label: { ko: '다크서클', en: 'Dark circles' } },
  { key: 'shine', metric: 'texture_shine_ratio', label: { ko: '번들거림', en: 'Shine' } },
  { key: 'evenness', metric: 'texture_skin_l_std', label: { ko: '피부톤 균일도', en: 'Evenness' } },
] as const;

export const OVERALL_SKIN_SCORE = {
  key: 'overall',
  label: { ko: '종합 피부 점수', en: 'Overall skin score' },
} as const;
export type SkinScoreKey = (typeof SKIN_CONCERNS)[number]['key'] | 'overall';
export const SKIN_SCORE_KEYS: readonly SkinScoreKey[] = [...SKIN_CONCERNS.map((c) => c.key), 'overall'];

/** Fewest concern scores the overall score is the mean of. */
export const MIN_SCORES_FOR_OVERALL = 4;

export const SKIN_SCORE_BANDS = [
  { label: 'needs_care', min: 0, max: 40, text: { ko: '관리 필요', en: 'Needs care' } },
  { label: 'average', min: 40, max: 70, text: { ko: '보통', en: 'Average' } },
  { label: 'good', min: 70, max: 101, text: { ko: '좋음', en: 'Good' } },
] as const;

export type SkinScoreNullReason = 'no_norms' | 'no_age_gender' | 'not_measured' | 'too_few_scores';

export interface SkinScore {
  score: number | null;
  band: string | null;
  null_reason: SkinScoreNullReason | null;
}

export const skinScoreBand = (score: number | null) =>
  score === null ? null : (SKIN_SCORE_BANDS.find((b) => score >= b.min && score < b.max)?.label ?? null);

/** The scores from a result's percentiles (and, for a null percentile, its reason). */
export function skinScores(
  percentiles: Record<string, number | null>,
  reasons: Record<string, string>,
): Record<SkinScoreKey, SkinScore> {
  const out = {} as Record<SkinScoreKey, SkinScore>;
  const given: number[] = [];
  for (const c of SKIN_CONCERNS) {
    const p = percentiles[c.metric] ?? null;
    const score = p === null ? null : Math.round(100 - p);
    if (score !== null) given.push(score);
    out[c.key] = {
      score,
      band: skinScoreBand(score),
      null_reason: score === null ? ((reasons[c.metric] as SkinScoreNullReason | undefined) ?? 'no_norms') : null,
    };
  }
  const overall =
    given.length >= MIN_SCORES_FOR_OVERALL ? Math.round(given.reduce((a, b) => a + b, 0) / given.length) : null;
  out.overall = {
    score: overall,
    band: skinScoreBand(overall),
    null_reason: overall === null ? 'too_few_scores' : null,
  };
  return out;
}

/** The scores as the catalog endpoint lists them: key, flat keys, label, what each rests on, bands with their text. */
export function describeSkinScores(lang: 'ko' | 'en') {
  const bands = SKIN_SCORE_BANDS.map((b) => ({
    label: b.label,
    text: b.text[lang],
    min: b.min,
    max: Math.min(b.max, 100),
  }));
  const entry = (key: string, label: { ko: string; en: string }, from: string[]) => ({
    key,
    flat_key: `skin_score_${key}`,
    band_key: `skin_score_${key}_band`,
    null_reason_key: `skin_score_${key}_null_reason`,
    label: label[lang],
    from_metrics: from,
    bubble_type: 'number' as const,
    range: [0, 100],
    bands,
  });
  return [
    ...SKIN_CONCERNS.map((c) => entry(c.key, c.label, [c.metric])),
    entry(
      OVERALL_SKIN_SCORE.key,
      OVERALL_SKIN_SCORE.label,
      SKIN_CONCERNS.map((c) => c.metric),
    ),
  ];
}
