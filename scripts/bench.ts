/**
 * `npm run bench [-- --photos N --e2e N --post-seconds S --pipeline-only | --service-only]`: prints
 *  1. pipeline time per stage for N portraits resized to ~1 MP, on one core, after one untimed warm-up pass;
 *  2. end-to-end latency and throughput through the API, Redis and one worker;
 *  3. API POST latency under 50 concurrent clients (autocannon).
 * Uses the machine's Postgres and Redis (a scratch database and key prefix, removed after).
 */
import { standaloneParams } from '@face/pipeline/models';
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { encodeOverlayPng, runPipeline } from '@face/pipeline';
import { FaceModelRuntime } from '@face/pipeline/face-models';
import { oneMegapixelPortraits, multipartPhoto } from './lib/photos';
import { percentile, summary } from './lib/stats';
import { publishSection } from './lib/report';

/** Everything printed is also published in docs/PERFORMANCE.md. */
const printed: string[] = [];
function out(line: string) {
  console.log(line);
  printed.push(line);
}
import { REDIS_URL, createTestDatabase, eventually, freePort, uniqueName } from '../test/helpers/env';
import { startProcess } from '../test/helpers/processes';
import { ApiClient, TEST_ADMIN_KEY } from '../test/helpers/api-client';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};

async function benchPipeline(photos: Buffer[]) {
  out(`\n## 1. Pipeline per stage (~1 MP portraits, in-process, one core, backend loading excluded)`);
  const runtime = await FaceModelRuntime.load('cpu');
  out(`backend: ${runtime.backend}`);
  const maps = runtime.meshMaps();
  const params = standaloneParams();
  // warm-up: one untimed pass over the same photos. A worker's first ~20 photos after a start run
  // slower while V8 optimises the pipeline's code; a long-running worker is measured after that.
  const cold: number[] = [];
  for (const p of photos) {
    const r = await runPipeline(p, params, runtime, maps, {}, { overlay: true }).catch(() => null);
    if (r) cold.push(Object.values(r.timingsMs).reduce((a, b) => a + (b ?? 0), 0));
  }
  out(`first pass after loading (warm-up, not in the table): whole pipeline ${summary(cold)}`);
  const stages: Record<string, number[]> = {
    decode: [],
    detect: [],
    geometry: [],
    texture: [],
    color: [],
    context: [],
    overlay: [],
    'overlay PNG (worker)': [],
    'decode+detect+geometry': [],
    'texture+color': [],
    'whole pipeline': [],
  };
  let failures = 0;
  const tensorsBefore = runtime.tensorCount();
  for (const p of photos) {
    try {
      const r = await runPipeline(p, params, runtime, maps, {}, { overlay: true });
      for (const s of ['decode', 'detect', 'geometry', 'texture', 'color', 'context', 'overlay'] as const)
        stages[s].push(r.timingsMs[s] ?? 0);
      // the worker's main thread encodes the PNG while the inference thread starts the next photo
      const t0 = performance.now();
      await encodeOverlayPng(r.overlay!);
      stages['overlay PNG (worker)'].push(performance.now() - t0);
      stages['texture+color'].push((r.timingsMs.texture ?? 0) + (r.timingsMs.color ?? 0));
      stages['decode+detect+geometry'].push(
        (r.timingsMs.decode ?? 0) + (r.timingsMs.detect ?? 0) + (r.timingsMs.geometry ?? 0),
      );
      stages['whole pipeline'].push(Object.values(r.timingsMs).reduce((a, b) => a + (b ?? 0), 0));
    } catch {
      failures++;
    }
  }
  for (const [s, v] of Object.entries(stages)) out(`${s.padEnd(22)} ${summary(v)}`);
  out(
    `photos without a usable face: ${failures}; live tensors before/after: ${tensorsBefore}/${runtime.tensorCount()}`,
  );
  out(
    `target: decode + detect + geometry p50 ≤ 250 ms → ${percentile(stages['decode+detect+geometry'], 50) <= 250 ? 'met' : 'NOT met'}`,
  );
  out(`target: texture + colour p50 ≤ 150 ms → ${percentile(stages['texture+color'], 50) <= 150 ? 'met' : 'NOT met'}`);
  out(`target: context p50 ≤ 60 ms → ${percentile(stages.context, 50) <= 60 ? 'met' : 'NOT met'}`);
}

async function benchService(photos: Buffer[], e2eCount: number, postSeconds: number) {
  const db = await createTestDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'face-bench-'));
  const port = await freePort();
  const env = {
    DATABASE_URL: db.url,
    REDIS_URL,
    QUEUE_PREFIX: uniqueName('bench').toLowerCase(),
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    ADMIN_API_KEY: TEST_ADMIN_KEY,
    RATE_LIMIT_PER_MINUTE: '1000000',
  };
  const api = startProcess('api', 'apps/api/src/main.ts', env);
  const client = new ApiClient(`http://127.0.0.1:${port}`);
  const stopAlso: Array<() => Promise<unknown>> = [];
  try {
    await api.waitForLog(/api listening/);

    out(`\n## 3. API POST /v1/analyses under 50 concurrent clients (${postSeconds} s, ~1 MP JPEG, no worker running)`);
    const [contentType, body] = await multipartPhoto(photos[0]);
    const result = await autocannon({
      url: `http://127.0.0.1:${port}/v1/analyses`,
      method: 'POST',
      connections: 50,
      duration: postSeconds,
      headers: { 'content-type': contentType, authorization: `Bearer ${TEST_ADMIN_KEY}` },
      body,
    });
    out(
      `requests ${result.requests.total}, ${result.requests.average.toFixed(0)} req/s, non-2xx ${result.non2xx}, errors ${result.errors}`,
    );
    out(
      `latency p50 ${result.latency.p50} ms  p97.5 ${result.latency.p97_5} ms  p99 ${result.latency.p99} ms  max ${result.latency.max} ms`,
    );
    out(`target: POST p99 ≤ 50 ms → ${result.latency.p99 <= 50 ? 'met' : 'NOT met'}`);
    // The backlog these requests created is not processed. Requests still in flight when the load stops
    // finish on the server afterwards, so wait for the API to go quiet, then clear the rows (or the worker's
    // start-up reconciliation would faithfully re-queue them) and the queue.
    await new Promise((r) => setTimeout(r, 3000));
    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    await pg.query(`DELETE FROM analyses`);
    await pg.end();
    const { QueueName, QueueRegistry } = await import('@face/queue');
    const reg = new QueueRegistry({
      REDIS_URL,
      DATABASE_URL: undefined,
      QUEUE_PREFIX: env.QUEUE_PREFIX,
      QUEUE_TIMEOUT_MS: 5000,
      JOB_ATTEMPTS: 1,
      JOB_BACKOFF_MS: 1000,
    });
    await reg.queue(QueueName.Analysis).obliterate({ force: true });
    out(
      `(cleared the load test's backlog; jobs left: ${JSON.stringify(await reg.queue(QueueName.Analysis).getJobCounts())})`,
    );
    await reg.close();

    out(
      `\n## 2. End to end: API → Redis → one worker (one inference thread) → Postgres, ${e2eCount} photos posted at once`,
    );
    const worker = startProcess('worker', 'apps/worker/src/main.ts', env);
    stopAlso.push(() => worker.stop());
    await worker.waitForLog(/worker ready/, 120_000);
    const finishedCount = async (ids: string[]) => {
      const pg2 = new Client({ connectionString: db.url });
      await pg2.connect();
      const { rows } = await pg2.query(
        `SELECT count(*)::int AS n FROM analyses WHERE status IN ('completed','failed') AND id = ANY($1)`,
        [ids],
      );
      await pg2.end();
      return rows[0].n as number;
    };
    // warm-up, as in section 1: the worker's first photos run slower while V8 optimises the pipeline
    const warmStart = Date.now();
    const warm = await Promise.all(
      photos.slice(0, 20).map((p, i) => client.post({ bytes: p, name: `w${i}.jpg` }).then((r) => r.body.id as string)),
    );
    await eventually(async () => (await finishedCount(warm)) >= warm.length, 600_000, 500);
    out(
      `warm-up: the worker's first ${warm.length} photos at ${(warm.length / ((Date.now() - warmStart) / 1000)).toFixed(2)} photos/s (not in the figures below)`,
    );
    const t0 = Date.now();
    const ids = await Promise.all(
      Array.from({ length: e2eCount }, (_, i) =>
        client.post({ bytes: photos[i % photos.length], name: `p${i}.jpg` }).then((r) => r.body.id as string),
      ),
    );
    await eventually(async () => (await finishedCount(ids)) >= ids.length, 600_000, 500);
    const elapsed = (Date.now() - t0) / 1000;
    const pg3 = new Client({ connectionString: db.url });
    await pg3.connect();
    const { rows } = await pg3.query(
      `SELECT extract(epoch FROM completed_at - created_at) * 1000 AS e2e, extract(epoch FROM started_at - created_at) * 1000 AS wait,
         extract(epoch FROM completed_at - started_at) * 1000 AS run, status, timings_ms FROM analyses WHERE id = ANY($1)`,
      [ids],
    );
    await pg3.end();
    out(`end-to-end latency (created → completed): ${summary(rows.map((r) => Number(r.e2e)))}`);
    out(`queue wait (created → started):          ${summary(rows.map((r) => Number(r.wait)))}`);
    out(`job run time (started → completed):      ${summary(rows.map((r) => Number(r.run)))}`);
    for (const stage of ['decode', 'detect', 'geometry', 'texture', 'color', 'context', 'overlay', 'persist']) {
      out(`  in the worker, ${stage.padEnd(8)} ${summary(rows.map((r) => Number(r.timings_ms?.[stage] ?? 0)))}`);
    }
    out(
      `throughput: ${(ids.length / elapsed).toFixed(2)} photos/s with one worker (${rows.filter((r) => r.status === 'completed').length} completed, ${rows.filter((r) => r.status === 'failed').length} failed)`,
    );
    await worker.stop();
  } finally {
    await Promise.all(stopAlso.map((stop) => stop()));
    await api.stop();
    await db.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  out(
    `# npm run bench — ${new Date().toISOString()} — ${os.cpus()[0]?.model} × ${os.cpus().length}, node ${process.version}`,
  );
  const photos = await oneMegapixelPortraits(arg('photos', 40));
  if (!process.argv.includes('--service-only')) await benchPipeline(photos);
  if (!process.argv.includes('--pipeline-only')) await benchService(photos, arg('e2e', 30), arg('post-seconds', 10));
  const args = process.argv.slice(2);
  const command = args.length > 0 ? `npm run bench -- ${args.join(' ')}` : 'npm run bench';
  publishSection(
    'PERFORMANCE.md',
    'bench',
    'Pipeline per stage and one-worker service',
    ['```text', ...printed.slice(1), '```'].join('\n'),
    command,
  );
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
