/** Every queue and job name, in one place. Nothing else spells them. */
export const QueueName = {
  Analysis: 'analysis',
  /** webhook deliveries (SPEC §6): their own queue, so slow receivers never hold up analyses */
  Webhooks: 'webhooks',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const JobName = {
  Analyze: 'analyze',
  /** refit the age / gender calibration from stored labelled observations (SPEC §8) */
  Calibrate: 'calibrate',
  /** forget photos older than IMAGE_RETENTION_DAYS (a job scheduler runs it hourly) */
  Retention: 'retention',
  /** POST one webhook message (a row of webhook_deliveries) */
  Deliver: 'deliver',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];

/** The job names each queue carries (a worker must handle every one of its queue's). */
export const JOBS_OF: Record<QueueName, readonly JobName[]> = {
  [QueueName.Analysis]: [JobName.Analyze, JobName.Calibrate, JobName.Retention],
  [QueueName.Webhooks]: [JobName.Deliver],
};
