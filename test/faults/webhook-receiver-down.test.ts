/**
 * Fault: the client's webhook receiver is down for a while (connection
 * refused). Each delivery is retried on its schedule, every failed attempt is
 * logged, and once the receiver is back each analysis is delivered once.
 */
import { portraitFiles } from '../helpers/datasets';
import { eventually, freePort } from '../helpers/env';
import { Stack } from '../helpers/stack';
import { WebhookReceiver, webhookEnv } from '../helpers/webhook-receiver';
import { PHOTOS_PER_SCENARIO, expectExactlyOnce } from './exactly-once';

let stack: Stack;
let receiver: WebhookReceiver;

beforeAll(async () => {
  // the port is known but nothing listens on it yet
  receiver = new WebhookReceiver(await freePort());
  stack = await Stack.start({
    workers: 1,
    // two quick retries, then every 5 s for 5 minutes: the first analysis must
    // still be retrying when the last one finishes, however many photos run
    env: { ...webhookEnv(receiver), WEBHOOK_RETRY_SCHEDULE: ['1', '2', ...Array(60).fill('5')].join(',') },
  });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  await receiver?.close();
});

test('receiver down for a while: deliveries are retried, then succeed once each', async () => {
  const ids: string[] = [];
  for (const file of portraitFiles(PHOTOS_PER_SCENARIO)) ids.push((await stack.client.post(file)).body.id);
  await stack.waitFinished(ids, 240_000);
  // every message has failed at least twice against the closed port
  await eventually(async () => {
    const rows = await stack.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM webhook_deliveries d WHERE d.analysis_id = ANY($1) AND d.status = 'pending'
         AND (SELECT count(*) FROM webhook_attempts a WHERE a.delivery_id = d.id AND a.error IS NOT NULL) >= 2`,
      [ids],
    );
    return rows[0].n === ids.length;
  }, 60_000);

  await receiver.listen();
  await eventually(async () => {
    const rows = await stack.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM webhook_deliveries WHERE analysis_id = ANY($1) AND status = 'delivered'`,
      [ids],
    );
    return rows[0].n === ids.length;
  }, 60_000);
  const errors = await stack.sql<{ error: string }>(
    `SELECT error FROM webhook_attempts WHERE error IS NOT NULL LIMIT 1`,
  );
  expect(errors[0].error).toMatch(/ECONNREFUSED|refused|fetch failed/i);
  await expectExactlyOnce(stack, ids, receiver);
}, 400_000);
