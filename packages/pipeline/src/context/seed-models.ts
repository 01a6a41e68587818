/**
 * The age and gender models the service ships with, fitted by
 * `npm run calibrate:seed` on the labelled photos in ../shared/datasets (and
 * nothing held out). A fresh database is seeded with them; after that the
 * model_versions table is the source and the `calibrate` job improves on them.
 */
import seed from './age-gender-seed.json';
import type { AgeGenderModels, AgeModelParameters, GenderModelParameters } from './age-gender-model';

export interface SeedVersion<P> {
  kind: P extends AgeModelParameters ? 'age' : 'gender';
  version: string;
  parameters: P;
  trainingSet: Record<string, unknown>;
  metrics: Record<string, unknown>;
}

export interface SeedModels {
  age: SeedVersion<AgeModelParameters>;
  gender: SeedVersion<GenderModelParameters>;
}

export const SEED_MODELS = seed as unknown as SeedModels;

/** The shipped models in the form the pipeline takes (scripts and tests that run without a database). */
export function seedAgeGenderModels(): AgeGenderModels {
  return {
    age: { version: SEED_MODELS.age.version, parameters: SEED_MODELS.age.parameters },
    gender: { version: SEED_MODELS.gender.version, parameters: SEED_MODELS.gender.parameters },
  };
}
