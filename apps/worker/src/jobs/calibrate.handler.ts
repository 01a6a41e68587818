/**
 * Handler of the `calibrate` job (SPEC §8): refits the correction of the
 * active age model, the calibration (threshold) of the active gender model and
 * the undertone calibration (the warm/cool boundary) on the stored
 * observations that have ground truth (true age, declared gender, the user's
 * own undertone), measures candidate and
 * active version on the held-out part, stores the candidate as a new version
 * and activates it only when it measured better.
 */
import { calibrateAge, calibrateGender, calibrateUndertone, type Observation } from '@face/calibration';
import { flatKey, normedMetrics } from '@face/catalog';
import type { ModelVersionRepository, NormsRepository } from '@face/db';
import { buildCells, MIN_CELL_OBSERVATIONS } from '@face/norms';
import type { Logger } from '@face/logger';
import type { UndertoneParameters, AgeModelParameters, GenderModelParameters } from '@face/pipeline/models';
import type { calibrateJob, JobOf } from '@face/queue';
import { UnrecoverableError } from 'bullmq';

export interface CalibrateDeps {
  versions: ModelVersionRepository;
  norms: NormsRepository;
  logger: Logger;
}

export interface CalibrateSummary {
  age: { status: string; version?: string; activated?: boolean; heldOutMae?: { candidate: number; active: number } };
  gender: {
    status: string;
    version?: string;
    activated?: boolean;
    heldOutAccuracy?: { candidate: number; active: number };
  };
  undertone: {
    status: string;
    version?: string;
    activated?: boolean;
    offset?: number;
    heldOutAccuracy?: { candidate: number; active: number };
  };
  /** population norms refitted from analyses with profile truth; a cell replaces the active one from MIN_CELL_OBSERVATIONS people */
  norms?: { status: string; version?: string; observations: number; cells?: number; activated?: number };
}

const METHODS = {
  age: 'affine correction of the active model output',
  gender: 'Platt recalibration of the active model score',
  undertone:
    'offset on undertone_b that best predicts the self-assessed undertone through the season model (least log loss)',
};

/** Refits the population norms from the stored analyses whose profile gives age and gender. */
export async function refitNorms(
  norms: NormsRepository,
  stamp: string,
  jobId: string | undefined,
  requestedBy: string,
): Promise<NonNullable<CalibrateSummary['norms']>> {
  const metrics = normedMetrics().map(flatKey);
  const observations = await norms.profiledObservations(metrics);
  if (observations.length === 0) return { status: 'insufficient_data', observations: 0 };
  const cells = buildCells(observations, metrics);
  const version = `norms-${stamp}-${jobId}`;
  const source = {
    source: 'analyses with profile truth (birth_date, gender)',
    observations: observations.length,
    min_cell_observations: MIN_CELL_OBSERVATIONS,
    requested_by: requestedBy,
  };
  const { stored, activated } = await norms.store({ version, kind: 'refit', source, cells });
  return { status: 'refitted', version, observations: observations.length, cells: stored, activated };
}

export function createCalibrateHandler({ versions, norms, logger }: CalibrateDeps) {
  return async function calibrate(job: JobOf<typeof calibrateJob>): Promise<CalibrateSummary> {
    const log = logger.child({ job_id: job.id, requested_by: job.data.requestedBy });
    const normsSummary = await refitNorms(
      norms,
      new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, ''),
      job.id,
      job.data.requestedBy,
    );
    const [age, gender, undertone] = await Promise.all([
      versions.active('age'),
      versions.active('gender'),
      versions.active('undertone'),
    ]);
    if (!age || !gender || !undertone)
      throw new UnrecoverableError('no active age, gender or undertone model version to calibrate');

    // each model is refitted on the observations measured in its own feature layout
    const observationsFor = async (featureSet: string): Promise<Observation[]> =>
      (await versions.labelledObservations(featureSet)).map((r) => ({
        id: r.analysis_id,
        features: r.features.map(Number),
        ...(r.true_age !== null && { age: Number(r.true_age) }),
        ...((r.declared_gender === 'female' || r.declared_gender === 'male') && {
          male: r.declared_gender === 'male' ? 1 : 0,
        }),
      }));
    const ageParameters = age.parameters as AgeModelParameters;
    const genderParameters = gender.parameters as GenderModelParameters;
    const ageObservations = await observationsFor(ageParameters.model.featureSet);
    const genderObservations =
      genderParameters.model.featureSet === ageParameters.model.featureSet
        ? ageObservations
        : await observationsFor(genderParameters.model.featureSet);
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
    const trainingSet = (kind: keyof typeof METHODS, fitCount: number, heldOutCount: number, base: string) => ({
      source: 'face_observations with profile truth',
      method: METHODS[kind],
      base_version: base,
      fit_count: fitCount,
      held_out_count: heldOutCount,
      held_out_rule: 'FNV-1a(analysis_id) mod 100 < 20',
      requested_by: job.data.requestedBy,
    });

    const summary: CalibrateSummary = {
      age: { status: 'insufficient_data' },
      gender: { status: 'insufficient_data' },
      undertone: { status: 'insufficient_data' },
      norms: normsSummary,
    };
    const a = calibrateAge(ageParameters, ageObservations);
    if (a.status === 'evaluated') {
      const v = await versions.insert(
        {
          kind: 'age',
          version: `age-${stamp}-${job.id}`,
          parameters: a.candidate,
          trainingSet: trainingSet('age', a.fitCount, a.heldOut.count, age.version),
          metrics: { held_out: a.heldOut },
        },
        { activate: a.activate },
      );
      summary.age = {
        status: 'evaluated',
        version: v.version,
        activated: a.activate,
        heldOutMae: { candidate: a.heldOut.candidate.mae, active: a.heldOut.active.mae },
      };
    }
    const g = calibrateGender(genderParameters, genderObservations);
    if (g.status === 'evaluated') {
      const v = await versions.insert(
        {
          kind: 'gender',
          version: `gender-${stamp}-${job.id}`,
          parameters: g.candidate,
          trainingSet: trainingSet('gender', g.fitCount, g.heldOut.count, gender.version),
          metrics: { held_out: g.heldOut },
        },
        { activate: g.activate },
      );
      summary.gender = {
        status: 'evaluated',
        version: v.version,
        activated: g.activate,
        heldOutAccuracy: { candidate: g.heldOut.candidate.accuracy, active: g.heldOut.active.accuracy },
      };
    }
    const undertoneParameters = undertone.parameters as UndertoneParameters;
    const undertoneObservations = (await versions.undertoneObservations(undertoneParameters.featureSet)).map((r) => ({
      id: r.analysis_id,
      features: r.colour_features.map((v) => (v === null ? null : Number(v))),
      warm: r.self_undertone === 'warm',
    }));
    const u = calibrateUndertone(undertoneParameters, undertoneObservations);
    if (u.status === 'evaluated') {
      const v = await versions.insert(
        {
          kind: 'undertone',
          version: `undertone-${stamp}-${job.id}`,
          parameters: u.candidate,
          trainingSet: trainingSet('undertone', u.fitCount, u.heldOut.count, undertone.version),
          metrics: { held_out: u.heldOut },
        },
        { activate: u.activate },
      );
      summary.undertone = {
        status: 'evaluated',
        version: v.version,
        activated: u.activate,
        offset: u.candidate.offset,
        heldOutAccuracy: { candidate: u.heldOut.candidate.accuracy, active: u.heldOut.active.accuracy },
      };
    }
    const observations = {
      age: ageObservations.length,
      gender: genderObservations.length,
      undertone: undertoneObservations.length,
    };
    log.info('calibration finished', { observations, ...summary });
    return summary;
  };
}
