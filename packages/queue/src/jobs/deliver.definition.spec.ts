import { deliverJob, replayJobId, webhookBackoff } from './deliver.definition';

const context = { config: { JOB_ATTEMPTS: 3, JOB_BACKOFF_MS: 1000, WEBHOOK_RETRY_SCHEDULE: [5, 300] } };

test('the webhook back-off follows the schedule, attempt by attempt, and stays at its last step', () => {
  const backoff = webhookBackoff([5, 300, 1800]);
  expect([1, 2, 3, 4, 10].map(backoff)).toEqual([5_000, 300_000, 1_800_000, 1_800_000, 1_800_000]);
  // the worker registers the same function under the type the job's options name
  expect(deliverJob.backoff!.delayMs(context)(2)).toBe(300_000);
});

test('a delivery gets one attempt more than the schedule has retries; a replay is a job of its own', () => {
  expect(deliverJob.options({ deliveryId: 'msg_1' }, context)).toMatchObject({
    jobId: 'msg_1',
    attempts: 3,
    backoff: { type: deliverJob.backoff!.type },
  });
  expect(replayJobId('msg_1', 1700000000000)).toBe('msg_1.replay.1700000000000');
});

test('a payload with a missing or empty delivery id is refused', () => {
  expect(deliverJob.payload.safeParse({ deliveryId: '' }).success).toBe(false);
  expect(deliverJob.payload.safeParse({}).success).toBe(false);
});
