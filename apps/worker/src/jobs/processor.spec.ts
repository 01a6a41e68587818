import { QueueName } from '@face/queue';
import type { Job } from 'bullmq';
import { processorFor } from './processor';

const job = (name: string, data: unknown) => ({ name, data }) as Job;

function analysisProcessor() {
  const seen: Array<[string, unknown]> = [];
  const record = (name: string) => async (j: Job) => {
    seen.push([name, j.data]);
    return 'ran';
  };
  const processor = processorFor(QueueName.Analysis, {
    analyze: record('analyze'),
    calibrate: record('calibrate'),
    retention: record('retention'),
  });
  return { processor, seen };
}

test('each job goes to its own handler with its checked payload', async () => {
  const { processor, seen } = analysisProcessor();
  const analysisId = '0b0e8a5e-6f4c-4d8e-9a51-4c3f5a7e2d10';
  await processor(job('analyze', { analysisId, imageKey: 'a'.repeat(64) }));
  await processor(job('calibrate', { requestedBy: 'ops' }));
  await processor(job('retention', {}));
  expect(seen).toEqual([
    ['analyze', { analysisId, imageKey: 'a'.repeat(64) }],
    ['calibrate', { requestedBy: 'ops' }],
    ['retention', {}],
  ]);
});

test('a payload its definition refuses fails at once (unrecoverable) and names the field; the handler never runs', async () => {
  const { processor, seen } = analysisProcessor();
  await expect(processor(job('retention', { days: 0 }))).rejects.toMatchObject({
    name: 'UnrecoverableError',
    message: expect.stringContaining('malformed retention payload'),
  });
  await expect(processor(job('analyze', { analysisId: 'x', imageKey: 'a'.repeat(64) }))).rejects.toMatchObject({
    name: 'UnrecoverableError',
    message: 'malformed analyze payload: analysisId',
  });
  expect(seen).toEqual([]);
});

test('a job name the queue does not carry is refused, unretried', async () => {
  const { processor } = analysisProcessor();
  await expect(processor(job('deliver', { deliveryId: 'msg_1' }))).rejects.toMatchObject({
    name: 'UnrecoverableError',
  });
});

test('a queue whose jobs are not all handled cannot get a processor', () => {
  expect(() => processorFor(QueueName.Analysis, { analyze: async () => 0, calibrate: async () => 0 } as never)).toThrow(
    'no handler for job "retention" of the analysis queue',
  );
});
