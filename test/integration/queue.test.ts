/** The queue registry on the real Redis and on BullMQ's Postgres backend. */
import { randomUUID } from 'node:crypto';
import { analyzeJob, QueueName, QueueRegistry } from '@face/queue';
import { REDIS_URL, createTestDatabase, uniqueName, type TestDatabase } from '../helpers/env';

const base = {
  QUEUE_TIMEOUT_MS: 1500,
  JOB_ATTEMPTS: 3,
  JOB_BACKOFF_MS: 100,
  DATABASE_URL: undefined as string | undefined,
};
const payload = () => ({ analysisId: randomUUID(), imageKey: 'c'.repeat(64) });

describe('on Redis', () => {
  const registry = new QueueRegistry({ ...base, REDIS_URL, QUEUE_PREFIX: uniqueName('t') });
  afterAll(async () => {
    await registry.queue(QueueName.Analysis).obliterate({ force: true });
    await registry.close();
  });

  test('the analysis id is the job id, so enqueuing twice makes one job', async () => {
    const p = payload();
    await registry.enqueue(analyzeJob, p);
    await registry.enqueue(analyzeJob, p);
    expect(await registry.queue(QueueName.Analysis).getJobCounts('waiting')).toEqual({ waiting: 1 });
    expect(await registry.jobState(analyzeJob, p.analysisId)).toBe('waiting');
    expect(await registry.removeJob(analyzeJob, p.analysisId)).toBe(true);
    expect(await registry.jobState(analyzeJob, p.analysisId)).toBeNull();
  });

  test('a malformed payload is refused before it reaches the queue', async () => {
    await expect(registry.enqueue(analyzeJob, { analysisId: 'not-a-uuid', imageKey: 'x' })).rejects.toThrow();
  });
});

test('an unreachable Redis answers QUEUE_UNAVAILABLE quickly instead of hanging', async () => {
  const registry = new QueueRegistry({ ...base, REDIS_URL: 'redis://127.0.0.1:1', QUEUE_PREFIX: uniqueName('t') });
  const t0 = Date.now();
  await expect(registry.enqueue(analyzeJob, payload())).rejects.toMatchObject({ code: 'QUEUE_UNAVAILABLE' });
  expect(Date.now() - t0).toBeLessThan(5000);
  await registry.close();
});

describe('on the Postgres backend', () => {
  let db: TestDatabase;
  let registry: QueueRegistry;
  beforeAll(async () => {
    db = await createTestDatabase();
    registry = new QueueRegistry({
      ...base,
      QUEUE_TIMEOUT_MS: 10_000,
      REDIS_URL: undefined,
      DATABASE_URL: db.url,
      QUEUE_PREFIX: 'pgtest',
    });
  });
  afterAll(async () => {
    await registry.close();
    await db.drop();
  });

  test('jobs are added once and can be removed', async () => {
    expect(registry.backend).toBe('postgres');
    const p = payload();
    await registry.enqueue(analyzeJob, p);
    await registry.enqueue(analyzeJob, p);
    expect(await registry.jobState(analyzeJob, p.analysisId)).toBe('waiting');
    expect(await registry.removeJob(analyzeJob, p.analysisId)).toBe(true);
    expect(await registry.jobState(analyzeJob, p.analysisId)).toBeNull();
  });
});
