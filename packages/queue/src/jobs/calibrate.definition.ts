/**
 * calibrate — refits the age, gender and undertone models and the population norms from stored labelled
 * observations (SPEC §8). It runs on the analysis workers and reads and writes only Postgres; it is retried a
 * few times, then left to the operator. Each run makes new versions, so a repeated run is harmless.
 */
import { z } from 'zod';
import { defineJob } from '../job-definition';
import { QueueName } from '../queue-names';

export const calibrateJob = defineJob({
  name: 'calibrate',
  queue: QueueName.Analysis,
  payload: z.object({
    /** who asked (operator name, "schedule"), for the model version's record */
    requestedBy: z.string().min(1).max(100),
  }),
  options: () => ({
    attempts: 3,
    backoff: { type: 'exponential', delay: 10_000 },
    removeOnComplete: { age: 30 * 24 * 3600 },
    removeOnFail: { age: 30 * 24 * 3600 },
  }),
});
