/** Texture group (METRICS.md §2): skin tone and surface, 17 keys. */
import { def } from './define';
import type { MetricDefinition } from './types';

const SKIN =
  'over the skin mask (face oval minus eyes, brows, lips, nostrils; hair, deep shadow and specular highlights left out) on a crop normalised to 320 px face width';

const defs = [
  def({
    key: 'skin_l_mean',
    label: { ko: '피부 평균 명도 L*', en: 'Skin lightness L*' },
    description: {
      en: 'Mean CIELAB L* (D65) of the skin, uncorrected for white balance.',
      ko: '피부 영역의 평균 L*(명도), 화이트밸런스 보정 전 값',
    },
    method: `mean L* ${SKIN}`,
    unit: 'lab',
    type: 'number',
    range: [0, 100],
    bands: [
      { label: 'dark', max: 60 },
      { label: 'medium', min: 60, max: 70 },
      { label: 'bright', min: 70 },
    ],
  }),
  def({
    key: 'skin_a_mean',
    label: { ko: '피부 평균 a*', en: 'Skin a* (red–green)' },
    description: { en: 'Mean CIELAB a* of the skin.', ko: '피부 영역의 평균 a*(적색 방향)' },
    method: `mean a* ${SKIN}`,
    unit: 'lab',
    type: 'number',
    range: [-20, 50],
  }),
  def({
    key: 'skin_b_mean',
    label: { ko: '피부 평균 b*', en: 'Skin b* (yellow–blue)' },
    description: { en: 'Mean CIELAB b* of the skin.', ko: '피부 영역의 평균 b*(황색 방향)' },
    method: `mean b* ${SKIN}`,
    unit: 'lab',
    type: 'number',
    range: [-20, 60],
  }),
  def({
    key: 'skin_l_std',
    label: { ko: '명도 표준편차', en: 'Lightness unevenness (L* SD)' },
    description: {
      en: 'Standard deviation of L* over the skin: how even the tone is.',
      ko: '피부 L*의 표준편차, 톤의 균일도',
    },
    method: `SD of L* ${SKIN}`,
    unit: 'lab',
    type: 'number',
    range: [0, 30],
    bands: [
      { label: 'even', max: 5 },
      { label: 'moderate', min: 5, max: 15 },
      { label: 'uneven', min: 15 },
    ],
  }),
  def({
    key: 'skin_l_std_level',
    label: { ko: '명도 편차 레벨', en: 'Lightness unevenness level' },
    description: {
      en: 'skin_l_std in 10 equal bins over 0–30 (1 = most even).',
      ko: 'skin_l_std를 0–30 구간 10단계로 나눈 레벨',
    },
    method: 'floor(skin_l_std / 3) + 1, clamped to 1–10',
    unit: 'level',
    type: 'number',
    range: [1, 10],
  }),
  def({
    key: 'skin_chroma_mean',
    label: { ko: '평균 채도', en: 'Skin chroma' },
    description: { en: 'Mean CIELAB chroma √(a*² + b*²) of the skin.', ko: '피부의 평균 채도 √(a*²+b*²)' },
    method: `mean chroma ${SKIN}`,
    unit: 'lab',
    type: 'number',
    range: [0, 60],
    bands: [
      { label: 'muted', max: 15 },
      { label: 'normal', min: 15, max: 25 },
      { label: 'vivid', min: 25 },
    ],
  }),
  def({
    key: 'skin_chroma_level',
    label: { ko: '채도 레벨', en: 'Skin chroma level' },
    description: { en: 'skin_chroma_mean in 10 equal bins over 0–60.', ko: '평균 채도를 0–60 구간 10단계로 나눈 레벨' },
    method: 'floor(skin_chroma_mean / 6) + 1, clamped to 1–10',
    unit: 'level',
    type: 'number',
    range: [1, 10],
  }),
  def({
    key: 'pore_density',
    label: { ko: '모공 밀도', en: 'Visible pore density' },
    description: {
      en: "Small dark blobs at pore scale per cm² of skin (scale from a nominal 63 mm inter-pupil distance). Counts pores visible at the photo's resolution; null when the face is under 300 px wide.",
      ko: '피부 1cm²당 보이는 모공 수 (동공 간 거리 63mm 기준 스케일), 얼굴 폭 300px 미만이면 null',
    },
    method:
      'DoG (σ from a 0.35 mm pore radius) local minima deeper than 1.2 L* on a 400 px-face-width crop, per cm² of skin',
    unit: 'per_cm2',
    type: 'number',
    range: [0, 200],
    nullReasons: ['resolution_too_low'],
  }),
  def({
    key: 'wrinkle_density',
    label: { ko: '잔주름 밀도', en: 'Fine-line density' },
    description: {
      en: "Share of the forehead, crow's-feet and under-eye skin lying on fine dark lines (Hessian valley response), %. Null when the face is under 300 px wide.",
      ko: '이마·눈가·눈밑 피부 중 잔주름(헤시안 골짜기 응답) 비율(%)',
    },
    method:
      'Hessian at σ ≈ 0.4 mm (1.6 × the pore scale): λ1 > 2 L* (σ²-normalised) and |λ2| < λ1/2, share of the zones',
    unit: 'percent',
    type: 'number',
    range: [0, 100],
    nullReasons: ['resolution_too_low'],
  }),
  def({
    key: 'spot_ratio',
    label: { ko: '잡티·반점 비율', en: 'Pigmented spot ratio' },
    description: {
      en: 'Share of skin that is a local lightness depression and not red (pigmented spots), %.',
      ko: '주변보다 어둡고 붉지 않은(색소성) 피부 비율(%)',
    },
    method: 'L* more than 5 below the local mean (box ±3 % face width) with a* < median + 3',
    unit: 'percent',
    type: 'number',
    range: [0, 100],
    bands: [
      { label: 'clear', max: 0.5 },
      { label: 'some', min: 0.5, max: 2 },
      { label: 'many', min: 2 },
    ],
  }),
  def({
    key: 'redness_ratio',
    label: { ko: '홍조 비율', en: 'Redness ratio' },
    description: {
      en: 'Share of skin whose a* exceeds the face median by 6 or more, %.',
      ko: 'a*가 얼굴 중앙값보다 6 이상 높은 피부 비율(%)',
    },
    method: 'a* > median(a*) + 6 over the clean skin mask',
    unit: 'percent',
    type: 'number',
    range: [0, 100],
  }),
  def({
    key: 'shine_ratio',
    label: { ko: '유·수분(번들거림) 지수', en: 'Shine (specular) ratio' },
    description: {
      en: 'Specular highlight share of the T-zone and cheeks, %.',
      ko: 'T존과 볼의 반사광(번들거림) 비율(%)',
    },
    method: 'L* > median + max(8, 2.5 robust SD) with below-median chroma, share of T-zone ∪ cheeks',
    unit: 'percent',
    type: 'number',
    range: [0, 100],
    bands: [
      { label: 'dry', max: 2 },
      { label: 'normal', min: 2, max: 5 },
      { label: 'oily', min: 5 },
    ],
    nullReasons: ['skin_not_visible'],
  }),
  def({
    key: 'dark_circle_index',
    label: { ko: '다크서클 지수', en: 'Dark-circle index' },
    description: {
      en: 'How much darker the under-eye bands are than the cheeks, in L* units (higher = darker circles).',
      ko: '눈밑이 볼보다 어두운 정도 (L* 차이, 클수록 짙음)',
    },
    method: 'mean L*(cheek discs) − mean L*(under-eye bands between the 1st and 3rd lower-lid rings)',
    unit: 'lab',
    type: 'number',
    range: [-20, 40],
    nullReasons: ['occluded'],
  }),
  def({
    key: 'surface_convexity',
    label: { ko: '볼록도', en: 'Surface convexity' },
    description: {
      en: 'Share of mesh vertices where the face surface bulges towards the camera (0–1).',
      ko: '얼굴 표면이 카메라 쪽으로 볼록한 메시 정점 비율 (0–1)',
    },
    method: 'fraction of interior mesh vertices with positive mean curvature',
    unit: 'score',
    type: 'number',
    range: [0, 1],
  }),
  def({
    key: 'mean_curvature',
    label: { ko: '얼굴 곡률', en: 'Mean surface curvature' },
    description: {
      en: 'Mean curvature of the 3D face mesh × face width (unitless; the mesh depth is relative, so compare between faces).',
      ko: '3D 메시의 평균 곡률 × 얼굴 폭 (무차원, 얼굴 간 비교용)',
    },
    method:
      'depth normalised to SD 0.12 × face width, 3 Laplacian smoothing passes, then umbrella-operator curvature along the vertex normal, 2(Δ·n)/ē², × bizygomatic width, mean over interior vertices',
    unit: 'curvature',
    type: 'number',
    range: [-5, 5],
  }),
  def({
    key: 'jaw_curvature',
    label: { ko: '턱 곡률', en: 'Jaw curvature' },
    description: {
      en: 'Mean curvature of the mesh below the mouth corners (same units as mean_curvature).',
      ko: '입꼬리 아래 메시의 평균 곡률',
    },
    method: 'mean vertex curvature, interior vertices below the mouth-corner line',
    unit: 'curvature',
    type: 'number',
    range: [-5, 10],
  }),
  def({
    key: 'forehead_curvature',
    label: { ko: '이마 곡률', en: 'Forehead curvature' },
    description: { en: 'Mean curvature of the mesh inside the forehead outline.', ko: '이마 영역 메시의 평균 곡률' },
    method: 'mean vertex curvature, interior vertices inside the forehead polygon',
    unit: 'curvature',
    type: 'number',
    range: [-5, 10],
  }),
];

/** Every texture key, from the definitions above: a stage can write only these. */
export type TextureKey = (typeof defs)[number]['key'];

export const textureMetrics: MetricDefinition[] = defs.map((d) => ({ ...d, group: 'texture' }));
