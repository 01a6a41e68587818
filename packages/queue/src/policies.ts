/**
 * Retry policies per job.
 *
 * analyze — idempotent (the result is written once, by a conditional update),
 * retried JOB_ATTEMPTS times with exponential back-off from JOB_BACKOFF_MS for
 * transient errors; input errors fail at once (UnrecoverableError).
 */
import type { AppConfig } from '@face/config';
import type { JobsOptions } from 'bullmq';

export function analyzeJobOptions(
  config: Pick<AppConfig, 'JOB_ATTEMPTS' | 'JOB_BACKOFF_MS'>,
  analysisId: string,
): JobsOptions {
  return {
    jobId: analysisId,
    attempts: config.JOB_ATTEMPTS,
    backoff: { type: 'exponential', delay: config.JOB_BACKOFF_MS },
    // Postgres is the record; queue entries are kept a while for operators, then trimmed
    removeOnComplete: { age: 24 * 3600, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}

/** calibrate — reads and writes only Postgres; retried a few times, then left to the operator. */
export function calibrateJobOptions(): JobsOptions {
  return {
    attempts: 3,
    backoff: { type: 'exponential', delay: 10_000 },
    removeOnComplete: { age: 30 * 24 * 3600 },
    removeOnFail: { age: 30 * 24 * 3600 },
  };
}

/**
 * deliver — the first attempt at once, then one retry per entry of the
 * schedule (seconds; default 5 s, 5 min, 30 min, 2 h, 5 h, 10 h), through
 * BullMQ's custom back-off (webhookBackoff). A replay is a new job (its id
 * carries the replay time) for the same message.
 */
export function deliverJobOptions(
  scheduleSeconds: readonly number[],
  deliveryId: string,
  replayAt?: number,
): JobsOptions {
  return {
    jobId: replayAt === undefined ? deliveryId : `${deliveryId}.replay.${replayAt}`,
    attempts: scheduleSeconds.length + 1,
    backoff: { type: 'webhook-schedule' },
    removeOnComplete: { age: 7 * 24 * 3600 },
    removeOnFail: { age: 30 * 24 * 3600 },
  };
}

/** Delay before retry n (1-based), ms, from the schedule. */
export function webhookBackoff(scheduleSeconds: readonly number[]) {
  return (attemptsMade: number): number =>
    Math.round(1000 * (scheduleSeconds[Math.min(attemptsMade, scheduleSeconds.length) - 1] ?? 0));
}
