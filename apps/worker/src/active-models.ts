/**
 * The active age and gender model versions, as the worker uses them. The
 * versions' names are re-read at most every REFRESH_MS, and the parameters
 * only when a name changed, so a version the `calibrate` job activates is in
 * use within seconds, without a restart.
 */
import type { ModelVersionRepository } from '@face/db';
import { AppError } from '@face/errors';
import {
  FEATURE_SET,
  featureSetGeneration,
  type AgeGenderModels,
  type AgeModelParameters,
  type GenderModelParameters,
} from '@face/pipeline/src/context/age-gender-model';
import { SEED_MODELS } from '@face/pipeline/src/context/seed-models';

/** How often the active versions' names are re-read, ms. */
export const REFRESH_MS = 5000;

export class ActiveModels {
  private cached?: AgeGenderModels;
  private checkedAt = 0;

  constructor(
    private readonly versions: ModelVersionRepository,
    private readonly refreshMs = REFRESH_MS,
  ) {}

  /**
   * Stores the shipped models as the active versions on a fresh database, and
   * after an upgrade whose models read a newer feature layout than the active
   * versions (which this code cannot read). A worker of an older release that
   * is still running during a rolling upgrade leaves the newer versions alone.
   */
  async seed(): Promise<string[]> {
    const seeded: string[] = [];
    const keepActive = (active: { parameters: unknown }) =>
      featureSetGeneration((active.parameters as AgeModelParameters | GenderModelParameters).model.featureSet) >= featureSetGeneration(FEATURE_SET);
    for (const v of [SEED_MODELS.age, SEED_MODELS.gender]) if (await this.versions.seedUnlessCurrent(v, keepActive)) seeded.push(v.version);
    return seeded;
  }

  async current(): Promise<AgeGenderModels> {
    if (this.cached && Date.now() - this.checkedAt < this.refreshMs) return this.cached;
    const names = await this.versions.activeVersions();
    this.checkedAt = Date.now();
    if (this.cached && names.age === this.cached.age.version && names.gender === this.cached.gender.version) return this.cached;
    const [age, gender] = await Promise.all([this.versions.active('age'), this.versions.active('gender')]);
    if (!age || !gender) throw new AppError('MODEL_UNAVAILABLE', 'No active age or gender model version (model_versions); run the worker once to seed it or activate one.');
    this.cached = {
      age: { version: age.version, parameters: age.parameters as AgeGenderModels['age']['parameters'] },
      gender: { version: gender.version, parameters: gender.parameters as AgeGenderModels['gender']['parameters'] },
    };
    return this.cached;
  }
}
