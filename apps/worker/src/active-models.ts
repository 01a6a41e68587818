/**
 * The active age and gender model versions and undertone calibration, as the worker uses them. The
 * versions' names are re-read at most every WORKER_MODEL_REFRESH_MS, and the parameters
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
  SEED_MODELS,
  COLOUR_FEATURE_SET,
  SEED_UNDERTONE,
  type UndertoneCalibration,
  type UndertoneParameters,
} from '@face/pipeline/models';

/** What the pipeline takes from model_versions. */
export interface ActiveModelSet {
  ageGender: AgeGenderModels;
  undertone: UndertoneCalibration;
}

export class ActiveModels {
  private cached?: ActiveModelSet;
  private checkedAt = 0;

  constructor(
    private readonly versions: ModelVersionRepository,
    /** ms between reads of the active versions (WORKER_MODEL_REFRESH_MS; 0 in tests: every call) */
    private readonly refreshMs: number,
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
      featureSetGeneration((active.parameters as AgeModelParameters | GenderModelParameters).model.featureSet) >=
      featureSetGeneration(FEATURE_SET);
    for (const v of [SEED_MODELS.age, SEED_MODELS.gender])
      if (await this.versions.seedUnlessCurrent(v, keepActive)) seeded.push(v.version);
    // an offset fitted on an older colour layout is on another undertone_b: the seed replaces it
    const keepUndertone = (active: { parameters: unknown }) =>
      featureSetGeneration((active.parameters as UndertoneParameters).featureSet) >=
      featureSetGeneration(COLOUR_FEATURE_SET);
    if (await this.versions.seedUnlessCurrent(SEED_UNDERTONE, keepUndertone)) seeded.push(SEED_UNDERTONE.version);
    return seeded;
  }

  async current(): Promise<ActiveModelSet> {
    if (this.cached && Date.now() - this.checkedAt < this.refreshMs) return this.cached;
    const names = await this.versions.activeVersions();
    this.checkedAt = Date.now();
    const c = this.cached;
    if (
      c &&
      names.age === c.ageGender.age.version &&
      names.gender === c.ageGender.gender.version &&
      names.undertone === c.undertone.version
    )
      return c;
    const [age, gender, undertone] = await Promise.all([
      this.versions.active('age'),
      this.versions.active('gender'),
      this.versions.active('undertone'),
    ]);
    if (!age || !gender || !undertone) {
      throw new AppError(
        'MODEL_UNAVAILABLE',
        'No active age, gender or undertone model version (model_versions); run the worker once to seed them or activate one.',
      );
    }
    this.cached = {
      ageGender: {
        age: { version: age.version, parameters: age.parameters as AgeGenderModels['age']['parameters'] },
        gender: { version: gender.version, parameters: gender.parameters as AgeGenderModels['gender']['parameters'] },
      },
      undertone: { version: undertone.version, parameters: undertone.parameters as UndertoneParameters },
    };
    return this.cached;
  }
}
