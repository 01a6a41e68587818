/**
 * The context group (METRICS.md §4): expression, calibrated age and gender,
 * glasses, earrings, make-up, light, pose, photo quality and openness — plus
 * the LOW_QUALITY warnings (SPEC §5) and the raw model outputs the calibration
 * data set keeps (SPEC §8).
 */
import type { Warning } from '@face/errors';
import { EXPRESSION_LABELS, type ContextKey } from '@face/catalog';
import { EXPRESSIONS, type FaceModelOutputs } from '../face-models/port';
import { attributeCrop, CROP_MARGIN } from '../face-models/attribute-crop';
import type { SkinContext } from '../regions/skin-context';
import type { DetectedFace, GroupResult, MetricValue, PersonMask, RgbImage } from '../types';
import {
  FEATURE_SET,
  faceFeatures,
  predictAge,
  predictMaleProbability,
  type AgeGenderModels,
} from './age-gender-model';
import { detectEarrings } from './earrings';
import { glassesEvidence } from './glasses';
import { lightEstimate } from './light';
import { makeupContrasts, makeupScores } from './makeup';
import { EYE_OPEN_RATIO, MOUTH_OPEN_RATIO, eyeOpenRatio, mouthOpenRatio } from './openness';
import { headPose } from '../shared/head-pose';
import { faceQuality } from './quality';

/** Thresholds of the LOW_QUALITY warnings (configuration: QUALITY_* variables). */
export interface QualityThresholds {
  minSharpness: number;
  minExposure: number;
  maxExposure: number;
  maxClippedShare: number;
  maxYawDeg: number;
  maxPitchDeg: number;
}

/** Frame-evidence threshold for glasses: log edge ratio across the nose bridge (fitted on ../shared/datasets/glasses). */
export const GLASSES_BRIDGE_THRESHOLD = 1.25;
/** Spread of the evidence that maps to confidence (logistic scale). */
const GLASSES_EVIDENCE_SCALE = 0.5;
/** With glasses, an eye area this much darker (L*) than the cheeks means tinted lenses. */
const TINTED_DARKENING = 25;

export interface ContextInput {
  image: RgbImage;
  face: DetectedFace;
  skin: SkinContext;
  mask: PersonMask;
  outputs: FaceModelOutputs[];
  models: AgeGenderModels;
  quality: QualityThresholds;
}

export interface ContextResult extends GroupResult {
  warnings: Warning[];
  /** what the calibration data set stores: the model outputs and which model versions read them */
  observation: { featureSet: string; features: number[]; ageVersion: string; genderVersion: string };
}

const round = (v: number, digits = 4) => Math.round(v * 10 ** digits) / 10 ** digits;

/** Mean L*, a*, b* of the clean skin, in one pass over the crop. */
function meanLab({ lab, clean }: SkinContext): number[] {
  let L = 0,
    a = 0,
    b = 0,
    n = 0;
  for (let i = 0; i < clean.length; i++) {
    if (!clean[i]) continue;
    L += lab.L[i];
    a += lab.a[i];
    b += lab.b[i];
    n++;
  }
  return [L, a, b].map((s) => s / Math.max(1, n));
}

export function computeContext({ image, face, skin, mask, outputs, models, quality }: ContextInput): ContextResult {
  // keyed by the catalog: a misspelt key does not compile
  const values: Partial<Record<ContextKey, MetricValue>> = {};
  const nullReasons: Partial<Record<ContextKey, string>> = {};
  const warnings: Warning[] = [];

  // expression: mirror-averaged softmax, renormalised, in catalog label order
  const scores = EXPRESSIONS.map((_, k) => outputs.reduce((s, o) => s + o.emotion[k], 0) / outputs.length);
  const total = scores.reduce((a, b) => a + b, 0);
  const byLabel = Object.fromEntries(EXPRESSIONS.map((label, k) => [label, scores[k] / total]));
  values.expression_scores = Object.fromEntries(EXPRESSION_LABELS.map((l) => [l, round(byLabel[l])]));
  values.expression = EXPRESSION_LABELS.reduce(
    (best, l) => (byLabel[l] > byLabel[best] ? l : best),
    EXPRESSION_LABELS[0],
  );

  const features = faceFeatures(outputs);
  values.age_estimate = round(predictAge(models.age.parameters, features), 1);
  const pMale = predictMaleProbability(models.gender.parameters, features);
  values.gender_male_probability = round(pMale);
  values.gender = pMale >= 0.5 ? 'male' : 'female';

  const glasses = glassesEvidence(skin);
  const glassesP = 1 / (1 + Math.exp(-(glasses.bridge - GLASSES_BRIDGE_THRESHOLD) / GLASSES_EVIDENCE_SCALE));
  values.glasses = glassesP >= 0.5 ? 'yes' : 'no';
  values.glasses_confidence = round(Math.max(glassesP, 1 - glassesP));
  values.lens_tint = glassesP < 0.5 ? 'none' : glasses.eyeAreaDarkening > TINTED_DARKENING ? 'tinted' : 'clear';

  const pose = headPose(face);
  values.yaw = round(pose.yaw, 2);
  values.pitch = round(pose.pitch, 2);
  values.roll = round(pose.roll, 2);

  const skinMean = meanLab(skin);
  values.earrings = detectEarrings(image, face, mask, skinMean, pose.yaw);

  const makeup = makeupScores(makeupContrasts(skin));
  for (const [key, v] of [
    ['lip_makeup', makeup.lip],
    ['eye_makeup', makeup.eye],
    ['makeup_intensity', makeup.intensity],
  ] as const) {
    values[key] = v === null ? null : round(v);
    if (v === null) nullReasons[key] = 'occluded';
  }

  const light = lightEstimate(skin);
  values.light_direction = light.direction;
  values.light_uniformity = round(light.uniformity);

  const q = faceQuality(skin);
  values.sharpness = round(q.sharpness, 1);
  values.exposure = round(q.exposure, 2);
  values.face_size_px = Math.round(attributeCrop(face).side / CROP_MARGIN);
  values.eyes_open = eyeOpenRatio(face) >= EYE_OPEN_RATIO ? 'yes' : 'no';
  values.mouth_open = mouthOpenRatio(face) >= MOUTH_OPEN_RATIO ? 'yes' : 'no';

  const low = (reason: string, message: string, detail: Record<string, number>) =>
    warnings.push({ code: 'LOW_QUALITY', message, details: { reason, ...detail } });
  if (q.sharpness < quality.minSharpness)
    low('blur', 'The face is blurred; texture metrics are unreliable.', {
      sharpness: round(q.sharpness, 1),
      threshold: quality.minSharpness,
    });
  if (q.exposure < quality.minExposure)
    low('underexposed', 'The face is too dark; colour metrics are unreliable.', {
      exposure: round(q.exposure, 1),
      threshold: quality.minExposure,
    });
  if (q.exposure > quality.maxExposure)
    low('overexposed', 'The face is too bright; colour metrics are unreliable.', {
      exposure: round(q.exposure, 1),
      threshold: quality.maxExposure,
    });
  if (q.clippedShare > quality.maxClippedShare)
    low('clipped', 'Part of the face is pure white or black.', {
      clipped_share: round(q.clippedShare),
      threshold: quality.maxClippedShare,
    });
  if (Math.abs(pose.yaw) > quality.maxYawDeg || Math.abs(pose.pitch) > quality.maxPitchDeg) {
    low('head_turned', 'The head is turned strongly; proportions and symmetry are unreliable.', {
      yaw: round(pose.yaw, 1),
      pitch: round(pose.pitch, 1),
      max_yaw: quality.maxYawDeg,
      max_pitch: quality.maxPitchDeg,
    });
  }

  return {
    values: values as Record<ContextKey, MetricValue>,
    nullReasons: nullReasons as Record<string, string>,
    warnings,
    observation: {
      featureSet: FEATURE_SET,
      features,
      ageVersion: models.age.version,
      genderVersion: models.gender.version,
    },
  };
}
