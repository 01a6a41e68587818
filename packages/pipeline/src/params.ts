/**
 * What a pipeline run is configured with: the face policy and limits, and the model versions and thresholds in use.
 * Kept apart from types.ts, which the stages import: it names the stages' own parameter types.
 */
import type { UndertoneCalibration } from './color/undertone-calibration';
import type { QualityThresholds } from './context';
import type { AgeGenderModels } from './context/age-gender-model';

export interface PipelineParams {
  facePolicy: 'largest' | 'strict';
  minFacePx: number;
  maxPixels: number;
  /** the active age and gender model versions */
  ageGender: AgeGenderModels;
  /** the active undertone calibration (the warm/cool boundary) */
  undertone: UndertoneCalibration;
  quality: QualityThresholds;
}
