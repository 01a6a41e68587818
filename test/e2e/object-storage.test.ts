/**
 * Photos and overlays in S3-compatible object storage (STORAGE_URL=s3://…), on
 * a real S3-protocol server on loopback, with the compiled build as production
 * runs it. The API and the worker have different DATA_DIRs: they share only
 * Postgres, Redis and the bucket. DELETE removes both objects. (The outage
 * scenario is in test/faults/object-store-down.test.ts.)
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { keyPath } from '@face/storage';
import { PORTRAITS } from '../helpers/datasets';
import { ROOT } from '../helpers/processes';
import { S3Server } from '../helpers/s3-server';
import { Stack } from '../helpers/stack';

const PREFIX = 'photos/v1';
let s3: S3Server;
let stack: Stack;
let workerDataDir: string;

const mappedLibraries = (pid: number) => fs.readFileSync(`/proc/${pid}/maps`, 'utf8');
const filesUnder = (dir: string): string[] =>
  fs.existsSync(dir)
    ? fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => fs.statSync(path.join(dir, f)).isFile())
    : [];

beforeAll(async () => {
  // the production build, as the Docker images make it
  execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'build.ts')], {
    cwd: ROOT,
    stdio: 'pipe',
  });
  s3 = await S3Server.start();
  stack = await Stack.start({ compiled: true, workers: 0, env: s3.env(PREFIX) });
  workerDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'face-worker-data-'));
  await stack.addWorker({ DATA_DIR: workerDataDir });
}, 300_000);

afterAll(async () => {
  await stack?.stop();
  await s3?.remove();
  if (workerDataDir) fs.rmSync(workerDataDir, { recursive: true, force: true });
});

test('an analysis completes with its photo, overlay and drape in the bucket, and DELETE removes every object', async () => {
  const done = await stack.client.post(PORTRAITS.frontal, {}, { query: '?wait=25' });
  expect(done.body.status).toBe('completed');
  const [row] = await stack.sql<{ image_sha256: string; overlay_sha256: string; drape_sha256: string }>(
    `SELECT image_sha256, overlay_sha256, drape_sha256 FROM analyses WHERE id = $1`,
    [done.body.id],
  );
  const objects = [row.image_sha256, row.overlay_sha256, row.drape_sha256]
    .map((key) => `${PREFIX}/${keyPath(key)}`)
    .sort();
  expect(await s3.keys(PREFIX)).toEqual(objects);
  // nothing on either machine's disk: no images, no scratch copy left behind
  expect(filesUnder(path.join(stack.dataDir, 'images'))).toEqual([]);
  expect(filesUnder(workerDataDir)).toEqual([]);

  const overlay = await fetch(`${stack.client.base}/v1/analyses/${done.body.id}/overlay.png`, {
    headers: { authorization: `Bearer ${stack.client.key}` },
  });
  expect(overlay.status).toBe(200);
  expect(
    Buffer.from(await overlay.arrayBuffer())
      .subarray(1, 4)
      .toString(),
  ).toBe('PNG');

  expect((await stack.client.request('DELETE', `/v1/analyses/${done.body.id}`)).status).toBe(200);
  expect(await s3.keys(PREFIX)).toEqual([]);
}, 120_000);

test('the compiled API never loads ONNX Runtime; the worker does', () => {
  expect(mappedLibraries(stack.api.child.pid!)).not.toMatch(/onnxruntime/);
  expect(mappedLibraries(stack.workers[0].child.pid!)).toMatch(/libonnxruntime/);
});
