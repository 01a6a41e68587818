/**
 * retention — forgets photos older than IMAGE_RETENTION_DAYS. Never enqueued by hand: a BullMQ job scheduler
 * runs it every RETENTION_INTERVAL_MS, one schedule however many workers upsert it. Deleting what is already
 * gone is a no-op, so a repeated run is harmless. The scheduler's jobs carry an empty payload.
 */
import { z } from 'zod';
import { defineJob } from '../job-definition';
import { QueueName } from '../queue-names';

export const retentionJob = defineJob({
  name: 'retention',
  queue: QueueName.Analysis,
  payload: z.object({}).strict(),
  options: () => ({ removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } }),
});
