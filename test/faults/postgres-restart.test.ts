/**
 * Fault: Postgres restarts while analyses run (an own embedded Postgres on its
 * own port). The API answers 503 DATABASE_UNAVAILABLE meanwhile; jobs that hit
 * the outage wait without using their attempts and finish afterwards: no
 * duplicate rows, none left in active.
 */
import { portraitFiles, PORTRAITS } from '../helpers/datasets';
import { eventually } from '../helpers/env';
import { Stack } from '../helpers/stack';
import { WebhookReceiver, webhookEnv } from '../helpers/webhook-receiver';
import { PHOTOS_PER_SCENARIO, expectExactlyOnce } from './exactly-once';

let stack: Stack;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await new WebhookReceiver().listen();
  stack = await Stack.start({
    postgres: 'embedded',
    workers: 1,
    env: { ...webhookEnv(receiver), JOB_ATTEMPTS: '3' },
  });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  await receiver?.close();
});

test('Postgres restart mid-run: 503 while down, jobs retry, no duplicates, none stuck in active', async () => {
  const ids: string[] = [];
  for (const file of portraitFiles(PHOTOS_PER_SCENARIO)) ids.push((await stack.client.post(file)).body.id);
  await eventually(
    async () => (await stack.sql(`SELECT 1 FROM analyses WHERE status = 'active' AND stage IS NOT NULL`)).length >= 1,
    60_000,
    50,
  );

  // down for longer than JOB_ATTEMPTS × back-off would allow if an outage used up attempts
  await stack.restartPostgres(8000, async () => {
    const refused = await stack.client.post(PORTRAITS.frontal);
    expect([refused.status, refused.body.error.code]).toEqual([503, 'DATABASE_UNAVAILABLE']);
    expect(refused.headers.get('retry-after')).toBeTruthy();
    const read = await stack.client.get(ids[0]);
    expect([read.status, read.body.error.code]).toEqual([503, 'DATABASE_UNAVAILABLE']);
  });

  const rows = await stack.waitFinished(ids, 240_000);
  expect(rows.map((r) => r.status)).toEqual(ids.map(() => 'completed'));
  // the request refused during the outage left no row; a worker logged the wait
  expect((await stack.sql<{ n: number }>(`SELECT count(*)::int AS n FROM analyses`))[0].n).toBe(ids.length);
  expect(stack.workers[0].logs()).toMatch(/dependency down: job waits without using an attempt/);
  await eventually(async () => receiver.deliveriesByAnalysis().size >= ids.length, 60_000);
  await expectExactlyOnce(stack, ids, receiver);
}, 400_000);
