/**
 * Display text for every category value and band label, in Korean and English: what an app shows instead of
 * `bright_spring` or `long`. A value means the same in every metric unless an entry `<flat_key>:<value>` says
 * otherwise. The catalog test fails when a metric gains a value without a label here.
 */
import type { MetricDefinition } from './types';

type Text = { ko: string; en: string };

const VALUES: Record<string, Text> = {
  // face shape and proportions
  oval: { ko: '계란형', en: 'Oval' },
  round: { ko: '둥근형', en: 'Round' },
  square: { ko: '각진형', en: 'Square' },
  oblong: { ko: '긴 얼굴형', en: 'Oblong' },
  heart: { ko: '하트형', en: 'Heart' },
  diamond: { ko: '다이아몬드형', en: 'Diamond' },
  balanced: { ko: '균형형', en: 'Balanced' },
  long: { ko: '긴 편', en: 'Long' },
  short: { ko: '짧은 편', en: 'Short' },
  broad: { ko: '넓은 편', en: 'Broad' },
  narrow: { ko: '좁은 편', en: 'Narrow' },
  wide: { ko: '넓은 편', en: 'Wide' },
  typical: { ko: '보통', en: 'Typical' },
  normal: { ko: '보통', en: 'Normal' },
  close_set: { ko: '가까운 편', en: 'Close-set' },
  wide_set: { ko: '먼 편', en: 'Wide-set' },
  full: { ko: '도톰한 편', en: 'Full' },
  thin: { ko: '얇은 편', en: 'Thin' },
  elongated: { ko: '가로로 긴 눈', en: 'Elongated' },
  upturned: { ko: '올라간 눈꼬리', en: 'Upturned' },
  downturned: { ko: '내려간 눈꼬리', en: 'Downturned' },
  level: { ko: '수평', en: 'Level' },
  tilted: { ko: '기울어짐', en: 'Tilted' },
  straight: { ko: '곧음', en: 'Straight' },
  slight: { ko: '약간 휨', en: 'Slightly deviated' },
  deviated: { ko: '휨', en: 'Deviated' },
  very_symmetric: { ko: '매우 대칭', en: 'Very symmetric' },
  asymmetric: { ko: '비대칭', en: 'Asymmetric' },
  // skin
  bright: { ko: '밝음', en: 'Bright' },
  medium: { ko: '중간', en: 'Medium' },
  dark: { ko: '어두움', en: 'Dark' },
  even: { ko: '고름', en: 'Even' },
  moderate: { ko: '보통', en: 'Moderate' },
  uneven: { ko: '고르지 않음', en: 'Uneven' },
  muted: { ko: '차분함', en: 'Muted' },
  vivid: { ko: '선명함', en: 'Vivid' },
  dry: { ko: '건조', en: 'Dry' },
  oily: { ko: '번들거림', en: 'Oily' },
  clear: { ko: '깨끗함', en: 'Clear' },
  some: { ko: '약간 있음', en: 'Some' },
  many: { ko: '많음', en: 'Many' },
  very_light: { ko: '매우 밝은 피부', en: 'Very light' },
  light: { ko: '밝은 피부', en: 'Light' },
  intermediate: { ko: '중간 피부', en: 'Intermediate' },
  tan: { ko: '황갈색 피부', en: 'Tan' },
  brown: { ko: '갈색', en: 'Brown' },
  // personal colour
  spring: { ko: '봄 웜톤', en: 'Spring' },
  summer: { ko: '여름 쿨톤', en: 'Summer' },
  autumn: { ko: '가을 웜톤', en: 'Autumn' },
  winter: { ko: '겨울 쿨톤', en: 'Winter' },
  light_spring: { ko: '봄 라이트', en: 'Light spring' },
  warm_spring: { ko: '봄 웜', en: 'Warm spring' },
  bright_spring: { ko: '봄 브라이트', en: 'Bright spring' },
  light_summer: { ko: '여름 라이트', en: 'Light summer' },
  cool_summer: { ko: '여름 쿨', en: 'Cool summer' },
  soft_summer: { ko: '여름 뮤트', en: 'Soft summer' },
  soft_autumn: { ko: '가을 뮤트', en: 'Soft autumn' },
  warm_autumn: { ko: '가을 웜', en: 'Warm autumn' },
  deep_autumn: { ko: '가을 딥', en: 'Deep autumn' },
  deep_winter: { ko: '겨울 딥', en: 'Deep winter' },
  cool_winter: { ko: '겨울 쿨', en: 'Cool winter' },
  bright_winter: { ko: '겨울 브라이트', en: 'Bright winter' },
  warm: { ko: '웜톤', en: 'Warm' },
  cool: { ko: '쿨톤', en: 'Cool' },
  neutral: { ko: '뉴트럴', en: 'Neutral' },
  low: { ko: '낮음', en: 'Low' },
  high: { ko: '높음', en: 'High' },
  // hair and eyes
  black: { ko: '검은색', en: 'Black' },
  dark_brown: { ko: '진한 갈색', en: 'Dark brown' },
  medium_brown: { ko: '중간 갈색', en: 'Medium brown' },
  light_brown: { ko: '밝은 갈색', en: 'Light brown' },
  blonde: { ko: '금발', en: 'Blonde' },
  red: { ko: '붉은색', en: 'Red' },
  gray_silver: { ko: '회색·은발', en: 'Gray/silver' },
  amber: { ko: '호박색', en: 'Amber' },
  blue: { ko: '파란색', en: 'Blue' },
  gray: { ko: '회색', en: 'Gray' },
  green: { ko: '녹색', en: 'Green' },
  hazel: { ko: '헤이즐', en: 'Hazel' },
  // context
  female: { ko: '여성', en: 'Female' },
  male: { ko: '남성', en: 'Male' },
  happy: { ko: '기쁨', en: 'Happy' },
  sad: { ko: '슬픔', en: 'Sad' },
  angry: { ko: '화남', en: 'Angry' },
  fearful: { ko: '두려움', en: 'Fearful' },
  disgusted: { ko: '불쾌함', en: 'Disgusted' },
  surprised: { ko: '놀람', en: 'Surprised' },
  frontal: { ko: '정면', en: 'Frontal' },
  turned: { ko: '돌아감', en: 'Turned' },
  front: { ko: '정면', en: 'Front' },
  left: { ko: '왼쪽', en: 'Left' },
  right: { ko: '오른쪽', en: 'Right' },
  top: { ko: '위', en: 'Top' },
  bottom: { ko: '아래', en: 'Bottom' },
  natural: { ko: '자연스러움', en: 'Natural' },
  heavy: { ko: '진함', en: 'Heavy' },
  yes: { ko: '예', en: 'Yes' },
  no: { ko: '아니요', en: 'No' },
  unknown: { ko: '알 수 없음', en: 'Unknown' },
  none: { ko: '없음', en: 'None' },
  tinted: { ko: '색안경', en: 'Tinted' },
};

/** Where a value means something else in one metric. */
const OVERRIDES: Record<string, Text> = {
  'context_lens_tint:clear': { ko: '투명', en: 'Clear' },
  'geometry_eye_aspect_ratio_left:round': { ko: '둥근 눈', en: 'Round' },
  'geometry_eye_aspect_ratio_right:round': { ko: '둥근 눈', en: 'Round' },
  'geometry_face_length_width_ratio:round': { ko: '둥근 편', en: 'Round' },
  'context_expression:neutral': { ko: '무표정', en: 'Neutral' },
  'color_season_confidence:medium': { ko: '보통', en: 'Medium' },
  'context_makeup_intensity:medium': { ko: '보통', en: 'Medium' },
  'context_lip_makeup:medium': { ko: '보통', en: 'Medium' },
  'context_eye_makeup:medium': { ko: '보통', en: 'Medium' },
};

/** The display text of a category value or band label of a metric (its flat key), or null for a value it never has. */
export function valueLabel(flatKey: string, value: string, lang: 'ko' | 'en'): string | null {
  return (OVERRIDES[`${flatKey}:${value}`] ?? VALUES[value])?.[lang] ?? null;
}

/** Every value a metric can show: its categories and its band labels. */
export function labelledValues(m: Pick<MetricDefinition, 'categories' | 'bands'>): string[] {
  return [...new Set([...(m.categories ?? []), ...(m.bands ?? []).map((b) => b.label)])];
}
