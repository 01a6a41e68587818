/**
 * Two deployments (each its own database) on one Redis database with the same
 * QUEUE_PREFIX: the first binds the prefix to its database's identity, the
 * second refuses to start and names QUEUE_PREFIX; a job stamped with another
 * deployment that still reaches a worker is released, never consumed.
 */
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { analyzeJob, QueueName } from '@face/queue';
import { PORTRAITS } from '../helpers/datasets';
import { REDIS_URL, uniqueName } from '../helpers/env';
import { Stack } from '../helpers/stack';

const prefix = uniqueName('shared').toLowerCase();
let first: Stack;

beforeAll(async () => {
  first = await Stack.start({ env: { QUEUE_PREFIX: prefix } });
}, 180_000);

afterAll(async () => {
  await first?.stop();
  const redis = new IORedis(REDIS_URL);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

test('a second deployment on the same Redis and QUEUE_PREFIX refuses to start, naming QUEUE_PREFIX', async () => {
  const error = await Stack.start({ env: { QUEUE_PREFIX: prefix } }).then(
    () => null,
    (e: Error) => e,
  );
  expect(error).not.toBeNull();
  expect(error!.message).toMatch(
    /failed to start: QUEUE_PREFIX "shared_[a-z0-9_]+" on this Redis database belongs to another deployment/,
  );
  // the first deployment's prefix is still bound to it, and its photos are analysed
  const created = await first.client.post(PORTRAITS.frontal, {}, { query: '?wait=25' });
  expect(created.body.status).toBe('completed');
}, 180_000);

test('a deployment with its own QUEUE_PREFIX on the same Redis works beside it', async () => {
  const second = await Stack.start();
  try {
    const [a, b] = await Promise.all([
      first.client.post(PORTRAITS.tilt, {}, { query: '?wait=25' }),
      second.client.post(PORTRAITS.earrings, {}, { query: '?wait=25' }),
    ]);
    expect([a.body.status, b.body.status]).toEqual(['completed', 'completed']);
    const [rowsA, rowsB] = await Promise.all([
      first.sql(`SELECT id FROM analyses WHERE id = $1`, [b.body.id]),
      second.sql(`SELECT id FROM analyses WHERE id = $1`, [a.body.id]),
    ]);
    expect([rowsA.length, rowsB.length]).toEqual([0, 0]);
  } finally {
    await second.stop();
  }
}, 180_000);

test('a job stamped with another deployment is released, not consumed', async () => {
  const connection = new IORedis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue(QueueName.Analysis, { connection, prefix });
  try {
    const id = randomUUID();
    await queue.add(
      analyzeJob.name,
      { analysisId: id, imageKey: 'a'.repeat(64), deployment: randomUUID() },
      { jobId: id, attempts: 3 },
    );
    await first.workers[0].waitForLog(/job of another deployment on this queue: released, not consumed/, 30_000);
    const job = await queue.getJob(id);
    expect(job).toBeDefined();
    expect(['delayed', 'waiting', 'active']).toContain(await job!.getState());
    expect(job!.attemptsMade).toBe(0);
    await job!.remove().catch(() => undefined);
  } finally {
    await queue.close();
    await connection.quit();
  }
}, 60_000);
