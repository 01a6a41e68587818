/**
 * Pipeline parameters for running the pipeline without the service (scripts,
 * benchmarks, pipeline tests): configuration defaults (or the environment) and
 * the shipped age / gender models and undertone calibration instead of the database's active versions.
 */
import { loadConfig, qualityThresholds } from '@face/config';
import { seedUndertone } from './color/undertone-calibration';
import { seedAgeGenderModels } from './context/seed-models';
import type { PipelineParams } from './params';

export function standaloneParams(overrides: Partial<PipelineParams> = {}): PipelineParams {
  const config = loadConfig(process.env);
  return {
    facePolicy: 'largest',
    minFacePx: config.MIN_FACE_PX,
    maxPixels: 50_000_000,
    ageGender: seedAgeGenderModels(),
    undertone: seedUndertone(),
    quality: qualityThresholds(config),
    ...overrides,
  };
}
