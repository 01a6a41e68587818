/** Every job the service runs. A new job is a definition here and a handler in the worker's jobs/ folder. */
import type { QueueName } from '../queue-names';
import { analyzeJob } from './analyze.definition';
import { calibrateJob } from './calibrate.definition';
import { deliverJob } from './deliver.definition';
import { retentionJob } from './retention.definition';

export { analyzeJob, calibrateJob, deliverJob, retentionJob };
export { replayJobId, webhookBackoff } from './deliver.definition';

export const JOBS = [analyzeJob, calibrateJob, retentionJob, deliverJob] as const;
type AnyJobDefinition = (typeof JOBS)[number];

/** The definitions of the jobs a queue carries (its worker must handle every one). */
export type JobsOf<Q extends QueueName> = Extract<AnyJobDefinition, { queue: Q }>;
export const jobsOf = <Q extends QueueName>(queue: Q): JobsOf<Q>[] =>
  JOBS.filter((job): job is JobsOf<Q> => job.queue === queue);
