/**
 * Fault: a worker is SIGKILLed while it analyses. Its job's lock expires, a
 * replacement worker takes it, and every analysis finishes exactly once.
 */
import { portraitFiles } from '../helpers/datasets';
import { eventually } from '../helpers/env';
import { Stack } from '../helpers/stack';
import { WebhookReceiver, webhookEnv } from '../helpers/webhook-receiver';
import { PHOTOS_PER_SCENARIO, expectExactlyOnce } from './exactly-once';

let stack: Stack;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await new WebhookReceiver().listen();
  stack = await Stack.start({
    workers: 1,
    env: webhookEnv(receiver),
  });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  await receiver?.close();
});

test('SIGKILL mid-job: the job finishes on another worker, once', async () => {
  const ids: string[] = [];
  for (const file of portraitFiles(PHOTOS_PER_SCENARIO)) ids.push((await stack.client.post(file)).body.id);
  // the first worker is killed while it holds a job (not between jobs)
  const [{ id: victim }] = await eventually(
    async () => {
      const rows = await stack.sql<{ id: string }>(
        `SELECT id FROM analyses WHERE status = 'active' AND stage IS NOT NULL`,
      );
      return rows.length > 0 ? rows : null;
    },
    60_000,
    50,
  );
  await stack.workers[0].kill();
  await stack.addWorker();
  const finished = await stack.waitFinished(ids, 180_000);

  expect(finished.find((r) => r.id === victim)?.status).toBe('completed');
  const [{ attempts }] = await stack.sql<{ attempts: number }>(`SELECT attempts FROM analyses WHERE id = $1`, [victim]);
  expect(attempts).toBeGreaterThanOrEqual(2);
  await eventually(async () => receiver.deliveriesByAnalysis().size >= ids.length, 30_000);
  await expectExactlyOnce(stack, ids, receiver);
}, 300_000);
