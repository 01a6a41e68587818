/** Geometry group (METRICS.md §1): face shape and proportions, 26 keys. */
import refittedBands from './geometry-bands.json';
import measuredReliability from './geometry-reliability.json';
import { def, type Def } from './define';
import type { MetricDefinition } from './types';

/** Side-by-side geometry is given up to this yaw (packages/pipeline/src/geometry/yaw-drift.ts). */
export const MAX_YAW_DEG = 20;

/** The mesh model's left-minus-right drift per degree of yaw that the pipeline takes off (yaw-drift.ts holds the numbers). */
const YAW_DRIFT_NOTE = {
  jaw_angle: 'left − right drifts by 0.445° per degree of yaw on AAF, UTKFace and Korean portraits alike',
  eye_height: 'left − right drifts by 0.0005 face widths per degree of yaw on AAF, UTKFace and Korean portraits alike',
} as const;

const ratio = <K extends string>(
  key: K,
  ko: string,
  en: string,
  descEn: string,
  descKo: string,
  method: string,
  range: [number, number],
  bands?: MetricDefinition['bands'],
  nullReasons?: readonly string[],
): Def<K> => ({
  key,
  label: { ko, en },
  description: { en: descEn, ko: descKo },
  method,
  unit: 'ratio',
  type: 'number',
  range,
  bands,
  nullReasons,
});

const sided = (side: 'left' | 'right') =>
  side === 'left' ? { ko: '왼쪽', en: 'left' } : { ko: '오른쪽', en: 'right' };
/** "left"/"right" are the subject's own sides, as in anatomy (the subject's left eye appears on the image's right). */
const SIDE_NOTE = "Left/right are the subject's own sides.";

const eyeMetrics = <S extends 'left' | 'right'>(side: S) => {
  const s = sided(side);
  return [
    ratio(
      `eye_width_${side}`,
      `${s.ko} 눈 너비`,
      `Eye width (${s.en})`,
      `Eye corner-to-corner distance ÷ face width. ${SIDE_NOTE}`,
      '눈 앞머리~눈꼬리 거리 ÷ 얼굴 너비',
      'mesh 33–133 (right) / 362–263 (left) ÷ bizygomatic width 234–454',
      [0.05, 0.25],
    ),
    ratio(
      `eye_height_${side}`,
      `${s.ko} 눈 높이`,
      `Eye height (${s.en})`,
      `Lid opening (mean of three vertical lid distances) ÷ face width. Null when the head is turned more than ${MAX_YAW_DEG}°. ${SIDE_NOTE}`,
      `눈꺼풀 사이 높이 ÷ 얼굴 너비 (고개를 ${MAX_YAW_DEG}° 넘게 돌리면 null)`,
      `mean of lid pairs 160–144, 159–145, 158–153 (right) / 385–380, 386–374, 387–373 (left) ÷ face width, less half the mesh model's yaw drift (${YAW_DRIFT_NOTE.eye_height})`,
      [0, 0.1],
      undefined,
      ['pose_out_of_range'],
    ),
    ratio(
      `eye_aspect_ratio_${side}`,
      `${s.ko} 눈 종횡비`,
      `Eye aspect ratio (${s.en})`,
      `Eye width ÷ eye height. Null when the eye is closed. ${SIDE_NOTE}`,
      '눈 너비 ÷ 눈 높이 (눈을 감으면 null)',
      "the eye's corner distance ÷ its mean lid opening, both on the photo (a ratio of one eye's own lengths: in-plane rotation leaves it unchanged); null (eyes_closed) when height < 4 % of width",
      [1, 8],
      [
        { label: 'round', max: 2.0 },
        { label: 'normal', min: 2.0, max: 2.5 },
        { label: 'elongated', min: 2.5 },
      ],
      ['eyes_closed'],
    ),
    def({
      key: `eye_tilt_${side}`,
      label: { ko: `${s.ko} 눈꼬리 기울기`, en: `Eye tilt (${s.en})` },
      description: {
        en: `Angle of the line from the inner corner's level to the outer corner against the face's left–right axis; positive = outer corner higher. Null when the head is turned more than ${MAX_YAW_DEG}°. ${SIDE_NOTE}`,
        ko: `눈 앞머리→눈꼬리 선과 얼굴 좌우축의 각도, + = 눈꼬리가 올라감 (고개를 ${MAX_YAW_DEG}° 넘게 돌리면 null)`,
      },
      method:
        "angle of the outer corner above the horizontal (the face's left–right axis) through the medial canthi at their mean height, over the eye's width; each corner the mean of the corner and its two lid neighbours, the outer one also of the next ring's corner (133/155/173→33/7/246/130 right, 362/382/398→263/249/466/359 left). The two inner corners are taken as level: their height difference in the mesh is landmark error that follows the head's yaw",
      unit: 'degrees',
      type: 'number',
      range: [-20, 25],
      bands: [
        { label: 'downturned', max: 0 },
        { label: 'level', min: 0, max: 3 },
        { label: 'normal', min: 3, max: 7 },
        { label: 'upturned', min: 7 },
      ],
      nullReasons: ['pose_out_of_range'],
    }),
    def({
      key: `jaw_angle_${side}`,
      label: { ko: `${s.ko} 턱각`, en: `Jaw angle (${s.en})` },
      description: {
        en: `Gonial angle at the jaw corner between the ramus and the mandible line; smaller = more angular. Null when the head is turned more than ${MAX_YAW_DEG}°. ${SIDE_NOTE}`,
        ko: `턱 모서리에서 턱가지선과 아래턱선 사이 각도, 작을수록 각진 턱 (고개를 ${MAX_YAW_DEG}° 넘게 돌리면 null)`,
      },
      method: `angle at 172 between 172→234 and 172→152 (right) / at 397 between 397→454 and 397→152 (left), less half the mesh model's yaw drift (${YAW_DRIFT_NOTE.jaw_angle})`,
      unit: 'degrees',
      type: 'number',
      range: [90, 180],
      nullReasons: ['pose_out_of_range'],
    }),
  ];
};

const defs = [
  ratio(
    'face_length_width_ratio',
    '얼굴 세로/가로 비율',
    'Face length / width',
    'Forehead top (mesh) to chin ÷ bizygomatic width.',
    '이마 위(메시)~턱 끝 길이 ÷ 광대 너비',
    'mesh 10→152 ÷ 234→454',
    [0.8, 1.8],
    [
      { label: 'round', max: 1.0 },
      { label: 'balanced', min: 1.0, max: 1.3 },
      { label: 'long', min: 1.3 },
    ],
  ),
  ratio(
    'head_length_ratio',
    '정수리~턱 길이 비율',
    'Crown-to-chin / face width',
    'Crown (top of the head from person segmentation) to chin ÷ face width. Null when the top of the head is cut off by the photo edge.',
    '정수리(인물 분할)~턱 끝 길이 ÷ 얼굴 너비, 정수리가 잘리면 null',
    'selfie segmentation (256×256) topmost head row above the face, projected on the face axis, to 152, ÷ 234→454',
    [1.0, 2.5],
    undefined,
    ['crown_cut_off', 'head_not_segmented'],
  ),
  ratio(
    'forehead_ratio',
    '이마 높이/너비 비율',
    'Forehead height / width',
    'Brow line to forehead top ÷ forehead width (the mesh top sits below the hairline on most faces).',
    '눈썹선~이마 위(메시) 높이 ÷ 이마 너비',
    'distance along the face axis from mean brow top (105, 334) to 10 ÷ forehead width (mean of 54→284, 21→251, 103→332)',
    [0.1, 0.6],
    [
      { label: 'narrow', max: 0.2 },
      { label: 'normal', min: 0.2, max: 0.3 },
      { label: 'broad', min: 0.3 },
    ],
  ),
  def({
    key: 'symmetry_score',
    label: { ko: '좌우 대칭도', en: 'Symmetry score' },
    description: {
      en: '1 − mean deviation between the 3D mesh and its mirror image after rigid alignment (so head pose does not count), ÷ face width.',
      ko: '3D 메시와 좌우 반전 메시를 정렬한 뒤 평균 편차 ÷ 얼굴 너비를 1에서 뺀 값',
    },
    method:
      'mirror pairs from the mesh UV map; Kabsch alignment of the mirrored mesh onto the original; 1 − mean distance ÷ face width',
    unit: 'score',
    type: 'number',
    range: [0, 1],
  }),
  def({
    key: 'symmetry_intensity_diff',
    label: { ko: '좌우 밝기 차', en: 'Left-right brightness difference' },
    description: {
      en: 'Mean absolute L* difference between mirrored skin patches of the two face halves ÷ mean L*, in percent.',
      ko: '좌우 대칭 피부 영역의 L* 차이 평균 ÷ 평균 L* (%)',
    },
    method: 'L* (CIELAB D65) in discs of radius face width/30 around 16 mirrored cheek, forehead and jaw landmarks',
    unit: 'percent',
    type: 'number',
    range: [0, 50],
    bands: [
      { label: 'very_symmetric', max: 5 },
      { label: 'normal', min: 5, max: 10 },
      { label: 'asymmetric', min: 10 },
    ],
  }),
  ...eyeMetrics('left'),
  ...eyeMetrics('right'),
  def({
    key: 'jawline_tilt',
    label: { ko: '턱선 기울기', en: 'Jawline tilt' },
    description: {
      en: "Absolute angle between the line joining both jaw corners and the face's left–right axis.",
      ko: '양쪽 턱 모서리를 잇는 선과 얼굴 좌우축 사이의 각도(절댓값)',
    },
    method: '|angle of 172→397 against the left–right axis|',
    unit: 'degrees',
    type: 'number',
    range: [0, 30],
    bands: [
      { label: 'level', max: 5 },
      { label: 'normal', min: 5, max: 15 },
      { label: 'tilted', min: 15 },
    ],
  }),
  ratio(
    'cheekbone_jaw_ratio',
    '광대/턱 너비 비율',
    'Cheekbone / jaw width',
    'Bizygomatic width ÷ bigonial width.',
    '광대 너비 ÷ 턱 너비',
    '234→454 ÷ bigonial width (mean of 172→397, 58→288, 136→365)',
    [1.0, 1.8],
  ),
  ratio(
    'intercanthal_ratio',
    '눈 사이 거리',
    'Intercanthal distance',
    'Inner eye corners distance ÷ face width.',
    '눈 앞머리 사이 거리 ÷ 얼굴 너비',
    '133→362 ÷ face width',
    [0.15, 0.35],
    [
      { label: 'close_set', max: 0.2 },
      { label: 'typical', min: 0.2, max: 0.25 },
      { label: 'wide_set', min: 0.25 },
    ],
  ),
  ratio(
    'interpupillary_ratio',
    '눈 위치 비율',
    'Interpupillary distance',
    'Pupil-to-pupil distance ÷ face width.',
    '두 눈동자 사이 거리 ÷ 얼굴 너비',
    'iris centres 468 and 473 ÷ face width',
    [0.3, 0.6],
  ),
  ratio(
    'nose_length_ratio',
    '코 길이 비율',
    'Nose length',
    'Nasion to subnasale ÷ face length.',
    '코뿌리~코 밑 길이 ÷ 얼굴 길이',
    '168→2 ÷ 10→152',
    [0.15, 0.45],
    [
      { label: 'short', max: 0.25 },
      { label: 'typical', min: 0.25, max: 0.3 },
      { label: 'long', min: 0.3 },
    ],
  ),
  ratio(
    'nose_width_ratio',
    '콧볼 너비 비율',
    'Nose (alar) width',
    'Alar width ÷ face width.',
    '콧볼 너비 ÷ 얼굴 너비',
    '129→358 ÷ face width',
    [0.15, 0.4],
  ),
  def({
    key: 'nose_bridge_deviation',
    label: { ko: '콧대 기울기', en: 'Nose bridge deviation' },
    description: {
      en: "Absolute angle between the nasal bridge line (nasion to nose tip) and the face's vertical axis.",
      ko: '콧대 선(코뿌리~코끝)과 얼굴 중심선 사이의 각도(절댓값)',
    },
    method: 'angle of 168→1 against the vertical axis',
    unit: 'degrees',
    type: 'number',
    range: [0, 30],
    bands: [
      { label: 'straight', max: 3 },
      { label: 'slight', min: 3, max: 10 },
      { label: 'deviated', min: 10 },
    ],
  }),
  ratio(
    'mouth_width_ratio',
    '입 너비 비율',
    'Mouth width',
    'Mouth corners distance ÷ face width.',
    '입꼬리 사이 거리 ÷ 얼굴 너비',
    '61→291 ÷ face width',
    [0.2, 0.5],
    [
      { label: 'narrow', max: 0.3 },
      { label: 'typical', min: 0.3, max: 0.35 },
      { label: 'wide', min: 0.35 },
    ],
  ),
  ratio(
    'lip_height_ratio',
    '입술 두께 비율',
    'Lip height',
    'Upper lip top to lower lip bottom ÷ face length, in percent of face length as a fraction (0.05–0.08 typical).',
    '윗입술 위~아랫입술 아래 높이 ÷ 얼굴 길이',
    '0→17 ÷ 10→152',
    [0.02, 0.2],
    [
      { label: 'thin', max: 0.05 },
      { label: 'typical', min: 0.05, max: 0.08 },
      { label: 'full', min: 0.08 },
    ],
  ),
  def({
    key: 'face_shape',
    label: { ko: '얼굴형', en: 'Face shape' },
    description: {
      en: 'Oval, round, square, oblong, heart or diamond, from length/width, cheekbone/jaw, forehead/cheekbone widths and jaw angle.',
      ko: '얼굴 비율로 판정한 얼굴형: 계란형, 둥근형, 각진형, 긴형, 하트형, 다이아몬드형',
    },
    method:
      'nearest of six documented prototypes in standardised (length/width, forehead/cheek, jaw/cheek, jaw angle) space; softmax of negative distances',
    unit: 'category',
    type: 'category',
    categories: ['oval', 'round', 'square', 'oblong', 'heart', 'diamond'],
  }),
  def({
    key: 'face_shape_confidence',
    label: { ko: '얼굴형 신뢰도', en: 'Face shape confidence' },
    description: { en: 'Probability of the chosen face shape (0–1).', ko: '판정된 얼굴형의 확률 (0–1)' },
    method: 'softmax weight of the winning prototype',
    unit: 'score',
    type: 'number',
    range: [0, 1],
  }),
];

/** Every geometry key, from the definitions above: a stage can write only these. */
export type GeometryKey = (typeof defs)[number]['key'];

/** Measured on the photo itself, not in the face's frame. */
const ON_THE_PHOTO = new Set([
  'head_length_ratio',
  'symmetry_score',
  'symmetry_intensity_diff',
  'eye_aspect_ratio_left',
  'eye_aspect_ratio_right',
]);

/** How every other geometry metric is measured (packages/pipeline/src/geometry/face-frame.ts). */
const FACE_FRAME_NOTE =
  "Measured on the face seen straight on in its own 3-D frame (left–right axis: the mean direction of the mesh's " +
  'mirror pairs; vertical: forehead top 10 → chin 152 square to it; depth on the image scale at 0.17 × face width SD), ' +
  'so in-plane rotation is removed exactly and head turns approximately (npm run bench:validity prints how well).';

/** Written by `npm run bench:validity` from its figures. */
const RELIABILITY: Partial<Record<string, string>> = measuredReliability;

/**
 * Cut points re-fitted by `npm run calibrate:bands` to the values measured here (METRICS.md allows it): the labels
 * above are the client's, their numbers were written for other landmarks and put most faces in one band.
 */
const BAND_CUTS: Partial<Record<string, number[]>> = refittedBands.cuts;

function withCuts(
  bands: NonNullable<MetricDefinition['bands']>,
  cuts: number[] | undefined,
): MetricDefinition['bands'] {
  if (!cuts || cuts.length !== bands.length - 1) return bands;
  return bands.map((b, i) => ({
    label: b.label,
    ...(i > 0 && { min: cuts[i - 1] }),
    ...(i < cuts.length && { max: cuts[i] }),
  }));
}

export const geometryMetrics: MetricDefinition[] = defs.map((d) => ({
  ...d,
  method: ON_THE_PHOTO.has(d.key) ? d.method : `${d.method}. ${FACE_FRAME_NOTE}`,
  bands: d.bands && withCuts(d.bands, BAND_CUTS[d.key]),
  group: 'geometry',
  reliability: RELIABILITY[d.key],
}));
