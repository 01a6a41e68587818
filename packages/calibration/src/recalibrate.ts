/**
 * The calibration step the `calibrate` job runs on accumulated data (SPEC §8):
 * labelled observations are split by a hash of their analysis id into a
 * fitting part and a held-out part (a fixed 1 in 5, so an observation never
 * moves between them); a corrected version of the active model is fitted on
 * the fitting part and measured beside the active model on the held-out part.
 * It is recommended for activation only when it measures better there.
 */
import type { AgeModelParameters, GenderModelParameters, UndertoneParameters } from '@face/pipeline/models';
import { evaluateAge, evaluateGender, recalibrateAge, recalibrateGender, type LabelledSample } from './fit-age-gender';
import type { AgeMetrics, GenderMetrics } from './metrics';
import { evaluateUndertone, fitUndertoneOffset, type UndertoneMetrics, type UndertoneSample } from './fit-undertone';

export interface Observation extends LabelledSample {
  id: string;
}

/** Fewer labelled observations than this (per part) are not enough to judge a calibration. */
export const MIN_FIT = 40;
export const MIN_HELD_OUT = 10;

/** Stable 0–99 bucket of an id (FNV-1a); buckets 0–19 are held out. */
export function bucketOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % 100;
}
export const isHeldOut = (id: string) => bucketOf(id) < 20;

export interface Decision<P, M> {
  candidate: P;
  fitCount: number;
  heldOut: { count: number; candidate: M; active: M };
  activate: boolean;
}

export type CalibrationOutcome =
  | { kind: 'age'; status: 'insufficient_data'; fitCount: number; heldOutCount: number }
  | ({ kind: 'age'; status: 'evaluated' } & Decision<AgeModelParameters, AgeMetrics>);

export type GenderCalibrationOutcome =
  | { kind: 'gender'; status: 'insufficient_data'; fitCount: number; heldOutCount: number }
  | ({ kind: 'gender'; status: 'evaluated' } & Decision<GenderModelParameters, GenderMetrics>);

export type UndertoneCalibrationOutcome =
  | { kind: 'undertone'; status: 'insufficient_data'; fitCount: number; heldOutCount: number }
  | ({ kind: 'undertone'; status: 'evaluated' } & Decision<UndertoneParameters, UndertoneMetrics>);

export interface UndertoneObservation extends UndertoneSample {
  id: string;
}

/** Better = fewer errors, or as few errors with better-calibrated probabilities (gender and undertone alike). */
function classifiesBetter(
  candidate: { accuracy: number; logLoss: number },
  active: { accuracy: number; logLoss: number },
): boolean {
  return (
    candidate.accuracy > active.accuracy ||
    (candidate.accuracy === active.accuracy && candidate.logLoss < active.logLoss)
  );
}

function split<T extends { id: string }>(rows: readonly T[], has: (r: T) => boolean) {
  const labelled = rows.filter(has);
  return { fit: labelled.filter((r) => !isHeldOut(r.id)), heldOut: labelled.filter((r) => isHeldOut(r.id)) };
}

export function calibrateAge(active: AgeModelParameters, observations: readonly Observation[]): CalibrationOutcome {
  const { fit, heldOut } = split(observations, (r) => r.age !== undefined);
  if (fit.length < MIN_FIT || heldOut.length < MIN_HELD_OUT)
    return { kind: 'age', status: 'insufficient_data', fitCount: fit.length, heldOutCount: heldOut.length };
  const candidate = recalibrateAge(active, fit);
  const c = evaluateAge(candidate, heldOut);
  const a = evaluateAge(active, heldOut);
  return {
    kind: 'age',
    status: 'evaluated',
    candidate,
    fitCount: fit.length,
    heldOut: { count: heldOut.length, candidate: c, active: a },
    activate: c.mae < a.mae,
  };
}

export function calibrateGender(
  active: GenderModelParameters,
  observations: readonly Observation[],
): GenderCalibrationOutcome {
  const { fit, heldOut } = split(observations, (r) => r.male !== undefined);
  if (fit.length < MIN_FIT || heldOut.length < MIN_HELD_OUT)
    return { kind: 'gender', status: 'insufficient_data', fitCount: fit.length, heldOutCount: heldOut.length };
  const candidate = recalibrateGender(active, fit);
  const c = evaluateGender(candidate, heldOut);
  const a = evaluateGender(active, heldOut);
  const activate = classifiesBetter(c, a);
  return {
    kind: 'gender',
    status: 'evaluated',
    candidate,
    fitCount: fit.length,
    heldOut: { count: heldOut.length, candidate: c, active: a },
    activate,
  };
}

/** Refits the warm/cool boundary (an offset on undertone_b) on observations that carry the user's own undertone. */
export function calibrateUndertone(
  active: UndertoneParameters,
  observations: readonly UndertoneObservation[],
): UndertoneCalibrationOutcome {
  const { fit, heldOut } = split(observations, () => true);
  if (fit.length < MIN_FIT || heldOut.length < MIN_HELD_OUT)
    return { kind: 'undertone', status: 'insufficient_data', fitCount: fit.length, heldOutCount: heldOut.length };
  const candidate = fitUndertoneOffset(active.featureSet, fit);
  const c = evaluateUndertone(candidate, heldOut);
  const a = evaluateUndertone(active, heldOut);
  const activate = classifiesBetter(c, a);
  return {
    kind: 'undertone',
    status: 'evaluated',
    candidate,
    fitCount: fit.length,
    heldOut: { count: heldOut.length, candidate: c, active: a },
    activate,
  };
}
