/**
 * The /ops dashboard in a real browser (Debian chromium via playwright-core)
 * on a running stack with real jobs in several states: the numbers the page
 * shows equal what Postgres and the queue hold. Saves a screenshot as a test
 * artefact (test-artifacts/ops-dashboard.png).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QueueName, QueueRegistry } from '@face/queue';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { chromium, type Browser } from 'playwright-core';
import { ApiClient, TEST_ADMIN_KEY } from '../helpers/api-client';
import { PORTRAITS, photo } from '../helpers/datasets';
import { REDIS_URL, createTestDatabase, eventually, freePort, uniqueName, type TestDatabase } from '../helpers/env';
import { startProcess, type RunningProcess } from '../helpers/processes';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.resolve(__dirname, '..', '..', 'test-artifacts');

let db: TestDatabase;
let api: RunningProcess;
let worker: RunningProcess;
let client: ApiClient;
let queue: QueueRegistry;
let browser: Browser;
let prefix: string;

beforeAll(async () => {
  db = await createTestDatabase();
  const port = await freePort();
  prefix = uniqueName('ops').toLowerCase();
  const env = {
    DATABASE_URL: db.url,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'face-ops-')),
    PORT: String(port),
    HOST: '127.0.0.1',
    ADMIN_API_KEY: TEST_ADMIN_KEY,
    WORKER_METRICS_PORT: '0',
  };
  api = startProcess('api', 'apps/api/src/main.ts', env);
  worker = startProcess('worker', 'apps/worker/src/main.ts', env);
  await Promise.all([api.waitForLog(/api listening/), worker.waitForLog(/worker ready/)]);
  client = new ApiClient(`http://127.0.0.1:${port}`);
  queue = new QueueRegistry({
    REDIS_URL,
    DATABASE_URL: undefined,
    QUEUE_PREFIX: prefix,
    QUEUE_TIMEOUT_MS: 3000,
    JOB_ATTEMPTS: 1,
    JOB_BACKOFF_MS: 100,
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([api?.stop(), worker?.stop()]);
  await queue
    ?.queue(QueueName.Analysis)
    .obliterate({ force: true })
    .catch(() => undefined);
  await queue?.close();
  await db?.drop();
});

async function sql<T>(text: string): Promise<T[]> {
  const c = new Client({ connectionString: db.url });
  await c.connect();
  try {
    return (await c.query(text)).rows as T[];
  } finally {
    await c.end();
  }
}

test('the dashboard shows what Postgres and the queue hold', async () => {
  // completed, failed, and (with the queue paused) waiting jobs
  for (const file of [PORTRAITS.frontal, PORTRAITS.tilt])
    expect((await client.post(file, {}, { query: '?wait=25' })).body.status).toBe('completed');
  const failed = await client.post(photo('samples', 'no_face_background.jpg'), {}, { query: '?wait=25' });
  expect(failed.body.status).toBe('failed');
  // and one the service itself failed (a model that would not load), as a worker records it
  await sql(`INSERT INTO analyses (id, status, face_policy, error_code, error_message, completed_at, warnings)
             VALUES (gen_random_uuid(), 'failed', 'largest', 'MODEL_UNAVAILABLE', 'the detector did not load', now(), '[]'::jsonb)`);
  await queue.queue(QueueName.Analysis).pause();
  for (let i = 0; i < 2; i++) expect((await client.post(PORTRAITS.frontal)).status).toBe(202);

  const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
  await page.goto(`${client.base}/ops`);
  // not signed in: the login form; a wrong key is refused, the admin key opens the dashboard
  expect(page.url()).toMatch(/\/ops\/login$/);
  await page.fill('input[name=key]', 'fa_wrong-key-000000000000000000000000000000000');
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=login-error]');
  await page.fill('input[name=key]', TEST_ADMIN_KEY);
  await page.click('button[type=submit]');
  await page.waitForSelector('body[data-loaded=true]');
  // the charts are drawn (Chart.js loaded under the page's CSP)
  expect(await page.evaluate(() => typeof (window as unknown as { Chart?: unknown }).Chart)).toBe('function');

  const cell = (queueName: string, state: string) =>
    page.textContent(`[data-testid=queues] tr[data-queue=${queueName}] td[data-state=${state}]`).then(Number);
  const counts = await queue.queue(QueueName.Analysis).getJobCounts('waiting', 'completed', 'failed', 'active');
  expect(await cell('analysis', 'waiting')).toBe(counts.waiting);
  expect(counts.waiting).toBe(2);
  expect(await cell('analysis', 'completed')).toBe(counts.completed);
  expect(await cell('analysis', 'failed')).toBe(counts.failed);

  const statuses = await sql<{ status: string; n: number }>(
    `SELECT status, count(*)::int AS n FROM analyses GROUP BY status ORDER BY status`,
  );
  const shown = (await page.textContent('[data-testid=analyses-24h]'))!;
  expect(shown).toContain(`${statuses.reduce((a, r) => a + r.n, 0)} (`);
  for (const r of statuses) expect(shown).toContain(`${r.status} ${r.n}`);
  // of four finished: the NO_FACE photo is a rejected input, only MODEL_UNAVAILABLE a failure of the service
  expect(await page.textContent('[data-testid=failure-rate]')).toBe('25.0 %');
  expect(await page.textContent('[data-testid=rejection-rate]')).toBe('25.0 %');

  // the failure with its code, and the live worker with its device and concurrency
  expect(await page.textContent('[data-testid=failures] tbody')).toContain(failed.body.id);
  expect(await page.textContent('[data-testid=failures] tbody')).toContain('NO_FACE');
  const workers = await page.$$eval('[data-testid=workers] tbody tr', (trs) =>
    trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent)),
  );
  expect(workers).toHaveLength(1);
  expect(workers[0].slice(1, 5)).toEqual(['yes', 'cpu', 'wasm+onnxruntime', '1']);
  expect(await page.textContent('[data-testid=stages] tbody')).toContain('detect');

  // Redis: the policy shown is the server's, with the warning exactly when it is not noeviction
  const redis = new IORedis(REDIS_URL);
  const [, policy] = (await redis.config('GET', 'maxmemory-policy')) as [string, string];
  await redis.quit();
  expect(await page.textContent('[data-testid=redis]')).toContain(`maxmemory-policy ${policy}`);
  expect(await page.isVisible('[data-testid=redis-warning]')).toBe(policy !== 'noeviction');

  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, 'ops-dashboard.png'), fullPage: true });

  // it refreshes by itself: a resumed queue drains and the page follows
  await queue.queue(QueueName.Analysis).resume();
  await eventually(
    async () => (await cell('analysis', 'waiting')) === 0 && (await cell('analysis', 'active')) === 0,
    60_000,
    1000,
  );

  // bull-board opens with the same sign-in
  const board = await page.goto(`${client.base}/admin/queues`);
  expect(board!.status()).toBe(200);
  await page.close();
}, 150_000);

test('the data and the pages need an admin key', async () => {
  expect((await client.as(null).request('GET', '/ops/data.json')).status).toBe(401);
  const res = await fetch(`${client.base}/admin/queues`, { redirect: 'manual' });
  expect([res.status, res.headers.get('location')]).toEqual([303, '/ops/login']);
  expect((await client.request('GET', '/ops/data.json')).status).toBe(200);
});
