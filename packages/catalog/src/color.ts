/** Colour group (METRICS.md §3): personal colour, 23 keys, and the light's colour temperature (illuminant_cct). */
import { def, type Def } from './define';
import type { MetricDefinition } from './types';

const SEASONS = ['spring', 'summer', 'autumn', 'winter'] as const;
const SUBTYPES = ['light_spring', 'warm_spring', 'bright_spring', 'light_summer', 'cool_summer', 'soft_summer', 'soft_autumn', 'warm_autumn', 'deep_autumn', 'deep_winter', 'cool_winter', 'bright_winter'] as const;
const HAIR = ['black', 'dark_brown', 'medium_brown', 'light_brown', 'blonde', 'red', 'gray_silver'] as const;
const IRIS = ['dark_brown', 'brown', 'amber', 'hazel', 'green', 'blue', 'gray'] as const;

const num = <K extends string>(key: K, ko: string, en: string, descEn: string, descKo: string, method: string, unit: MetricDefinition['unit'], range: [number, number], nullReasons?: string[]): Def<K> => ({
  key, label: { ko, en }, description: { en: descEn, ko: descKo }, method, unit, type: 'number', range, nullReasons,
});
const cat = <K extends string>(key: K, ko: string, en: string, descEn: string, descKo: string, method: string, categories: readonly string[], nullReasons?: string[]): Def<K> => ({
  key, label: { ko, en }, description: { en: descEn, ko: descKo }, method, unit: 'category', type: 'category', categories, nullReasons,
});
const hex = <K extends string>(key: K, ko: string, en: string, descEn: string, descKo: string, method: string, nullReasons?: string[]): Def<K> => ({
  key, label: { ko, en }, description: { en: descEn, ko: descKo }, method, unit: 'hex', type: 'text', nullReasons,
});

const defs = [
  num('skin_ita', '피부 ITA°', 'Skin ITA°', 'Individual typology angle atan2(L* − 50, b*) of the mean skin colour, degrees.', '평균 피부색의 ITA° = atan2(L*−50, b*)', 'ITA from mean L*, b* over the clean skin mask (no white balance)', 'degrees', [-90, 90]),
  cat('skin_tone_category', '피부톤 구간', 'Skin tone category', 'ITA° band: very_light > 55, light 41–55, intermediate 28–41, tan 10–28, brown −30–10, dark < −30.', 'ITA° 구간: 매우 밝음 > 55, 밝음 41–55, 중간 28–41, 황갈 10–28, 갈색 −30–10, 어두움 < −30', 'Chardon ITA bands', ['very_light', 'light', 'intermediate', 'tan', 'brown', 'dark']),
  num('skin_hue_angle', '피부 색상각', 'Skin hue angle', 'CIELAB hue angle h° = atan2(b*, a*) of the mean skin colour.', '평균 피부색의 색상각 h° = atan2(b*, a*)', 'from mean a*, b* over the clean skin mask', 'degrees', [0, 360]),
  def({
    key: 'skin_clusters', label: { ko: '피부 주요 색', en: 'Main skin colours' },
    description: { en: 'The three main skin colours (k-means, k = 3, on CIELAB): Lab, hex and share % each, largest first.', ko: '피부의 주요 3색 (CIELAB k-평균): Lab, 16진 색, 비율(%)' },
    method: 'k-means (k = 3, lightness-quantile start) on ≤ 2,000 evenly sampled clean skin pixels', unit: 'json', type: 'json',
  }),
  num('illuminant_cct', '조명 색온도', 'Light colour temperature', 'The colour temperature of the light the photo was taken under, estimated from the whites of the eyes (lower = warmer light, e.g. 3000 K for a tungsten bulb; about 6500 K for daylight). Half of the light\'s colour is taken off skin, lips, hair and eyes before the season is judged. Null when the eyes are closed.', '눈 흰자로 추정한 촬영 조명의 색온도 (낮을수록 따뜻한 조명, 백열등 약 3000 K, 주광 약 6500 K). 계절 판정 전에 조명 색의 절반을 피부·입술·모발·눈 색에서 보정. 눈을 감으면 null', 'median sclera colour in linear sRGB against the typical sclera of 207 labelled portraits (r/g 1.20, b/g 1.01), as the light\'s white over D65, McCamy CCT, kept to 1500–25000 K; a COLOR_CAST warning when the light is more than 0.4 (natural-log units of r/g, b/g; the 95th percentile of the labelled portraits is 0.37) from the typical', 'kelvin', [1500, 25000], ['sclera_not_visible']),
  num('undertone_b', '언더톤 b*', 'Undertone b*', 'Mean skin b* minus half the sclera b* (a partial white balance on a non-skin reference; it separated warm from cool better than raw b* and halves the effect of a whole-photo colour cast). Raw skin b* is texture_skin_b_mean.', '피부 평균 b*에서 공막 b*의 절반을 뺀 값 (부분 화이트밸런스), 원값은 texture_skin_b_mean', 'mean skin b* − 0.5 × median sclera b*, both after the estimated light is partly taken off (illuminant_cct); with no sclera in view the typical sclera b* of the labelled portraits (1.68) stands in', 'lab', [-20, 50]),
  cat('undertone', '언더톤', 'Undertone', 'warm above the fitted warm/cool threshold + 1.5, cool below it − 1.5, neutral between (thresholds from `npm run calibrate:color`, moved by the active undertone calibration that the `calibrate` job fits from users\' self-assessed undertone, SPEC §8).', '언더톤: 웜 / 뉴트럴 / 쿨 (기준값은 보정 스크립트로 산출하고, 사용자가 입력한 본인 언더톤으로 보정)', 'undertone_b minus the active undertone calibration\'s offset, against the calibrated thresholds', ['warm', 'neutral', 'cool']),
  hex('iris_color_hex', '홍채 색', 'Iris colour', 'Median iris colour (iris disc minus pupil, lids and reflections), as hex.', '홍채 색 (동공·눈꺼풀·반사광 제외) 16진 값', 'median Lab in the iris circle from the iris landmarks, 0.4–0.95 radius, inside the eye outline, reflections (> median + 15 L*) removed', ['eyes_closed']),
  num('iris_hue', '홍채 색상각', 'Iris hue angle', 'CIELAB hue angle of the iris colour.', '홍채 색의 색상각', 'atan2(b*, a*) of the median iris colour', 'degrees', [0, 360], ['eyes_closed']),
  cat('iris_color_category', '홍채 색 구분', 'Iris colour category', 'dark_brown, brown, amber, hazel, green, blue or gray, from iris lightness, chroma and hue.', '홍채 색 구분', 'rules on L*, chroma and hue (packages/pipeline/src/color/categories.ts)', IRIS, ['eyes_closed']),
  num('iris_sclera_contrast', '홍채/공막 명도비', 'Iris / sclera lightness ratio', 'Iris L* ÷ sclera L*.', '홍채 L* ÷ 공막 L*', 'median iris L* ÷ median sclera L* (the brighter half of the eye outside the iris)', 'ratio', [0, 1.5], ['eyes_closed', 'sclera_not_visible']),
  hex('hair_color_hex', '모발 색', 'Hair colour', 'Median hair colour as hex; hair = person mask above and beside the face, minus face, skin-coloured pixels and background.', '모발 색 16진 값 (인물 분할에서 얼굴·피부·배경 제외)', 'selfie segmentation at 256×256: person pixels outside the face oval, above the mouth line, ΔE > 14 from skin; median', ['hair_not_visible']),
  num('hair_hue_mean', '모발 색상각', 'Hair hue angle', 'CIELAB hue angle of the hair colour.', '모발 색의 색상각', 'atan2(b*, a*) of the median hair colour', 'degrees', [0, 360], ['hair_not_visible']),
  cat('hair_color_category', '모발 색 구분', 'Hair colour category', 'The profile hair_color option set, from hair lightness, chroma and hue.', '모발 색 구분 (프로필의 hair_color 선택지와 동일)', 'rules on L*, chroma and hue (packages/pipeline/src/color/categories.ts)', HAIR, ['hair_not_visible']),
  num('hair_chroma_ratio', '모발 채도/명도 비', 'Hair saturation / value', 'HSV saturation ÷ value of the hair colour.', '모발 색의 HSV 채도 ÷ 명도', 'S ÷ V of the median hair sRGB', 'ratio', [0, 10], ['hair_not_visible']),
  num('value_contrast', '명도 대비', 'Value contrast', 'L* difference between skin and hair (iris when no hair shows).', '피부와 모발(없으면 홍채)의 명도 차 (L*)', 'mean skin L* − hair L* (or iris L*)', 'lab', [0, 100], ['hair_not_visible']),
  num('warm_cool_score', '웜/쿨', 'Warm–cool', '−1 (cool) to 1 (warm): P(spring) + P(autumn) − P(summer) − P(winter) from the season model.', '−1(쿨) ~ 1(웜), 계절 모델 확률에서 산출', 'season-model posterior', 'score', [-1, 1]),
  num('light_deep_score', '라이트/딥', 'Light–deep', '−1 (deep) to 1 (light): skin and hair lightness against the calibration set.', '−1(딥) ~ 1(라이트), 피부·모발 명도 기준', 'tanh of the mean z-score of skin L* and hair L*', 'score', [-1, 1]),
  num('bright_soft_score', '브라이트/소프트', 'Bright–soft', '−1 (soft) to 1 (bright): skin chroma and skin–hair contrast against the calibration set.', '−1(소프트) ~ 1(브라이트), 피부 채도·명도 대비 기준', 'tanh of the mean z-score of skin chroma and value contrast', 'score', [-1, 1]),
  cat('season', '계절', 'Season', 'Most probable season (spring, summer, autumn, winter).', '가장 가능성 높은 계절 유형', 'linear discriminant on skin L*, a*, undertone b*, lip a*, b* and hair L*, fitted on 207 labelled Korean portraits', SEASONS),
  cat('season_subtype', '12 세부 유형', 'Season sub-type', 'The season\'s sub-type named by its dominant axis (e.g. light_spring when lightness dominates).', '주도 축으로 정한 12 세부 유형', 'within the season, the sub-type whose axis (with its sign) is largest', SUBTYPES),
  def({
    ...num('season_confidence', '계절 신뢰도', 'Season confidence', 'Probability that the chosen season is right (0–1), calibrated: of answers given 0.6, about 6 in 10 are right on people the model never saw. low (< 0.4): the season is a guess between it and the runner-up.', '선택된 계절이 맞을 확률 (0–1, 보정됨). low(0.4 미만)이면 차순위 계절과 구분이 어려움', 'season-model posterior softened by the temperature fitted on identity-grouped cross-validated predictions (npm run calibrate:color prints the calibration error); under a strong cast (COLOR_CAST) moved towards chance, 90 % of the way at three times the warning threshold; with no sclera in view (light unknown) moved 53 % of the way, the share that calibrates the cross-validated portraits under the robustness casts with the sclera withheld (calibrate:color fits it)', 'score', [0, 1]),
    bands: [{ label: 'low', max: 0.4 }, { label: 'medium', min: 0.4, max: 0.6 }, { label: 'high', min: 0.6 }],
  }),
  cat('season_runner_up', '차순위 계절', 'Runner-up season', 'Second most probable season.', '두 번째로 가능성 높은 계절', 'season-model posterior', SEASONS),
  def({
    key: 'palette', label: { ko: '추천 팔레트', en: 'Palette' },
    description: { en: 'Best and avoid colours (hex) for the sub-type: {"best": [...], "avoid": [...]}.', ko: '세부 유형별 추천·피해야 할 색 (16진)' },
    method: 'fixed palette per sub-type (packages/pipeline/src/color/palettes.ts)', unit: 'json', type: 'json',
  }),
];

/** Every colour key, from the definitions above: a stage can write only these. */
export type ColorKey = (typeof defs)[number]['key'];

export const colorMetrics: MetricDefinition[] = defs.map((d) => ({ ...d, group: 'color' }));
