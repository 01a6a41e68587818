/**
 * Fault: Redis restarts while analyses are queued and running (an own
 * redis-server with append-only persistence, as production runs it). While it
 * is down the API answers 503 QUEUE_UNAVAILABLE at once and leaves no row;
 * afterwards the queued work resumes and nothing is lost or done twice.
 */
import { portraitFiles, PORTRAITS } from '../helpers/datasets';
import { eventually } from '../helpers/env';
import { Stack } from '../helpers/stack';
import { PHOTOS_PER_SCENARIO, expectExactlyOnce } from './exactly-once';

let stack: Stack;

beforeAll(async () => {
  stack = await Stack.start({ queue: 'own', workers: 1, env: { QUEUE_TIMEOUT_MS: '2000' } });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

test('Redis restart mid-run: 503 fast while down, queued and finished work survives, jobs resume', async () => {
  const ids: string[] = [];
  for (const file of portraitFiles(PHOTOS_PER_SCENARIO)) ids.push((await stack.client.post(file)).body.id);
  await eventually(
    async () =>
      (await stack.sql(`SELECT 1 FROM analyses WHERE status = 'completed' AND id = ANY($1)`, [ids])).length >= 1,
    120_000,
    100,
  );

  await stack.redis!.down();
  const before = await stack.sql<{ n: number }>(`SELECT count(*)::int AS n FROM analyses`);
  const t0 = Date.now();
  const refused = await stack.client.post(PORTRAITS.frontal);
  const answeredMs = Date.now() - t0;
  expect(refused.status).toBe(503);
  expect(refused.body.error.code).toBe('QUEUE_UNAVAILABLE');
  expect(refused.headers.get('retry-after')).toBeTruthy();
  // "never hangs": bounded by QUEUE_TIMEOUT_MS (2 s here) plus the request's own work
  expect(answeredMs).toBeLessThan(10_000);
  expect(await stack.sql<{ n: number }>(`SELECT count(*)::int AS n FROM analyses`)).toEqual(before);
  // reads come from Postgres and go on working
  const finished = (
    await stack.sql<{ id: string }>(`SELECT id FROM analyses WHERE status = 'completed' AND id = ANY($1)`, [ids])
  )[0];
  expect((await stack.client.get(finished.id)).status).toBe(200);
  expect((await stack.client.request('GET', '/readyz')).status).toBe(503);
  await new Promise((r) => setTimeout(r, 3000));

  await stack.redis!.up();
  await eventually(async () => (await stack.client.request('GET', '/readyz')).status === 200, 30_000);
  const accepted = await stack.client.post(PORTRAITS.frontal);
  expect(accepted.status).toBe(202);
  ids.push(accepted.body.id);
  const rows = await stack.waitFinished(ids, 240_000);
  expect(rows.filter((r) => r.status === 'completed').length).toBe(ids.length);
  await expectExactlyOnce(stack, ids);
}, 400_000);
