import { deliverJobOptions, webhookBackoff } from './policies';

test('the webhook back-off follows the schedule, attempt by attempt, and stays at its last step', () => {
  const backoff = webhookBackoff([5, 300, 1800]);
  expect([1, 2, 3, 4, 10].map(backoff)).toEqual([5_000, 300_000, 1_800_000, 1_800_000, 1_800_000]);
});

test('a delivery gets one attempt more than the schedule has retries; a replay is a job of its own', () => {
  expect(deliverJobOptions([5, 300], 'msg_1')).toMatchObject({
    jobId: 'msg_1',
    attempts: 3,
    backoff: { type: 'webhook-schedule' },
  });
  expect(deliverJobOptions([5, 300], 'msg_1', 1700000000000).jobId).toBe('msg_1.replay.1700000000000');
});
