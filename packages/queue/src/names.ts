/** Every queue and job name, in one place. Nothing else spells them. */
export const QueueName = {
  Analysis: 'analysis',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const JobName = {
  Analyze: 'analyze',
  /** refit the age / gender calibration from stored labelled observations (SPEC §8) */
  Calibrate: 'calibrate',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];
