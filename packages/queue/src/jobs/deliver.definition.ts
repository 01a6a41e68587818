/**
 * deliver — POSTs one webhook message (a row of webhook_deliveries, SPEC §6) on its own queue, so slow
 * receivers never hold up analyses.
 *
 * The first attempt goes at once, then one retry per entry of WEBHOOK_RETRY_SCHEDULE (seconds), through the
 * custom back-off below. The job id is the message id, so a message is queued once; a replay is a new job
 * (`replayJobId`) for the same message. Receivers dedupe by the `webhook-id` header.
 */
import { z } from 'zod';
import { defineJob, type JobContext } from '../job-definition';
import { QueueName } from '../queue-names';

/** Delay before retry n (1-based), ms, from the schedule (seconds); past its end, the last entry. */
export function webhookBackoff(scheduleSeconds: readonly number[]) {
  return (attemptsMade: number): number =>
    Math.round(1000 * (scheduleSeconds[Math.min(attemptsMade, scheduleSeconds.length) - 1] ?? 0));
}

/** The job id of an operator's replay of a message, made at `at` (ms). */
export const replayJobId = (deliveryId: string, at: number) => `${deliveryId}.replay.${at}`;

const WEBHOOK_SCHEDULE = 'webhook-schedule';

export const deliverJob = defineJob({
  name: 'deliver',
  queue: QueueName.Webhooks,
  payload: z.object({
    /** webhook_deliveries.id, which is also the `webhook-id` header */
    deliveryId: z.string().min(1).max(100),
  }),
  options: (payload, { config }: JobContext) => ({
    jobId: payload.deliveryId,
    attempts: config.WEBHOOK_RETRY_SCHEDULE.length + 1,
    backoff: { type: WEBHOOK_SCHEDULE },
    removeOnComplete: { age: 7 * 24 * 3600 },
    removeOnFail: { age: 30 * 24 * 3600 },
  }),
  backoff: { type: WEBHOOK_SCHEDULE, delayMs: ({ config }) => webhookBackoff(config.WEBHOOK_RETRY_SCHEDULE) },
});
