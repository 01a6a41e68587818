/**
 * Fault: the S3-compatible object store (STORAGE_URL=s3://…) goes down, killed
 * outright. The API answers 503 STORAGE_UNAVAILABLE and keeps no row; queued
 * jobs wait in the worker without using an attempt, and every analysis
 * completes exactly once when the store is back.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { portraitFiles, PORTRAITS } from '../helpers/datasets';
import { S3Server } from '../helpers/s3-server';
import { Stack } from '../helpers/stack';
import { PHOTOS_PER_SCENARIO, expectExactlyOnce } from './exactly-once';

const PREFIX = 'faults';
let s3: S3Server;
let stack: Stack;
let workerDataDir: string;

const filesUnder = (dir: string): string[] =>
  fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => fs.statSync(path.join(dir, f)).isFile());

beforeAll(async () => {
  s3 = await S3Server.start();
  stack = await Stack.start({ workers: 0, env: s3.env(PREFIX) });
  workerDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'face-worker-data-'));
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  await s3?.remove();
  if (workerDataDir) fs.rmSync(workerDataDir, { recursive: true, force: true });
});

test('object store down: 503 STORAGE_UNAVAILABLE at the API, queued jobs wait, all complete once it is back', async () => {
  const ids: string[] = [];
  for (const file of portraitFiles(PHOTOS_PER_SCENARIO)) ids.push((await stack.client.post(file)).body.id);
  const rowCount = async () => (await stack.sql<{ n: number }>(`SELECT count(*)::int AS n FROM analyses`))[0].n;

  await s3.down();
  const refused = await stack.client.post(PORTRAITS.tilt);
  expect([refused.status, refused.body.error.code]).toEqual([503, 'STORAGE_UNAVAILABLE']);
  expect(refused.headers.get('retry-after')).toBeTruthy();
  expect(await rowCount()).toBe(ids.length); // the refused upload left no row behind
  expect((await stack.client.request('GET', '/readyz')).body.checks.image_store).toMatch(/unavailable/);

  // the worker cannot fetch the photos: the jobs wait instead of failing
  const worker = await stack.addWorker({ DATA_DIR: workerDataDir });
  await worker.waitForLog(
    /dependency down: job waits without using an attempt.*STORAGE_UNAVAILABLE|STORAGE_UNAVAILABLE.*dependency down/,
    120_000,
  );
  expect((await stack.sql(`SELECT 1 FROM analyses WHERE status = 'failed'`)).length).toBe(0);

  await s3.up();
  const rows = await stack.waitFinished(ids, 300_000);
  expect(rows.map((r) => r.status)).toEqual(ids.map(() => 'completed'));
  expect(filesUnder(workerDataDir)).toEqual([]); // no scratch copy left behind
  expect((await s3.keys(PREFIX)).length).toBe(3 * ids.length); // each photo, its overlay and its drape
  await expectExactlyOnce(stack, ids);
}, 600_000);
